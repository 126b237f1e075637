// Regenerates test/vectors-rules.json: known answers of the product rules and the tolerance mode (README § Rules),
// through the built Node library (npm run build first), serial, in both kernel builds. Run it only on purpose: a
// change in these bits is a change in the kernel's promise, and the commit must say why.
//   node scripts/make-vectors-rules.mjs

import { writeFileSync } from "node:fs";

const { integrate } = await import("../dist/node/index.js");

/** [note, options]: each a library call's problem (integrand, domain, n or nx/ny, rule, points, rtol, atol, maxEvals). */
const cases = [
  ["gauss 1 is one node per cell, at its centre", { integrand: "sin(x+y)", domain: "0,pi,0,pi", n: 7, rule: "gauss", points: 1 }],
  ["gauss 5, a catalog integrand", { integrand: "sin(x+y)", domain: "0,pi,0,pi", n: 3, rule: "gauss", points: 5 }],
  ["gauss 20 on an expression", { integrand: "exp(-(x^2 + y^2))", domain: "-2,2,-2,2", nx: 2, ny: 3, rule: "gauss", points: 20 }],
  ["gauss 7, a grid with rows of several tiles", { integrand: "exp(x+y)", domain: "-2,0.5,-1,1", nx: 5, ny: 41, rule: "gauss", points: 7 }],
  ["gauss 4 across a jump", { integrand: "if(x <= 0.3, if(y <= 0.4, exp(2*x + 3*y), 0), 0)", domain: "0,1,0,1", n: 5, rule: "gauss", points: 4 }],
  ["gk21, one cell", { integrand: "1/(1+x+y)", domain: "0,1,0,1", rule: "gk21" }],
  ["gk21 on a grid, with its estimate", { integrand: "sin(x)*cos(y)", domain: "-pi/2,3pi/4,-1,2.5", nx: 3, ny: 13, rule: "gk21" }],
  ["gk21 on a peak", { integrand: "1/((5^-2 + (x - 0.5)^2) * (5^-2 + (y - 0.5)^2))", domain: "0,1,0,1", n: 2, rule: "gk21" }],
  ["the tolerance mode: sin(x+y) with atol 1e-14 (scipy's cubature never converges)", { integrand: "sin(x+y)", domain: "0,pi,0,pi", atol: 1e-14 }],
  ["the tolerance mode: the issue's Gaussian", { integrand: "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)", domain: "0,1,0,1", rtol: 1e-10 }],
  ["the tolerance mode: Genz oscillatory, a = 40", { integrand: "cos(1.885 + 40*x + 40*y)", domain: "0,1,0,1", rtol: 1e-10 }],
  ["the tolerance mode: Genz corner peak", { integrand: "(1 + 5*x + 5*y)^-3", domain: "0,1,0,1", rtol: 1e-10 }],
  ["the tolerance mode: Genz product peak, from a 3×2 grid", { integrand: "1/((5^-2 + (x - 0.5)^2) * (5^-2 + (y - 0.5)^2))", domain: "0,1,0,1", nx: 3, ny: 2, rtol: 1e-10 }],
  ["the tolerance mode: Genz C0, many rounds", { integrand: "exp(-5*abs(x - 0.3) - 5*abs(y - 0.6))", domain: "0,1,0,1", rtol: 1e-9 }],
  ["the tolerance mode: Genz C0 with its kinks on the first splits", { integrand: "exp(-5*abs(x - 0.5) - 5*abs(y - 0.5))", domain: "0,1,0,1", rtol: 1e-9 }],
  ["the tolerance mode: Genz discontinuous", { integrand: "if(x <= 0.3, if(y <= 0.4, exp(2*x + 3*y), 0), 0)", domain: "0,1,0,1", rtol: 1e-8, atol: 1e-12 }],
  ["the tolerance mode: not converged, the budget spent", { integrand: "exp(-50*((x-0.5)^2 + (y-0.5)^2))", domain: "0,1,0,1", rtol: 1e-12, maxEvals: 1587 }],
  ["the tolerance mode: not converged, only rounding left", { integrand: "sin(x+y)", domain: "0,pi,0,pi", rtol: 1e-10 }],
  ["the tolerance mode: not converged, the estimate stalls on f's own noise", { integrand: "(x + 100) - 100 + y", domain: "0,1,0,1", rtol: 1e-15 }],
];

const vectors = [];
for (const [note, options] of cases) {
  const byBuild = {};
  let record;
  for (const kernel of ["scalar", "simd"]) {
    record = await integrate({ ...options, kernel, scheme: "serial" });
    byBuild[kernel] = {
      bits: record.bits,
      error_estimate: record.error_estimate,
      status: record.status,
      regions: record.regions,
      evaluations: record.evaluations,
    };
  }
  vectors.push({
    note,
    integrand: record.integrand,
    domain_text: options.domain,
    nx: record.nx,
    ny: record.ny,
    rule: record.rule,
    points: record.points,
    rtol: options.rtol ?? null,
    atol: options.atol ?? null,
    max_evals: options.rtol !== undefined || options.atol !== undefined ? options.maxEvals ?? 100_000_000 : null,
    exact: record.exact,
    ...byBuild,
  });
  process.stdout.write(`${note}: ${JSON.stringify(byBuild)}\n`);
}

const file = {
  about: "Known answers of the integration2d kernel's rules (README § Rules). Per vector: the problem as text (integrand, domain_text, nx, ny), the rule (midpoint | gauss | gk21) and points per axis, and for the tolerance mode rtol, atol and max_evals (null for a fixed rule; a tolerance run is rule gk21 on the nx×ny grid as its first round); then per kernel build the value's bits, the error estimate (null for gauss) as a JSON number (shortest round trip: compare as doubles), status (converged | not_converged; null for a fixed rule), regions and evaluations. Every host checks each vector in each build it runs, with any number of workers. Regenerate only on purpose: node scripts/make-vectors-rules.mjs",
  abi: 2,
  vectors,
};
writeFileSync(new URL("../test/vectors-rules.json", import.meta.url), JSON.stringify(file, null, 2) + "\n");
