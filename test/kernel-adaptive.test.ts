// The tolerance mode in the kernel (README § Rules, "The tolerance mode"): honest on the Genz families against
// their closed forms, the same bits whoever evaluates the regions, and the ways a run ends.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { bitsOf } from "../host/core/record.js";
import type { KernelExports } from "../host/core/kernel.js";
import { genzCase, genzCases, SMOOTH } from "./helpers/genz.js";
import { define, messageOf, rawKernel, VARIANTS } from "./helpers/kernel.js";
import { GK21, RESULT_FIELDS, adaptiveRun, evaluateRects, pendingRects, ruleRun, writeResults } from "./helpers/rules.js";

const CONVERGED = 1;
const NOT_CONVERGED = 2;
const REGION = 529; // evaluations per region: 21×21 nodes and the edges (23²)

for (const variant of VARIANTS) {
  test(`${variant}: ∫₀^π∫₀^π sin(x+y) with atol 1e-14 converges in one region, its value the gk21 cell's`, () => {
    const e = rawKernel(variant);
    const r = adaptiveRun(e, "sin(x+y)", "0,pi,0,pi", 1, 0, 1e-14);
    assert.equal([r.status, r.regions, r.rounds, r.evaluations], [CONVERGED, 1, 1, REGION]);
    assert.ok(r.error <= 1e-14 && Math.abs(r.value) <= r.error, `${r.value} ± ${r.error}`);
    assert.is(bitsOf(r.value), bitsOf(ruleRun(e, "sin(x+y)", "0,pi,0,pi", 1, 1, GK21).value));
  });

  test(`${variant}: smooth Genz families at rtol 1e-10: converged, and the true error within both the estimate and the tolerance`, () => {
    const e = rawKernel(variant);
    for (const c of genzCases(2024n, 5).filter((c) => SMOOTH.has(c.family))) {
      const r = adaptiveRun(e, c.integrand, c.domain, 1, 1e-10, 0);
      const error = Math.abs(r.value - c.exact);
      assert.is(r.status, CONVERGED, `${c.integrand}: ${r.message}`);
      assert.ok(r.error <= 1e-10 * Math.abs(r.value));
      // 1e-14·|I|: the closed forms' own rounding (a few ulp), below which the comparison says nothing.
      assert.ok(error <= r.error + 1e-14 * Math.abs(c.exact), `${c.integrand}: error ${error} > estimate ${r.error}`);
      assert.is(r.evaluations, REGION * (2 * r.regions - 1), "one region, then two for each split");
    }
  });

  test(`${variant}: C⁰ and discontinuous Genz families at rtol 1e-10: a converged run is within the tolerance`, () => {
    const e = rawKernel(variant);
    let converged = 0;
    for (const c of genzCases(2024n, 3, ["c0", "discontinuous"])) {
      const r = adaptiveRun(e, c.integrand, c.domain, 1, 1e-10, 0, 1e6);
      if (r.status !== CONVERGED) continue;
      converged++;
      const error = Math.abs(r.value - c.exact);
      assert.ok(error <= 1e-10 * Math.abs(r.value), `${c.integrand}: converged, but the error is ${error}`);
      assert.ok(error <= r.error, `${c.integrand}: error ${error} > estimate ${r.error}`);
    }
    assert.is(converged, 6, "each converges within 10^6 evaluations");
  });

  test(`${variant}: the same bits whoever evaluates the regions, in whatever order, in however many instances`, () => {
    const c = genzCase("c0", [10, 10], [0.3, 0.6]);
    const reference = adaptiveRun(rawKernel(variant), c.integrand, c.domain, 2, 1e-10, 0);
    assert.is(reference.status, CONVERGED);
    assert.ok(reference.rounds >= 10 && reference.regions > 100, "many rounds and regions");
    for (const workers of [1, 2, 3]) {
      const pool = Array.from({ length: workers }, () => rawKernel(variant));
      for (const w of pool) {
        assert.is(define(w, c.integrand, c.domain, 2, 2).code, 0);
        assert.is(w.defineRule(GK21, 0), 0);
      }
      const spread = (e: KernelExports) => {
        const rects = pendingRects(e);
        const n = rects.length / 4;
        const results = new Float64Array(RESULT_FIELDS * n);
        // Batches dealt round-robin, the last worker first: a schedule unlike the serial one.
        for (let start = 0, k = 0; start < n; start += 3, k++) {
          const w = pool[(workers - 1 - k % workers + workers) % workers]!;
          results.set(evaluateRects(w, rects.subarray(4 * start, 4 * Math.min(n, start + 3))), RESULT_FIELDS * start);
        }
        writeResults(e, results);
      };
      const r = adaptiveRun(rawKernel(variant), c.integrand, c.domain, 2, 1e-10, 0, 1e8, spread);
      assert.equal([r.status, r.regions, r.rounds, r.evaluations], [reference.status, reference.regions, reference.rounds, reference.evaluations]);
      assert.is(bitsOf(r.value), bitsOf(reference.value), `${workers} workers`);
      assert.is(bitsOf(r.error), bitsOf(reference.error));
      assert.equal([...r.records], [...reference.records], "the same regions");
    }
  });

  test(`${variant}: the room for regions grows past its first 4096 (oscillatory, a = 400, at rtol 1e-10)`, () => {
    // cos(φ + 400x + 400y) integrates to cos(φ + 400) (2 sin(200)/400)².
    const exact = Math.cos(1.885 + 400) * ((2 * Math.sin(200)) / 400) ** 2;
    const r = adaptiveRun(rawKernel(variant), "cos(1.885 + 400*x + 400*y)", "0,1,0,1", 1, 1e-10, 0);
    assert.is(r.status, CONVERGED, r.message);
    assert.ok(r.regions > 4096, `${r.regions} regions`);
    const error = Math.abs(r.value - exact);
    assert.ok(error <= r.error && error <= 1e-10 * Math.abs(r.value), `error ${error}, estimate ${r.error}`);
  });

  test(`${variant}: the regions tile the domain, and the grid's cells are round 0`, () => {
    const e = rawKernel(variant);
    const r = adaptiveRun(e, "exp(-20*((x-0.3)^2 + (y-0.6)^2))", "-1,1,0,2", 3, 1e-10, 0);
    assert.is(r.status, CONVERGED);
    let area = 0;
    for (let k = 0; k < r.regions; k++) {
      const [cx, hx, cy, hy] = r.records.subarray(9 * k, 9 * k + 4);
      assert.ok(cx! - hx! >= -1 && cx! + hx! <= 1 && cy! - hy! >= 0 && cy! + hy! <= 2, `region ${k} inside`);
      area += 4 * hx! * hy!;
    }
    assert.is(area, 4, "dyadic halves of a dyadic domain add up exactly");
    assert.is(define(e, "x*y", "0,1,0,1", 3, 2).code, 0);
    assert.is(e.defineRule(GK21, 0), 0);
    assert.is(e.adaptiveBegin(1e-10, 0, 1e6), 0);
    assert.is(e.pendingCount(), 6);
    const h = [1 / 6, 1 / 4];
    assert.equal([...pendingRects(e)].slice(0, 8), [h[0]!, h[0]!, h[1]!, h[1]!, h[0]!, h[0]!, 3 * h[1]!, h[1]!], "cells i·ny + j: (0, 0), (0, 1)");
  });

  test(`${variant}: a run ends not converged when the budget is spent, when only rounding is left, or when the estimate stalls`, () => {
    const e = rawKernel(variant);
    const budget = adaptiveRun(e, "exp(-50*((x-0.5)^2 + (y-0.5)^2))", "0,1,0,1", 1, 1e-12, 0, 3 * REGION);
    assert.equal([budget.status, budget.evaluations, budget.regions], [NOT_CONVERGED, 3 * REGION, 2]);
    assert.match(budget.message, /^the evaluation budget is spent \(1587 of 1587 evaluations; the next split needs 1058 more\); the error estimate \S+ is above the tolerance \S+$/);
    const rounding = adaptiveRun(e, "sin(x+y)", "0,pi,0,pi", 1, 1e-10, 0);
    assert.equal([rounding.status, rounding.rounds], [NOT_CONVERGED, 1]);
    assert.match(rounding.message, /^no region can improve by splitting: what remains of the estimate is rounding or regions too small to halve; the error estimate \S+ is above the tolerance \S+$/);
    // (x + 100) − 100 carries ~1e-14 of rounding in f itself: the estimate cannot fall below it.
    const noise = adaptiveRun(e, "(x + 100) - 100 + y", "0,1,0,1", 1, 1e-15, 0);
    assert.is(noise.status, NOT_CONVERGED);
    assert.match(noise.message, /^the error estimate has stopped falling \(4 rounds without a new lowest, \S+\): what is left is noise in f's values; /);
    assert.ok(noise.evaluations < 1e5, `${noise.evaluations} evaluations, not the whole budget`);
    assert.ok(Math.abs(noise.value - 1) <= noise.error, "its estimate still holds");
  });

  test(`${variant}: a value that is not finite ends the run with the first such point`, () => {
    const e = rawKernel(variant);
    assert.is(define(e, "1/(x-0.5)", "0,1,0,1", 1, 1).code, 0);
    assert.is(e.defineRule(GK21, 0), 0);
    assert.is(e.adaptiveBegin(1e-10, 0, 1e6), 0);
    assert.is(e.evaluatePending(0, 1), 0);
    assert.is(e.adaptiveRound(), -16);
    assert.match(messageOf(e), /^integrand is not finite at x = 0\.5, y = 0\.0021\d+ \(value Inf\)$/);
    assert.is(e.pendingCount(), 0);
    assert.is(e.adaptiveRound(), NOT_CONVERGED, "the run is over");
    assert.is(messageOf(e), "no tolerance run is in progress");
    // A singularity on the edge, which no node touches, integrates: ∫∫ log(xy) = −2.
    const log = adaptiveRun(e, "log(x*y)", "0,1,0,1", 1, 1e-8, 0);
    assert.is(log.status, CONVERGED);
    assert.ok(Math.abs(log.value + 2) <= log.error);
  });

  test(`${variant}: adaptiveBegin refuses with its codes, fields and messages`, () => {
    const e = rawKernel(variant);
    const begin = (rtol: number, atol: number, maxEvals: number) => {
      const checked = [e.checkTolerance(rtol, atol, maxEvals), e.errorField(), messageOf(e)];
      assert.equal([e.adaptiveBegin(rtol, atol, maxEvals), e.errorField(), messageOf(e)], checked, "checkTolerance says what adaptiveBegin says");
      return checked;
    };
    assert.is(define(e, "x*y", "0,1,0,1", 2, 3).code, 0);
    assert.equal(begin(1e-10, 0, 1e6), [-11, 4, "the tolerance mode takes the gk21 rule (defineRule(2, 0) after define)"]);
    assert.is(e.defineRule(GK21, 0), 0);
    assert.equal(begin(-1, 0, 1e6), [-12, 6, "must be a number from 0 to below 1 (got -1)"]);
    assert.equal(begin(1, 0, 1e6), [-12, 6, "must be a number from 0 to below 1 (got 1)"]);
    assert.equal(begin(NaN, 0, 1e6), [-12, 6, "must be a number from 0 to below 1 (got NaN)"]);
    assert.equal(begin(0, -1e-3, 1e6), [-13, 7, "must be a finite number, 0 or more (got -0.001)"]);
    assert.equal(begin(0, Infinity, 1e6), [-13, 7, "must be a finite number, 0 or more (got Inf)"]);
    assert.equal(begin(0, 0, 1e6), [-12, 6, "the tolerance is 0 (rtol and atol both 0): no run can meet it; give rtol or atol above 0"]);
    assert.equal(begin(1e-10, 0, 3173), [-14, 8, "must be a whole number from 3174 (529 evaluations for each of the initial grid's cells) to 2^53 (got 3173)"]);
    assert.equal(begin(1e-10, 0, 1e6 + 0.5), [-14, 8, "must be a whole number from 3174 (529 evaluations for each of the initial grid's cells) to 2^53 (got 1000000.5)"]);
    assert.is(e.adaptiveBegin(1e-10, 0, 3174), 0);
    assert.is(e.pendingCount(), 6);
    assert.is(define(e, "x*y", "0,1,0,1", 1025, 1024).code, 0);
    assert.is(e.defineRule(GK21, 0), 0);
    assert.equal(begin(1e-10, 0, 2 ** 53), [-14, 2, "the initial grid has 1049600 cells, more than the 1048576 regions the tolerance mode holds"]);
    assert.is(e.pendingCount(), 0, "a refusal starts nothing");
    assert.is(e.maxRegions(), 1048576);
  });
}

test.run();
