// Compensated summation shared by the row rule and the final reduction.
//
// Every addition goes through Knuth's TwoSum, which recovers the exact rounding error of `s + v` without a
// branch (Neumaier's variant needs |s| >= |v| to pick the formula; TwoSum does not, so it vectorises). The
// running pair (s, c) therefore carries the sum of all inputs to roughly twice working precision, and the
// result depends only on the order of the inputs — which the callers fix by the problem, never by the host.

/** Error of the last `s + v` (rounded to `t`): exactly s + v - t when no overflow occurs. */
// @ts-ignore: decorator
@inline export function twoSumError(s: f64, v: f64, t: f64): f64 {
  const bp = t - s;
  return (s - (t - bp)) + (v - bp);
}

/** Same as twoSumError, lane by lane. */
// @ts-ignore: decorator
@inline export function twoSumErrorV(s: v128, v: v128, t: v128): v128 {
  const bp = f64x2.sub(t, s);
  return f64x2.add(f64x2.sub(s, f64x2.sub(t, bp)), f64x2.sub(v, bp));
}

/** Compensated sum of `count` f64 values at `ptr`, in index order. */
export function sumInOrder(ptr: usize, count: i32): f64 {
  let s = 0.0;
  let c = 0.0;
  for (let k = 0; k < count; k++) {
    const v = load<f64>(ptr + (<usize>k << 3));
    const t = s + v;
    c += twoSumError(s, v, t);
    s = t;
  }
  return s + c;
}

/**
 * The end of a simd row sum: lanes (s, c) hold even and odd j; an odd last point (`last`, when `odd`) joins lane 0
 * alone, then the lanes are folded by one more TwoSum. The catalog rows and the evaluator end their rows here,
 * so an expression and its catalog fast path fold alike.
 */
// @ts-ignore: decorator
@inline export function foldLanes(s: v128, c: v128, odd: bool, last: f64): f64 {
  let s0 = f64x2.extract_lane(s, 0);
  let c0 = f64x2.extract_lane(c, 0);
  if (odd) {
    const t = s0 + last;
    c0 += twoSumError(s0, last, t);
    s0 = t;
  }
  const s1 = f64x2.extract_lane(s, 1);
  const t = s0 + s1;
  return t + (twoSumError(s0, s1, t) + (c0 + f64x2.extract_lane(c, 1)));
}
