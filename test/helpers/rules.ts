// Kernel-level drivers of the rules (README § Rules), in the ABI's call order: a fixed product rule over the grid,
// and a tolerance run whose pending regions are evaluated by whatever `evaluate` does with them.

import * as assert from "uvu/assert";
import type { KernelExports } from "../../host/core/kernel.js";
import { define, messageOf } from "./kernel.js";

export const MIDPOINT = 0;
export const GAUSS = 1;
export const GK21 = 2;
/** f64 per pending result: value, error, split, ∫|f|. */
export const RESULT_FIELDS = 4;

/** define + defineRule, every row (with its error), combine and combineError in one instance. */
export function ruleRun(e: KernelExports, f: string, d: string, nx: number, ny: number, rule: number, points = 0) {
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

/** The pending rectangles of the round (cx, hx, cy, hy each), copied out. */
export function pendingRects(e: KernelExports): Float64Array {
  return new Float64Array(e.memory.buffer, e.pendingRects(), 4 * e.pendingCount()).slice();
}

/** Results in pending order, written where the kernel reads them. */
export function writeResults(e: KernelExports, results: Float64Array): void {
  new Float64Array(e.memory.buffer, e.pendingResults(), results.length).set(results);
}

/** What a worker computes for a batch of rectangles: regionRule and its companions, in order. */
export function evaluateRects(w: KernelExports, rects: Float64Array): Float64Array {
  const n = rects.length / 4;
  const out = new Float64Array(RESULT_FIELDS * n);
  for (let k = 0; k < n; k++) {
    out[RESULT_FIELDS * k] = w.regionRule(rects[4 * k]!, rects[4 * k + 1]!, rects[4 * k + 2]!, rects[4 * k + 3]!);
    out[RESULT_FIELDS * k + 1] = w.regionError();
    out[RESULT_FIELDS * k + 2] = w.regionSplit();
    out[RESULT_FIELDS * k + 3] = w.regionAbs();
  }
  return out;
}

export interface AdaptiveResult {
  status: number;
  value: number;
  error: number;
  regions: number;
  rounds: number;
  evaluations: number;
  message: string;
  /** The final regions' records (9 f64 each). */
  records: Float64Array;
}

/**
 * A tolerance run in `e` (define, gk21, adaptiveBegin, rounds until a final status). Each round's pending regions
 * go to `evaluate` (default: evaluatePending in `e` itself), which writes their results.
 */
export function adaptiveRun(
  e: KernelExports, f: string, d: string, n: number, rtol: number, atol: number, maxEvals = 1e8,
  evaluate: (e: KernelExports) => void = (k) => assert.is(k.evaluatePending(0, k.pendingCount()), 0),
): AdaptiveResult {
  const r = define(e, f, d, n, n);
  assert.is(r.code, 0, `${f}: ${r.message}`);
  assert.is(e.defineRule(GK21, 0), 0);
  assert.is(e.adaptiveBegin(rtol, atol, maxEvals), 0, messageOf(e));
  let status: number;
  do {
    evaluate(e);
    status = e.adaptiveRound();
  } while (status === 0);
  const regions = e.regionCount();
  return {
    status, value: e.adaptiveValue(), error: e.adaptiveError(), regions, rounds: e.roundCount(),
    evaluations: e.evaluationCount(), message: messageOf(e),
    records: new Float64Array(e.memory.buffer, e.regions(), 9 * regions).slice(),
  };
}
