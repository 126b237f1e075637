// sin and cos on f64x2, for the simd build.
//
// Shape (the classic fdlibm/musl design, written here for two lanes at once):
//   1. Cody–Waite reduction: x = k·(π/2) + r, |r| ≲ π/4, r carried as hi + lo, as fdlibm's __rem_pio2 does it
//      for medium arguments: one step with π/2 ≈ PIO2_1 + PIO2_1T (33 + 53 bits), and in the lanes where that
//      cancelled (hi² < CANCEL², CANCEL = 2^−12, i.e. x within 2^−12 of a multiple of π/2) a second step with
//      PIO2_1 + PIO2_2 + PIO2_2T (33 + 33 + 53 bits). k·PIO2_1 and k·PIO2_2 are exact for |k| < 2^20. One step
//      errs by < 2^−67 for |x| ≤ LARGE, ≤ 2^−55·|r| above the threshold; two steps keep ~118 − log2|k| bits,
//      enough for sin near multiples of π (where the result is tiny). Each lane's choice depends on its own x
//      only. (fdlibm takes the second step when 16 bits cancel; the fixed threshold is stricter here.)
//   2. Minimax polynomials on [−π/4, π/4]: fdlibm's __kernel_sin (S1..S6, |sin(x)/x − poly| < 2^−58) and
//      __kernel_cos (C1..C6, < 2^−58), both Remez fits published with fdlibm 5.3 (Sun, 1993) and used
//      unchanged by musl and by AssemblyScript's own Math. The lo part of r enters as fdlibm's tail term.
//   3. Quadrant select: the lanes pick sin or cos by bit 0 of k and flip sign by bit 1; k's low bits are read
//      straight out of the rounding constant's mantissa. Only the polynomial(s) some lane needs are evaluated
//      (a lane's result never depends on which: the same operations in the same order either way).
//
// Error bound: ≤ 1 ulp against the correctly rounded result for |x| ≤ LARGE, ≤ 2 ulp against the scalar
// build's Math.sin/cos (tested on ≥ 10^6 points, test/simd-accuracy.test.ts; measured: ≤ 1 ulp on 2.1·10^6
// points including 4·10^5 within 2^−11 of multiples of π/2, bench/README.md § Kernel). Lanes with |x| > LARGE take the
// scalar Math path, which is exact-reduction musl; NaN and ±Inf propagate to NaN through the arithmetic.

// Round-to-nearest shifter: adding 1.5·2^52 leaves round(v) in the low mantissa bits (|v| < 2^51).
const SHIFTER: f64 = 6755399441055744.0;
const INV_PIO2: f64 = 6.36619772367581382433e-01; // 2/π
const PIO2_1: f64 = 1.57079632673412561417e+00; // first 33 bits of π/2
const PIO2_1T: f64 = 6.07710050650619224932e-11; // π/2 − PIO2_1, rounded (fdlibm's pio2_1t)
const PIO2_2: f64 = 6.07710050630396597660e-11; // next 33 bits of π/2
const PIO2_2T: f64 = 2.02226624879595063154e-21; // π/2 − PIO2_1 − PIO2_2
/**
 * A lane whose one-step reduced argument has hi² < CANCEL² (|hi| < CANCEL, up to the rounding of hi²) takes the
 * second step. One step carries π/2 to 33 + 53 bits: with the rounding of k·PIO2_1T its error is below 2^−67 for
 * |x| ≤ LARGE (|k| < 2^19), which is ≤ 2^−55·|r| whenever |r| ≥ 2^−12; closer to a multiple of π/2 the second
 * step brings π/2 to 119 bits.
 */
const CANCEL: f64 = 0.000244140625; // 2^−12
// Beyond this k ≥ 2^19 and k·PIO2_1 is no longer safely exact: fall back to the scalar reduction.
const LARGE: f64 = 5.0e5;

const S1: f64 = -1.66666666666666324348e-01;
const S2: f64 = 8.33333333332248946124e-03;
const S3: f64 = -1.98412698298579493134e-04;
const S4: f64 = 2.75573137070700676789e-06;
const S5: f64 = -2.50507602534068634195e-08;
const S6: f64 = 1.58969099521155010221e-10;

const C1: f64 = 4.16666666666666019037e-02;
const C2: f64 = -1.38888888888741095749e-03;
const C3: f64 = 2.48015872894767294178e-05;
const C4: f64 = -2.75573143513906633035e-07;
const C5: f64 = 2.08757232129817482790e-09;
const C6: f64 = -1.13596475577881948265e-11;

/**
 * Every constant the vector code uses, as an f64 pair in a table in linear memory, read with konst(K.NAME) rather
 * than written f64x2.splat(NAME). Why: V8's newer wasm compiler (Turboshaft, V8 ≥ 12) rebuilds a v128 constant at
 * every use inside a loop (mov, movq, punpcklqdq); in Deno 2.9 (V8 15) that made the simd rows 1.6× slower than
 * in Node 20. A load is one instruction in every engine, and the values are the same bits.
 */
const enum K {
  INV_PIO2 = 0,
  SHIFTER = 16,
  PIO2_1 = 32,
  PIO2_1T = 48,
  PIO2_2 = 64,
  PIO2_2T = 80,
  CANCEL2 = 96,
  LARGE = 112,
  HALF = 128,
  ONE = 144,
  S1 = 160,
  S2 = 176,
  S3 = 192,
  S4 = 208,
  S5 = 224,
  S6 = 240,
  C1 = 256,
  C2 = 272,
  C3 = 288,
  C4 = 304,
  C5 = 320,
  C6 = 336,
}
const TABLE: usize = memory.data<f64>([
  INV_PIO2, INV_PIO2,
  SHIFTER, SHIFTER,
  PIO2_1, PIO2_1,
  PIO2_1T, PIO2_1T,
  PIO2_2, PIO2_2,
  PIO2_2T, PIO2_2T,
  CANCEL * CANCEL, CANCEL * CANCEL,
  LARGE, LARGE,
  0.5, 0.5,
  1.0, 1.0,
  S1, S1,
  S2, S2,
  S3, S3,
  S4, S4,
  S5, S5,
  S6, S6,
  C1, C1,
  C2, C2,
  C3, C3,
  C4, C4,
  C5, C5,
  C6, C6,
], 16);

// @ts-ignore: decorator
@inline function konst(at: K): v128 { return v128.load(TABLE + <usize>at); }
// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
// @ts-ignore: decorator
@inline function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }

/** sin(r) for r = x + y, |r| ≲ π/4 (fdlibm's kernel with tail y). */
// @ts-ignore: decorator
@inline function kernelSin(x: v128, y: v128): v128 {
  const z = mul(x, x);
  const v = mul(z, x);
  const r = add(konst(K.S2),
    mul(z, add(konst(K.S3), mul(z, add(konst(K.S4), mul(z, add(konst(K.S5), mul(z, konst(K.S6)))))))));
  // x − ((z·(y/2 − v·r) − y) − v·S1)
  return sub(x, sub(sub(mul(z, sub(mul(konst(K.HALF), y), mul(v, r))), y), mul(v, konst(K.S1))));
}

/** cos(r) for r = x + y, |r| ≲ π/4 (fdlibm's kernel with tail y). */
// @ts-ignore: decorator
@inline function kernelCos(x: v128, y: v128): v128 {
  const z = mul(x, x);
  const w = mul(z, z);
  const r = add(
    mul(z, add(konst(K.C1), mul(z, add(konst(K.C2), mul(z, konst(K.C3)))))),
    mul(mul(w, w), add(konst(K.C4), mul(z, add(konst(K.C5), mul(z, konst(K.C6)))))),
  );
  const hz = mul(konst(K.HALF), z);
  const one = konst(K.ONE);
  const u = sub(one, hz);
  // u + (((1 − u) − hz) + (z·r − x·y))
  return add(u, add(sub(sub(one, u), hz), sub(mul(z, r), mul(x, y))));
}

// The steps of sinCos, as inline pieces, so that a row loop can treat several vectors at once and evaluate only
// the polynomial its lanes need (see sinCosInRange). A piece recomputed by two callers is one
// computation after common-subexpression elimination (binaryen's and the engine's), never a different formula.

/** x·(2/π) + 1.5·2^52: k = round(x·2/π) sits in the low mantissa bits (the quadrant word), |x| ≤ LARGE. */
// @ts-ignore: decorator
@inline function quadrantWord(x: v128): v128 { return add(mul(x, konst(K.INV_PIO2)), konst(K.SHIFTER)); }

/** k = round(x·2/π) as a double. */
// @ts-ignore: decorator
@inline function kOf(x: v128): v128 { return sub(quadrantWord(x), konst(K.SHIFTER)); }

/** x − k·PIO2_1, exact for |k| < 2^20 (k·PIO2_1 is exact and the subtraction cancels). */
// @ts-ignore: decorator
@inline function r1Of(x: v128): v128 { return sub(x, mul(kOf(x), konst(K.PIO2_1))); }

/** One Cody–Waite step (fdlibm's first): x − k·π/2 = hi + lo with π/2 ≈ PIO2_1 + PIO2_1T (33 + 53 bits). */
// @ts-ignore: decorator
@inline function hi1(x: v128): v128 { return sub(r1Of(x), mul(kOf(x), konst(K.PIO2_1T))); }
// @ts-ignore: decorator
@inline function lo1(x: v128): v128 { return sub(sub(r1Of(x), hi1(x)), mul(kOf(x), konst(K.PIO2_1T))); }

/** Two steps (fdlibm's second, on cancellation): π/2 ≈ PIO2_1 + PIO2_2 + PIO2_2T (33 + 33 + 53 bits). */
// @ts-ignore: decorator
@inline function r2Of(x: v128): v128 { return sub(r1Of(x), mul(kOf(x), konst(K.PIO2_2))); }
/** The part of k·(PIO2_2 + PIO2_2T) that r2Of has not taken off yet. */
// @ts-ignore: decorator
@inline function w2Of(x: v128): v128 {
  return sub(mul(kOf(x), konst(K.PIO2_2T)), sub(sub(r1Of(x), r2Of(x)), mul(kOf(x), konst(K.PIO2_2))));
}
// @ts-ignore: decorator
@inline function hi2(x: v128): v128 { return sub(r2Of(x), w2Of(x)); }
// @ts-ignore: decorator
@inline function lo2(x: v128): v128 { return sub(sub(r2Of(x), hi2(x)), w2Of(x)); }

/**
 * hi1² − CANCEL², negative exactly in the lanes whose one-step reduction cancelled too far: they take two steps.
 * Squared rather than |hi1| < CANCEL because the polynomials need hi1² anyway.
 */
// @ts-ignore: decorator
@inline function cancelMargin(x: v128): v128 { return sub(mul(hi1(x), hi1(x)), konst(K.CANCEL2)); }

/** All ones in the lanes that take two reduction steps (cancelMargin < 0). */
// @ts-ignore: decorator
@inline function cancelled(x: v128): v128 { return f64x2.lt(cancelMargin(x), f64x2.splat(0.0)); }

/** The sin polynomial on a reduced argument hi + lo (right for lanes whose quadrant word is even). */
// @ts-ignore: decorator
@inline function sinPoly(hi: v128, lo: v128): v128 { return kernelSin(hi, lo); }

/** The cos polynomial on a reduced argument hi + lo (right for lanes whose quadrant word is odd). */
// @ts-ignore: decorator
@inline function cosPoly(hi: v128, lo: v128): v128 { return kernelCos(hi, lo); }

/** The quadrant word of sin (quadrantShift 0) or cos (1): k + quadrantShift in the low bits. */
// @ts-ignore: decorator
@inline function quadrantOf(x: v128, quadrantShift: i64): v128 {
  return quadrantShift == 0 ? quadrantWord(x) : i64x2.add(quadrantWord(x), i64x2.splat(quadrantShift));
}

/** Sign bit set in the lanes whose quadrant word q (k + shift: 0 for sin, 1 for cos) is odd: they take cosPoly. */
// @ts-ignore: decorator
@inline function oddLanes(q: v128): v128 { return i64x2.shl(q, 63); }

/** Both polynomials, each lane picking its own. */
// @ts-ignore: decorator
@inline function mixedPoly(hi: v128, lo: v128, odd: v128): v128 {
  return v128.bitselect(kernelCos(hi, lo), kernelSin(hi, lo), i64x2.shr_s(odd, 63));
}

/** Flips the sign of the lanes where bit 1 of the quadrant word q is set. */
// @ts-ignore: decorator
@inline function applySign(y: v128, q: v128): v128 { return v128.xor(y, i64x2.shl(i64x2.shr_u(q, 1), 63)); }

/** sin (quadrantShift 0) or cos (quadrantShift 1) of both lanes. */
// @ts-ignore: decorator
@inline function sinCos(x: v128, quadrantShift: i64): v128 {
  if (v128.any_true(f64x2.gt(f64x2.abs(x), konst(K.LARGE)))) return scalarFallback(x, quadrantShift);
  return sinCosInRange(x, quadrantShift);
}

/**
 * sinCos for lanes the caller has proven finite and within ±IN_RANGE (no range check). Each lane's result is bit
 * for bit sinCos's (same reduction, same kernels); only a polynomial no lane needs is skipped — along a row both
 * lanes nearly always sit in quadrants of the same parity, so one polynomial is evaluated instead of two.
 */
// @ts-ignore: decorator
@inline function sinCosInRange(x: v128, quadrantShift: i64): v128 {
  const q = quadrantOf(x, quadrantShift);
  let hi = hi1(x);
  let lo = lo1(x);
  const twice = cancelled(x);
  if (v128.any_true(twice)) {
    hi = v128.bitselect(hi2(x), hi, twice);
    lo = v128.bitselect(lo2(x), lo, twice);
  }
  const odd = oddLanes(q);
  const lanesOdd = i64x2.bitmask(odd);
  let y: v128;
  if (lanesOdd == 0) y = kernelSin(hi, lo);
  else if (lanesOdd == 3) y = kernelCos(hi, lo);
  else y = mixedPoly(hi, lo, odd);
  return applySign(y, q);
}

/**
 * Sign bit set in each lane for which sinCosKnown(x, quadrantShift, odd) is not sinCosInRange's result: it takes
 * two reduction steps, or its quadrant word's parity is not `odd`. Caller guarantees |x| ≤ IN_RANGE, finite.
 */
// @ts-ignore: decorator
@inline export function notKnown(x: v128, quadrantShift: i64, odd: bool): v128 {
  return v128.or(cancelMargin(x), oddLanes(quadrantOf(x, odd ? quadrantShift + 1 : quadrantShift)));
}

/**
 * notKnown of four vectors at once, or-ed: the sign bit is set in some lane iff some lane of the four is not
 * sinCosKnown's to take. The parity is tested once for all four: k + quadrantShift must have the parity `odd`,
 * so the quadrant words (whose low bit is k's) are and-ed (all must be odd) or or-ed (all must be even) before
 * the one shift (3 % faster in V8 and Cranelift than four notKnown).
 */
// @ts-ignore: decorator
@inline export function notKnown4(a: v128, b: v128, c: v128, d: v128, quadrantShift: i64, odd: bool): v128 {
  const margins = v128.or(v128.or(cancelMargin(a), cancelMargin(b)), v128.or(cancelMargin(c), cancelMargin(d)));
  const wordsOdd = odd != ((quadrantShift & 1) != 0);
  const parity = wordsOdd
    ? v128.not(v128.and(v128.and(quadrantWord(a), quadrantWord(b)), v128.and(quadrantWord(c), quadrantWord(d))))
    : v128.or(v128.or(quadrantWord(a), quadrantWord(b)), v128.or(quadrantWord(c), quadrantWord(d)));
  return v128.or(margins, i64x2.shl(parity, 63));
}

/**
 * sinCosInRange for lanes that notKnown(x, quadrantShift, odd) leaves clear, without a branch: one reduction
 * step and the polynomial `odd` names (a constant at every call, so each caller's loop holds one polynomial).
 */
// @ts-ignore: decorator
@inline export function sinCosKnown(x: v128, quadrantShift: i64, odd: bool): v128 {
  const y = odd ? kernelCos(hi1(x), lo1(x)) : kernelSin(hi1(x), lo1(x));
  return applySign(y, quadrantOf(x, quadrantShift));
}

/** Arguments of magnitude ≤ IN_RANGE may take vsinInRange / vcosInRange (and the rows' unchecked paths). */
export const IN_RANGE: f64 = LARGE;

/** sin of each lane; the caller guarantees |x| ≤ IN_RANGE and finite. Bit for bit vsin. */
// @ts-ignore: decorator
@inline export function vsinInRange(x: v128): v128 { return sinCosInRange(x, 0); }

/** cos of each lane; the caller guarantees |x| ≤ IN_RANGE and finite. Bit for bit vcos. */
// @ts-ignore: decorator
@inline export function vcosInRange(x: v128): v128 { return sinCosInRange(x, 1); }

// @ts-ignore: decorator
@inline function scalarFallback(x: v128, quadrantShift: i64): v128 {
  const a = f64x2.extract_lane(x, 0);
  const b = f64x2.extract_lane(x, 1);
  return quadrantShift == 0
    ? f64x2(Math.sin(a), Math.sin(b))
    : f64x2(Math.cos(a), Math.cos(b));
}

/** sin of each lane. */
// @ts-ignore: decorator
@inline export function vsin(x: v128): v128 { return sinCos(x, 0); }

/** cos of each lane. */
// @ts-ignore: decorator
@inline export function vcos(x: v128): v128 { return sinCos(x, 1); }

/** exp of each lane, through the scalar Math.exp: the catalog's one exp integrand does not earn a vector exp. */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  return f64x2(Math.exp(f64x2.extract_lane(x, 0)), Math.exp(f64x2.extract_lane(x, 1)));
}
