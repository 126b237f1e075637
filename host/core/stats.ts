// Statistics for benchmark samples, runtime-neutral (Node, Deno, the browser page): order statistics only —
// timings on a shared machine are skewed and heavy-tailed, so no mean and no standard deviation.

export interface Summary {
  /** Number of samples. */
  n: number;
  median: number;
  min: number;
  max: number;
  /** Median absolute deviation from the median, unscaled (no 1.4826 factor). */
  mad: number;
  /** Distribution-free confidence interval of the median from order statistics [lo, hi]. */
  ci95: [number, number];
  /** Coverage the interval actually has (≥ 0.95 when n ≥ 6; with fewer samples the best possible, [min, max]). */
  ci_coverage: number;
}

/** Median of a list (mean of the two middle values for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation from the median (unscaled). */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

/** P(B ≤ k) for B ~ Binomial(n, ½). */
function binomialHalfCdf(n: number, k: number): number {
  let term = Math.pow(0.5, n); // C(n, 0) / 2^n
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * Confidence interval of the median without assuming a distribution: [x_(k), x_(n−k+1)] (1-based order
 * statistics) with the largest k such that P(Binomial(n, ½) ≤ k − 1) ≤ (1 − level)/2. With too few samples for
 * the level (n < 6 at 95 %) the interval is [min, max] and `coverage` says what it achieves.
 */
export function medianCI(xs: readonly number[], level = 0.95): { lo: number; hi: number; coverage: number } {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { lo: NaN, hi: NaN, coverage: 0 };
  const tail = (1 - level) / 2;
  let k = 1;
  while (k + 1 <= (n + 1) / 2 && binomialHalfCdf(n, k) <= tail) k++;
  return { lo: s[k - 1]!, hi: s[n - k]!, coverage: 1 - 2 * binomialHalfCdf(n, k - 1) };
}

export function summarize(xs: readonly number[]): Summary {
  const ci = medianCI(xs);
  return {
    n: xs.length,
    median: median(xs),
    min: xs.length ? Math.min(...xs) : NaN,
    max: xs.length ? Math.max(...xs) : NaN,
    mad: mad(xs),
    ci95: [ci.lo, ci.hi],
    ci_coverage: ci.coverage,
  };
}

/**
 * Amdahl's law fitted to speedups: T(w) = T(1)·(s + (1 − s)/w), s the serial fraction. With S = T(1)/T(w),
 * 1/S − 1/w = s·(1 − 1/w): least squares through the origin over the points with w > 1. Null with no such point.
 * s may come out negative (superlinear speedup) or above 1 (slower with more workers): reported as measured.
 */
export function amdahlSerialFraction(points: readonly { workers: number; speedup: number }[]): number | null {
  let num = 0;
  let den = 0;
  for (const { workers: w, speedup: S } of points) {
    if (!(w > 1) || !(S > 0)) continue;
    const a = 1 - 1 / w;
    num += a * (1 / S - 1 / w);
    den += a * a;
  }
  return den > 0 ? num / den : null;
}

/** Speedup Amdahl's law predicts for serial fraction s on w workers. */
export function amdahlSpeedup(s: number, w: number): number {
  return 1 / (s + (1 - s) / w);
}
