// The midpoint rule along one row of the grid: Σ_j f(x, ay + hy·(j + ½)), compensated, j in a fixed order.
//
// A row is the unit of work a host hands out (the "chunk"): its sum depends on the problem and the row index
// only, so any split of rows between workers gives the same row sums, and combine() then adds them in row
// order. The row loop lives in a function of its own so that each call enters whatever tier the engine has
// compiled by then (V8 does not move a running wasm frame to optimised code); each integrand has its own row
// function (reached through a table, so none is inlined into another), which keeps every loop small for the
// engine's register allocator.
//
// Speed without changing a bit: the loops below evaluate several points per iteration (independent
// evaluations the CPU overlaps), but every point is still f(x_i, y_j) from its own x and y, and the sums take
// the values in exactly the order of the one-point loop — so the row sums are those of the plain loop.

import { twoSumError, twoSumErrorV } from "./sum";
import { ExpOfSum, Product, Reciprocal, SinOfSum, SinTimesCos } from "./integrands";
import { CANCEL, IN_RANGE, applySign, cosPoly, hi1, lo1, mixedPoly, oddLanes, quadrantWord, sinPoly } from "./vmath";

/** Scalar build: one lane, (s, c) TwoSum pair, j = 0, 1, 2, … (two points per iteration, summed in order: the
 * integrands that call Math functions overlap two calls' work). */
// @ts-ignore: decorator
@inline function rowScalar<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  let s = 0.0;
  let c = 0.0;
  let j = 0;
  for (; j + 1 < ny; j += 2) {
    const v0 = f.f(x, ay + hy * (<f64>j + 0.5));
    const v1 = f.f(x, ay + hy * (<f64>(j + 1) + 0.5));
    const t0 = s + v0;
    c += twoSumError(s, v0, t0);
    const t1 = t0 + v1;
    c += twoSumError(t0, v1, t1);
    s = t1;
  }
  if (j < ny) {
    const v = f.f(x, ay + hy * (<f64>j + 0.5));
    const t = s + v;
    c += twoSumError(s, v, t);
    s = t;
  }
  return s + c;
}

/** Scalar build, one point per iteration: for integrands evaluated inline (no call), which run faster so. */
// @ts-ignore: decorator
@inline function rowScalar1<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  let s = 0.0;
  let c = 0.0;
  for (let j = 0; j < ny; j++) {
    const v = f.f(x, ay + hy * (<f64>j + 0.5));
    const t = s + v;
    c += twoSumError(s, v, t);
    s = t;
  }
  return s + c;
}

/**
 * Whether every argument the row's sin/cos can meet (x, y_j and x + y_j as rounded) has magnitude ≤ IN_RANGE, so
 * the unchecked vsinInRange/vcosInRange apply. |x| + |ay| + hy·ny bounds them all; the factor ½ covers the
 * roundings (a few ulp) with room to spare. NaN or ∞ on the way gives false.
 */
// @ts-ignore: decorator
@inline function rowInRange(x: f64, ay: f64, hy: f64, ny: i32): bool {
  return Math.abs(x) + Math.abs(ay) + hy * <f64>ny <= 0.5 * IN_RANGE;
}

/** One pair of points (lane 0 even j, lane 1 odd j) into the lane sums, in order. */
// @ts-ignore: decorator
@inline function addPair(s: v128, c: v128, v: v128): v128 {
  return f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v)));
}

/**
 * The end of a SIMD row: an odd last point joins lane 0 alone, then the lanes are folded by one more TwoSum.
 * y is computed with the scalar build's exact operations.
 */
// @ts-ignore: decorator
@inline function finishSimd<F>(s: v128, c: v128, xv: v128, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  let s0 = f64x2.extract_lane(s, 0);
  let c0 = f64x2.extract_lane(c, 0);
  if (ny & 1) {
    const last = f64x2.extract_lane(f.fv(xv, f64x2.splat(ay + hy * (<f64>(ny - 1) + 0.5))), 0);
    const t = s0 + last;
    c0 += twoSumError(s0, last, t);
    s0 = t;
  }
  const s1 = f64x2.extract_lane(s, 1);
  const t = s0 + s1;
  return t + (twoSumError(s0, s1, t) + (c0 + f64x2.extract_lane(c, 1)));
}

/**
 * SIMD build: lane 0 takes even j, lane 1 odd j, each with its own (s, c) pair; an odd last point joins lane 0
 * alone. Rows whose arguments are certified in range take the unchecked trig and four pairs per iteration.
 */
// @ts-ignore: decorator
@inline function rowSimd<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  const xv = f64x2.splat(x);
  const ayv = f64x2.splat(ay);
  const hyv = f64x2.splat(hy);
  let jv = f64x2(0.5, 1.5);
  const step = f64x2.splat(2.0);
  let s = f64x2.splat(0.0);
  let c = f64x2.splat(0.0);
  const pairs = ny >> 1;
  let p = 0;
  if (rowInRange(x, ay, hy, ny)) {
    for (; p + 3 < pairs; p += 4) {
      const jv1 = f64x2.add(jv, step);
      const jv2 = f64x2.add(jv1, step);
      const jv3 = f64x2.add(jv2, step);
      const v0 = f.fvr(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
      const v1 = f.fvr(xv, f64x2.add(ayv, f64x2.mul(hyv, jv1)));
      const v2 = f.fvr(xv, f64x2.add(ayv, f64x2.mul(hyv, jv2)));
      const v3 = f.fvr(xv, f64x2.add(ayv, f64x2.mul(hyv, jv3)));
      c = addPair(s, c, v0);
      s = f64x2.add(s, v0);
      c = addPair(s, c, v1);
      s = f64x2.add(s, v1);
      c = addPair(s, c, v2);
      s = f64x2.add(s, v2);
      c = addPair(s, c, v3);
      s = f64x2.add(s, v3);
      jv = f64x2.add(jv3, step);
    }
  }
  for (; p < pairs; p++) {
    const v = f.fv(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
    c = addPair(s, c, v);
    s = f64x2.add(s, v);
    jv = f64x2.add(jv, step);
  }
  return finishSimd<F>(s, c, xv, ay, hy, ny);
}

const HALF_PI: f64 = 1.5707963267948966;
/** Distance from a multiple of π/2 (in exact x + y) beyond which |hi1| ≥ CANCEL is certain, with room to spare. */
const CLEAR: f64 = 2.0 * CANCEL;

/**
 * SIMD sin(x+y), the seed's integrand. Each point's value is bit for bit SinOfSum.fv's (vsin(x + y)); the row
 * is cut into stretches by where x + y passes a multiple of π/2:
 *  - far from every multiple (all but a few points per multiple) the one-step reduction is good for every lane, so
 *    groups of four pairs skip the cancellation test, and the quadrant test is taken once per group: when all
 *    eight points need the same polynomial only that one is evaluated;
 *  - near a multiple, groups go through fv (vsinInRange), which tests each lane.
 * The stretch bounds come from the exact x + ay + hy·(j + ½) with a margin of CLEAR and two points, far above
 * the few-ulp difference to the computed arguments, so "far" is a proof, not a guess.
 */
// @ts-ignore: decorator
@inline function rowSimdSinOfSum(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<SinOfSum>(0);
  const xv = f64x2.splat(x);
  const ayv = f64x2.splat(ay);
  const hyv = f64x2.splat(hy);
  let jv = f64x2(0.5, 1.5);
  const step = f64x2.splat(2.0);
  let s = f64x2.splat(0.0);
  let c = f64x2.splat(0.0);
  const pairs = ny >> 1;
  let p = 0;
  if (rowInRange(x, ay, hy, ny)) {
    // The multiples m·π/2 the row passes, in order; the first may lie just before the row's first point.
    let m = Math.floor((x + ay) / HALF_PI);
    while (p + 3 < pairs) {
      const offset = m * HALF_PI - x - ay; // where x + y = m·π/2, as a distance along y
      // Points j with |x + y_j − m·π/2| < CLEAR lie in [jStart, jEnd) (clamped, two points of margin each side).
      const jStart = <i32>Math.max(-1.0, Math.min(<f64>ny + 1.0, Math.floor((offset - CLEAR) / hy - 0.5) - 2.0));
      const jEnd = <i32>Math.max(-1.0, Math.min(<f64>ny + 1.0, Math.ceil((offset + CLEAR) / hy - 0.5) + 3.0));
      // Groups entirely before jStart (points 2p .. 2p+7), counted before the loop (a bound computed in the loop
      // condition would be recomputed, division and all, on every iteration).
      const fastEnd = min(pairs - 3, (jStart - 6) >> 1);
      for (let g = fastEnd > p ? (fastEnd - p + 3) >> 2 : 0; g > 0; g--, p += 4) {
        const jv1 = f64x2.add(jv, step);
        const jv2 = f64x2.add(jv1, step);
        const jv3 = f64x2.add(jv2, step);
        // The argument of each point: x + y, y = ay + hy·(j + ½), exactly as SinOfSum.fv.
        const a0 = f64x2.add(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
        const a1 = f64x2.add(xv, f64x2.add(ayv, f64x2.mul(hyv, jv1)));
        const a2 = f64x2.add(xv, f64x2.add(ayv, f64x2.mul(hyv, jv2)));
        const a3 = f64x2.add(xv, f64x2.add(ayv, f64x2.mul(hyv, jv3)));
        const q0 = quadrantWord(a0);
        const q1 = quadrantWord(a1);
        const q2 = quadrantWord(a2);
        const q3 = quadrantWord(a3);
        const o0 = oddLanes(q0);
        const o1 = oddLanes(q1);
        const o2 = oddLanes(q2);
        const o3 = oddLanes(q3);
        const anyOdd = i64x2.bitmask(v128.or(v128.or(o0, o1), v128.or(o2, o3)));
        const allOdd = i64x2.bitmask(v128.and(v128.and(o0, o1), v128.and(o2, o3)));
        let v0: v128, v1: v128, v2: v128, v3: v128;
        if (anyOdd == 0) {
          v0 = sinPoly(hi1(a0), lo1(a0)); v1 = sinPoly(hi1(a1), lo1(a1));
          v2 = sinPoly(hi1(a2), lo1(a2)); v3 = sinPoly(hi1(a3), lo1(a3));
        } else if (allOdd == 3) {
          v0 = cosPoly(hi1(a0), lo1(a0)); v1 = cosPoly(hi1(a1), lo1(a1));
          v2 = cosPoly(hi1(a2), lo1(a2)); v3 = cosPoly(hi1(a3), lo1(a3));
        } else {
          v0 = mixedPoly(hi1(a0), lo1(a0), o0); v1 = mixedPoly(hi1(a1), lo1(a1), o1);
          v2 = mixedPoly(hi1(a2), lo1(a2), o2); v3 = mixedPoly(hi1(a3), lo1(a3), o3);
        }
        v0 = applySign(v0, q0);
        v1 = applySign(v1, q1);
        v2 = applySign(v2, q2);
        v3 = applySign(v3, q3);
        c = addPair(s, c, v0);
        s = f64x2.add(s, v0);
        c = addPair(s, c, v1);
        s = f64x2.add(s, v1);
        c = addPair(s, c, v2);
        s = f64x2.add(s, v2);
        c = addPair(s, c, v3);
        s = f64x2.add(s, v3);
        jv = f64x2.add(jv3, step);
      }
      // Groups that reach into [jStart, jEnd): each lane tested.
      for (; p + 3 < pairs && 2 * p < jEnd; p += 4) {
        for (let k = 0; k < 4; k++) {
          const v = f.fvr(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
          c = addPair(s, c, v);
          s = f64x2.add(s, v);
          jv = f64x2.add(jv, step);
        }
      }
      // The next multiple at or below the next point (never fewer than one step: rows far longer than π/2 with
      // few points skip the multiples no point comes near).
      m = Math.max(m + 1.0, Math.floor((x + ay + hy * (<f64>(2 * p) + 0.5)) / HALF_PI));
    }
  }
  for (; p < pairs; p++) {
    const v = f.fv(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
    c = addPair(s, c, v);
    s = f64x2.add(s, v);
    jv = f64x2.add(jv, step);
  }
  return finishSimd<SinOfSum>(s, c, xv, ay, hy, ny);
}

// @ts-ignore: decorator
@inline function row<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  return ASC_FEATURE_SIMD ? rowSimd<F>(x, ay, hy, ny) : rowScalar<F>(x, ay, hy, ny);
}

function rowSinOfSum(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  return ASC_FEATURE_SIMD ? rowSimdSinOfSum(x, ay, hy, ny) : rowScalar1<SinOfSum>(x, ay, hy, ny);
}
function rowSinTimesCos(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<SinTimesCos>(x, ay, hy, ny); }
function rowExpOfSum(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<ExpOfSum>(x, ay, hy, ny); }
function rowProduct(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<Product>(x, ay, hy, ny); }
function rowReciprocal(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<Reciprocal>(x, ay, hy, ny); }

/** Row functions by integrand id (ABI order). */
const ROWS: StaticArray<(x: f64, ay: f64, hy: f64, ny: i32) => f64> = [
  rowSinOfSum, rowSinTimesCos, rowExpOfSum, rowProduct, rowReciprocal,
];

/** Row sum for integrand `id` (already validated) at abscissa x. */
export function rowById(id: i32, x: f64, ay: f64, hy: f64, ny: i32): f64 {
  return unchecked(ROWS[id])(x, ay, hy, ny);
}
