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

/** |x| bits: the sign cleared. And LARGE's bits: for finite doubles ≥ 0 the integer order is the numeric one. */
const RANGE_BITS: usize = memory.data<u64>([0x7FFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x411E848000000000, 0x411E848000000000], 16);

/**
 * All ones in some lane when some lane of the four may have |x| > LARGE or not be finite: the four bit patterns
 * or-ed and compared as integers, an over-estimate (|a| ≤ |a| | |b| as integers) that never misses a lane. Such a
 * group takes the checked sinCos, which gives the same bits wherever the branch-free path would have been right.
 */
// @ts-ignore: decorator
@inline export function outOfRange4(a: v128, b: v128, c: v128, d: v128): v128 {
  const bits = v128.and(v128.or(v128.or(a, b), v128.or(c, d)), v128.load(RANGE_BITS));
  return i64x2.gt_s(bits, v128.load(RANGE_BITS, 16));
}

/** Whether lane 1's quadrant word k + quadrantShift is odd: a guess at the parity of the next pair along a row. */
// @ts-ignore: decorator
@inline export function laneOneOdd(x: v128, quadrantShift: i64): bool {
  return ((i64x2.extract_lane(quadrantWord(x), 1) + quadrantShift) & 1) != 0;
}

/** sin (quadrantShift 0) or cos (1) of each lane, checked: vsin or vcos. */
// @ts-ignore: decorator
@inline export function vsinCos(x: v128, quadrantShift: i64): v128 { return sinCos(x, quadrantShift); }

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

// ---- exp ------------------------------------------------------------------------------------------------------
// exp on f64x2, bit for bit AssemblyScript's Math.exp (std/assembly/util/math.ts exp_lut: musl's exp, from ARM's
// optimized-routines, EXP_TABLE_BITS = 7), written for two lanes at once: the same constants, the same table and
// the same IEEE-754 operations in the same order, so each lane is the scalar result:
//   x = k·ln2/128 + r (k by the round-to-nearest shifter, ln2/128 split hi + lo), 2^(k/128) from the table as
//   scale·(1 + tail), exp(r) − 1 by the degree-5 polynomial, result scale + scale·tmp.
// The table lookup is the one step without a vector form (wasm SIMD has no gather): a 16-byte load per lane of
// the (tail, scale bits) pair, shuffled into place. Lanes whose |x| lies outside [2^−54, 512) — the scalar code's
// special cases (tiny x, overflow and underflow, ±Inf, NaN) — take Math.exp lane by lane.

const EXP_INV_LN2N: f64 = reinterpret<f64>(0x3FF71547652B82FE) * 128.0; // 0x1.71547652b82fep0 · N
const EXP_NEG_LN2_HI_N: f64 = reinterpret<f64>(0xBF762E42FEFA0000); // −0x1.62e42fefa0000p−8
const EXP_NEG_LN2_LO_N: f64 = reinterpret<f64>(0xBD0CF79ABC9E3B3A); // −0x1.cf79abc9e3b3ap−47
const EXP_SHIFT: f64 = reinterpret<f64>(0x4338000000000000); // 0x1.8p52
const EXP_C2: f64 = reinterpret<f64>(0x3FDFFFFFFFFFFDBD);
const EXP_C3: f64 = reinterpret<f64>(0x3FC555555555543C);
const EXP_C4: f64 = reinterpret<f64>(0x3FA55555CF172B91);
const EXP_C5: f64 = reinterpret<f64>(0x3F81111167A4D017);
/** |x| ≥ 2^−54 (biased exponent ≥ 0x3C9) and |x| < 512 (< 0x408): exp_lut's main path, no special case. */
const EXP_TINY: f64 = reinterpret<f64>(0x3C90000000000000);
const EXP_BIG: f64 = 512.0;

/** The constants as pairs (loaded, not splatted: see K above). */
const enum E {
  INV_LN2N = 0,
  NEG_LN2_HI_N = 16,
  NEG_LN2_LO_N = 32,
  SHIFT = 48,
  C2 = 64,
  C3 = 80,
  C4 = 96,
  C5 = 112,
  TINY = 128,
  BIG = 144,
}
const EXP_CONSTANTS: usize = memory.data<f64>([
  EXP_INV_LN2N, EXP_INV_LN2N,
  EXP_NEG_LN2_HI_N, EXP_NEG_LN2_HI_N,
  EXP_NEG_LN2_LO_N, EXP_NEG_LN2_LO_N,
  EXP_SHIFT, EXP_SHIFT,
  EXP_C2, EXP_C2,
  EXP_C3, EXP_C3,
  EXP_C4, EXP_C4,
  EXP_C5, EXP_C5,
  EXP_TINY, EXP_TINY,
  EXP_BIG, EXP_BIG,
], 16);
// @ts-ignore: decorator
@inline function ek(at: E): v128 { return v128.load(EXP_CONSTANTS + <usize>at); }

/** exp_lut's table (musl's __exp_data.tab): pair i is tail_i and the bits of 2^(i/128) less i << 45. */
const EXP_TABLE: usize = memory.data<u64>([
  0x0000000000000000, 0x3FF0000000000000, 0x3C9B3B4F1A88BF6E, 0x3FEFF63DA9FB3335,
  0xBC7160139CD8DC5D, 0x3FEFEC9A3E778061, 0xBC905E7A108766D1, 0x3FEFE315E86E7F85,
  0x3C8CD2523567F613, 0x3FEFD9B0D3158574, 0xBC8BCE8023F98EFA, 0x3FEFD06B29DDF6DE,
  0x3C60F74E61E6C861, 0x3FEFC74518759BC8, 0x3C90A3E45B33D399, 0x3FEFBE3ECAC6F383,
  0x3C979AA65D837B6D, 0x3FEFB5586CF9890F, 0x3C8EB51A92FDEFFC, 0x3FEFAC922B7247F7,
  0x3C3EBE3D702F9CD1, 0x3FEFA3EC32D3D1A2, 0xBC6A033489906E0B, 0x3FEF9B66AFFED31B,
  0xBC9556522A2FBD0E, 0x3FEF9301D0125B51, 0xBC5080EF8C4EEA55, 0x3FEF8ABDC06C31CC,
  0xBC91C923B9D5F416, 0x3FEF829AAEA92DE0, 0x3C80D3E3E95C55AF, 0x3FEF7A98C8A58E51,
  0xBC801B15EAA59348, 0x3FEF72B83C7D517B, 0xBC8F1FF055DE323D, 0x3FEF6AF9388C8DEA,
  0x3C8B898C3F1353BF, 0x3FEF635BEB6FCB75, 0xBC96D99C7611EB26, 0x3FEF5BE084045CD4,
  0x3C9AECF73E3A2F60, 0x3FEF54873168B9AA, 0xBC8FE782CB86389D, 0x3FEF4D5022FCD91D,
  0x3C8A6F4144A6C38D, 0x3FEF463B88628CD6, 0x3C807A05B0E4047D, 0x3FEF3F49917DDC96,
  0x3C968EFDE3A8A894, 0x3FEF387A6E756238, 0x3C875E18F274487D, 0x3FEF31CE4FB2A63F,
  0x3C80472B981FE7F2, 0x3FEF2B4565E27CDD, 0xBC96B87B3F71085E, 0x3FEF24DFE1F56381,
  0x3C82F7E16D09AB31, 0x3FEF1E9DF51FDEE1, 0xBC3D219B1A6FBFFA, 0x3FEF187FD0DAD990,
  0x3C8B3782720C0AB4, 0x3FEF1285A6E4030B, 0x3C6E149289CECB8F, 0x3FEF0CAFA93E2F56,
  0x3C834D754DB0ABB6, 0x3FEF06FE0A31B715, 0x3C864201E2AC744C, 0x3FEF0170FC4CD831,
  0x3C8FDD395DD3F84A, 0x3FEEFC08B26416FF, 0xBC86A3803B8E5B04, 0x3FEEF6C55F929FF1,
  0xBC924AEDCC4B5068, 0x3FEEF1A7373AA9CB, 0xBC9907F81B512D8E, 0x3FEEECAE6D05D866,
  0xBC71D1E83E9436D2, 0x3FEEE7DB34E59FF7, 0xBC991919B3CE1B15, 0x3FEEE32DC313A8E5,
  0x3C859F48A72A4C6D, 0x3FEEDEA64C123422, 0xBC9312607A28698A, 0x3FEEDA4504AC801C,
  0xBC58A78F4817895B, 0x3FEED60A21F72E2A, 0xBC7C2C9B67499A1B, 0x3FEED1F5D950A897,
  0x3C4363ED60C2AC11, 0x3FEECE086061892D, 0x3C9666093B0664EF, 0x3FEECA41ED1D0057,
  0x3C6ECCE1DAA10379, 0x3FEEC6A2B5C13CD0, 0x3C93FF8E3F0F1230, 0x3FEEC32AF0D7D3DE,
  0x3C7690CEBB7AAFB0, 0x3FEEBFDAD5362A27, 0x3C931DBDEB54E077, 0x3FEEBCB299FDDD0D,
  0xBC8F94340071A38E, 0x3FEEB9B2769D2CA7, 0xBC87DECCDC93A349, 0x3FEEB6DAA2CF6642,
  0xBC78DEC6BD0F385F, 0x3FEEB42B569D4F82, 0xBC861246EC7B5CF6, 0x3FEEB1A4CA5D920F,
  0x3C93350518FDD78E, 0x3FEEAF4736B527DA, 0x3C7B98B72F8A9B05, 0x3FEEAD12D497C7FD,
  0x3C9063E1E21C5409, 0x3FEEAB07DD485429, 0x3C34C7855019C6EA, 0x3FEEA9268A5946B7,
  0x3C9432E62B64C035, 0x3FEEA76F15AD2148, 0xBC8CE44A6199769F, 0x3FEEA5E1B976DC09,
  0xBC8C33C53BEF4DA8, 0x3FEEA47EB03A5585, 0xBC845378892BE9AE, 0x3FEEA34634CCC320,
  0xBC93CEDD78565858, 0x3FEEA23882552225, 0x3C5710AA807E1964, 0x3FEEA155D44CA973,
  0xBC93B3EFBF5E2228, 0x3FEEA09E667F3BCD, 0xBC6A12AD8734B982, 0x3FEEA012750BDABF,
  0xBC6367EFB86DA9EE, 0x3FEE9FB23C651A2F, 0xBC80DC3D54E08851, 0x3FEE9F7DF9519484,
  0xBC781F647E5A3ECF, 0x3FEE9F75E8EC5F74, 0xBC86EE4AC08B7DB0, 0x3FEE9F9A48A58174,
  0xBC8619321E55E68A, 0x3FEE9FEB564267C9, 0x3C909CCB5E09D4D3, 0x3FEEA0694FDE5D3F,
  0xBC7B32DCB94DA51D, 0x3FEEA11473EB0187, 0x3C94ECFD5467C06B, 0x3FEEA1ED0130C132,
  0x3C65EBE1ABD66C55, 0x3FEEA2F336CF4E62, 0xBC88A1C52FB3CF42, 0x3FEEA427543E1A12,
  0xBC9369B6F13B3734, 0x3FEEA589994CCE13, 0xBC805E843A19FF1E, 0x3FEEA71A4623C7AD,
  0xBC94D450D872576E, 0x3FEEA8D99B4492ED, 0x3C90AD675B0E8A00, 0x3FEEAAC7D98A6699,
  0x3C8DB72FC1F0EAB4, 0x3FEEACE5422AA0DB, 0xBC65B6609CC5E7FF, 0x3FEEAF3216B5448C,
  0x3C7BF68359F35F44, 0x3FEEB1AE99157736, 0xBC93091FA71E3D83, 0x3FEEB45B0B91FFC6,
  0xBC5DA9B88B6C1E29, 0x3FEEB737B0CDC5E5, 0xBC6C23F97C90B959, 0x3FEEBA44CBC8520F,
  0xBC92434322F4F9AA, 0x3FEEBD829FDE4E50, 0xBC85CA6CD7668E4B, 0x3FEEC0F170CA07BA,
  0x3C71AFFC2B91CE27, 0x3FEEC49182A3F090, 0x3C6DD235E10A73BB, 0x3FEEC86319E32323,
  0xBC87C50422622263, 0x3FEECC667B5DE565, 0x3C8B1C86E3E231D5, 0x3FEED09BEC4A2D33,
  0xBC91BBD1D3BCBB15, 0x3FEED503B23E255D, 0x3C90CC319CEE31D2, 0x3FEED99E1330B358,
  0x3C8469846E735AB3, 0x3FEEDE6B5579FDBF, 0xBC82DFCD978E9DB4, 0x3FEEE36BBFD3F37A,
  0x3C8C1A7792CB3387, 0x3FEEE89F995AD3AD, 0xBC907B8F4AD1D9FA, 0x3FEEEE07298DB666,
  0xBC55C3D956DCAEBA, 0x3FEEF3A2B84F15FB, 0xBC90A40E3DA6F640, 0x3FEEF9728DE5593A,
  0xBC68D6F438AD9334, 0x3FEEFF76F2FB5E47, 0xBC91EEE26B588A35, 0x3FEF05B030A1064A,
  0x3C74FFD70A5FDDCD, 0x3FEF0C1E904BC1D2, 0xBC91BDFBFA9298AC, 0x3FEF12C25BD71E09,
  0x3C736EAE30AF0CB3, 0x3FEF199BDD85529C, 0x3C8EE3325C9FFD94, 0x3FEF20AB5FFFD07A,
  0x3C84E08FD10959AC, 0x3FEF27F12E57D14B, 0x3C63CDAF384E1A67, 0x3FEF2F6D9406E7B5,
  0x3C676B2C6C921968, 0x3FEF3720DCEF9069, 0xBC808A1883CCB5D2, 0x3FEF3F0B555DC3FA,
  0xBC8FAD5D3FFFFA6F, 0x3FEF472D4A07897C, 0xBC900DAE3875A949, 0x3FEF4F87080D89F2,
  0x3C74A385A63D07A7, 0x3FEF5818DCFBA487, 0xBC82919E2040220F, 0x3FEF60E316C98398,
  0x3C8E5A50D5C192AC, 0x3FEF69E603DB3285, 0x3C843A59AC016B4B, 0x3FEF7321F301B460,
  0xBC82D52107B43E1F, 0x3FEF7C97337B9B5F, 0xBC892AB93B470DC9, 0x3FEF864614F5A129,
  0x3C74B604603A88D3, 0x3FEF902EE78B3FF6, 0x3C83C5EC519D7271, 0x3FEF9A51FBC74C83,
  0xBC8FF7128FD391F0, 0x3FEFA4AFA2A490DA, 0xBC8DAE98E223747D, 0x3FEFAF482D8E67F1,
  0x3C8EC3BC41AA2008, 0x3FEFBA1BEE615A27, 0x3C842B94C3A9EB32, 0x3FEFC52B376BBA97,
  0x3C8A64A931D185EE, 0x3FEFD0765B6E4540, 0xBC8E37BAE43BE3ED, 0x3FEFDBFDAD9CBE14,
  0x3C77893B4D91CD9D, 0x3FEFE7C1819E90D8, 0x3C5305C14160CC89, 0x3FEFF3C22B8F71F1,
], 16);

/** All ones in the lanes on exp_lut's main path (see EXP_TINY); NaN is not. */
// @ts-ignore: decorator
@inline export function expMainLanes(x: v128): v128 {
  const a = f64x2.abs(x);
  return v128.and(f64x2.ge(a, ek(E.TINY)), f64x2.lt(a, ek(E.BIG)));
}

/** Every lane on exp_lut's main path. */
// @ts-ignore: decorator
@inline function expInRange(x: v128): bool { return i64x2.all_true(expMainLanes(x)); }

/** exp_lut's main path on both lanes, bit for bit vexp; the caller guarantees every lane is on it (expMainLanes). */
// @ts-ignore: decorator
@inline export function expMain(x: v128): v128 {
  // z + shift keeps k = round(z) in its low mantissa bits (ki); minus shift it is k as a double
  const shifted = add(mul(ek(E.INV_LN2N), x), ek(E.SHIFT));
  const kd = sub(shifted, ek(E.SHIFT));
  const r = add(add(x, mul(kd, ek(E.NEG_LN2_HI_N))), mul(kd, ek(E.NEG_LN2_LO_N)));
  const t0 = v128.load(EXP_TABLE + (<usize>(i32x4.extract_lane(shifted, 0) & 127) << 4));
  const t1 = v128.load(EXP_TABLE + (<usize>(i32x4.extract_lane(shifted, 2) & 127) << 4));
  const tail = i64x2.shuffle(t0, t1, 0, 2);
  const scale = i64x2.add(i64x2.shuffle(t0, t1, 1, 3), i64x2.shl(shifted, 45));
  const r2 = mul(r, r);
  const tmp = add(add(add(tail, r), mul(r2, add(ek(E.C2), mul(r, ek(E.C3))))), mul(mul(r2, r2), add(ek(E.C4), mul(r, ek(E.C5)))));
  return add(scale, mul(scale, tmp));
}

/** exp of each lane, bit for bit Math.exp. */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  if (expInRange(x)) return expMain(x);
  return f64x2(Math.exp(f64x2.extract_lane(x, 0)), Math.exp(f64x2.extract_lane(x, 1)));
}
