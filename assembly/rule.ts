// The midpoint rule along one row of the grid: Σ_j f(x, ay + hy·(j + ½)), compensated, j in a fixed order.
//
// A row is the unit of work a host hands out (the "chunk"): its sum depends on the problem and the row index
// only, so any split of rows between workers gives the same row sums, and combine() then adds them in row
// order. The row loop lives in a function of its own so that each call enters whatever tier the engine has
// compiled by then (V8 does not move a running wasm frame to optimised code).

import { twoSumError, twoSumErrorV } from "./sum";
import { ExpOfSum, Product, Reciprocal, SinOfSum, SinTimesCos } from "./integrands";

/** Scalar build: one lane, (s, c) TwoSum pair, j = 0, 1, 2, … */
// @ts-ignore: decorator
@inline function rowScalar<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
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
 * SIMD build: lane 0 takes even j, lane 1 odd j, each with its own (s, c) pair; an odd last point joins lane 0
 * alone. The lanes are folded by one more TwoSum. y is computed with the scalar build's exact operations.
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
  for (let p = 0; p < pairs; p++) {
    const v = f.fv(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
    const t = f64x2.add(s, v);
    c = f64x2.add(c, twoSumErrorV(s, v, t));
    s = t;
    jv = f64x2.add(jv, step);
  }
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

// @ts-ignore: decorator
@inline function row<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  return ASC_FEATURE_SIMD ? rowSimd<F>(x, ay, hy, ny) : rowScalar<F>(x, ay, hy, ny);
}

/** Row sum for integrand `id` (already validated) at abscissa x. */
export function rowById(id: i32, x: f64, ay: f64, hy: f64, ny: i32): f64 {
  switch (id) {
    case 0: return row<SinOfSum>(x, ay, hy, ny);
    case 1: return row<SinTimesCos>(x, ay, hy, ny);
    case 2: return row<ExpOfSum>(x, ay, hy, ny);
    case 3: return row<Product>(x, ay, hy, ny);
    case 4: return row<Reciprocal>(x, ay, hy, ny);
  }
  return NaN;
}
