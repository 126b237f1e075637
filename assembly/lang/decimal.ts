// Decimal text → the nearest double, ties to even: exactly what JavaScript's Number(text) gives, for any number
// of digits (up to the kernel's text cap). No heap: the digits and the big integers live in static buffers.
//
// Method (the one assembly/wasi/bignum.ts used, without its arrays): short inputs take Clinger's fast path (at
// most 15 significant digits... in fact any integer m < 2^53 and |power of ten| ≤ 22: m·10^k or m/10^k is one
// correctly rounded IEEE operation on exact operands). Otherwise a guess from the first 19 digits is corrected
// one ulp at a time by exact comparisons of D·10^E with the midpoint between neighbouring doubles, in big
// integers (D: all the significant digits). The guess is within a few ulp, so a few comparisons settle it.

/** Longest digit string accepted (the caller's text cap bounds it anyway). */
export const MAX_DECIMAL_DIGITS: i32 = 4096;
/** u32 limbs per big integer: D < 10^4096 shifted by up to ~5600 bits, or 5^4500 · 2^55: < 21,000 bits. */
const LIMBS: i32 = 1024;
const BIG_X: usize = memory.data(LIMBS << 2, 16);
const BIG_Y: usize = memory.data(LIMBS << 2, 16);
const DIGITS: usize = memory.data(MAX_DECIMAL_DIGITS, 16);
/** 10^0 … 10^22: every one exact in binary64. */
const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
]);

// @ts-ignore: decorator
@inline function pow10(k: i32): f64 { return load<f64>(POW10 + (<usize>k << 3)); }
// @ts-ignore: decorator
@inline function limb(big: usize, i: i32): u32 { return load<u32>(big + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function setLimb(big: usize, i: i32, v: u32): void { store<u32>(big + (<usize>i << 2), v); }

/** big = big·f + add; returns the new length in limbs. */
function mulAdd(big: usize, len: i32, f: u32, add: u32): i32 {
  let carry: u64 = add;
  for (let i = 0; i < len; i++) {
    const p = <u64>limb(big, i) * <u64>f + carry;
    setLimb(big, i, <u32>p);
    carry = p >> 32;
  }
  if (carry != 0) { setLimb(big, len, <u32>carry); len++; }
  return len;
}

function mulPow5(big: usize, len: i32, k: i32): i32 {
  while (k >= 13) { len = mulAdd(big, len, 1220703125, 0); k -= 13; } // 5^13
  let f: u32 = 1;
  for (let i = 0; i < k; i++) f *= 5;
  return f == 1 ? len : mulAdd(big, len, f, 0);
}

/** big = big · 2^k (k ≥ 0); returns the new length. */
function shl(big: usize, len: i32, k: i32): i32 {
  if (len == 0 || k == 0) return len;
  const words = k >> 5;
  const bits = k & 31;
  let top = len + words;
  if (bits != 0) {
    const carry = limb(big, len - 1) >>> (32 - bits);
    setLimb(big, top, carry);
    for (let i = len - 1; i > 0; i--) setLimb(big, i + words, (limb(big, i) << bits) | (limb(big, i - 1) >>> (32 - bits)));
    setLimb(big, words, limb(big, 0) << bits);
    if (carry != 0) top++;
  } else {
    for (let i = len - 1; i >= 0; i--) setLimb(big, i + words, limb(big, i));
  }
  for (let i = 0; i < words; i++) setLimb(big, i, 0);
  return top;
}

function fromU64(big: usize, v: u64): i32 {
  let len = 0;
  while (v != 0) { setLimb(big, len++, <u32>v); v >>= 32; }
  return len;
}

function compare(a: usize, alen: i32, b: usize, blen: i32): i32 {
  while (alen > 0 && limb(a, alen - 1) == 0) alen--;
  while (blen > 0 && limb(b, blen - 1) == 0) blen--;
  if (alen != blen) return alen < blen ? -1 : 1;
  for (let i = alen - 1; i >= 0; i--) {
    const x = limb(a, i);
    const y = limb(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The n digits at DIGITS as a big integer in BIG_X (nine digits per step); returns its length. */
function digitsToBig(n: i32): i32 {
  let len = 0;
  let i = 0;
  const head = n % 9;
  while (i < n) {
    const take = i == 0 && head != 0 ? head : 9;
    let chunk: u32 = 0;
    let scale: u32 = 1;
    for (let k = 0; k < take; k++) {
      chunk = chunk * 10 + <u32>(load<u8>(DIGITS + <usize>(i + k)) - 48);
      scale *= 10;
    }
    len = mulAdd(BIG_X, len, scale, chunk);
    i += take;
  }
  return len;
}

// @ts-ignore: decorator
@inline function mantissaOf(bits: u64): u64 {
  const ef = (bits >> 52) & 0x7ff;
  const frac = bits & 0xfffffffffffff;
  return ef == 0 ? frac : frac | (<u64>1 << 52);
}
/** |v| = mantissaOf · 2^exponentOf; +Infinity's pattern reads as 2^1024, the value after MAX_VALUE. */
// @ts-ignore: decorator
@inline function exponentOf(bits: u64): i32 {
  const ef = <i32>((bits >> 52) & 0x7ff);
  return ef == 0 ? -1074 : ef - 1075;
}

/** Sign of D·10^E − (midpoint of the non-negative doubles with patterns a and a + 1), D the n digits. */
function compareMidpoint(n: i32, E: i32, a: u64): i32 {
  const b = a + 1;
  const ea = exponentOf(a);
  const eb = exponentOf(b);
  const e0 = min(ea, eb);
  const s = (mantissaOf(a) << <u64>(ea - e0)) + (mantissaOf(b) << <u64>(eb - e0));
  // 2·D·10^E vs s·2^e0  ⟺  D·5^E·2^(E+1) vs s·2^e0
  let xl = digitsToBig(n);
  let yl = fromU64(BIG_Y, s);
  if (E >= 0) xl = mulPow5(BIG_X, xl, E); else yl = mulPow5(BIG_Y, yl, -E);
  const k = E + 1 - e0;
  if (k >= 0) xl = shl(BIG_X, xl, k); else yl = shl(BIG_Y, yl, -k);
  return compare(BIG_X, xl, BIG_Y, yl);
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }

/**
 * Number(text) for the `len` ASCII bytes at `ptr`, which the caller has checked match
 * (\d+\.?\d*|\.\d+)([eE][+-]?\d+)? — no sign (a sign is the unary operator). May return Infinity or 0.
 */
export function parseDecimal(ptr: usize, len: i32): f64 {
  // Significant digits (leading zeros dropped) into DIGITS; frac counts the kept digits after the point.
  let n = 0;
  let dropped = 0; // significant digits beyond MAX_DECIMAL_DIGITS (cannot happen under the text cap)
  let frac = 0;
  let point = false;
  let i = 0;
  for (; i < len; i++) {
    const c = <u32>load<u8>(ptr + <usize>i);
    if (c == 46) { point = true; continue; }
    if (!isDigit(c)) break;
    if (n == 0 && c == 48) { if (point) frac++; continue; }
    if (n < MAX_DECIMAL_DIGITS) { store<u8>(DIGITS + <usize>n, <u8>c); n++; if (point) frac++; }
    else if (!point) dropped++;
  }
  let exp: i64 = 0;
  if (i < len) { // e or E
    i++;
    let negative = false;
    const c = load<u8>(ptr + <usize>i);
    if (c == 43 || c == 45) { negative = c == 45; i++; }
    for (; i < len; i++) if (exp < 100000000) exp = exp * 10 + <i64>(load<u8>(ptr + <usize>i) - 48);
    if (negative) exp = -exp;
  }
  return digitsToDouble(n, exp - <i64>frac + <i64>dropped);
}


/** The double nearest to D·10^E64, D the n digits at DIGITS (leading digit not 0, or n = 0). */
function digitsToDouble(n: i32, E64: i64): f64 {
  // trailing zeros change nothing but the exponent
  while (n > 0 && load<u8>(DIGITS + <usize>(n - 1)) == 48) { n--; E64++; }
  if (n == 0) return 0;
  if (E64 + <i64>n > 310) return Infinity; // ≥ 10^310
  if (E64 + <i64>n < -400) return 0; // < 10^-400, below half the smallest subnormal
  const E = <i32>E64;

  // The first (up to) 19 digits as an integer m; the value is m·10^E' (exactly, when nothing was cut).
  const head = min(n, 19);
  let m: u64 = 0;
  for (let k = 0; k < head; k++) m = m * 10 + <u64>(load<u8>(DIGITS + <usize>k) - 48);
  const Eh = E + (n - head);
  if (n == head && m < (<u64>1 << 53) && Eh >= -22 && Eh <= 22) {
    // Clinger's fast path: m and 10^|E| are exact, so one IEEE operation rounds the exact value once.
    return Eh >= 0 ? <f64>m * pow10(Eh) : <f64>m / pow10(-Eh);
  }
  let guess = <f64>m;
  let e = Eh;
  while (e > 22) { guess *= 1e22; e -= 22; }
  while (e < -22) { guess /= 1e22; e += 22; }
  guess = e >= 0 ? guess * pow10(e) : guess / pow10(-e);

  const INF: u64 = 0x7ff0000000000000;
  let bits = reinterpret<u64>(guess);
  for (let guard = 0; guard < 4096; guard++) {
    if (bits < INF) {
      const up = compareMidpoint(n, E, bits);
      if (up > 0 || (up == 0 && (bits & 1) == 1)) { bits++; continue; }
    }
    if (bits > 0) {
      const down = compareMidpoint(n, E, bits - 1);
      if (down < 0 || (down == 0 && (bits & 1) == 1)) { bits--; continue; }
    }
    break;
  }
  return reinterpret<f64>(bits);
}
// ---- double → the shortest decimal that reads back as it (JavaScript's Number.prototype.toString) ----------

/** Exact decimal digits of a double (at most 767 significant ones), and of the shortest form. */
const EXACT: usize = memory.data(800, 16);
const SHORT: usize = memory.data(32, 16);
let shortLength: i32 = 0;
let shortPoint: i32 = 0;

/** big = floor(big / d); returns the remainder. */
function divSmall(big: usize, len: i32, d: u32): u32 {
  let rem: u64 = 0;
  for (let i = len - 1; i >= 0; i--) {
    const cur = (rem << 32) | <u64>limb(big, i);
    setLimb(big, i, <u32>(cur / <u64>d));
    rem = cur % <u64>d;
  }
  return <u32>rem;
}

/** Where expandExact() left the digits: EXACT[exactLead …] holds exactCount of them (no trailing zeros). */
let exactLead: i32 = 0;
let exactCount: i32 = 0;
let exactPointAt: i32 = 0;

/**
 * The exact decimal digits of v (finite, > 0), at most 767 significant ones: v = 0.d1d2… × 10^exactPoint().
 * Read them with exactDigit(k) for k < exactLength() (no trailing zeros).
 */
export function expandExact(v: f64): void {
  const bits = reinterpret<u64>(v);
  const m = mantissaOf(bits);
  const e = exponentOf(bits);
  // v = X·10^e' exactly: X = m·2^e (e ≥ 0) or m·5^(−e) with e' = e (e < 0)
  let len = fromU64(BIG_X, m);
  if (e >= 0) len = shl(BIG_X, len, e);
  else len = mulPow5(BIG_X, len, -e);
  // decimal digits of X, nine at a time from the least significant end, into EXACT (most significant first)
  let count = 0;
  const CHUNKS: usize = DIGITS; // scratch: chunks in order of significance (DIGITS is free until parsing below)
  let chunks = 0;
  while (len > 0) {
    store<u32>(CHUNKS + (<usize>chunks << 2), divSmall(BIG_X, len, 1000000000));
    chunks++;
    while (len > 0 && limb(BIG_X, len - 1) == 0) len--;
  }
  for (let c = chunks - 1; c >= 0; c--) {
    let chunk = load<u32>(CHUNKS + (<usize>c << 2));
    for (let k = 8; k >= 0; k--) {
      store<u8>(EXACT + <usize>(count + k), <u8>(48 + chunk % 10));
      chunk /= 10;
    }
    count += 9;
  }
  let lead = 0;
  while (lead < count - 1 && load<u8>(EXACT + <usize>lead) == 48) lead++;
  const digits = count - lead;
  let end = digits;
  while (end > 1 && load<u8>(EXACT + <usize>(lead + end - 1)) == 48) end--;
  exactLead = lead;
  exactCount = end;
  exactPointAt = digits + (e >= 0 ? 0 : e);
}
export function exactLength(): i32 { return exactCount; }
export function exactPoint(): i32 { return exactPointAt; }
export function exactDigit(k: i32): u32 { return <u32>load<u8>(EXACT + <usize>(exactLead + k)); }

/**
 * The shortest digits s (1 to 17 of them, no trailing zeros) with s·10^(point − length) reading back as v
 * (finite, > 0): for each length, the exactly rounded one (ties to even), the first that reads back. Read them
 * with shortestDigit(k), shortestLength(), shortestPoint().
 */
export function shortest(v: f64): void {
  const bits = reinterpret<u64>(v);
  expandExact(v);
  const lead = exactLead;
  const end = exactCount;
  const point = exactPointAt; // v = 0.d1d2… × 10^point
  for (let p = 1; p <= 17; p++) {
    let n = min(p, end);
    for (let k = 0; k < n; k++) store<u8>(SHORT + <usize>k, load<u8>(EXACT + <usize>(lead + k)));
    let pt = point;
    if (n < end) {
      // round at digit n: up when the rest is more than half, or exactly half and the last kept digit is odd
      const next = load<u8>(EXACT + <usize>(lead + n));
      let up = next > 53;
      if (next == 53) up = n + 1 < end || ((load<u8>(SHORT + <usize>(n - 1)) - 48) & 1) == 1;
      if (up) {
        let k = n - 1;
        while (k >= 0 && load<u8>(SHORT + <usize>k) == 57) { store<u8>(SHORT + <usize>k, 48); k--; }
        if (k >= 0) store<u8>(SHORT + <usize>k, load<u8>(SHORT + <usize>k) + 1);
        else { store<u8>(SHORT, 49); for (let j = 1; j < n; j++) store<u8>(SHORT + <usize>j, 48); pt++; }
      }
    }
    while (n > 1 && load<u8>(SHORT + <usize>(n - 1)) == 48) n--;
    for (let k = 0; k < n; k++) store<u8>(DIGITS + <usize>k, load<u8>(SHORT + <usize>k));
    if (n >= end || reinterpret<u64>(digitsToDouble(n, <i64>(pt - n))) == bits) {
      shortLength = n;
      shortPoint = pt;
      return;
    }
  }
}
export function shortestLength(): i32 { return shortLength; }
export function shortestPoint(): i32 { return shortPoint; }
export function shortestDigit(k: i32): u32 { return <u32>load<u8>(SHORT + <usize>k); }
