// sin exactly as AssemblyScript's own Math.sin computes it, inline. The scalar sin(x+y) row calls this instead of
// Math.sin: a wasm call makes the engine spill every live double around it, and the row loop is mostly that call.
//
// Transcribed operation for operation from assemblyscript/std/assembly/math.ts 0.28.x (NativeMath.sin, the
// medium-argument part of rempio2, sin_kern, cos_kern; Apache-2.0), which is itself musl's sin.c, __rem_pio2.c,
// __sin.c and __cos.c (MIT; fdlibm, Sun Microsystems 1993). Arguments beyond the medium range (|x| ≥ 2^20·π/2),
// NaN and ±Inf go to Math.sin itself. Bit for bit Math.sin: test/kernel-rows.test.ts compares the scalar build's
// one-point rows (this function) with its mapTrig (Math.sin) on 10^5 arguments; re-check after upgrading
// AssemblyScript.

// @ts-ignore: decorator
@inline function sinKern(x: f64, y: f64, iy: i32): f64 {
  const
    S1 = reinterpret<f64>(0xBFC5555555555549),
    S2 = reinterpret<f64>(0x3F8111111110F8A6),
    S3 = reinterpret<f64>(0xBF2A01A019C161D5),
    S4 = reinterpret<f64>(0x3EC71DE357B1FE7D),
    S5 = reinterpret<f64>(0xBE5AE5E68A2B9CEB),
    S6 = reinterpret<f64>(0x3DE5D93A5ACFD57C);
  let z = x * x;
  let w = z * z;
  let r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  let v = z * x;
  if (!iy) {
    return x + v * (S1 + z * r);
  } else {
    return x - ((z * (0.5 * y - v * r) - y) - v * S1);
  }
}

// @ts-ignore: decorator
@inline function cosKern(x: f64, y: f64): f64 {
  const
    C1 = reinterpret<f64>(0x3FA555555555554C),
    C2 = reinterpret<f64>(0xBF56C16C16C15177),
    C3 = reinterpret<f64>(0x3EFA01A019CB1590),
    C4 = reinterpret<f64>(0xBE927E4F809C52AD),
    C5 = reinterpret<f64>(0x3E21EE9EBDB4B1C4),
    C6 = reinterpret<f64>(0xBDA8FAE9BE8838D4);
  let z = x * x;
  let w = z * z;
  let r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  let hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

/** Math.sin(x), inline for |x| < 2^20·π/2. */
// @ts-ignore: decorator
@inline export function sinInline(x: f64): f64 {
  const
    pio2_1  = reinterpret<f64>(0x3FF921FB54400000),
    pio2_1t = reinterpret<f64>(0x3DD0B4611A626331),
    pio2_2  = reinterpret<f64>(0x3DD0B4611A600000),
    pio2_2t = reinterpret<f64>(0x3BA3198A2E037073),
    pio2_3  = reinterpret<f64>(0x3BA3198A2E000000),
    pio2_3t = reinterpret<f64>(0x397B839A252049C1),
    invpio2 = reinterpret<f64>(0x3FE45F306DC9C883);
  let u = reinterpret<u64>(x);
  let ux = u32(u >> 32);
  let sign = ux >> 31;
  ux &= 0x7FFFFFFF;
  if (ux <= 0x3FE921FB) { // |x| ~< π/4
    if (ux < 0x3E500000) return x; // |x| < 2^−26
    return sinKern(x, 0.0, 0);
  }
  if (ux >= 0x413921FB) return Math.sin(x); // large, NaN, ±Inf: the library's own path
  let n: i32;
  let y0: f64, y1: f64;
  if (ux < 0x4002D97C) { // |x| < 3π/4, n = ±1
    let z: f64;
    if (!sign) {
      z = x - pio2_1;
      if (ux != 0x3FF921FB) {
        y0 = z - pio2_1t;
        y1 = (z - y0) - pio2_1t;
      } else {
        z -= pio2_2;
        y0 = z - pio2_2t;
        y1 = (z - y0) - pio2_2t;
      }
      n = 1;
    } else {
      z = x + pio2_1;
      if (ux != 0x3FF921FB) {
        y0 = z + pio2_1t;
        y1 = (z - y0) + pio2_1t;
      } else {
        z += pio2_2;
        y0 = z + pio2_2t;
        y1 = (z - y0) + pio2_2t;
      }
      n = -1;
    }
  } else {
    let q  = nearest(x * invpio2);
    let r  = x - q * pio2_1;
    let w  = q * pio2_1t;
    let j  = ux >> 20;
    y0 = r - w;
    let hi = <u32>(reinterpret<u64>(y0) >> 32);
    let i  = j - ((hi >> 20) & 0x7FF);
    if (i > 16) {
      let t = r;
      w  = q * pio2_2;
      r  = t - w;
      w  = q * pio2_2t - ((t - r) - w);
      y0 = r - w;
      hi = <u32>(reinterpret<u64>(y0) >> 32);
      i = j - ((hi >> 20) & 0x7FF);
      if (i > 49) {
        let t = r;
        w  = q * pio2_3;
        r  = t - w;
        w  = q * pio2_3t - ((t - r) - w);
        y0 = r - w;
      }
    }
    y1 = (r - y0) - w;
    n = <i32>q;
  }
  let v = n & 1 ? cosKern(y0, y1) : sinKern(y0, y1, 1);
  return n & 2 ? -v : v;
}
