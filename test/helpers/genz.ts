// The six Genz test families in 2D on [0,1]² (Genz 1984, "Testing multidimensional integration routines"): each
// case an integrand text the kernel parses and its closed form, computed here in double with care (expm1, a
// positive-term erf series, the product forms), good to a few ulp.
//
// Parameters come from a portable generator so that every host can draw the same cases: Knuth's MMIX LCG
// (state ← 6364136223846793005·state + 1442695040888963407 mod 2^64), a draw is the top 53 bits / 2^53. Per case:
// a1, a2, u1, u2 in that order; a is then scaled so that a1 + a2 = h, the family's difficulty. Every parameter is
// written into the text with String(v) (the shortest text that reads back as v), so the kernel integrates the
// very doubles the closed form uses.

export type Family = "oscillatory" | "product-peak" | "corner-peak" | "gaussian" | "c0" | "discontinuous";
export const FAMILIES: readonly Family[] = ["oscillatory", "product-peak", "corner-peak", "gaussian", "c0", "discontinuous"];
/** Smooth families: their error estimates must hold; the other two only must not claim what they do not reach. */
export const SMOOTH: ReadonlySet<Family> = new Set(["oscillatory", "product-peak", "corner-peak", "gaussian"]);

/** a1 + a2 per family: the difficulty (larger is harder), at the literature's usual settings for d = 2. */
export const DIFFICULTY: Record<Family, number> = {
  oscillatory: 9.0, "product-peak": 7.25, "corner-peak": 1.85, gaussian: 7.03, c0: 20.4, discontinuous: 4.3,
};

export interface GenzCase {
  family: Family;
  a: [number, number];
  u: [number, number];
  integrand: string;
  domain: "0,1,0,1";
  exact: number;
}

/** The generator: next() is a double in [0, 1). */
export function lcg(seed: bigint) {
  let state = BigInt.asUintN(64, seed);
  return {
    next(): number {
      state = BigInt.asUintN(64, state * 6364136223846793005n + 1442695040888963407n);
      return Number(state >> 11n) / 2 ** 53;
    },
  };
}

const s = (v: number) => String(v);

/**
 * erf(x): below 2, 2x/√π · e^{−x²} · Σ (2x²)^n / (1·3·…·(2n+1)), every term positive (no cancellation); from 2 on,
 * 1 − erfc(x) with erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (Lentz), < 0.005 there, so
 * its few ulp hardly reach erf's last place.
 */
export function erf(x: number): number {
  if (x < 0) return -erf(-x);
  if (x >= 2) {
    const tiny = 1e-300;
    let f = x;
    let c = x;
    let d = 0;
    for (let n = 1; n < 500; n++) {
      const an = n / 2;
      d = x + an * d;
      d = d === 0 ? tiny : 1 / d;
      c = x + an / c;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-17) break;
    }
    return 1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
  const t = 2 * x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= t / (2 * n + 1);
    sum += term;
  }
  return ((2 * x) / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** The case for family f with parameters a, u (a already scaled). */
export function genzCase(family: Family, a: [number, number], u: [number, number]): GenzCase {
  const [a1, a2] = a;
  const [u1, u2] = u;
  let integrand: string;
  let exact: number;
  switch (family) {
    case "oscillatory": {
      // cos(2πu1 + a1x + a2y): the real part of e^{iφ} Π (e^{ia}−1)/(ia) = cos(φ + (a1+a2)/2) Π 2sin(a/2)/a.
      const phi = 2 * Math.PI * u1;
      integrand = `cos(2*pi*${s(u1)} + ${s(a1)}*x + ${s(a2)}*y)`;
      exact = Math.cos(phi + (a1 + a2) / 2) * ((2 * Math.sin(a1 / 2)) / a1) * ((2 * Math.sin(a2 / 2)) / a2);
      break;
    }
    case "product-peak": {
      // Π 1/(c + (x−u)²), c = a^−2: each factor integrates to (atan((1−u)/√c) + atan(u/√c))/√c.
      const c1 = 1 / (a1 * a1);
      const c2 = 1 / (a2 * a2);
      integrand = `1/((${s(c1)} + (x-${s(u1)})^2)*(${s(c2)} + (y-${s(u2)})^2))`;
      const factor = (c: number, w: number) => (Math.atan((1 - w) / Math.sqrt(c)) + Math.atan(w / Math.sqrt(c))) / Math.sqrt(c);
      exact = factor(c1, u1) * factor(c2, u2);
      break;
    }
    case "corner-peak": {
      // (1 + a1x + a2y)^−3 = ∂²/∂x∂y (1 + a1x + a2y)^−1 / (2a1a2), so the integral is
      // (1 − 1/(1+a1) − 1/(1+a2) + 1/(1+a1+a2)) / (2a1a2), which is this without its cancellation:
      integrand = `(1 + ${s(a1)}*x + ${s(a2)}*y)^(-3)`;
      exact = (2 + a1 + a2) / (2 * (1 + a1) * (1 + a2) * (1 + a1 + a2));
      break;
    }
    case "gaussian": {
      // exp(−c1(x−u1)² − c2(y−u2)²), c = a²: each factor is √(π/c)/2 · (erf(√c(1−u)) + erf(√c·u)).
      const c1 = a1 * a1;
      const c2 = a2 * a2;
      integrand = `exp(-(${s(c1)}*(x-${s(u1)})^2 + ${s(c2)}*(y-${s(u2)})^2))`;
      const factor = (c: number, w: number) => (Math.sqrt(Math.PI / c) / 2) * (erf(Math.sqrt(c) * (1 - w)) + erf(Math.sqrt(c) * w));
      exact = factor(c1, u1) * factor(c2, u2);
      break;
    }
    case "c0": {
      // exp(−a1|x−u1| − a2|y−u2|): each factor is (2 − e^{−au} − e^{−a(1−u)})/a = −(expm1(−au) + expm1(−a(1−u)))/a.
      integrand = `exp(-(${s(a1)}*abs(x-${s(u1)}) + ${s(a2)}*abs(y-${s(u2)})))`;
      const factor = (k: number, w: number) => -(Math.expm1(-k * w) + Math.expm1(-k * (1 - w))) / k;
      exact = factor(a1, u1) * factor(a2, u2);
      break;
    }
    case "discontinuous": {
      // exp(a1x + a2y) where x < u1 and y < u2, else 0: Π expm1(a·u)/a.
      integrand = `if(x < ${s(u1)}, if(y < ${s(u2)}, exp(${s(a1)}*x + ${s(a2)}*y), 0), 0)`;
      exact = (Math.expm1(a1 * u1) / a1) * (Math.expm1(a2 * u2) / a2);
      break;
    }
  }
  return { family, a, u, integrand, domain: "0,1,0,1", exact };
}

/** `count` cases of each family from one generator seeded with `seed`, family after family. */
export function genzCases(seed: bigint, count: number, families: readonly Family[] = FAMILIES): GenzCase[] {
  const g = lcg(seed);
  const out: GenzCase[] = [];
  for (const family of families) {
    for (let i = 0; i < count; i++) {
      const r1 = g.next();
      const r2 = g.next();
      const u: [number, number] = [g.next(), g.next()];
      const h = DIFFICULTY[family];
      // r in [0, 1) could be 0: keep each a ≥ 1 % of h so that no factor degenerates (a/0 in the closed forms).
      const w1 = 0.01 + r1;
      const w2 = 0.01 + r2;
      out.push(genzCase(family, [(h * w1) / (w1 + w2), (h * w2) / (w1 + w2)], u));
    }
  }
  return out;
}
