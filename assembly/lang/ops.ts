// The opcode table: what each operation of the language computes, once for one double (`s`, the scalar build and
// the domain's bounds in both builds) and once for an f64x2 pair (`v`, the simd build). `v` is `s` lane by lane
// wherever it is not one IEEE-754 operation of its own: the wasm SIMD add/sub/mul/div/sqrt/abs/neg/floor/ceil/
// min/max and comparisons round exactly like their scalar forms, sin and cos are vmath's vsin/vcos (the simd
// catalog's own), exp is vmath's vexp (Math.exp's own operations on two lanes), everything else calls
// AssemblyScript's Math (musl-derived, compiled in) for each lane.
//
// execute() runs an instruction over a block: `count` elements (doubles in the scalar build, pairs in the simd
// build) read from operand pointers that advance by their step (one element, or 0 for a value that is the same
// at every point: a constant or something of x alone), so the dispatch is paid once per block. executeSum runs
// the block program's last instruction into the row sum; the op codes from FUSED on are sin, cos and exp with the
// add, subtract or multiply of their operand fused in. None of it changes a bit: each value is computed by the
// same operations in the same order as by the plain instructions one after the other.

import { twoSumError, twoSumErrorV } from "../sum";
import { expMain, expMainLanes, laneOneOdd, notKnown4, outOfRange4, sinCosKnown, vcos, vexp, vsin, vsinCos } from "../vmath";

export const enum Op {
  // leaves of the parsed program (never executed)
  NUM = 0, X = 1, Y = 2,
  // one operand
  NEG = 3, SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH, TANH, ASINH, ACOSH, ATANH,
  EXP, EXPM1, LOG, LOG1P, LOG2, LOG10, SQRT, CBRT, ABS, FLOOR, CEIL, SIGN,
  /** a·a: what Math.pow(a, 2) computes (AssemblyScript's pow returns x * x for y == 2), chosen by the compiler */
  SQUARE,
  // two operands
  ADD, SUB, MUL, DIV, POW, ATAN2, HYPOT, MIN, MAX, LT, LE, GT, GE, EQ, NE,
  // three
  IF,
  COUNT,
}

/** Operands op takes (leaves 0). */
export function arity(op: i32): i32 {
  if (op <= Op.Y) return 0;
  if (op <= Op.SQUARE) return 1;
  if (op <= Op.NE) return 2;
  return 3;
}

// One class per operation: s (scalar) and v (pair). @inline, resolved at compile time through generics.
@final class Neg { @inline s(a: f64): f64 { return -a; } @inline v(a: v128): v128 { return f64x2.neg(a); } }
@final class Sin { @inline s(a: f64): f64 { return Math.sin(a); } @inline v(a: v128): v128 { return vsin(a); } }
@final class Cos { @inline s(a: f64): f64 { return Math.cos(a); } @inline v(a: v128): v128 { return vcos(a); } }
@final class Sqrt { @inline s(a: f64): f64 { return Math.sqrt(a); } @inline v(a: v128): v128 { return f64x2.sqrt(a); } }
@final class Abs { @inline s(a: f64): f64 { return Math.abs(a); } @inline v(a: v128): v128 { return f64x2.abs(a); } }
@final class Floor { @inline s(a: f64): f64 { return Math.floor(a); } @inline v(a: v128): v128 { return f64x2.floor(a); } }
@final class Ceil { @inline s(a: f64): f64 { return Math.ceil(a); } @inline v(a: v128): v128 { return f64x2.ceil(a); } }
@final class Square { @inline s(a: f64): f64 { return a * a; } @inline v(a: v128): v128 { return f64x2.mul(a, a); } }
@final class Tan { @inline s(a: f64): f64 { return Math.tan(a); } @inline v(a: v128): v128 { return f64x2(Math.tan(f64x2.extract_lane(a, 0)), Math.tan(f64x2.extract_lane(a, 1))); } }
@final class Asin { @inline s(a: f64): f64 { return Math.asin(a); } @inline v(a: v128): v128 { return f64x2(Math.asin(f64x2.extract_lane(a, 0)), Math.asin(f64x2.extract_lane(a, 1))); } }
@final class Acos { @inline s(a: f64): f64 { return Math.acos(a); } @inline v(a: v128): v128 { return f64x2(Math.acos(f64x2.extract_lane(a, 0)), Math.acos(f64x2.extract_lane(a, 1))); } }
@final class Atan { @inline s(a: f64): f64 { return Math.atan(a); } @inline v(a: v128): v128 { return f64x2(Math.atan(f64x2.extract_lane(a, 0)), Math.atan(f64x2.extract_lane(a, 1))); } }
@final class Sinh { @inline s(a: f64): f64 { return Math.sinh(a); } @inline v(a: v128): v128 { return f64x2(Math.sinh(f64x2.extract_lane(a, 0)), Math.sinh(f64x2.extract_lane(a, 1))); } }
@final class Cosh { @inline s(a: f64): f64 { return Math.cosh(a); } @inline v(a: v128): v128 { return f64x2(Math.cosh(f64x2.extract_lane(a, 0)), Math.cosh(f64x2.extract_lane(a, 1))); } }
@final class Tanh { @inline s(a: f64): f64 { return Math.tanh(a); } @inline v(a: v128): v128 { return f64x2(Math.tanh(f64x2.extract_lane(a, 0)), Math.tanh(f64x2.extract_lane(a, 1))); } }
@final class Asinh { @inline s(a: f64): f64 { return Math.asinh(a); } @inline v(a: v128): v128 { return f64x2(Math.asinh(f64x2.extract_lane(a, 0)), Math.asinh(f64x2.extract_lane(a, 1))); } }
@final class Acosh { @inline s(a: f64): f64 { return Math.acosh(a); } @inline v(a: v128): v128 { return f64x2(Math.acosh(f64x2.extract_lane(a, 0)), Math.acosh(f64x2.extract_lane(a, 1))); } }
@final class Atanh { @inline s(a: f64): f64 { return Math.atanh(a); } @inline v(a: v128): v128 { return f64x2(Math.atanh(f64x2.extract_lane(a, 0)), Math.atanh(f64x2.extract_lane(a, 1))); } }
@final class Exp { @inline s(a: f64): f64 { return Math.exp(a); } @inline v(a: v128): v128 { return vexp(a); } }
@final class Expm1 { @inline s(a: f64): f64 { return Math.expm1(a); } @inline v(a: v128): v128 { return f64x2(Math.expm1(f64x2.extract_lane(a, 0)), Math.expm1(f64x2.extract_lane(a, 1))); } }
@final class Log { @inline s(a: f64): f64 { return Math.log(a); } @inline v(a: v128): v128 { return f64x2(Math.log(f64x2.extract_lane(a, 0)), Math.log(f64x2.extract_lane(a, 1))); } }
@final class Log1p { @inline s(a: f64): f64 { return Math.log1p(a); } @inline v(a: v128): v128 { return f64x2(Math.log1p(f64x2.extract_lane(a, 0)), Math.log1p(f64x2.extract_lane(a, 1))); } }
@final class Log2 { @inline s(a: f64): f64 { return Math.log2(a); } @inline v(a: v128): v128 { return f64x2(Math.log2(f64x2.extract_lane(a, 0)), Math.log2(f64x2.extract_lane(a, 1))); } }
@final class Log10 { @inline s(a: f64): f64 { return Math.log10(a); } @inline v(a: v128): v128 { return f64x2(Math.log10(f64x2.extract_lane(a, 0)), Math.log10(f64x2.extract_lane(a, 1))); } }
@final class Cbrt { @inline s(a: f64): f64 { return Math.cbrt(a); } @inline v(a: v128): v128 { return f64x2(Math.cbrt(f64x2.extract_lane(a, 0)), Math.cbrt(f64x2.extract_lane(a, 1))); } }
@final class Sign { @inline s(a: f64): f64 { return Math.sign(a); } @inline v(a: v128): v128 { return f64x2(Math.sign(f64x2.extract_lane(a, 0)), Math.sign(f64x2.extract_lane(a, 1))); } }

@final class Add { @inline s(a: f64, b: f64): f64 { return a + b; } @inline v(a: v128, b: v128): v128 { return f64x2.add(a, b); } }
@final class Sub { @inline s(a: f64, b: f64): f64 { return a - b; } @inline v(a: v128, b: v128): v128 { return f64x2.sub(a, b); } }
@final class Mul { @inline s(a: f64, b: f64): f64 { return a * b; } @inline v(a: v128, b: v128): v128 { return f64x2.mul(a, b); } }
@final class Div { @inline s(a: f64, b: f64): f64 { return a / b; } @inline v(a: v128, b: v128): v128 { return f64x2.div(a, b); } }
@final class Min { @inline s(a: f64, b: f64): f64 { return Math.min(a, b); } @inline v(a: v128, b: v128): v128 { return f64x2.min(a, b); } }
@final class Max { @inline s(a: f64, b: f64): f64 { return Math.max(a, b); } @inline v(a: v128, b: v128): v128 { return f64x2.max(a, b); } }
@final class Pow { @inline s(a: f64, b: f64): f64 { return Math.pow(a, b); } @inline v(a: v128, b: v128): v128 { return f64x2(Math.pow(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0)), Math.pow(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1))); } }
@final class Atan2 { @inline s(a: f64, b: f64): f64 { return Math.atan2(a, b); } @inline v(a: v128, b: v128): v128 { return f64x2(Math.atan2(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0)), Math.atan2(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1))); } }
@final class Hypot { @inline s(a: f64, b: f64): f64 { return Math.hypot(a, b); } @inline v(a: v128, b: v128): v128 { return f64x2(Math.hypot(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0)), Math.hypot(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1))); } }
// Comparisons give 1 or 0 (the all-ones mask and-ed with 1.0 in the pair form).
@final class Lt { @inline s(a: f64, b: f64): f64 { return a < b ? 1.0 : 0.0; } @inline v(a: v128, b: v128): v128 { return v128.and(f64x2.lt(a, b), f64x2.splat(1.0)); } }
@final class Le { @inline s(a: f64, b: f64): f64 { return a <= b ? 1.0 : 0.0; } @inline v(a: v128, b: v128): v128 { return v128.and(f64x2.le(a, b), f64x2.splat(1.0)); } }
@final class Gt { @inline s(a: f64, b: f64): f64 { return a > b ? 1.0 : 0.0; } @inline v(a: v128, b: v128): v128 { return v128.and(f64x2.gt(a, b), f64x2.splat(1.0)); } }
@final class Ge { @inline s(a: f64, b: f64): f64 { return a >= b ? 1.0 : 0.0; } @inline v(a: v128, b: v128): v128 { return v128.and(f64x2.ge(a, b), f64x2.splat(1.0)); } }
@final class Eq { @inline s(a: f64, b: f64): f64 { return a == b ? 1.0 : 0.0; } @inline v(a: v128, b: v128): v128 { return v128.and(f64x2.eq(a, b), f64x2.splat(1.0)); } }
@final class Ne { @inline s(a: f64, b: f64): f64 { return a != b ? 1.0 : 0.0; } @inline v(a: v128, b: v128): v128 { return v128.and(f64x2.ne(a, b), f64x2.splat(1.0)); } }

/** if(c, a, b): a where c ≠ 0 (NaN ≠ 0 too, as IEEE-754 has it), else b; the other side is dropped whole. */
// @ts-ignore: decorator
@inline function ifS(c: f64, a: f64, b: f64): f64 { return c != 0 ? a : b; }
// @ts-ignore: decorator
@inline function ifV(c: v128, a: v128, b: v128): v128 { return v128.bitselect(a, b, f64x2.ne(c, f64x2.splat(0.0))); }

/** Bytes per element: a double, or a pair of them. */
export const ELEMENT: i32 = ASC_FEATURE_SIMD ? 16 : 8;

// Every loop below has two forms, chosen by `sum`, a constant at each call (so each form is its own loop):
//   store  d[k] = value, d a block register;
//   sum    the values are added, in k order, into the row's running TwoSum pair (s, c) kept at d (two elements:
//          s, then c), exactly as eval.ts's row sum adds them — the block program's last instruction runs so, and
//          its values never go through memory.

// An instruction's one operand may be the value of an add, subtract or multiply fused into it (program.ts): the
// operand is then computed in the loop from that operation's two operands, as the operation would have stored
// it, and never goes through memory. NoPre reads the operand as it is.
@final class NoPre {
  @inline v(a: usize, b: usize): v128 { return v128.load(a); }
  @inline s(a: usize, b: usize): f64 { return load<f64>(a); }
}
@final class PreAdd {
  @inline v(a: usize, b: usize): v128 { return f64x2.add(v128.load(a), v128.load(b)); }
  @inline s(a: usize, b: usize): f64 { return load<f64>(a) + load<f64>(b); }
}
@final class PreSub {
  @inline v(a: usize, b: usize): v128 { return f64x2.sub(v128.load(a), v128.load(b)); }
  @inline s(a: usize, b: usize): f64 { return load<f64>(a) - load<f64>(b); }
}
@final class PreMul {
  @inline v(a: usize, b: usize): v128 { return f64x2.mul(v128.load(a), v128.load(b)); }
  @inline s(a: usize, b: usize): f64 { return load<f64>(a) * load<f64>(b); }
}

// @ts-ignore: decorator
@inline function loop1<F, P>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  const f = changetype<F>(0);
  const pre = changetype<P>(0);
  if (ASC_FEATURE_SIMD) {
    let s = sum ? v128.load(d) : f64x2.splat(0.0);
    let c = sum ? v128.load(d, 16) : f64x2.splat(0.0);
    for (let k = 0; k < n; k++) {
      const v = f.v(pre.v(a, b));
      if (sum) { c = f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v))); s = f64x2.add(s, v); } else { v128.store(d, v); d += 16; }
      a += sa; b += sb;
    }
    if (sum) { v128.store(d, s); v128.store(d, c, 16); }
  } else {
    let s = sum ? load<f64>(d) : 0.0;
    let c = sum ? load<f64>(d, 8) : 0.0;
    for (let k = 0; k < n; k++) {
      const v = f.s(pre.s(a, b));
      if (sum) { const t = s + v; c += twoSumError(s, v, t); s = t; } else { store<f64>(d, v); d += 8; }
      a += sa; b += sb;
    }
    if (sum) { store<f64>(d, s); store<f64>(d, c, 8); }
  }
}

// @ts-ignore: decorator
@inline function loop2<F>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  const f = changetype<F>(0);
  if (ASC_FEATURE_SIMD) {
    let s = sum ? v128.load(d) : f64x2.splat(0.0);
    let c = sum ? v128.load(d, 16) : f64x2.splat(0.0);
    for (let k = 0; k < n; k++) {
      const v = f.v(v128.load(a), v128.load(b));
      if (sum) { c = f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v))); s = f64x2.add(s, v); } else { v128.store(d, v); d += 16; }
      a += sa; b += sb;
    }
    if (sum) { v128.store(d, s); v128.store(d, c, 16); }
  } else {
    let s = sum ? load<f64>(d) : 0.0;
    let c = sum ? load<f64>(d, 8) : 0.0;
    for (let k = 0; k < n; k++) {
      const v = f.s(load<f64>(a), load<f64>(b));
      if (sum) { const t = s + v; c += twoSumError(s, v, t); s = t; } else { store<f64>(d, v); d += 8; }
      a += sa; b += sb;
    }
    if (sum) { store<f64>(d, s); store<f64>(d, c, 8); }
  }
}

// @ts-ignore: decorator
@inline function loopIf(sum: bool, d: usize, c: usize, sc: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    let s = sum ? v128.load(d) : f64x2.splat(0.0);
    let e = sum ? v128.load(d, 16) : f64x2.splat(0.0);
    for (let k = 0; k < n; k++) {
      const v = ifV(v128.load(c), v128.load(a), v128.load(b));
      if (sum) { e = f64x2.add(e, twoSumErrorV(s, v, f64x2.add(s, v))); s = f64x2.add(s, v); } else { v128.store(d, v); d += 16; }
      c += sc; a += sa; b += sb;
    }
    if (sum) { v128.store(d, s); v128.store(d, e, 16); }
  } else {
    let s = sum ? load<f64>(d) : 0.0;
    let e = sum ? load<f64>(d, 8) : 0.0;
    for (let k = 0; k < n; k++) {
      const v = ifS(load<f64>(c), load<f64>(a), load<f64>(b));
      if (sum) { const t = s + v; e += twoSumError(s, v, t); s = t; } else { store<f64>(d, v); d += 8; }
      c += sc; a += sa; b += sb;
    }
    if (sum) { store<f64>(d, s); store<f64>(d, e, 8); }
  }
}

// sin and cos over a block, simd build. The catalog rows' branch-free path (rule.ts knownBlock), over memory:
// groups of four pairs; a group whose every lane is in range, away from the multiples of π/2 and in a quadrant
// of the current parity takes sinCosKnown (one reduction step, one polynomial, no branch per pair), any other
// group the checked vsinCos. Each lane is vsin/vcos's value either way (vmath.ts), so the choice changes speed,
// never a bit. One loop per parity, each with its polynomial fixed, as in rule.ts.

/**
 * Groups from element k on with sinCosKnown(·, shift, odd) while every lane of the group allows it; the element
 * it stopped at. Sums into (s, c) at d in sum mode.
 *
 * Map of the loop, per group of four pairs: 4 operands (loaded, or the fused add/sub/mul computed) → one test
 * (notKnown4: one reduction step is exact enough and every quadrant has the parity `odd`; outOfRange4) → leave at
 * the first group that fails → 4 × sinCosKnown (one Cody–Waite step, the one polynomial, the sign) → 4 TwoSums
 * into (s, c), or 4 stores. No branch per pair, so the engine overlaps the four polynomials. Measured (simd, Node
 * 20, here): sin(y) as fast as the catalog's sin(x+y) row; sin(y + x) (fused add) 1.06× it.
 */
// @ts-ignore: decorator
@inline function knownTrig<P>(sum: bool, shift: i64, odd: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, k: i32, n: i32): i32 {
  const pre = changetype<P>(0);
  let s = sum ? v128.load(d) : f64x2.splat(0.0);
  let c = sum ? v128.load(d, 16) : f64x2.splat(0.0);
  let pa = a + <usize>k * sa;
  let pb = b + <usize>k * sb;
  let pd = d + (<usize>k << 4);
  for (; k + 4 <= n; k += 4) {
    const x0 = pre.v(pa, pb);
    const x1 = pre.v(pa + sa, pb + sb);
    const x2 = pre.v(pa + 2 * sa, pb + 2 * sb);
    const x3 = pre.v(pa + 3 * sa, pb + 3 * sb);
    if (i64x2.bitmask(v128.or(notKnown4(x0, x1, x2, x3, shift, odd), outOfRange4(x0, x1, x2, x3))) != 0) break;
    const v0 = sinCosKnown(x0, shift, odd);
    const v1 = sinCosKnown(x1, shift, odd);
    const v2 = sinCosKnown(x2, shift, odd);
    const v3 = sinCosKnown(x3, shift, odd);
    if (sum) {
      c = f64x2.add(c, twoSumErrorV(s, v0, f64x2.add(s, v0))); s = f64x2.add(s, v0);
      c = f64x2.add(c, twoSumErrorV(s, v1, f64x2.add(s, v1))); s = f64x2.add(s, v1);
      c = f64x2.add(c, twoSumErrorV(s, v2, f64x2.add(s, v2))); s = f64x2.add(s, v2);
      c = f64x2.add(c, twoSumErrorV(s, v3, f64x2.add(s, v3))); s = f64x2.add(s, v3);
    } else {
      v128.store(pd, v0); v128.store(pd, v1, 16); v128.store(pd, v2, 32); v128.store(pd, v3, 48);
      pd += 64;
    }
    pa += 4 * sa;
    pb += 4 * sb;
  }
  if (sum) { v128.store(d, s); v128.store(d, c, 16); }
  return k;
}

/** Elements k ≤ · < end with the checked vsinCos; a guess at the parity of the element after them. */
// @ts-ignore: decorator
@inline function checkedTrig<P>(sum: bool, shift: i64, d: usize, a: usize, sa: usize, b: usize, sb: usize, k: i32, end: i32): bool {
  const pre = changetype<P>(0);
  let s = sum ? v128.load(d) : f64x2.splat(0.0);
  let c = sum ? v128.load(d, 16) : f64x2.splat(0.0);
  let pa = a + <usize>k * sa;
  let pb = b + <usize>k * sb;
  let pd = d + (<usize>k << 4);
  let x = f64x2.splat(0.0);
  for (; k < end; k++) {
    x = pre.v(pa, pb);
    const v = vsinCos(x, shift);
    if (sum) { c = f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v))); s = f64x2.add(s, v); } else { v128.store(pd, v); pd += 16; }
    pa += sa;
    pb += sb;
  }
  if (sum) { v128.store(d, s); v128.store(d, c, 16); }
  return laneOneOdd(x, shift);
}

// @ts-ignore: decorator
@inline function loopTrig<P>(sum: bool, shift: i64, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  let k = 0;
  let odd = false;
  while (k + 4 <= n) {
    // two ifs, not if/else: binaryen folds the arms of an if/else that differ in a constant into one loop that
    // branches on the parity per vector again
    if (!odd) k = knownTrig<P>(sum, shift, false, d, a, sa, b, sb, k, n);
    if (odd) k = knownTrig<P>(sum, shift, true, d, a, sa, b, sb, k, n);
    if (k + 4 > n) break;
    odd = checkedTrig<P>(sum, shift, d, a, sa, b, sb, k, k + 4);
    k += 4;
  }
  if (k < n) checkedTrig<P>(sum, shift, d, a, sa, b, sb, k, n);
}

// exp over a block, simd build: groups of four pairs whose every lane is on exp_lut's main path take expMain with
// one test per group; other groups, and the elements left after the last group, vexp (the same bits).
// Map of the loop, per group: 4 operands (loaded, or the fused add/sub/mul) → 4 main-path masks and-ed, one branch
// → 4 × expMain (shifter rounding, two 16-byte table loads per pair, the polynomial, scale + scale·tmp) → 4
// TwoSums or 4 stores. One branch per group instead of one per pair took the Gaussian from 3.3 to 2.4 ns/eval.
// @ts-ignore: decorator
@inline function loopExp<P>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  const pre = changetype<P>(0);
  let s = sum ? v128.load(d) : f64x2.splat(0.0);
  let c = sum ? v128.load(d, 16) : f64x2.splat(0.0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const x0 = pre.v(a, b);
    const x1 = pre.v(a + sa, b + sb);
    const x2 = pre.v(a + 2 * sa, b + 2 * sb);
    const x3 = pre.v(a + 3 * sa, b + 3 * sb);
    let v0: v128, v1: v128, v2: v128, v3: v128;
    if (i64x2.all_true(v128.and(v128.and(expMainLanes(x0), expMainLanes(x1)), v128.and(expMainLanes(x2), expMainLanes(x3))))) {
      v0 = expMain(x0); v1 = expMain(x1); v2 = expMain(x2); v3 = expMain(x3);
    } else {
      v0 = vexp(x0); v1 = vexp(x1); v2 = vexp(x2); v3 = vexp(x3);
    }
    if (sum) {
      c = f64x2.add(c, twoSumErrorV(s, v0, f64x2.add(s, v0))); s = f64x2.add(s, v0);
      c = f64x2.add(c, twoSumErrorV(s, v1, f64x2.add(s, v1))); s = f64x2.add(s, v1);
      c = f64x2.add(c, twoSumErrorV(s, v2, f64x2.add(s, v2))); s = f64x2.add(s, v2);
      c = f64x2.add(c, twoSumErrorV(s, v3, f64x2.add(s, v3))); s = f64x2.add(s, v3);
    } else {
      v128.store(d, v0); v128.store(d, v1, 16); v128.store(d, v2, 32); v128.store(d, v3, 48);
      d += 64;
    }
    a += 4 * sa;
    b += 4 * sb;
  }
  for (; k < n; k++) {
    const v = vexp(pre.v(a, b));
    if (sum) { c = f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v))); s = f64x2.add(s, v); } else { v128.store(d, v); d += 16; }
    a += sa;
    b += sb;
  }
  if (sum) { v128.store(d, s); v128.store(d, c, 16); }
}
// @ts-ignore: decorator
@inline function expOf<P>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (!ASC_FEATURE_SIMD) fused1<Exp, P>(sum, d, a, sa, b, sb, n);
  else if (sum) loopExp<P>(true, d, a, sa, b, sb, n);
  else loopExp<P>(false, d, a, sa, b, sb, n);
}

// Each operation's loops are a function of their own, reached through a table (so that none is inlined into
// another: one small function per loop is what the engines' register allocators handle best, as rule.ts found
// for the catalog rows); `sum` picks the form at the top, so each form is still its own loop.
// @ts-ignore: decorator
@inline function run1<F>(sum: bool, d: usize, a: usize, sa: usize, n: i32): void {
  if (sum) loop1<F, NoPre>(true, d, a, sa, a, 0, n); else loop1<F, NoPre>(false, d, a, sa, a, 0, n);
}
// @ts-ignore: decorator
@inline function fused1<F, P>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (sum) loop1<F, P>(true, d, a, sa, b, sb, n); else loop1<F, P>(false, d, a, sa, b, sb, n);
}
// @ts-ignore: decorator
@inline function run2<F>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (sum) loop2<F>(true, d, a, sa, b, sb, n); else loop2<F>(false, d, a, sa, b, sb, n);
}
// @ts-ignore: decorator
@inline function trig<P>(sum: bool, shift: i64, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (sum) loopTrig<P>(true, shift, d, a, sa, b, sb, n); else loopTrig<P>(false, shift, d, a, sa, b, sb, n);
}
// @ts-ignore: decorator
@inline function sinOf<P>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) trig<P>(sum, 0, d, a, sa, b, sb, n); else fused1<Sin, P>(sum, d, a, sa, b, sb, n);
}
// @ts-ignore: decorator
@inline function cosOf<P>(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) trig<P>(sum, 1, d, a, sa, b, sb, n); else fused1<Cos, P>(sum, d, a, sa, b, sb, n);
}

function opNeg(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Neg>(sum, d, a, sa, n); }
function opSin(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { sinOf<NoPre>(sum, d, a, sa, a, 0, n); }
function opCos(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { cosOf<NoPre>(sum, d, a, sa, a, 0, n); }
function opTan(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Tan>(sum, d, a, sa, n); }
function opAsin(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Asin>(sum, d, a, sa, n); }
function opAcos(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Acos>(sum, d, a, sa, n); }
function opAtan(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Atan>(sum, d, a, sa, n); }
function opSinh(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Sinh>(sum, d, a, sa, n); }
function opCosh(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Cosh>(sum, d, a, sa, n); }
function opTanh(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Tanh>(sum, d, a, sa, n); }
function opAsinh(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Asinh>(sum, d, a, sa, n); }
function opAcosh(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Acosh>(sum, d, a, sa, n); }
function opAtanh(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Atanh>(sum, d, a, sa, n); }
function opExp(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { expOf<NoPre>(sum, d, a, sa, a, 0, n); }
function opExpm1(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Expm1>(sum, d, a, sa, n); }
function opLog(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Log>(sum, d, a, sa, n); }
function opLog1p(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Log1p>(sum, d, a, sa, n); }
function opLog2(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Log2>(sum, d, a, sa, n); }
function opLog10(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Log10>(sum, d, a, sa, n); }
function opSqrt(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Sqrt>(sum, d, a, sa, n); }
function opCbrt(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Cbrt>(sum, d, a, sa, n); }
function opAbs(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Abs>(sum, d, a, sa, n); }
function opFloor(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Floor>(sum, d, a, sa, n); }
function opCeil(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Ceil>(sum, d, a, sa, n); }
function opSign(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Sign>(sum, d, a, sa, n); }
function opSquare(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run1<Square>(sum, d, a, sa, n); }
function opAdd(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Add>(sum, d, a, sa, b, sb, n); }
function opSub(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Sub>(sum, d, a, sa, b, sb, n); }
function opMul(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Mul>(sum, d, a, sa, b, sb, n); }
function opDiv(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Div>(sum, d, a, sa, b, sb, n); }
function opPow(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Pow>(sum, d, a, sa, b, sb, n); }
function opAtan2(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Atan2>(sum, d, a, sa, b, sb, n); }
function opHypot(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Hypot>(sum, d, a, sa, b, sb, n); }
function opMin(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Min>(sum, d, a, sa, b, sb, n); }
function opMax(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Max>(sum, d, a, sa, b, sb, n); }
function opLt(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Lt>(sum, d, a, sa, b, sb, n); }
function opLe(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Le>(sum, d, a, sa, b, sb, n); }
function opGt(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Gt>(sum, d, a, sa, b, sb, n); }
function opGe(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Ge>(sum, d, a, sa, b, sb, n); }
function opEq(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Eq>(sum, d, a, sa, b, sb, n); }
function opNe(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { run2<Ne>(sum, d, a, sa, b, sb, n); }
function opIf(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { if (sum) loopIf(true, d, a, sa, b, sb, c, sc, n); else loopIf(false, d, a, sa, b, sb, c, sc, n); }

/** The loops by op, from Op.NEG on. */
const LOOPS: StaticArray<(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32) => void> = [
  opNeg, opSin, opCos, opTan, opAsin, opAcos, opAtan, opSinh, opCosh, opTanh, opAsinh, opAcosh, opAtanh, opExp, opExpm1, opLog, opLog1p, opLog2, opLog10, opSqrt, opCbrt, opAbs, opFloor, opCeil, opSign, opSquare, opAdd, opSub, opMul, opDiv, opPow, opAtan2, opHypot, opMin, opMax, opLt, opLe, opGt, opGe, opEq, opNe, opIf,
];

// The fused forms (program.ts): sin, cos and exp of an add, a subtract or a multiply.
function opSinAdd(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { sinOf<PreAdd>(sum, d, a, sa, b, sb, n); }
function opSinSub(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { sinOf<PreSub>(sum, d, a, sa, b, sb, n); }
function opSinMul(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { sinOf<PreMul>(sum, d, a, sa, b, sb, n); }
function opCosAdd(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { cosOf<PreAdd>(sum, d, a, sa, b, sb, n); }
function opCosSub(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { cosOf<PreSub>(sum, d, a, sa, b, sb, n); }
function opCosMul(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { cosOf<PreMul>(sum, d, a, sa, b, sb, n); }
function opExpAdd(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { expOf<PreAdd>(sum, d, a, sa, b, sb, n); }
function opExpSub(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { expOf<PreSub>(sum, d, a, sa, b, sb, n); }
function opExpMul(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void { expOf<PreMul>(sum, d, a, sa, b, sb, n); }

/** The fused loops by fusedIndex. */
const FUSED_LOOPS: StaticArray<(sum: bool, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32) => void> = [
  opSinAdd, opSinSub, opSinMul, opCosAdd, opCosSub, opCosMul, opExpAdd, opExpSub, opExpMul,
];

/** Where op of pre (an instruction fused from pre, then op) sits among the fused loops; −1 where there is none. */
export function fusedIndex(op: i32, pre: i32): i32 {
  const u = op == Op.SIN ? 0 : op == Op.COS ? 1 : op == Op.EXP ? 2 : -1;
  const p = pre == Op.ADD ? 0 : pre == Op.SUB ? 1 : pre == Op.MUL ? 2 : -1;
  return u < 0 || p < 0 ? -1 : u * 3 + p;
}

/** Op codes from FUSED on stand for the fused forms: FUSED + fusedIndex(op, pre), operands those of pre. */
export const FUSED: i32 = 256;

/**
 * One instruction over `n` elements: d[k] = op(a[k], b[k], c[k]), each operand pointer advancing by its step
 * (ELEMENT or 0). d may be one of the operands (every element is read before it is written).
 */
export function execute(op: i32, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void {
  if (op >= FUSED) unchecked(FUSED_LOOPS[op - FUSED])(false, d, a, sa, b, sb, c, sc, n);
  else unchecked(LOOPS[op - Op.NEG])(false, d, a, sa, b, sb, c, sc, n);
}

/** The same instruction, its values added in order into the running row sum (s, c) at `state` (see above). */
export function executeSum(op: i32, state: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void {
  if (op >= FUSED) unchecked(FUSED_LOOPS[op - FUSED])(true, state, a, sa, b, sb, c, sc, n);
  else unchecked(LOOPS[op - Op.NEG])(true, state, a, sa, b, sb, c, sc, n);
}

/** The scalar value of op on (a, b, c): the domain's bounds, in both builds. */
export function scalarOp(op: i32, a: f64, b: f64, c: f64): f64 {
  switch (op) {
    case Op.NEG: return -a;
    case Op.SIN: return Math.sin(a);
    case Op.COS: return Math.cos(a);
    case Op.TAN: return Math.tan(a);
    case Op.ASIN: return Math.asin(a);
    case Op.ACOS: return Math.acos(a);
    case Op.ATAN: return Math.atan(a);
    case Op.SINH: return Math.sinh(a);
    case Op.COSH: return Math.cosh(a);
    case Op.TANH: return Math.tanh(a);
    case Op.ASINH: return Math.asinh(a);
    case Op.ACOSH: return Math.acosh(a);
    case Op.ATANH: return Math.atanh(a);
    case Op.EXP: return Math.exp(a);
    case Op.EXPM1: return Math.expm1(a);
    case Op.LOG: return Math.log(a);
    case Op.LOG1P: return Math.log1p(a);
    case Op.LOG2: return Math.log2(a);
    case Op.LOG10: return Math.log10(a);
    case Op.SQRT: return Math.sqrt(a);
    case Op.CBRT: return Math.cbrt(a);
    case Op.ABS: return Math.abs(a);
    case Op.FLOOR: return Math.floor(a);
    case Op.CEIL: return Math.ceil(a);
    case Op.SIGN: return Math.sign(a);
    case Op.SQUARE: return a * a;
    case Op.ADD: return a + b;
    case Op.SUB: return a - b;
    case Op.MUL: return a * b;
    case Op.DIV: return a / b;
    case Op.POW: return Math.pow(a, b);
    case Op.ATAN2: return Math.atan2(a, b);
    case Op.HYPOT: return Math.hypot(a, b);
    case Op.MIN: return Math.min(a, b);
    case Op.MAX: return Math.max(a, b);
    case Op.LT: return a < b ? 1.0 : 0.0;
    case Op.LE: return a <= b ? 1.0 : 0.0;
    case Op.GT: return a > b ? 1.0 : 0.0;
    case Op.GE: return a >= b ? 1.0 : 0.0;
    case Op.EQ: return a == b ? 1.0 : 0.0;
    case Op.NE: return a != b ? 1.0 : 0.0;
    case Op.IF: return ifS(a, b, c);
  }
  return NaN;
}
