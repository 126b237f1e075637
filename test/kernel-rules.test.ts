// The product rules (README § Rules): the tables against their sources, exactness on polynomials, the gk21 error
// estimate against the truth on the Genz families, regions against grid cells, and the refusals of defineRule.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bitsOf } from "../host/core/record.js";
import type { KernelExports } from "../host/core/kernel.js";
import { define, integrateRows, messageOf, rawKernel, root, VARIANTS, vectors } from "./helpers/kernel.js";
import { genzCases, SMOOTH } from "./helpers/genz.js";

const MIDPOINT = 0;
const GAUSS = 1;
const GK21 = 2;

/** The numbers of `export const NAME: StaticArray<f64> = [ … ];` in a kernel source file, as doubles. */
function table(file: string, name: string): number[] {
  const text = readFileSync(new URL(`assembly/${file}`, root), "utf8");
  const body = new RegExp(`export const ${name}: StaticArray<f64> = \\[([^\\]]*)\\]`).exec(text)?.[1];
  if (!body) throw new Error(`no table ${name} in ${file}`);
  return body.split("\n").map((l) => l.replace(/\/\/.*/, "").trim()).filter(Boolean).map((l) => Number(l.replace(/,$/, "")));
}

const GL_NODES = table("gauss-legendre.ts", "GL_NODES");
const GL_WEIGHTS = table("gauss-legendre.ts", "GL_WEIGHTS");
const XGK = table("kronrod.ts", "KRONROD_NODES");
const WGK = table("kronrod.ts", "KRONROD_WEIGHTS");
const WG = table("kronrod.ts", "GAUSS10_WEIGHTS");
const glRule = (k: number) => {
  const first = (k * (k - 1)) / 2;
  return { t: GL_NODES.slice(first, first + k), w: GL_WEIGHTS.slice(first, first + k) };
};

/**
 * Σ w t^j against ∫_{−1}^{1} t^j (2/(j+1) for even j, 0 for odd), relative to Σ |w t^j|. The sum is a plain one of
 * ≤ 21 terms, each with its own pow: 2.5e-15 (about 22 u) is its rounding, not the rule's.
 */
function momentError(t: number[], w: number[], j: number): number {
  let sum = 0;
  let abs = 0;
  t.forEach((tk, i) => {
    sum += w[i]! * tk ** j;
    abs += Math.abs(w[i]! * tk ** j);
  });
  const error = Math.abs(sum - (j % 2 === 0 ? 2 / (j + 1) : 0));
  return abs === 0 ? error : error / abs;
}

test("the Gauss–Legendre table is what scripts/make-gauss-legendre.mjs writes", () => {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL("scripts/make-gauss-legendre.mjs", root)), "--check"], { encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  assert.is(GL_NODES.length, 210);
  assert.is(GL_WEIGHTS.length, 210);
});

test("the 10-point Gauss–Legendre rule is QUADPACK's (dqk21's Gauss half), double for double", () => {
  const { t, w } = glRule(10);
  // dqk21 lists t ≥ 0 from the largest down; its Gauss nodes are xgk(2), xgk(4), …, xgk(10).
  assert.equal(t.slice(5).reverse(), [XGK[1], XGK[3], XGK[5], XGK[7], XGK[9]]);
  assert.equal(w.slice(5).reverse(), WG);
});

test("every Gauss–Legendre rule: symmetric, exact to degree 2k−1 (to rounding), not to 2k", () => {
  for (let k = 1; k <= 20; k++) {
    const { t, w } = glRule(k);
    for (let i = 0; i < k; i++) {
      assert.is(t[i], -t[k - 1 - i]!, `k ${k}: node ${i} mirrors`);
      assert.is(w[i], w[k - 1 - i], `k ${k}: weight ${i} mirrors`);
      if (i > 0) assert.ok(t[i]! > t[i - 1]!, `k ${k}: ascending`);
    }
    for (let j = 0; j <= 2 * k - 1; j++) assert.ok(momentError(t, w, j) < 2.5e-15, `k ${k}, degree ${j}: ${momentError(t, w, j)}`);
    assert.ok(momentError(t, w, 2 * k) > 1e-4 / 4 ** k, `k ${k} is not exact at degree ${2 * k}`);
  }
});

test("the Kronrod rule is exact to degree 31 (to rounding), its embedded Gauss rule to 19 and not 20", () => {
  const t = [...XGK.map((x) => -x), ...XGK.slice(0, 10).reverse()];
  const w = [...WGK, ...WGK.slice(0, 10).reverse()];
  for (let j = 0; j <= 31; j++) assert.ok(momentError(t, w, j) < 2.5e-15, `degree ${j}: ${momentError(t, w, j)}`);
  assert.ok(momentError(t, w, 32) > 1e-12);
  const { t: tg, w: wg } = glRule(10);
  assert.ok(momentError(tg, wg, 19) < 2.5e-15);
  assert.ok(momentError(tg, wg, 20) > 1e-7);
});

/** define + defineRule, every row (with its error), combine and combineError in one instance. */
function ruleRun(e: KernelExports, f: string, d: string, nx: number, ny: number, rule: number, points = 0) {
  const r = define(e, f, d, nx, ny);
  assert.is(r.code, 0, `${f}: ${r.message}`);
  assert.is(e.defineRule(rule, points), 0, messageOf(e));
  const sums = new Float64Array(nx);
  const errors = new Float64Array(nx);
  for (let i = 0; i < nx; i++) {
    sums[i] = e.rowSum(i);
    errors[i] = e.rowError();
  }
  new Float64Array(e.memory.buffer, e.buffer(nx), nx).set(errors);
  const error = e.combineError(nx);
  new Float64Array(e.memory.buffer, e.buffer(nx), nx).set(sums);
  return { value: e.combine(nx), error, message: messageOf(e) };
}

/**
 * Σ c_{pq} x^p y^q with every power up to (px, py) and coefficients from a fixed pattern, as text, and its integral
 * over [ax,bx]×[ay,by]: the rule must integrate every monomial it claims, not only the top one.
 */
function polynomial(px: number, py: number, [ax, bx, ay, by]: readonly [number, number, number, number]) {
  const terms: string[] = [];
  let exact = 0;
  let scale = 0;
  const moment = (p: number, a: number, b: number) => (b ** (p + 1) - a ** (p + 1)) / (p + 1);
  for (let p = 0; p <= px; p += Math.max(1, Math.floor(px / 4))) {
    for (let q = 0; q <= py; q += Math.max(1, Math.floor(py / 4))) {
      const c = ((p * 7 + q * 3) % 5) - 2 || 1;
      terms.push(`${c}*x^${p}*y^${q}`);
      exact += c * moment(p, ax, bx) * moment(q, ay, by);
      scale += Math.abs(c * moment(p, ax, bx) * moment(q, ay, by));
    }
  }
  terms.push(`x^${px}*y^${py}`);
  exact += moment(px, ax, bx) * moment(py, ay, by);
  scale += Math.abs(moment(px, ax, bx) * moment(py, ay, by));
  return { text: terms.join(" + "), exact, scale };
}

for (const variant of VARIANTS) {
  test(`${variant}: gauss with k points integrates degree 2k−1 in x and in y exactly (to rounding), not 2k`, () => {
    const e = rawKernel(variant);
    const d = [-0.5, 1, 0, 1.25] as const;
    for (let k = 1; k <= 20; k++) {
      const p = polynomial(2 * k - 1, 2 * k - 1, d);
      const r = ruleRun(e, p.text, d.join(","), 2, 3, GAUSS, k);
      assert.ok(Math.abs(r.value - p.exact) <= 64e-16 * p.scale, `k ${k}: ${r.value} vs ${p.exact}`);
      assert.ok(Number.isNaN(r.error), "gauss has no estimate");
      // x^2k on two cells along x: the rule's error, from the tables, is what the kernel misses.
      const { t, w } = glRule(k);
      const h = (d[1] - d[0]) / 4;
      let value = 0;
      for (const c of [d[0] + h, d[0] + 3 * h]) t.forEach((tk, i) => (value += h * w[i]! * (c + h * tk) ** (2 * k)));
      const exact = (d[1] ** (2 * k + 1) - d[0] ** (2 * k + 1)) / (2 * k + 1);
      const missed = value - exact;
      if (Math.abs(missed) < 1e-10 * exact) continue; // for larger k the miss is too close to rounding to see
      const s = ruleRun(e, `x^${2 * k}`, `${d[0]},${d[1]},0,1`, 2, 3, GAUSS, k);
      assert.ok(Math.abs(s.value - exact - missed) < 1e-4 * Math.abs(missed), `k ${k} misses degree ${2 * k} by ${missed}: ${s.value - exact}`);
    }
  });

  test(`${variant}: gk21 integrates degree 31 in x and y exactly (to rounding); its estimate covers what it misses`, () => {
    const e = rawKernel(variant);
    const d = [-1, 0.5, 0.25, 2] as const;
    const p = polynomial(31, 31, d);
    const r = ruleRun(e, p.text, d.join(","), 1, 2, GK21);
    assert.ok(Math.abs(r.value - p.exact) <= 64e-16 * p.scale, `${r.value} vs ${p.exact}`);
    assert.ok(r.error > 1e-9 * p.scale, "the 10-point Gauss product is not exact at degree 31: the estimate says so");
    const q = polynomial(40, 36, d);
    const s = ruleRun(e, q.text, d.join(","), 1, 1, GK21);
    assert.ok(Math.abs(s.value - q.exact) > 1e-12 * q.scale, "not exact beyond degree 31");
    assert.ok(Math.abs(s.value - q.exact) <= s.error);
  });

  test(`${variant}: gk21's estimate is at least the true error on the smooth Genz families (1, 2, 4 cells a side)`, () => {
    const e = rawKernel(variant);
    let cases = 0;
    for (const c of genzCases(11n, 12).filter((c) => SMOOTH.has(c.family))) {
      for (const n of [1, 2, 4]) {
        const r = ruleRun(e, c.integrand, c.domain, n, n, GK21);
        const error = Math.abs(r.value - c.exact);
        // The closed forms are doubles good to a few ulp: below 1e-14·|I| the comparison is theirs, not the rule's.
        assert.ok(error <= r.error + 1e-14 * Math.abs(c.exact), `${c.integrand} n ${n}: error ${error} > estimate ${r.error}`);
        cases++;
      }
    }
    assert.is(cases, 4 * 12 * 3);
  });

  test(`${variant}: a region's value is its grid cell's, bit for bit, whatever was evaluated before`, () => {
    const e = rawKernel(variant);
    const f = "exp(-(3*(x-0.2)^2 + 5*(y-0.7)^2)) + sin(9*x*y)";
    const one = ruleRun(e, f, "-1,2,0.5,3", 1, 1, GK21);
    assert.is(define(e, f, "-1,2,0.5,3", 1, 1).code, 0);
    assert.is(e.defineRule(GK21, 21), 0);
    const region = () => e.regionRule(0.5, 1.5, 1.75, 1.25);
    const first = region();
    assert.is(bitsOf(first), bitsOf(one.value));
    const error = e.regionError();
    assert.is(bitsOf(error), bitsOf(one.error), "the estimate too");
    e.regionRule(0.1, 0.001, 3, 0.5);
    e.rowSum(0);
    assert.is(bitsOf(region()), bitsOf(first));
    assert.is(e.regionError(), error);
  });

  test(`${variant}: regionAxis names the axis along which f varies, and the longer side on a tie`, () => {
    const e = rawKernel(variant);
    assert.is(define(e, "exp(-30*(x-0.3)^2)", "0,1,0,1", 1, 1).code, 0);
    assert.is(e.defineRule(GK21, 0), 0);
    e.regionRule(0.5, 0.5, 0.5, 0.5);
    assert.is(e.regionAxis(), 0);
    assert.is(define(e, "exp(-30*(y-0.3)^2)", "0,1,0,1", 1, 1).code, 0);
    assert.is(e.defineRule(GK21, 0), 0);
    e.regionRule(0.5, 0.5, 0.5, 0.5);
    assert.is(e.regionAxis(), 1);
    assert.is(define(e, "x + y", "0,1,0,1", 1, 1).code, 0);
    assert.is(e.defineRule(GK21, 0), 0);
    e.regionRule(0.5, 0.25, 0.5, 0.5);
    assert.is(e.regionAxis(), 1, "both estimates 0: the longer side");
    e.regionRule(0.5, 0.5, 0.5, 0.5);
    assert.is(e.regionAxis(), 0, "a square: x");
  });

  test(`${variant}: defineRule refuses with its codes, fields and messages, and keeps the rule it had`, () => {
    const e = rawKernel(variant);
    const refused = (rule: number, points: number) => [e.defineRule(rule, points), e.errorField(), messageOf(e)];
    assert.equal(refused(GK21, 0), [-9, 4, "no problem is defined (call define first)"]);
    assert.is(define(e, "x*y", "0,1,0,1", 4, 4).code, 0);
    assert.is(e.defineRule(GAUSS, 3), 0);
    const gauss3 = e.rowSum(1);
    assert.equal(refused(3, 0), [-9, 4, "unknown rule 3 (0 midpoint, 1 gauss, 2 gk21)"]);
    assert.equal(refused(-1, 0), [-9, 4, "unknown rule -1 (0 midpoint, 1 gauss, 2 gk21)"]);
    assert.equal(refused(GAUSS, 0), [-10, 5, "gauss takes 1 to 20 points per axis (got 0)"]);
    assert.equal(refused(GAUSS, 21), [-10, 5, "gauss takes 1 to 20 points per axis (got 21)"]);
    assert.equal(refused(GK21, 10), [-10, 5, "gk21 has 21 points per axis (got 10)"]);
    assert.equal(refused(MIDPOINT, 2), [-10, 5, "midpoint has 1 point per axis (got 2)"]);
    assert.is(e.rowSum(1), gauss3, "still gauss 3");
    assert.is(e.ruleId(), GAUSS);
    assert.is(e.evaluationsPerCell(), 9);
    assert.ok(Number.isNaN(e.rowError()));
    assert.is(e.defineRule(GK21, 21), 0);
    assert.is(e.evaluationsPerCell(), 441);
    assert.is(e.defineRule(MIDPOINT, 1), 0);
    assert.is(e.evaluationsPerCell(), 1);
    assert.ok(Number.isNaN(e.regionRule(0.5, 0.5, 0.5, 0.5)), "midpoint has no regions");
  });

  test(`${variant}: define resets the rule to midpoint: every vector keeps its bits after a gk21 run`, () => {
    const e = rawKernel(variant);
    for (const v of vectors.filter((v) => v.nx * v.ny <= 300_000)) {
      ruleRun(e, "x*y", "0,1,0,1", 2, 2, GK21);
      assert.is(define(e, v.integrand, v.domain_text, v.nx, v.ny).code, 0);
      assert.is(e.ruleId(), MIDPOINT);
      assert.is(bitsOf(integrateRows(e, v.nx)), v.bits[variant], `${v.integrand} ${v.domain_text}`);
    }
  });

  test(`${variant}: a value that is not finite under a rule names the first such node`, () => {
    const e = rawKernel(variant);
    // x = 0.5 is the centre node of a one-cell gk21 on [0,1]: f is Inf on that whole column of nodes.
    const r = ruleRun(e, "1/(x-0.5)", "0,1,0,1", 1, 1, GK21);
    assert.ok(!Number.isFinite(r.value));
    const y = 0.5 + 0.5 * -XGK[0]!;
    assert.is(r.message, `integrand is not finite at x = 0.5, y = ${y} (value Inf)`);
    const g = ruleRun(e, "sqrt(0.5 - x - y)", "0,1,0,1", 2, 1, GAUSS, 2);
    assert.ok(Number.isNaN(g.value));
    assert.match(g.message, /^integrand is not finite at x = 0\.10566\d+, y = 0\.7886\d+ \(value NaN\)$/);
  });
}
test.run();
