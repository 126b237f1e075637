// Exact decimal ↔ binary64 for the WASI command, so it parses and prints numbers exactly as JavaScript does
// (Number(text), JSON.stringify, toExponential, toFixed). AssemblyScript's own parseFloat is not correctly
// rounded (about 1 in 2000 random decimals differ from Number()), and the bounds must be the same doubles on
// every host. Non-negative big integers as little-endian u32 limbs; only what the conversions need.

export class Big {
  limbs: u32[] = [];

  static of(v: u64): Big {
    const b = new Big();
    while (v != 0) {
      b.limbs.push(<u32>(v & 0xffffffff));
      v >>= 32;
    }
    return b;
  }

  isZero(): bool { return this.limbs.length == 0; }

  private trim(): void {
    while (this.limbs.length > 0 && this.limbs[this.limbs.length - 1] == 0) this.limbs.pop();
  }

  /** this = this * f + add */
  mulAdd(f: u32, add: u32): Big {
    let carry: u64 = add;
    for (let i = 0; i < this.limbs.length; i++) {
      const p = <u64>this.limbs[i] * <u64>f + carry;
      this.limbs[i] = <u32>(p & 0xffffffff);
      carry = p >> 32;
    }
    if (carry != 0) this.limbs.push(<u32>carry);
    this.trim();
    return this;
  }

  mulPow5(k: i32): Big {
    while (k >= 13) {
      this.mulAdd(1220703125, 0); // 5^13
      k -= 13;
    }
    let f: u32 = 1;
    for (let i = 0; i < k; i++) f *= 5;
    return this.mulAdd(f, 0);
  }

  shl(k: i32): Big {
    if (this.isZero() || k == 0) return this;
    const words = k >> 5;
    const bits = k & 31;
    const out: u32[] = [];
    for (let i = 0; i < words; i++) out.push(0);
    let carry: u32 = 0;
    for (let i = 0; i < this.limbs.length; i++) {
      const v = this.limbs[i];
      out.push(bits == 0 ? v : (v << bits) | carry);
      carry = bits == 0 ? 0 : v >>> (32 - bits);
    }
    if (carry != 0) out.push(carry);
    this.limbs = out;
    return this;
  }

  /** this = floor(this / d); returns the remainder. */
  divSmall(d: u32): u32 {
    let rem: u64 = 0;
    for (let i = this.limbs.length - 1; i >= 0; i--) {
      const cur = (rem << 32) | <u64>this.limbs[i];
      this.limbs[i] = <u32>(cur / <u64>d);
      rem = cur % <u64>d;
    }
    this.trim();
    return <u32>rem;
  }

  cmp(o: Big): i32 {
    if (this.limbs.length != o.limbs.length) return this.limbs.length < o.limbs.length ? -1 : 1;
    for (let i = this.limbs.length - 1; i >= 0; i--) {
      if (this.limbs[i] != o.limbs[i]) return this.limbs[i] < o.limbs[i] ? -1 : 1;
    }
    return 0;
  }

  /** Decimal digits (no leading zeros; "0" for zero). Destroys the value. */
  toDecimal(): string {
    if (this.isZero()) return "0";
    const chunks: u32[] = [];
    while (!this.isZero()) chunks.push(this.divSmall(1000000000));
    let s = chunks[chunks.length - 1].toString();
    for (let i = chunks.length - 2; i >= 0; i--) s += chunks[i].toString().padStart(9, "0");
    return s;
  }
}

/** |v| = m · 2^e exactly (m < 2^53). +Infinity gives 2^52 · 2^972 = 2^1024, the next value after MAX. */
function decompose(bits: u64): i64[] {
  const ef = <i64>((bits >> 52) & 0x7ff);
  const frac = <i64>(bits & 0xfffffffffffff);
  if (ef == 0) return [frac, -1074];
  return [frac | (<i64>1 << 52), ef - 1075];
}

/** Compares D · 10^E with the midpoint of the adjacent non-negative doubles with bit patterns a < b. */
function cmpMid(digits: string, E: i32, a: u64, b: u64): i32 {
  const da = decompose(a);
  const db = decompose(b);
  const e0 = <i32>min(da[1], db[1]);
  const s = (<u64>da[0] << <u64>(<i32>da[1] - e0)) + (<u64>db[0] << <u64>(<i32>db[1] - e0));
  // 2 · D · 10^E  vs  s · 2^e0   →   D · 5^E · 2^(E+1)  vs  s · 2^e0
  const x = new Big();
  for (let i = 0; i < digits.length; i++) x.mulAdd(10, <u32>(digits.charCodeAt(i) - 48));
  const y = Big.of(s);
  if (E >= 0) x.mulPow5(E); else y.mulPow5(-E);
  const k = E + 1 - e0;
  if (k >= 0) x.shl(k); else y.shl(-k);
  return x.cmp(y);
}

/**
 * The double nearest to the decimal D · 10^E (D a digit string, ties to even), as Number() gives.
 * `approx` is a close guess (AssemblyScript's parseFloat); it is corrected with exact comparisons.
 */
export function exactDecimalToDouble(digits: string, E: i32, approx: f64): f64 {
  // strip leading zeros
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) == 48) start++;
  digits = digits.substring(start);
  if (digits.length == 0) return 0;
  if (E + digits.length > 310) return Infinity;
  if (E + digits.length < -400) return 0;
  let bits = reinterpret<u64>(Math.abs(approx));
  if (bits > 0x7ff0000000000000) bits = 0; // NaN guess: start from 0
  const INF: u64 = 0x7ff0000000000000;
  for (let guard = 0; guard < 4096; guard++) {
    if (bits < INF) {
      const up = cmpMid(digits, E, bits, bits + 1);
      if (up > 0 || (up == 0 && (bits & 1) == 1)) { bits++; continue; }
    }
    if (bits > 0) {
      const down = cmpMid(digits, E, bits - 1, bits);
      if (down < 0 || (down == 0 && (bits & 1) == 1)) { bits--; continue; }
    }
    break;
  }
  return reinterpret<f64>(bits);
}

/** Whether D · 10^E rounds to the positive finite double `a` (lies in its rounding interval, ties to even). */
export function roundsTo(digits: string, E: i32, a: f64): bool {
  const bits = reinterpret<u64>(a);
  const even = (bits & 1) == 0;
  const up = cmpMid(digits, E, bits, bits + 1);
  if (!(up < 0 || (up == 0 && even))) return false;
  if (bits == 0) return true;
  const down = cmpMid(digits, E, bits - 1, bits);
  return down > 0 || (down == 0 && even);
}

/** Exact decimal expansion of |v| (finite): digits without leading zeros, and `point`, so that
 *  |v| = 0.d1d2d3… × 10^point. Zero gives ["0", 1]. */
export class Expansion {
  constructor(public digits: string, public point: i32) {}
}

export function expand(v: f64): Expansion {
  const d = decompose(reinterpret<u64>(Math.abs(v)));
  const m = <u64>d[0];
  const e = <i32>d[1];
  if (m == 0) return new Expansion("0", 1);
  let s: string;
  let point: i32;
  if (e >= 0) {
    s = Big.of(m).shl(e).toDecimal();
    point = s.length;
  } else {
    s = Big.of(m).mulPow5(-e).toDecimal();
    point = s.length + e;
  }
  // drop trailing zeros (they do not change the value)
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) == 48) end--;
  return new Expansion(s.substring(0, end), point);
}

/** digits (decimal string) + 1 in the last place; "999" → "1000". */
export function incrementDigits(s: string): string {
  let out = "";
  let i = s.length - 1;
  let carry = true;
  for (; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (carry) {
      if (c == 57) { out = "0" + out; } else { out = String.fromCharCode(c + 1) + out; carry = false; }
    } else {
      out = String.fromCharCode(c) + out;
    }
  }
  return carry ? "1" + out : out;
}
