// The names of the language: functions (with their argument counts and opcodes), constants and variables, and
// the nearest known name for a misspelt one (edit distance, letters compared without case).

import { Op, arity } from "./ops";

/** Function names, in the order metadata() lists them. */
export const FUNCTION_NAMES: StaticArray<string> = [
  "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "cbrt", "abs", "floor", "ceil", "sign",
  "atan2", "pow", "hypot", "min", "max", "if",
];
const FUNCTION_OPS: StaticArray<i32> = [
  Op.SIN, Op.COS, Op.TAN, Op.ASIN, Op.ACOS, Op.ATAN, Op.SINH, Op.COSH, Op.TANH, Op.ASINH, Op.ACOSH, Op.ATANH,
  Op.EXP, Op.EXPM1, Op.LOG, Op.LOG1P, Op.LOG2, Op.LOG10, Op.SQRT, Op.CBRT, Op.ABS, Op.FLOOR, Op.CEIL, Op.SIGN,
  Op.ATAN2, Op.POW, Op.HYPOT, Op.MIN, Op.MAX, Op.IF,
];
export const FUNCTION_COUNT: i32 = 30;

/** Names of values: the two variables, then the constants (π is also a constant, spelt in Greek). */
export const VALUE_NAMES: StaticArray<string> = ["x", "y", "pi", "e"];
export const NAME_X: i32 = 0;
export const NAME_Y: i32 = 1;
export const NAME_PI: i32 = 2;
export const NAME_E: i32 = 3;

export function functionOp(index: i32): i32 { return unchecked(FUNCTION_OPS[index]); }

/** Arguments function `index` takes. */
export function functionArity(index: i32): i32 {
  return arity(unchecked(FUNCTION_OPS[index]));
}

/** Whether the `len` bytes at ptr spell `name` exactly. */
function spells(ptr: usize, len: i32, name: string): bool {
  if (len != name.length) return false;
  const p = changetype<usize>(name);
  for (let i = 0; i < len; i++) if (<u32>load<u8>(ptr + <usize>i) != <u32>load<u16>(p + (<usize>i << 1))) return false;
  return true;
}

/** Index of the function the bytes name, or −1. */
export function findFunction(ptr: usize, len: i32): i32 {
  for (let i = 0; i < FUNCTION_COUNT; i++) if (spells(ptr, len, unchecked(FUNCTION_NAMES[i]))) return i;
  return -1;
}

/** Index in VALUE_NAMES of the value the bytes name (π counts as pi), or −1. */
export function findValue(ptr: usize, len: i32): i32 {
  if (len == 2 && load<u8>(ptr) == 0xcf && load<u8>(ptr, 1) == 0x80) return NAME_PI; // π, U+03C0
  for (let i = 0; i < 4; i++) if (spells(ptr, len, unchecked(VALUE_NAMES[i]))) return i;
  return -1;
}

// @ts-ignore: decorator
@inline function lower(c: u32): u32 { return c - 65 < 26 ? c + 32 : c; }

const ROW: usize = memory.data(4 * 64, 16);
const LONGEST_COMPARED: i32 = 48;

/** Levenshtein distance between the bytes and `name`, letters compared without case (ASCII names only). */
function distance(ptr: usize, len: i32, name: string): i32 {
  if (len > LONGEST_COMPARED) return 1 << 20;
  const m = name.length;
  const p = changetype<usize>(name);
  for (let j = 0; j <= m; j++) store<i32>(ROW + (<usize>j << 2), j);
  for (let i = 1; i <= len; i++) {
    let diagonal = load<i32>(ROW); // D[i-1][0]
    store<i32>(ROW, i);
    const a = lower(<u32>load<u8>(ptr + <usize>(i - 1)));
    for (let j = 1; j <= m; j++) {
      const up = load<i32>(ROW + (<usize>j << 2)); // D[i-1][j]
      const left = load<i32>(ROW + (<usize>(j - 1) << 2)); // D[i][j-1]
      const b = lower(<u32>load<u16>(p + (<usize>(j - 1) << 1)));
      const d = min(min(up + 1, left + 1), diagonal + (a == b ? 0 : 1));
      diagonal = up;
      store<i32>(ROW + (<usize>j << 2), d);
    }
  }
  return load<i32>(ROW + (<usize>m << 2));
}

/** How far a suggestion may be: one edit for short names, two for names of four letters or more. */
// @ts-ignore: decorator
@inline function near(d: i32, len: i32): bool { return d == 0 || (d <= 1 && len >= 2) || (d <= 2 && len >= 4); }

/** The function nearest to the bytes (first in table order on a tie), or −1 if none is near. */
export function nearestFunction(ptr: usize, len: i32): i32 {
  let best = -1;
  let bestD = 1 << 20;
  for (let i = 0; i < FUNCTION_COUNT; i++) {
    const d = distance(ptr, len, unchecked(FUNCTION_NAMES[i]));
    if (d < bestD) { bestD = d; best = i; }
  }
  return best >= 0 && near(bestD, len) ? best : -1;
}

/**
 * The value name a misspelt one probably meant: x or y only when the case differs (X, Y); pi and e when the
 * case differs or pi is one edit away (pii, PI, Pi); −1 otherwise. allowVariables false: constants only.
 */
export function nearestValue(ptr: usize, len: i32, allowVariables: bool): i32 {
  for (let i = allowVariables ? 0 : 2; i < 4; i++) if (distance(ptr, len, unchecked(VALUE_NAMES[i])) == 0) return i;
  if (len >= 2 && distance(ptr, len, "pi") <= 1) return NAME_PI;
  return -1;
}
