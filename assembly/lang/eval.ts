// The compiled program along one row: the row sum (the contract of rule.ts: every point f(x_i, y_j) from its
// own x and y, y_j from rule.ts's table, summed with TwoSum in exactly the order rowScalar / rowSimd +
// finishSimd use, so an expression equal to a catalog entry gives the catalog's bits), the first non-finite
// point of a row (combine()'s diagnosis), and f on a coarse grid (sample()).
// The row sums run program.ts's row programs (what depends on y alone comes from column tables filled once per
// y tile; the last instruction adds its values into the sum); a single point, the odd last point, the diagnosis
// and sample() run the full block program. Both compute every value by the same operations.

import { Y_TABLE_POINTS, yOf, yTile } from "../rule";
import { foldLanes, twoSumError, twoSumErrorV } from "../sum";
import { BLOCK_ELEMENTS, columnsFor, resultPtr, resultStep, rowBlock, rowBlockSum, rowResultPtr, rowResultStep, rowSumFused, runBlock, runRow, setX } from "./program";

/** The y pair (y, y) of an odd row's last point, as finishSimd evaluates it. */
const LAST_Y: usize = memory.data(16, 16);
/** y values of one block of sample(). */
const SAMPLE_Y: usize = memory.data(BLOCK_ELEMENTS * 16, 16);
/** The row's running TwoSum pair (s, c), one element each, while rowBlockSum adds into it. */
const SUM_STATE: usize = memory.data(32, 16);

/** Compensated Σ_j f(x, y_j), as rule.ts's row<F> would sum it for this build. */
export function programRow(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  setX(x);
  runRow();
  return ASC_FEATURE_SIMD ? rowSimd(ay, hy, ny) : rowScalar(ay, hy, ny);
}

function rowScalar(ay: f64, hy: f64, ny: i32): f64 {
  if (rowSumFused()) {
    store<f64>(SUM_STATE, 0.0);
    store<f64>(SUM_STATE, 0.0, 8);
    for (let j0 = 0; j0 < ny; j0 += Y_TABLE_POINTS) {
      const j1 = min(j0 + Y_TABLE_POINTS, ny);
      const ys = yTile(ay, hy, j0, j1);
      columnsFor(ay, hy, ys, j0, j1);
      for (let b = j0; b < j1; b += BLOCK_ELEMENTS) rowBlockSum(ys + (<usize>b << 3), min(BLOCK_ELEMENTS, j1 - b), SUM_STATE);
    }
    return load<f64>(SUM_STATE) + load<f64>(SUM_STATE, 8);
  }
  let s = 0.0;
  let c = 0.0;
  for (let j0 = 0; j0 < ny; j0 += Y_TABLE_POINTS) {
    const j1 = min(j0 + Y_TABLE_POINTS, ny);
    const ys = yTile(ay, hy, j0, j1);
    columnsFor(ay, hy, ys, j0, j1);
    for (let b = j0; b < j1; b += BLOCK_ELEMENTS) {
      const n = min(BLOCK_ELEMENTS, j1 - b);
      rowBlock(ys + (<usize>b << 3), n);
      let p = rowResultPtr();
      const step = rowResultStep();
      for (let k = 0; k < n; k++) {
        const v = load<f64>(p);
        const t = s + v;
        c += twoSumError(s, v, t);
        s = t;
        p += step;
      }
    }
  }
  return s + c;
}

function rowSimd(ay: f64, hy: f64, ny: i32): f64 {
  let s = f64x2.splat(0.0);
  let c = f64x2.splat(0.0);
  const pairs = ny >> 1;
  if (rowSumFused()) {
    v128.store(SUM_STATE, s);
    v128.store(SUM_STATE, c, 16);
    for (let p0 = 0; p0 < pairs; p0 += Y_TABLE_POINTS >> 1) {
      const p1 = min(p0 + (Y_TABLE_POINTS >> 1), pairs);
      const ys = yTile(ay, hy, p0 << 1, p1 << 1);
      columnsFor(ay, hy, ys, p0, p1);
      for (let b = p0; b < p1; b += BLOCK_ELEMENTS) rowBlockSum(ys + (<usize>b << 4), min(BLOCK_ELEMENTS, p1 - b), SUM_STATE);
    }
    s = v128.load(SUM_STATE);
    c = v128.load(SUM_STATE, 16);
  } else {
    for (let p0 = 0; p0 < pairs; p0 += Y_TABLE_POINTS >> 1) {
      const p1 = min(p0 + (Y_TABLE_POINTS >> 1), pairs);
      const ys = yTile(ay, hy, p0 << 1, p1 << 1);
      columnsFor(ay, hy, ys, p0, p1);
      for (let b = p0; b < p1; b += BLOCK_ELEMENTS) {
        const n = min(BLOCK_ELEMENTS, p1 - b);
        rowBlock(ys + (<usize>b << 4), n);
        let p = rowResultPtr();
        const step = rowResultStep();
        for (let k = 0; k < n; k++) {
          const v = v128.load(p);
          c = f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v)));
          s = f64x2.add(s, v);
          p += step;
        }
      }
    }
  }
  // An odd last point is evaluated on the pair (y, y); sum.ts's foldLanes then ends the row as the catalog's do.
  const odd = (ny & 1) != 0;
  let last = 0.0;
  if (odd) {
    const y = yOf(ay, hy, ny - 1);
    store<f64>(LAST_Y, y);
    store<f64>(LAST_Y, y, 8);
    runBlock(LAST_Y, 1);
    last = load<f64>(resultPtr());
  }
  return foldLanes(s, c, odd, last);
}

let foundValue: f64 = 0;
/** The value firstNonFinite found. */
export function nonFiniteValue(): f64 { return foundValue; }

/** The first j (in j order) where f(x, y_j) is NaN or ±Inf, each point evaluated as the row sum does; −1 if none. */
export function firstNonFinite(x: f64, ay: f64, hy: f64, ny: i32): i32 {
  setX(x);
  runRow();
  const perElement = ASC_FEATURE_SIMD ? 2 : 1;
  const elements = ny / perElement;
  const tile = Y_TABLE_POINTS / perElement;
  for (let e0 = 0; e0 < elements; e0 += tile) {
    const e1 = min(e0 + tile, elements);
    const ys = yTile(ay, hy, e0 * perElement, e1 * perElement);
    for (let b = e0; b < e1; b += BLOCK_ELEMENTS) {
      const n = min(BLOCK_ELEMENTS, e1 - b);
      runBlock(ys + (<usize>(b * perElement) << 3), n);
      let p = resultPtr();
      const step = resultStep();
      for (let k = 0; k < n; k++) {
        for (let lane = 0; lane < perElement; lane++) {
          const v = load<f64>(p + (<usize>lane << 3));
          if (!isFinite(v)) { foundValue = v; return (b + k) * perElement + lane; }
        }
        p += step;
      }
    }
  }
  if (ASC_FEATURE_SIMD && (ny & 1) != 0) {
    const y = yOf(ay, hy, ny - 1);
    store<f64>(LAST_Y, y);
    store<f64>(LAST_Y, y, 8);
    runBlock(LAST_Y, 1);
    const v = load<f64>(resultPtr());
    if (!isFinite(v)) { foundValue = v; return ny - 1; }
  }
  return -1;
}

/** f at the gx×gy midpoints x_i = ax + hx·(i+½), y_j = ay + hy·(j+½), row-major (x outer), at `out`. */
export function sampleGrid(out: usize, gx: i32, gy: i32, ax: f64, hx: f64, ay: f64, hy: f64): void {
  const perElement = ASC_FEATURE_SIMD ? 2 : 1;
  for (let i = 0; i < gx; i++) {
    setX(ax + hx * (<f64>i + 0.5));
    runRow();
    for (let j0 = 0; j0 < gy; j0 += BLOCK_ELEMENTS * perElement) {
      const points = min(BLOCK_ELEMENTS * perElement, gy - j0);
      for (let j = 0; j < points; j++) store<f64>(SAMPLE_Y + (<usize>j << 3), yOf(ay, hy, j0 + j));
      if (points & 1) store<f64>(SAMPLE_Y + (<usize>points << 3), yOf(ay, hy, j0 + points - 1));
      const n = (points + perElement - 1) / perElement;
      runBlock(SAMPLE_Y, n);
      const p = resultPtr();
      const step = resultStep();
      const row = out + (<usize>(<i64>i * <i64>gy + <i64>j0) << 3);
      for (let j = 0; j < points; j++) {
        const e = j / perElement;
        store<f64>(row + (<usize>j << 3), load<f64>(p + <usize>e * step + (<usize>(j - e * perElement) << 3)));
      }
    }
  }
}
