// Integrands and domains as text (issue 10) through the Node host: every shared bad case refused with the kernel's
// words naming the option (CLI and library), every expression vector bit for bit in every scheme and build, and
// an expression that misses the catalog's fast path still giving the catalog's bits.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate, UsageError } from "integration2d";
import { cli } from "./helpers/cli.js";
import { badCases, caseArgv, caseProblem, exprVectors, FLAG_OF } from "./helpers/cases.js";
import { VARIANTS, vectors } from "./helpers/kernel.js";

/** nx/ny cases are out of 1..maxCells: the host's own integer check refuses them first (exit 2, naming the option). */
const hostRefuses = (c: (typeof badCases)[number]) => c.field === "nx" || c.field === "ny";

test(`every case of bad-expressions.json (${badCases.length}) through the CLI: exit 2, the kernel's words`, () => {
  for (const c of badCases) {
    const r = cli(caseArgv(c));
    const what = `${c.field} ${JSON.stringify(c.text.slice(0, 60))}`;
    assert.is(r.code, 2, `${what}: exit ${r.code} ${r.stderr}`);
    assert.is(r.stdout, "", what);
    if (hostRefuses(c)) assert.match(r.stderr, new RegExp(`^integration2d: option ${FLAG_OF[c.field]} must be an integer`), what);
    else assert.is(r.stderr, `integration2d: option ${FLAG_OF[c.field]}: ${c.message}\n`, what);
  }
});

test("every case through the library: a UsageError naming the option, the same words", async () => {
  for (const c of badCases) {
    const p = caseProblem(c);
    let error: unknown;
    try {
      await integrate({ ...p, scheme: "serial" });
    } catch (e) {
      error = e;
    }
    assert.instance(error, UsageError, `${c.field} ${c.text.slice(0, 60)}: ${String(error)}`);
    const u = error as UsageError;
    assert.is(u.option, FLAG_OF[c.field]);
    if (!hostRefuses(c)) assert.is(u.message, `option ${FLAG_OF[c.field]}: ${c.message}`);
  }
});

for (const scheme of ["serial", "threads", "processes"] as const) {
  test(`${scheme}: every vector of vectors-expr.json (${exprVectors.length}), each build, bit for bit`, async () => {
    for (const kernel of VARIANTS) {
      const pool = await createPool({ scheme, kernel, workers: scheme === "serial" ? 1 : 2 });
      try {
        for (const v of exprVectors) {
          const r = await pool.integrate({ integrand: v.integrand, domain: v.domain_text, nx: v.nx, ny: v.ny });
          const what = `${kernel} ${v.note}`;
          assert.is(r.bits, v.bits[kernel], what);
          assert.equal(r.domain, v.domain, what);
          assert.is(r.exact, v.exact, what);
          assert.is(r.integrand, v.integrand);
        }
      } finally {
        pool.close();
      }
    }
  });
}

test("the catalog's vectors through an expression that misses its fast path: the same bits, no closed form", async () => {
  const missed: Record<string, string> = {
    "sin(x+y)": "sin(y + x)", "sin(x)*cos(y)": "cos(y) * sin(x)", "exp(x+y)": "exp(y+x)", "x*y": "y*x", "1/(1+x+y)": "1/(x+1+y)",
  };
  for (const v of vectors.filter((v) => v.nx * v.ny <= 1e7)) {
    const r = await integrate({ integrand: missed[v.integrand]!, domain: v.domain_text, nx: v.nx, ny: v.ny, kernel: "simd", workers: 2 });
    assert.is(r.bits, v.bits.simd, `${missed[v.integrand]} ${v.domain_text}`);
    assert.is(r.exact, null);
    assert.is(r.error, null);
  }
});

test("the CLI: an expression without a closed form says so; --json has exact null; a domain as an API array", async () => {
  const r = cli(["-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "400"]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Integral value is 3\.1\d{5}e\+00, Error is unknown \(no closed form\)\n/);
  const j = JSON.parse(cli(["-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "400", "--json"]).stdout);
  assert.is(j.exact, null);
  assert.is(j.error, null);
  // ∫∫ e^−(x²+y²) over [−2,2]² = π·erf(2)²; the midpoint rule at h = 0.01 is within 1e-5 of it.
  assert.ok(Math.abs(j.value - Math.PI * 0.9953222650189527 ** 2) < 1e-5, String(j.value));
  const arrayDomain = await integrate({ integrand: "exp(-(x^2 + y^2))", domain: [-2, 2, -2, 2], n: 400, scheme: "serial" });
  assert.is(arrayDomain.bits, j.bits);
  const textBounds = await integrate({ integrand: "x*y", domain: ["0", "sqrt(2)", "-pi/2", "pi"], n: 10, scheme: "serial" });
  assert.equal(textBounds.domain, [0, Math.SQRT2, -Math.PI / 2, Math.PI]);
});

test.run();
