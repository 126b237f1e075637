// The opcode table: what each operation of the language computes, once for one double (`s`, the scalar build and
// the domain's bounds in both builds) and once for an f64x2 pair (`v`, the simd build). `v` is `s` lane by lane
// wherever it is not one IEEE-754 operation of its own: the wasm SIMD add/sub/mul/div/sqrt/abs/neg/floor/ceil/
// min/max and comparisons round exactly like their scalar forms, sin and cos are vmath's vsin/vcos (the simd
// catalog's own), everything else calls AssemblyScript's Math (musl-derived, compiled in) for each lane.
//
// execute() runs an instruction over a block: `count` elements (doubles in the scalar build, pairs in the simd
// build) read from operand pointers that advance by their step (one element, or 0 for a value that is the same
// at every point: a constant or something of x alone), so the dispatch is paid once per block.

import { vcos, vsin } from "../vmath";

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
@final class Exp { @inline s(a: f64): f64 { return Math.exp(a); } @inline v(a: v128): v128 { return f64x2(Math.exp(f64x2.extract_lane(a, 0)), Math.exp(f64x2.extract_lane(a, 1))); } }
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

// @ts-ignore: decorator
@inline function loop1<F>(d: usize, a: usize, sa: usize, n: i32): void {
  const f = changetype<F>(0);
  if (ASC_FEATURE_SIMD) {
    for (let k = 0; k < n; k++) { v128.store(d, f.v(v128.load(a))); d += 16; a += sa; }
  } else {
    for (let k = 0; k < n; k++) { store<f64>(d, f.s(load<f64>(a))); d += 8; a += sa; }
  }
}

// @ts-ignore: decorator
@inline function loop2<F>(d: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  const f = changetype<F>(0);
  if (ASC_FEATURE_SIMD) {
    for (let k = 0; k < n; k++) { v128.store(d, f.v(v128.load(a), v128.load(b))); d += 16; a += sa; b += sb; }
  } else {
    for (let k = 0; k < n; k++) { store<f64>(d, f.s(load<f64>(a), load<f64>(b))); d += 8; a += sa; b += sb; }
  }
}

function loopIf(d: usize, c: usize, sc: usize, a: usize, sa: usize, b: usize, sb: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    for (let k = 0; k < n; k++) {
      v128.store(d, ifV(v128.load(c), v128.load(a), v128.load(b)));
      d += 16; c += sc; a += sa; b += sb;
    }
  } else {
    for (let k = 0; k < n; k++) {
      store<f64>(d, ifS(load<f64>(c), load<f64>(a), load<f64>(b)));
      d += 8; c += sc; a += sa; b += sb;
    }
  }
}

/**
 * One instruction over `n` elements: d[k] = op(a[k], b[k], c[k]), each operand pointer advancing by its step
 * (ELEMENT or 0). d may be one of the operands (every element is read before it is written).
 */
export function execute(op: i32, d: usize, a: usize, sa: usize, b: usize, sb: usize, c: usize, sc: usize, n: i32): void {
  switch (op) {
    case Op.NEG: loop1<Neg>(d, a, sa, n); break;
    case Op.SIN: loop1<Sin>(d, a, sa, n); break;
    case Op.COS: loop1<Cos>(d, a, sa, n); break;
    case Op.TAN: loop1<Tan>(d, a, sa, n); break;
    case Op.ASIN: loop1<Asin>(d, a, sa, n); break;
    case Op.ACOS: loop1<Acos>(d, a, sa, n); break;
    case Op.ATAN: loop1<Atan>(d, a, sa, n); break;
    case Op.SINH: loop1<Sinh>(d, a, sa, n); break;
    case Op.COSH: loop1<Cosh>(d, a, sa, n); break;
    case Op.TANH: loop1<Tanh>(d, a, sa, n); break;
    case Op.ASINH: loop1<Asinh>(d, a, sa, n); break;
    case Op.ACOSH: loop1<Acosh>(d, a, sa, n); break;
    case Op.ATANH: loop1<Atanh>(d, a, sa, n); break;
    case Op.EXP: loop1<Exp>(d, a, sa, n); break;
    case Op.EXPM1: loop1<Expm1>(d, a, sa, n); break;
    case Op.LOG: loop1<Log>(d, a, sa, n); break;
    case Op.LOG1P: loop1<Log1p>(d, a, sa, n); break;
    case Op.LOG2: loop1<Log2>(d, a, sa, n); break;
    case Op.LOG10: loop1<Log10>(d, a, sa, n); break;
    case Op.SQRT: loop1<Sqrt>(d, a, sa, n); break;
    case Op.CBRT: loop1<Cbrt>(d, a, sa, n); break;
    case Op.ABS: loop1<Abs>(d, a, sa, n); break;
    case Op.FLOOR: loop1<Floor>(d, a, sa, n); break;
    case Op.CEIL: loop1<Ceil>(d, a, sa, n); break;
    case Op.SIGN: loop1<Sign>(d, a, sa, n); break;
    case Op.SQUARE: loop1<Square>(d, a, sa, n); break;
    case Op.ADD: loop2<Add>(d, a, sa, b, sb, n); break;
    case Op.SUB: loop2<Sub>(d, a, sa, b, sb, n); break;
    case Op.MUL: loop2<Mul>(d, a, sa, b, sb, n); break;
    case Op.DIV: loop2<Div>(d, a, sa, b, sb, n); break;
    case Op.POW: loop2<Pow>(d, a, sa, b, sb, n); break;
    case Op.ATAN2: loop2<Atan2>(d, a, sa, b, sb, n); break;
    case Op.HYPOT: loop2<Hypot>(d, a, sa, b, sb, n); break;
    case Op.MIN: loop2<Min>(d, a, sa, b, sb, n); break;
    case Op.MAX: loop2<Max>(d, a, sa, b, sb, n); break;
    case Op.LT: loop2<Lt>(d, a, sa, b, sb, n); break;
    case Op.LE: loop2<Le>(d, a, sa, b, sb, n); break;
    case Op.GT: loop2<Gt>(d, a, sa, b, sb, n); break;
    case Op.GE: loop2<Ge>(d, a, sa, b, sb, n); break;
    case Op.EQ: loop2<Eq>(d, a, sa, b, sb, n); break;
    case Op.NE: loop2<Ne>(d, a, sa, b, sb, n); break;
    case Op.IF: loopIf(d, a, sa, b, sb, c, sc, n); break;
  }
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
