// The catalog of built-in integrands. Each one is a class with the same core members, so the rule can be
// written once as a generic over them (AssemblyScript resolves the call at compile time; nothing is virtual):
//   f(x, y)    one evaluation, scalar build
//   fv(x, y)   two evaluations (two y lanes), simd build; same expression, same operation order
//   exact(…)   the closed-form integral over [ax,bx]×[ay,by], NaN where the domain is not allowed
// and, for the integrands that call sin/cos (the others leave them out and rule.ts uses fv in their place):
//   fvr(x, y)  fv for lanes whose trig arguments are certified within ±IN_RANGE (no range check); bit for bit fv
//   rowConst(x), knownArg(x, y), knownShift(), known(x, r, y, odd)  the simd rows' branch-free path, in range
//              only: r = rowConst(x) once per row (the factor that depends on x alone, or x); known(…, odd) is
//              fvr's value in every lane where vmath's notKnown(knownArg(x, y), knownShift(), odd) leaves the sign
//              bit clear: it is sinCosKnown of knownArg (sin for knownShift 0, cos for 1), times r if need be
// Ids are the ABI: append, never reorder.

import { sinCosKnown, vcos, vcosInRange, vexp, vsin, vsinInRange } from "./vmath";

export const INTEGRAND_COUNT: i32 = 5;

/** Names by id; the ABI's metadata() string lists them in the same order (checked by the test suite). */
export const INTEGRAND_NAMES: StaticArray<string> = ["sin(x+y)", "sin(x)*cos(y)", "exp(x+y)", "x*y", "1/(1+x+y)"];

@final export class SinOfSum {
  // @ts-ignore: decorator
  @inline f(x: f64, y: f64): f64 { return Math.sin(x + y); }
  // @ts-ignore: decorator
  @inline fv(x: v128, y: v128): v128 { return vsin(f64x2.add(x, y)); }
  // @ts-ignore: decorator
  @inline fvr(x: v128, y: v128): v128 { return vsinInRange(f64x2.add(x, y)); }
  // @ts-ignore: decorator
  @inline rowConst(x: v128): v128 { return x; }
  // @ts-ignore: decorator
  @inline knownArg(x: v128, y: v128): v128 { return f64x2.add(x, y); }
  // @ts-ignore: decorator
  @inline knownShift(): i64 { return 0; }
  // @ts-ignore: decorator
  @inline known(x: v128, r: v128, y: v128, odd: bool): v128 {
    return sinCosKnown(this.knownArg(x, y), this.knownShift(), odd);
  }
  // ∫∫ sin(x+y) = sin(ax+by) + sin(bx+ay) − sin(bx+by) − sin(ax+ay)
  static exact(ax: f64, bx: f64, ay: f64, by: f64): f64 {
    return Math.sin(ax + by) + Math.sin(bx + ay) - Math.sin(bx + by) - Math.sin(ax + ay);
  }
}

@final export class SinTimesCos {
  // @ts-ignore: decorator
  @inline f(x: f64, y: f64): f64 { return Math.sin(x) * Math.cos(y); }
  // @ts-ignore: decorator
  @inline fv(x: v128, y: v128): v128 { return f64x2.mul(vsin(x), vcos(y)); }
  // @ts-ignore: decorator
  @inline fvr(x: v128, y: v128): v128 { return f64x2.mul(vsinInRange(x), vcosInRange(y)); }
  // @ts-ignore: decorator
  @inline rowConst(x: v128): v128 { return vsinInRange(x); }
  // @ts-ignore: decorator
  @inline knownArg(x: v128, y: v128): v128 { return y; }
  // @ts-ignore: decorator
  @inline knownShift(): i64 { return 1; }
  // @ts-ignore: decorator
  @inline known(x: v128, r: v128, y: v128, odd: bool): v128 {
    return f64x2.mul(r, sinCosKnown(this.knownArg(x, y), this.knownShift(), odd));
  }
  static exact(ax: f64, bx: f64, ay: f64, by: f64): f64 {
    return (Math.cos(ax) - Math.cos(bx)) * (Math.sin(by) - Math.sin(ay));
  }
}

@final export class ExpOfSum {
  // @ts-ignore: decorator
  @inline f(x: f64, y: f64): f64 { return Math.exp(x + y); }
  // @ts-ignore: decorator
  @inline fv(x: v128, y: v128): v128 { return vexp(f64x2.add(x, y)); }
  static exact(ax: f64, bx: f64, ay: f64, by: f64): f64 {
    return (Math.exp(bx) - Math.exp(ax)) * (Math.exp(by) - Math.exp(ay));
  }
}

@final export class Product {
  // @ts-ignore: decorator
  @inline f(x: f64, y: f64): f64 { return x * y; }
  // @ts-ignore: decorator
  @inline fv(x: v128, y: v128): v128 { return f64x2.mul(x, y); }
  static exact(ax: f64, bx: f64, ay: f64, by: f64): f64 {
    return 0.25 * (bx * bx - ax * ax) * (by * by - ay * ay);
  }
}

@final export class Reciprocal {
  // @ts-ignore: decorator
  @inline f(x: f64, y: f64): f64 { return 1.0 / (1.0 + x + y); }
  // @ts-ignore: decorator
  @inline fv(x: v128, y: v128): v128 {
    const one = f64x2.splat(1.0);
    return f64x2.div(one, f64x2.add(f64x2.add(one, x), y));
  }
  // ∫∫ 1/(1+x+y) = φ(1+bx+by) − φ(1+ax+by) − φ(1+bx+ay) + φ(1+ax+ay), φ(u) = u·ln u
  static exact(ax: f64, bx: f64, ay: f64, by: f64): f64 {
    return xLogX(1.0 + bx + by) - xLogX(1.0 + ax + by) - xLogX(1.0 + bx + ay) + xLogX(1.0 + ax + ay);
  }
  /** 1 + x + y > 0 on the closed domain; its minimum is at the lower-left corner. */
  static allows(ax: f64, ay: f64): bool { return 1.0 + ax + ay > 0.0; }
}

function xLogX(u: f64): f64 { return u * Math.log(u); }

/** Whether integrand `id` is defined on the whole domain (bounds already known finite and ordered). */
export function domainAllowed(id: i32, ax: f64, ay: f64): bool {
  return id != 4 || Reciprocal.allows(ax, ay);
}

/** Closed form by id; NaN for an unknown id (bounds are checked by the caller). */
export function exactById(id: i32, ax: f64, bx: f64, ay: f64, by: f64): f64 {
  switch (id) {
    case 0: return SinOfSum.exact(ax, bx, ay, by);
    case 1: return SinTimesCos.exact(ax, bx, ay, by);
    case 2: return ExpOfSum.exact(ax, bx, ay, by);
    case 3: return Product.exact(ax, bx, ay, by);
    case 4: return Reciprocal.exact(ax, bx, ay, by);
  }
  return NaN;
}
