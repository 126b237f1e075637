// Product rules per cell: `gauss` (the k-point Gauss–Legendre rule on each axis, k = 1..GL_MAX_POINTS) and `gk21`
// (the 21-point Kronrod rule on each axis, its 10-point Gauss rule embedded). On a cell with centre (cx, cy) and
// half-widths (hx, hy) the nodes are x_a = cx + hx·t_a, y_b = cy + hy·t_b, and the cell's mean of f is
//     K = Σ_a w_a Σ_b w_b f(x_a, y_b)       (w = the table's weights halved: they sum to 1 on each axis)
// For gk21 the same points also give G (the 10×10 Gauss product on the Gauss nodes), GX (Gauss along x, Kronrod
// along y) and GY (the other way round); the cell's error estimate is
//     |K − G| + ROUNDING · Σ_a w_a Σ_b w_b |f(x_a, y_b)|
// |K − G| is the error of the 10-point product, far above the Kronrod product's own for a smooth f (it is
// exact to degree 31 per axis, the Gauss product to 19), so it bounds K's error with a wide margin; the second
// term covers the rounding of this code's own arithmetic (see ROUNDING). |K − GX| and |K − GY| say along which
// axis the cell is least resolved: the adaptive mode splits it there.
//
// Evaluation: the integrand's program (lang/) runs over blocks of y values for one x at a time, so a tile of
// cells that share their x nodes (one row of the grid) is evaluated with one block per x node: the y nodes of up
// to BLOCK / stride cells side by side. Every sum is a TwoSum sum in a fixed order (a, then b, ascending), so a
// cell's K, G, … depend on its centre, half-widths and f alone — not on the tile it was evaluated in, nor on who
// evaluated it.

import { GAUSS10_WEIGHTS, KRONROD_NODES, KRONROD_WEIGHTS } from "./kronrod";
import { GL_MAX_POINTS, GL_NODES, GL_WEIGHTS } from "./gauss-legendre";
import { twoSumError } from "./sum";
import { BLOCK, resultPtr, resultStep, runBlock, runRow, setX } from "./lang/program";

export const RULE_MIDPOINT: i32 = 0;
export const RULE_GAUSS: i32 = 1;
export const RULE_GK21: i32 = 2;
export const MAX_POINTS: i32 = GL_MAX_POINTS;
export const KRONROD_POINTS: i32 = 21;

/**
 * The rounding term's factor, 6 units in the last place (u = 2^−53) of Σ w|f|. The products w_b·f and w_a·(inner
 * sum) round once each (u each), the TwoSum sums add at most u of their result, the tabulated nodes and weights
 * are each within u/2 of the true ones: about 4u·Σ w|f| in all, by the usual bounds. The rest (2u) leaves room for
 * an f computed to within an ulp or so; a program that loses more than that (cancellation in f itself) is beyond
 * what any rule can see.
 */
const ROUNDING: f64 = 6.0 * (f64.EPSILON / 2.0);

// The active rule: k nodes t_a ascending, their halved weights, and for gk21 the halved Gauss weights at the
// Kronrod indices that are Gauss nodes (0 at the others).
const NODES: usize = memory.data(KRONROD_POINTS * 8, 16);
const WEIGHTS: usize = memory.data(KRONROD_POINTS * 8, 16);
const GAUSS_WEIGHTS: usize = memory.data(KRONROD_POINTS * 8, 16);
let points: i32 = 0;
let embedded = false;
/**
 * Points per cell in a tile: k, or k rounded up to even in the simd build, the last node repeated. The evaluator
 * takes y values in pairs there, and a pair's two lanes can share a path (vsin's scalar fallback takes both lanes
 * when either is large): with an even stride no pair straddles two cells, so a cell's values never depend on its
 * neighbour's.
 */
let stride: i32 = 0;
/** Cells per tile: as many as fit in one block of BLOCK points. */
let tileCells: i32 = 0;

// @ts-ignore: decorator
@inline function node(a: i32): f64 { return load<f64>(NODES + (<usize>a << 3)); }
// @ts-ignore: decorator
@inline function weight(a: i32): f64 { return load<f64>(WEIGHTS + (<usize>a << 3)); }
// @ts-ignore: decorator
@inline function gaussWeight(a: i32): f64 { return load<f64>(GAUSS_WEIGHTS + (<usize>a << 3)); }

/** Sets the rule for the functions below; the caller has checked rule and k (gauss: 1..MAX_POINTS). */
export function useRule(rule: i32, k: i32): void {
  if (rule == RULE_GK21) {
    points = KRONROD_POINTS;
    embedded = true;
    // KRONROD_NODES lists t ≥ 0 from the largest down: index a of the ascending list is node 10 − |a − 10|.
    for (let a = 0; a < KRONROD_POINTS; a++) {
      const m = a <= 10 ? a : 20 - a;
      const t = unchecked(KRONROD_NODES[m]);
      store<f64>(NODES + (<usize>a << 3), a <= 10 ? -t : t);
      store<f64>(WEIGHTS + (<usize>a << 3), 0.5 * unchecked(KRONROD_WEIGHTS[m]));
      // xgk(2), xgk(4), …, xgk(10) (1-based) are the Gauss nodes: m = 1, 3, …, 9 here, with weight wg((m+1)/2).
      store<f64>(GAUSS_WEIGHTS + (<usize>a << 3), (m & 1) == 1 ? 0.5 * unchecked(GAUSS10_WEIGHTS[m >> 1]) : 0.0);
    }
  } else {
    points = k;
    embedded = false;
    const first = (k * (k - 1)) >> 1;
    for (let a = 0; a < k; a++) {
      store<f64>(NODES + (<usize>a << 3), unchecked(GL_NODES[first + a]));
      store<f64>(WEIGHTS + (<usize>a << 3), 0.5 * unchecked(GL_WEIGHTS[first + a]));
      store<f64>(GAUSS_WEIGHTS + (<usize>a << 3), 0.0);
    }
  }
  stride = ASC_FEATURE_SIMD ? (points + 1) & ~1 : points;
  tileCells = BLOCK / stride;
}

/** Evaluations of f per cell. */
export function cellEvaluations(): i32 { return points * points; }

/** Whether the rule has an error estimate (gk21). */
export function hasEstimate(): bool { return embedded; }

// The y nodes of one tile (stride per cell; one more slot for an odd count in the simd build), and each cell's
// sums: K, G, GX, GY as TwoSum pairs (s, c), then Σ w|f|.
const TILE_Y: usize = memory.data((BLOCK + 2) << 3, 16);
const SUMS: i32 = 9;
const CELL_SUMS: usize = memory.data(BLOCK * SUMS * 8, 16);
const K_S: i32 = 0;
const G_S: i32 = 2;
const GX_S: i32 = 4;
const GY_S: i32 = 6;
const ABS: i32 = 8;

// @ts-ignore: decorator
@inline function sumAt(cell: i32, which: i32): usize { return CELL_SUMS + (<usize>(cell * SUMS + which) << 3); }

/** Adds v to the TwoSum pair at p (s at p, c at p + 8). */
// @ts-ignore: decorator
@inline function addTo(p: usize, v: f64): void {
  const s = load<f64>(p);
  const t = s + v;
  store<f64>(p, t);
  store<f64>(p, load<f64>(p, 8) + twoSumError(s, v, t), 8);
}

// @ts-ignore: decorator
@inline function total(cell: i32, which: i32): f64 {
  const p = sumAt(cell, which);
  return load<f64>(p) + load<f64>(p, 8);
}

/** Writes the y nodes of cell c of the tile: cy + hy·t_b, the last one repeated up to the stride. */
function placeCell(c: i32, cy: f64, hy: f64): void {
  const at = TILE_Y + (<usize>(c * stride) << 3);
  for (let b = 0; b < points; b++) store<f64>(at + (<usize>b << 3), cy + hy * node(b));
  for (let b = points; b < stride; b++) store<f64>(at + (<usize>b << 3), load<f64>(at + (<usize>(points - 1) << 3)));
}

/** f at point b of cell c of the tile, after runBlock: pairs in the simd build, single values in the scalar one. */
// @ts-ignore: decorator
@inline function valueAt(p: usize, step: usize, q: i32): f64 {
  return ASC_FEATURE_SIMD ? load<f64>(p + <usize>(q >> 1) * step + (<usize>(q & 1) << 3)) : load<f64>(p + <usize>q * step);
}

/**
 * The sums of the `cells` cells of the tile (their y nodes placed), which share the x nodes cx + hx·t_a. For
 * each x node: one block over every cell's y nodes, then each cell's inner sums over b, weighted into its
 * outer sums by a. Both loops ascend; the TwoSum pairs keep the sums to about twice working precision.
 */
function evaluateTile(cx: f64, hx: f64, cells: i32): void {
  for (let k = 0; k < cells * SUMS; k++) store<f64>(CELL_SUMS + (<usize>k << 3), 0.0);
  const elements = ASC_FEATURE_SIMD ? (cells * stride) >> 1 : cells * stride;
  for (let a = 0; a < points; a++) {
    setX(cx + hx * node(a));
    runRow();
    runBlock(TILE_Y, elements);
    const p = resultPtr();
    const step = resultStep();
    const wa = weight(a);
    const ga = gaussWeight(a);
    for (let c = 0; c < cells; c++) {
      const first = c * stride;
      let sk = 0.0;
      let ck = 0.0;
      if (!embedded) {
        for (let b = 0; b < points; b++) {
          const v = weight(b) * valueAt(p, step, first + b);
          const t = sk + v;
          ck += twoSumError(sk, v, t);
          sk = t;
        }
        addTo(sumAt(c, K_S), wa * (sk + ck));
        continue;
      }
      let sg = 0.0;
      let cg = 0.0;
      let sa = 0.0;
      for (let b = 0; b < points; b++) {
        const f = valueAt(p, step, first + b);
        const v = weight(b) * f;
        const t = sk + v;
        ck += twoSumError(sk, v, t);
        sk = t;
        sa += weight(b) * Math.abs(f);
        if ((b & 1) == 1) { // the Gauss nodes are the odd indices of the ascending 21
          const g = gaussWeight(b) * f;
          const u = sg + g;
          cg += twoSumError(sg, g, u);
          sg = u;
        }
      }
      const inner = sk + ck;
      const innerG = sg + cg;
      addTo(sumAt(c, K_S), wa * inner);
      addTo(sumAt(c, GY_S), wa * innerG);
      if ((a & 1) == 1) {
        addTo(sumAt(c, GX_S), ga * inner);
        addTo(sumAt(c, G_S), ga * innerG);
      }
      store<f64>(sumAt(c, ABS), load<f64>(sumAt(c, ABS)) + wa * sa);
    }
  }
}

/** Cell c's mean by the rule (K). */
// @ts-ignore: decorator
@inline function cellMean(c: i32): f64 { return total(c, K_S); }

/** Cell c's error estimate, in units of the mean (gk21 only): |K − G| + ROUNDING·Σ w|f|. */
// @ts-ignore: decorator
@inline function cellError(c: i32): f64 {
  return Math.abs(total(c, K_S) - total(c, G_S)) + ROUNDING * load<f64>(sumAt(c, ABS));
}

let lastRowError: f64 = NaN;
/** The error estimate of the last ruleRow (in its units); NaN for a rule without one. */
export function ruleRowError(): f64 { return lastRowError; }

/**
 * Row i of a grid of cells (centre x = ax + hx·(i + ½), like the midpoint rule's rows): Σ_j of each cell's mean,
 * in j order with TwoSum; times the cell area, it is the row's share of the integral. The row's error estimate
 * (the same units) is kept for ruleRowError.
 */
export function ruleRow(x: f64, hx: f64, ay: f64, hy: f64, ny: i32): f64 {
  let s = 0.0;
  let c = 0.0;
  let e = 0.0;
  const halfX = 0.5 * hx;
  const halfY = 0.5 * hy;
  for (let j0 = 0; j0 < ny; j0 += tileCells) {
    const cells = min(tileCells, ny - j0);
    for (let k = 0; k < cells; k++) placeCell(k, ay + hy * (<f64>(j0 + k) + 0.5), halfY);
    evaluateTile(x, halfX, cells);
    for (let k = 0; k < cells; k++) {
      const v = cellMean(k);
      const t = s + v;
      c += twoSumError(s, v, t);
      s = t;
      if (embedded) e += cellError(k);
    }
  }
  lastRowError = embedded ? e : NaN;
  return s + c;
}

// What regionRule leaves for its callers (index.ts, adaptive.ts).
let regionErr: f64 = NaN;
let regionAxisY = false;
/** The error estimate of the last regionRule (gk21). */
export function lastRegionError(): f64 { return regionErr; }
/** Along which axis the last region is least resolved: 0 x, 1 y (ties: its longer side, then x). */
export function lastRegionAxis(): i32 { return regionAxisY ? 1 : 0; }

/**
 * ∫∫ f over the region with centre (cx, cy) and half-widths (hx, hy) by the active rule: (2hx)(2hy)·K, the
 * area scaled by 4 exactly, so the initial regions of the adaptive mode (the grid's cells) give each cell's
 * value of ruleRow bit for bit. With gk21 it also leaves the error estimate (lastRegionError) and the axis to
 * split along (lastRegionAxis).
 */
export function regionRule(cx: f64, hx: f64, cy: f64, hy: f64): f64 {
  placeCell(0, cy, hy);
  evaluateTile(cx, hx, 1);
  const area = (2.0 * hx) * (2.0 * hy);
  if (embedded) {
    const k = total(0, K_S);
    regionErr = area * cellError(0);
    const ex = Math.abs(k - total(0, GX_S));
    const ey = Math.abs(k - total(0, GY_S));
    regionAxisY = ey > ex || (ey == ex && hy > hx);
  } else {
    regionErr = NaN;
    regionAxisY = false;
  }
  return area * cellMean(0);
}

// ---- the diagnosis of a value that is not finite -------------------------------------------------------------

let badX: f64 = 0;
let badY: f64 = 0;
let badValue: f64 = 0;
export function nonFiniteX(): f64 { return badX; }
export function nonFiniteY(): f64 { return badY; }
export function nonFiniteAt(): f64 { return badValue; }

/**
 * Whether some point of the tile's cells (y nodes placed) is not finite: the first in evaluation order (x node a
 * ascending, then cell, then y node) is kept for nonFiniteX/Y/At.
 */
function tileNonFinite(cx: f64, hx: f64, cells: i32): bool {
  const elements = ASC_FEATURE_SIMD ? (cells * stride) >> 1 : cells * stride;
  for (let a = 0; a < points; a++) {
    const x = cx + hx * node(a);
    setX(x);
    runRow();
    runBlock(TILE_Y, elements);
    const p = resultPtr();
    const step = resultStep();
    for (let c = 0; c < cells; c++) {
      for (let b = 0; b < points; b++) {
        const v = valueAt(p, step, c * stride + b);
        if (isFinite(v)) continue;
        badX = x;
        badY = load<f64>(TILE_Y + (<usize>(c * stride + b) << 3));
        badValue = v;
        return true;
      }
    }
  }
  return false;
}

/** The first point of row i (as ruleRow evaluates it: tiles in j order) where f is not finite; false if none. */
export function ruleRowNonFinite(x: f64, hx: f64, ay: f64, hy: f64, ny: i32): bool {
  for (let j0 = 0; j0 < ny; j0 += tileCells) {
    const cells = min(tileCells, ny - j0);
    for (let k = 0; k < cells; k++) placeCell(k, ay + hy * (<f64>(j0 + k) + 0.5), 0.5 * hy);
    if (tileNonFinite(x, 0.5 * hx, cells)) return true;
  }
  return false;
}

/** The first point of the region where f is not finite; false if none. */
export function regionNonFinite(cx: f64, hx: f64, cy: f64, hy: f64): bool {
  placeCell(0, cy, hy);
  return tileNonFinite(cx, hx, 1);
}
