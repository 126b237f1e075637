// The heat map of f over the domain: the kernel's own samples (Kernel.sample, row-major, x outer) painted one
// canvas pixel per sample, x to the right and y upwards, on a viridis-like scale between the finite minimum and
// maximum; points where f is NaN or ±Inf get a colour the scale never uses, so a singularity shows where it is.

/** Matplotlib's viridis at 0, 0.1, …, 1: perceptually even, readable in grey, and without red. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [72, 36, 117], [65, 68, 135], [53, 95, 141], [42, 120, 142], [33, 145, 140],
  [34, 168, 132], [68, 191, 112], [122, 209, 81], [189, 223, 38], [253, 231, 37],
];
/** Not finite: a red that viridis has nowhere. */
export const NON_FINITE_RGB = [230, 25, 75] as const;
export const NON_FINITE_CSS = `rgb(${NON_FINITE_RGB.join(" ")})`;

/** The scale's colour at t ∈ [0, 1]. */
export function scaleColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - k;
  const a = STOPS[k]!, b = STOPS[k + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

/** The scale as a CSS gradient, for the legend (the same stops as the pixels). */
export const scaleGradient = () =>
  `linear-gradient(90deg, ${STOPS.map(([r, g, b], i) => `rgb(${r} ${g} ${b}) ${(100 * i) / (STOPS.length - 1)}%`).join(", ")})`;

export interface HeatStats {
  /** Smallest and largest finite value (NaN when no value is finite). */
  min: number;
  max: number;
  /** Samples that are NaN or ±Inf. */
  nonFinite: number;
}

/** Paints gx × gy samples (index i·gy + j is f(xᵢ, yⱼ)) onto a canvas of gx × gy pixels. */
export function paintHeatMap(canvas: HTMLCanvasElement, values: Float64Array, gx: number, gy: number): HeatStats {
  let min = Infinity, max = -Infinity, nonFinite = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (nonFinite === values.length) min = max = NaN;
  // A constant f has no range: it gets the middle of the scale rather than a division by zero.
  const span = max - min;
  const image = new ImageData(gx, gy);
  const px = image.data;
  for (let i = 0; i < gx; i++) {
    for (let j = 0; j < gy; j++) {
      const v = values[i * gy + j]!;
      const rgb = Number.isFinite(v) ? scaleColour(span > 0 ? (v - min) / span : 0.5) : NON_FINITE_RGB;
      // Row 0 of the image is the top of the domain: y grows upwards.
      const o = 4 * ((gy - 1 - j) * gx + i);
      px[o] = rgb[0];
      px[o + 1] = rgb[1];
      px[o + 2] = rgb[2];
      px[o + 3] = 255;
    }
  }
  canvas.width = gx;
  canvas.height = gy;
  canvas.getContext("2d")!.putImageData(image, 0, 0);
  return { min, max, nonFinite };
}

/** A bound or a scale end as a label: four significant digits, no trailing zeros (3.142, 0.004167, 1e-10). */
export const axisNumber = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : "–");
