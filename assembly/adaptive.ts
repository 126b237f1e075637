// The tolerance mode: gk21 regions refined in rounds until the error estimate meets the tolerance.
//
// Round 0's regions are the nx×ny cells of the grid (region i·ny + j). Every round the host has the *pending*
// regions evaluated (regionRule in any instance, by any number of workers) and hands the results back in pending
// order; adaptiveRound() then, from those results alone:
//   1. adds every region's value and error in region order (TwoSum): V and E;
//   2. stops, converged, when E ≤ max(atol, rtol·|V|);
//   3. otherwise selects the regions to split: the largest errors first (ties: the lower index), until what is
//      left unselected is within the tolerance — the smallest set that must be refined for the next round to be
//      able to converge (Gladwell's rule, as hcubature's parallel mode uses it) — but never a region whose
//      estimate is all rounding or that cannot be halved, and no more than the evaluation budget and the region
//      cap allow;
//   4. stops, not converged, when it could select none (message() says why);
//   5. splits each selected region in two along its split axis (regionSplit): the lower half keeps the parent's
//      index, the upper half is appended; the new pending list is, parent by parent in index order, lower then
//      upper.
// Nothing in this depends on who evaluated what or when, so the regions, the value and the estimate are the
// same bits for 1 worker or 64.
//
// Memory: the state lives in the scratch area buffer() hands out (from __heap_base), 144 bytes per region of
// room: buffer(), combine() and sample() must not be called while a run is in progress; define() ends it. The
// room starts at what the first rounds need and doubles as the regions do, up to what the budget can reach
// (maxEvals / 529 regions) and the cap (MAX_REGIONS): a run of a few regions touches a few pages, not the
// budget's tens of megabytes.

import * as msg from "./lang/message";
import { notFiniteAt } from "./diagnosis";
import {
  KRONROD_POINTS, NO_SPLIT, SPLIT_X, SPLIT_Y, lastRegionAbs, lastRegionError, lastRegionSplit, nonFiniteAt,
  nonFiniteX, nonFiniteY,
  regionNonFinite, regionRule,
} from "./product";
import { twoSumError } from "./sum";

/** Most regions alive at once: 2^20, 144 MiB of state (README § Rules). */
export const MAX_REGIONS: i32 = 1 << 20;
/** Evaluations of one region: the 21×21 gk21 product and the edge samples, 23² (product.ts cellEvaluations). */
export const REGION_EVALUATIONS: i32 = (KRONROD_POINTS + 2) * (KRONROD_POINTS + 2);

// Per region: cx, hx, cy, hy, value, error, split (as f64), selected (0/1), ∫|f| — 72 bytes; then the pending list
// (i32 region index, 4 f64 rectangle, 4 f64 result) and the selection heap (i32): 144 bytes per region in all, 144 MiB at the cap of 2^20 regions.
const RECORD: i32 = 72;
const F_CX: i32 = 0;
const F_HX: i32 = 8;
const F_CY: i32 = 16;
const F_HY: i32 = 24;
const F_VALUE: i32 = 32;
const F_ERROR: i32 = 40;
const F_SPLIT: i32 = 48;
const F_SELECTED: i32 = 56;
const F_ABS: i32 = 64;
/** Result slots per pending region: value, error, split, ∫|f|. */
export const RESULT_FIELDS: i32 = 4;
const RESULT_BYTES: i32 = RESULT_FIELDS * 8;

export const ROUND_MORE: i32 = 0;
export const ROUND_CONVERGED: i32 = 1;
export const ROUND_NOT_CONVERGED: i32 = 2;
export const ROUND_NOT_FINITE: i32 = -16;

let active = false;
/** Regions the layout has room for now, and the most it may grow to (the budget's reach, the cap). */
let capacity: i32 = 0;
let maxCapacity: i32 = 0;
/** Room laid out at the start of a run, at least (the grid's cells may need more). */
const FIRST_CAPACITY: i32 = 4096;
let regions: i32 = 0;
let pending: i32 = 0;
let rounds: i32 = 0;
let evaluations: f64 = 0;
let maxEvaluations: f64 = 0;
let rtol: f64 = 0;
let atol: f64 = 0;
let value: f64 = NaN;
let error: f64 = NaN;
/** The lowest error estimate of the rounds so far, and how many rounds in a row have not gone below it. */
let bestError: f64 = Infinity;
let stalled: i32 = 0;
/**
 * Rounds in a row without a new lowest estimate, all with the estimate within NOISE_LEVEL of ∫|f|, after which
 * the run stops, not converged. An estimate that small which stops falling is measuring noise in f's values (an
 * argument of 800 in cos carries ~1e-13 of rounding, which no rule can remove): without this the run would split
 * regions until the budget is spent. Above that level an estimate may rise for a few rounds for good reasons
 * (splitting uncovers what coarse regions missed, early on or at a jump), and only the budget stops a run.
 */
const STALL_ROUNDS: i32 = 4;
/** 2^−40 ≈ 9e-13: about 8000 u, far above a well-conditioned f's rounding, far below any tolerance worth asking. */
const NOISE_LEVEL: f64 = 9.094947017729282e-13;
let base: usize = 0;
let pendingIndex: usize = 0;
let pendingRects: usize = 0;
let pendingResults: usize = 0;
let heap: usize = 0;

// @ts-ignore: decorator
@inline function record(k: i32): usize { return base + <usize>k * RECORD; }
// @ts-ignore: decorator
@inline function field(k: i32, f: i32): f64 { return load<f64>(record(k) + <usize>f); }
// @ts-ignore: decorator
@inline function setField(k: i32, f: i32, v: f64): void { store<f64>(record(k) + <usize>f, v); }
// @ts-ignore: decorator
@inline function pendingAt(p: i32): i32 { return load<i32>(pendingIndex + (<usize>p << 2)); }

/** Whether a run is in progress (begun, not yet ended by a final round or by define). */
export function isActive(): bool { return active; }
/** Forgets the run (define, setup). */
export function end(): void {
  active = false;
  rounds = 0;
  regions = 0;
  pending = 0;
}

// @ts-ignore: decorator
@inline function align(p: usize): usize { return (p + 15) & ~<usize>15; }

/**
 * Room for `count` regions from `at` on (memory grown as needed); false if memory cannot grow. The records come
 * first and stay where they are: only the zones after them, which each round writes afresh (the pending list, its
 * rectangles and results, the heap), move when the room grows.
 */
function layOut(at: usize, count: i32): bool {
  const c = <usize>count;
  // Each zone starts on 16 bytes, so hosts can view the f64 zones in place.
  base = at;
  pendingIndex = align(base + c * RECORD);
  pendingRects = align(pendingIndex + (c << 2));
  pendingResults = align(pendingRects + (c << 5));
  heap = align(pendingResults + c * <usize>RESULT_BYTES);
  const endAt = heap + (c << 2);
  const pages = memory.size();
  const needed = <i32>((endAt + 0xffff) >>> 16);
  if (needed > pages && memory.grow(needed - pages) < 0) return false;
  capacity = count;
  return true;
}

/** Room for at least min(want, maxCapacity) regions, doubling; false if memory cannot grow. */
function ensureRoom(want: i32): bool {
  const target = min(want, maxCapacity);
  if (target <= capacity) return true;
  return layOut(base, min(maxCapacity, max(target, capacity < maxCapacity >> 1 ? capacity << 1 : maxCapacity)));
}

/**
 * Starts a run on the grid's cells (centres and half-widths as ruleRow places them); false with message() when
 * memory cannot hold them. The caller has checked the tolerances and that nx·ny·REGION_EVALUATIONS ≤ maxEvals.
 */
export function begin(at: usize, ax: f64, hx: f64, nx: i32, ay: f64, hy: f64, ny: i32, rtol_: f64, atol_: f64, maxEvals: f64): bool {
  active = false;
  const cells = nx * ny;
  maxCapacity = <i32>Math.min(<f64>MAX_REGIONS, Math.max(<f64>cells, Math.floor(maxEvals / <f64>REGION_EVALUATIONS)));
  capacity = 0;
  if (!layOut(at, min(maxCapacity, max(cells, FIRST_CAPACITY)))) {
    msg.begin(8, 0);
    msg.text("memory cannot hold ");
    msg.int(cells);
    msg.text(" regions");
    return false;
  }
  const halfX = 0.5 * hx;
  const halfY = 0.5 * hy;
  for (let i = 0; i < nx; i++) {
    const cx = ax + hx * (<f64>i + 0.5);
    for (let j = 0; j < ny; j++) place(i * ny + j, cx, halfX, ay + hy * (<f64>j + 0.5), halfY);
  }
  regions = cells;
  pending = cells;
  for (let k = 0; k < cells; k++) store<i32>(pendingIndex + (<usize>k << 2), k);
  rounds = 0;
  evaluations = 0;
  maxEvaluations = maxEvals;
  rtol = rtol_;
  atol = atol_;
  value = NaN;
  error = NaN;
  bestError = Infinity;
  stalled = 0;
  active = true;
  return true;
}

/** Region k's rectangle, into its record and (as pending number k's) the pending rectangles by the caller. */
function place(k: i32, cx: f64, hx: f64, cy: f64, hy: f64): void {
  setField(k, F_CX, cx);
  setField(k, F_HX, hx);
  setField(k, F_CY, cy);
  setField(k, F_HY, hy);
  setField(k, F_SELECTED, 0);
}

export function pendingCount(): i32 { return active ? pending : 0; }

/** The pending rectangles (cx, hx, cy, hy per region, in pending order), written fresh for the round. */
export function rectangles(): usize {
  for (let p = 0; p < pending; p++) {
    const k = pendingAt(p);
    const r = pendingRects + (<usize>p << 5);
    store<f64>(r, field(k, F_CX));
    store<f64>(r, field(k, F_HX), 8);
    store<f64>(r, field(k, F_CY), 16);
    store<f64>(r, field(k, F_HY), 24);
  }
  return pendingRects;
}

/** Where the host writes the pending regions' results: value, error, split, ∫|f| per region, in pending order. */
export function results(): usize { return pendingResults; }

/** Evaluates pending regions from..to−1 in this instance, as a worker would, writing their results. */
export function evaluate(from: i32, to: i32): bool {
  if (!active || from < 0 || to > pending || from > to) return false;
  for (let p = from; p < to; p++) {
    const k = pendingAt(p);
    const v = regionRule(field(k, F_CX), field(k, F_HX), field(k, F_CY), field(k, F_HY));
    const r = pendingResults + <usize>p * RESULT_BYTES;
    store<f64>(r, v);
    store<f64>(r, lastRegionError(), 8);
    store<f64>(r, <f64>lastRegionSplit(), 16);
    store<f64>(r, lastRegionAbs(), 24);
  }
  return true;
}

export function roundCount(): i32 { return rounds; }
export function regionCount(): i32 { return regions; }
export function evaluationCount(): f64 { return evaluations; }
export function currentValue(): f64 { return value; }
export function currentError(): f64 { return error; }
/** The regions' records (cx, hx, cy, hy, value, error, split, selected, ∫|f|: 9 f64 each), regionCount() of them. */
export function records(): usize { return base; }

/** The heap's order: region a before b when its error is larger, or equal with a lower index. */
// @ts-ignore: decorator
@inline function before(a: i32, b: i32): bool {
  const ea = field(a, F_ERROR);
  const eb = field(b, F_ERROR);
  return ea > eb || (ea == eb && a < b);
}
// @ts-ignore: decorator
@inline function heapAt(i: i32): i32 { return load<i32>(heap + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function heapSet(i: i32, k: i32): void { store<i32>(heap + (<usize>i << 2), k); }

function siftDown(i: i32, n: i32): void {
  const k = heapAt(i);
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(heapAt(c + 1), heapAt(c))) c++;
    if (!before(heapAt(c), k)) break;
    heapSet(i, heapAt(c));
    i = c;
  }
  heapSet(i, k);
}

/**
 * Takes the pending results, adds up, decides (see the top of this file). Returns ROUND_MORE with a new pending
 * list, ROUND_CONVERGED, ROUND_NOT_CONVERGED (message() says why), or ROUND_NOT_FINITE (message(): the first
 * point, in pending order, where f is not finite, or that the sum overflows).
 */
export function round(): i32 {
  msg.clear();
  if (!active) {
    msg.begin(0, 0);
    msg.text("no tolerance run is in progress");
    return ROUND_NOT_CONVERGED;
  }
  for (let p = 0; p < pending; p++) {
    const k = pendingAt(p);
    const r = pendingResults + <usize>p * RESULT_BYTES;
    const v = load<f64>(r);
    const e = load<f64>(r, 8);
    const split = load<f64>(r, 16);
    const a = load<f64>(r, 24);
    if (!isFinite(v) || !isFinite(e) || !isFinite(a)) return notFinite(p);
    setField(k, F_VALUE, v);
    setField(k, F_ERROR, e);
    setField(k, F_ABS, a);
    setField(k, F_SPLIT, split == <f64>SPLIT_X || split == <f64>SPLIT_Y ? split : <f64>NO_SPLIT);
  }
  evaluations += <f64>pending * <f64>REGION_EVALUATIONS;
  rounds++;
  let s = 0.0;
  let c = 0.0;
  let es = 0.0;
  let ec = 0.0;
  let magnitude = 0.0;
  for (let k = 0; k < regions; k++) {
    magnitude += field(k, F_ABS);
    const v = field(k, F_VALUE);
    let t = s + v;
    c += twoSumError(s, v, t);
    s = t;
    const e = field(k, F_ERROR);
    t = es + e;
    ec += twoSumError(es, e, t);
    es = t;
  }
  value = s + c;
  error = es + ec;
  pending = 0;
  if (!isFinite(value)) {
    active = false;
    msg.begin(0, 0);
    msg.text("the integral overflows: the regions' values add up to more than the largest double");
    return ROUND_NOT_FINITE;
  }
  const tolerance = Math.max(atol, rtol * Math.abs(value));
  if (error < bestError) {
    bestError = error;
    stalled = 0;
  } else if (error <= NOISE_LEVEL * magnitude) {
    stalled++;
  } else {
    stalled = 0;
  }
  const status = error <= tolerance ? ROUND_CONVERGED : stalled >= STALL_ROUNDS ? notConverged(3, tolerance) : select(tolerance);
  if (status != ROUND_MORE) active = false;
  return status;
}

/** Steps 3–5: the regions to split, largest error first; ROUND_MORE, or ROUND_NOT_CONVERGED when none can be. */
function select(tolerance: f64): i32 {
  // Every region may be split (one more region each): room for that first (the zones after the records move), or
  // as much as memory gives.
  const roomy = ensureRoom(2 * regions);
  let n = 0;
  for (let k = 0; k < regions; k++) if (field(k, F_SPLIT) != <f64>NO_SPLIT) heapSet(n++, k);
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i, n);
  const perSplit = 2.0 * <f64>REGION_EVALUATIONS;
  let left = error;
  let chosen = 0;
  let stoppedBy = 0; // 1 budget, 2 region cap, 4 memory (3: stalled, from round())
  while (n > 0 && left > tolerance) {
    if (evaluations + perSplit * <f64>(chosen + 1) > maxEvaluations) { stoppedBy = 1; break; }
    if (regions + chosen + 1 > capacity) { stoppedBy = roomy ? 2 : 4; break; }
    const k = heapAt(0);
    heapSet(0, heapAt(--n));
    if (n > 0) siftDown(0, n);
    setField(k, F_SELECTED, 1);
    left -= field(k, F_ERROR);
    chosen++;
  }
  if (chosen == 0) return notConverged(stoppedBy, tolerance);
  // Split in index order: lower halves keep their index, upper halves are appended.
  const first = regions;
  for (let k = 0; k < first; k++) {
    if (field(k, F_SELECTED) == 0) continue;
    const cx = field(k, F_CX);
    const hx = field(k, F_HX);
    const cy = field(k, F_CY);
    const hy = field(k, F_HY);
    const upper = regions++;
    if (field(k, F_SPLIT) == <f64>SPLIT_X) {
      place(k, cx - 0.5 * hx, 0.5 * hx, cy, hy);
      place(upper, cx + 0.5 * hx, 0.5 * hx, cy, hy);
    } else {
      place(k, cx, hx, cy - 0.5 * hy, 0.5 * hy);
      place(upper, cx, hx, cy + 0.5 * hy, 0.5 * hy);
    }
    store<i32>(pendingIndex + (<usize>(pending++) << 2), k);
    store<i32>(pendingIndex + (<usize>(pending++) << 2), upper);
  }
  return ROUND_MORE;
}

function notConverged(stoppedBy: i32, tolerance: f64): i32 {
  msg.begin(0, 0);
  if (stoppedBy == 1) {
    msg.text("the evaluation budget is spent (");
    msg.num(evaluations);
    msg.text(" of ");
    msg.num(maxEvaluations);
    msg.text(" evaluations; the next split needs ");
    msg.int(2 * REGION_EVALUATIONS);
    msg.text(" more)");
  } else if (stoppedBy == 2) {
    msg.text("the region cap is reached (");
    msg.int(regions);
    msg.text(" regions, the most this run can hold)");
  } else if (stoppedBy == 4) {
    msg.text("memory cannot hold more than ");
    msg.int(capacity);
    msg.text(" regions");
  } else if (stoppedBy == 3) {
    msg.text("the error estimate has stopped falling (");
    msg.int(STALL_ROUNDS);
    msg.text(" rounds without a new lowest, ");
    msg.num(bestError);
    msg.text("): what is left is noise in f's values");
  } else {
    msg.text("no region can improve by splitting: what remains of the estimate is rounding or regions too small to halve");
  }
  msg.text("; the error estimate ");
  msg.num(error);
  msg.text(" is above the tolerance ");
  msg.num(tolerance);
  return ROUND_NOT_CONVERGED;
}

/** The diagnosis for pending result p: the first point of its region where f is not finite, if any. */
function notFinite(p: i32): i32 {
  const k = pendingAt(p);
  pending = 0;
  active = false;
  msg.begin(0, 0);
  if (regionNonFinite(field(k, F_CX), field(k, F_HX), field(k, F_CY), field(k, F_HY))) {
    notFiniteAt(nonFiniteX(), nonFiniteY(), nonFiniteAt());
  } else {
    msg.text("the integral overflows: the sum of f over the region with centre (");
    msg.num(field(k, F_CX));
    msg.text(", ");
    msg.num(field(k, F_CY));
    msg.text(") is beyond the largest double");
  }
  return ROUND_NOT_FINITE;
}
