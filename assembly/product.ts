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
import { EDGE_LAGRANGE, NULL_RULES } from "./null-rules";
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
 * Positions sampled per axis besides the nodes: gk21 also evaluates f on the cell's edges (t = ±1), where no node
 * reaches, for the estimate's edge check (axisError); they carry no weight in the value. 0 for gauss.
 */
let edges: i32 = 0;
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
  edges = embedded ? 2 : 0;
  stride = ASC_FEATURE_SIMD ? (points + edges + 1) & ~1 : points + edges;
  tileCells = BLOCK / stride;
}

/** Evaluations of f per cell: the nodes', and for gk21 those on the edges (the 4 corners included: 23² = 529). */
export function cellEvaluations(): i32 { return (points + edges) * (points + edges); }

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

/**
 * gk21 only: each cell's two marginals at the 21 nodes, for the null rules (cellError): MARGIN_X[c][a] = Σ_b w_b
 * f(x_a, y_b) (the inner Kronrod sums) and MARGIN_Y[c][b] = Σ_a w_a f(x_a, y_b). Plain sums: they only estimate.
 */
const MAX_TILE_CELLS: i32 = BLOCK / (KRONROD_POINTS + 2);
const MARGIN_X: usize = memory.data(MAX_TILE_CELLS * KRONROD_POINTS * 8, 16);
const MARGIN_Y: usize = memory.data(MAX_TILE_CELLS * KRONROD_POINTS * 8, 16);
/** The marginals on the cell's edges: [c][0] at t = −1, [c][1] at t = +1 (x: Σ_b w_b f(edge, y_b); y likewise). */
const EDGE_X: usize = memory.data(MAX_TILE_CELLS * 2 * 8, 16);
const EDGE_Y: usize = memory.data(MAX_TILE_CELLS * 2 * 8, 16);
// @ts-ignore: decorator
@inline function edgeAt(m: usize, cell: i32, side: i32): usize { return m + (<usize>(cell * 2 + side) << 3); }
// @ts-ignore: decorator
@inline function marginAt(m: usize, cell: i32, i: i32): usize { return m + (<usize>(cell * KRONROD_POINTS + i) << 3); }

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

/**
 * Writes the y values of cell c of the tile: the nodes cy + hy·t_b, then (gk21) the edges cy − hy and cy + hy, the
 * last one repeated up to the stride.
 */
function placeCell(c: i32, cy: f64, hy: f64): void {
  const at = TILE_Y + (<usize>(c * stride) << 3);
  for (let b = 0; b < points; b++) store<f64>(at + (<usize>b << 3), cy + hy * node(b));
  if (edges > 0) {
    store<f64>(at + (<usize>points << 3), cy - hy);
    store<f64>(at + (<usize>(points + 1) << 3), cy + hy);
  }
  const last = points + edges - 1;
  for (let b = points + edges; b < stride; b++) store<f64>(at + (<usize>b << 3), load<f64>(at + (<usize>last << 3)));
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
  if (embedded) {
    for (let k = 0; k < cells * KRONROD_POINTS; k++) store<f64>(MARGIN_Y + (<usize>k << 3), 0.0);
    for (let k = 0; k < cells * 2; k++) store<f64>(EDGE_Y + (<usize>k << 3), 0.0);
  }
  const elements = ASC_FEATURE_SIMD ? (cells * stride) >> 1 : cells * stride;
  for (let a = 0; a < points + edges; a++) {
    setX(a < points ? cx + hx * node(a) : a == points ? cx - hx : cx + hx);
    runRow();
    runBlock(TILE_Y, elements);
    const p = resultPtr();
    const step = resultStep();
    if (a >= points) { // an x edge: only its marginal, for the edge check
      for (let c = 0; c < cells; c++) {
        let m = 0.0;
        for (let b = 0; b < points; b++) m += weight(b) * valueAt(p, step, c * stride + b);
        store<f64>(edgeAt(EDGE_X, c, a - points), m);
      }
      continue;
    }
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
        const my = marginAt(MARGIN_Y, c, b);
        store<f64>(my, load<f64>(my) + wa * f);
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
      store<f64>(marginAt(MARGIN_X, c, a), inner);
      for (let side = 0; side < 2; side++) {
        const e = edgeAt(EDGE_Y, c, side);
        store<f64>(e, load<f64>(e) + wa * valueAt(p, step, first + points + side));
      }
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

// ---- the estimate: null rules on each axis's marginal ---------------------------------------------------------
//
// On 21 nodes, a functional Σ n_i F_i that vanishes on every polynomial of degree < m is a null rule of degree m;
// with φ_m the polynomials orthonormal for the Kronrod weights at the nodes (tabulated in null-rules.ts by
// scripts/make-null-rules.mjs),
// N_m(F) = Σ w_i φ_m(t_i) F_i is the m-th coefficient of F in that basis. K − G (Kronrod minus embedded Gauss) is a
// multiple of N_20 (the functionals vanishing on degree ≤ 19 form a one-dimensional space), so |K − G| measures
// one coefficient — and one coefficient can be small by chance: at a kink or a jump the coefficients decay like a
// power of m and oscillate, |K − G| can sit on a low of that oscillation, and the Kronrod error (the tail of all
// the coefficients beyond the rule's degree) is then 5–20 times |K − G|: an estimate that lies. So the estimate of
// each axis reads six coefficients, m = 15..20, scaled like K − G (e_20 = |K − G| on that axis), in pairs
// E_1 = |(e_19, e_20)|, E_2 = |(e_17, e_18)|, E_3 = |(e_15, e_16)| (a pair does not vanish at one zero crossing),
// after Berntsen and Espelid (ACM TOMS 17, 1991, "Error estimation in automatic quadrature routines"). When the
// pairs decay fast (each ≤ DECAY of the one before: the integrand is resolved, the coefficients fall
// geometrically), or when they are no larger than the rounding term (what they measure is then the rounding of
// f's values, not f), the estimate is e_20 = |K − G| itself, already far above the Kronrod error. Otherwise the
// integrand is not resolved on that axis (a kink, a jump, a peak or an oscillation too narrow for the cell) and
// the estimate is SAFETY · max(E_1, E_2). Unlike Berntsen and Espelid's, it is never scaled down below |K − G|.
// A region's estimate is the two axes' sum plus the rounding term; the larger axis is the one to split.

/** Pairs decaying by at most this factor count as resolved. */
const DECAY: f64 = 0.3;
/** Factor on the largest pair where they do not: measured on kinks and jumps in 1-D (README § Rules). */
const SAFETY: f64 = 10.0;
const FIRST_NULL: i32 = 15;
/** The unsampled band beyond the outermost node, as a fraction of the cell: (1 − t_max)/2. */
const EDGE_BAND: f64 = (1.0 - 0.995657163025808080735527280689003) / 2.0;
/** Factor on the edge check (the band's share of a jump is at most the jump; 2 for the extrapolation's own error). */
const EDGE_SAFETY: f64 = 2.0;

/** e_m = |N_m(F)| for the marginal at `margin` (21 values). */
// @ts-ignore: decorator
@inline function nullValue(m: i32, margin: usize): f64 {
  const first = (m - FIRST_NULL) * KRONROD_POINTS;
  let s = 0.0;
  for (let i = 0; i < KRONROD_POINTS; i++) s += unchecked(NULL_RULES[first + i]) * load<f64>(margin + (<usize>i << 3));
  return Math.abs(s);
}

/** The degree-20 interpolant of the marginal at `margin`, evaluated at the edge t = −1 (side 0) or +1 (side 1). */
// @ts-ignore: decorator
@inline function extrapolated(margin: usize, side: i32): f64 {
  const first = side * KRONROD_POINTS;
  let s = 0.0;
  for (let i = 0; i < KRONROD_POINTS; i++) s += unchecked(EDGE_LAGRANGE[first + i]) * load<f64>(margin + (<usize>i << 3));
  return s;
}

/**
 * One axis's estimate from its marginal (21 values at `margin`, the edges' at `edge`), in units of the mean; `kg`
 * is |K − G| on that axis. The null rules' part as above, plus the edge check: between an edge and the outermost
 * node lies a band no node reaches, (1 − t_max)/2 = 0.2 % of the cell, where a jump or a peak would go unseen; the
 * marginal on the edge against the nodes' interpolant extrapolated there (a step of 0.004, well conditioned: the
 * interpolant's coefficients there add up to 4.2 in magnitude) shows one, and what it can hide there is at most
 * that difference times the band. An edge where f is not finite (an integrable singularity on the boundary, which
 * no node touches) gives no check.
 */
function axisError(margin: usize, edge: usize, kg: f64, noise: f64): f64 {
  const e1 = Math.hypot(nullValue(19, margin), nullValue(20, margin));
  const e2 = Math.hypot(nullValue(17, margin), nullValue(18, margin));
  const e3 = Math.hypot(nullValue(15, margin), nullValue(16, margin));
  const resolved = (e1 <= DECAY * e2 && e2 <= DECAY * e3) || Math.max(e1, e2) <= noise;
  let e = resolved ? kg : Math.max(kg, SAFETY * Math.max(e1, e2));
  for (let side = 0; side < 2; side++) {
    const d = Math.abs(load<f64>(edge + (<usize>side << 3)) - extrapolated(margin, side));
    if (isFinite(d)) e += EDGE_SAFETY * EDGE_BAND * d;
  }
  return e;
}

let cellErrorX: f64 = 0;
let cellErrorY: f64 = 0;
/**
 * Cell c's error estimate, in units of the mean (gk21 only): the x and y axes' estimates (axisError, each at least
 * |K − G| on its axis) added, plus ROUNDING·Σ w|f|; the two axes' parts are left in cellErrorX/Y.
 */
function cellError(c: i32): f64 {
  const k = total(c, K_S);
  const rounding = ROUNDING * load<f64>(sumAt(c, ABS));
  cellErrorX = axisError(marginAt(MARGIN_X, c, 0), edgeAt(EDGE_X, c, 0), Math.abs(k - total(c, GX_S)), rounding);
  cellErrorY = axisError(marginAt(MARGIN_Y, c, 0), edgeAt(EDGE_Y, c, 0), Math.abs(k - total(c, GY_S)), rounding);
  return Math.max(Math.abs(k - total(c, G_S)), cellErrorX + cellErrorY) + rounding;
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
let regionSplit: i32 = -1;
/** The error estimate of the last regionRule (gk21). */
export function lastRegionError(): f64 { return regionErr; }
let regionAbs: f64 = NaN;
/** ∫|f| over the last region by the Kronrod product (gk21): the scale of its rounding. */
export function lastRegionAbs(): f64 { return regionAbs; }
/** How to split the last region (gk21): SPLIT_X, SPLIT_Y, or NO_SPLIT. */
export function lastRegionSplit(): i32 { return regionSplit; }

export const NO_SPLIT: i32 = -1;
export const SPLIT_X: i32 = 0;
export const SPLIT_Y: i32 = 1;

/** Whether halving the half-width h about c gives two children with distinct centres (c − h/2 < c < c + h/2). */
// @ts-ignore: decorator
@inline function halvable(c: f64, h: f64): bool { return c - 0.5 * h < c && c < c + 0.5 * h; }

/**
 * How the adaptive mode should split a region (gk21): along the axis with the larger part of the estimate
 * (cellErrorX, cellErrorY), a tie going to the longer side, then x; along the other when that one cannot be
 * halved any more and the other's part is above the rounding term; NO_SPLIT when neither, or when both parts
 * together are within the rounding term (what is left is rounding, which splitting does not reduce).
 */
function splitOf(cx: f64, hx: f64, cy: f64, hy: f64): i32 {
  const ex = cellErrorX;
  const ey = cellErrorY;
  const rounding = ROUNDING * load<f64>(sumAt(0, ABS));
  if (!(ex + ey > rounding)) return NO_SPLIT;
  const preferY = ey > ex || (ey == ex && hy > hx);
  if (preferY) return halvable(cy, hy) ? SPLIT_Y : halvable(cx, hx) && ex > rounding ? SPLIT_X : NO_SPLIT;
  return halvable(cx, hx) ? SPLIT_X : halvable(cy, hy) && ey > rounding ? SPLIT_Y : NO_SPLIT;
}

/**
 * ∫∫ f over the region with centre (cx, cy) and half-widths (hx, hy) by the active rule: (2hx)(2hy)·K, the
 * area scaled by 4 exactly, so the initial regions of the adaptive mode (the grid's cells) give each cell's
 * value of ruleRow bit for bit. With gk21 it also leaves the error estimate (lastRegionError) and how to split
 * the region (lastRegionSplit).
 */
export function regionRule(cx: f64, hx: f64, cy: f64, hy: f64): f64 {
  placeCell(0, cy, hy);
  evaluateTile(cx, hx, 1);
  const area = (2.0 * hx) * (2.0 * hy);
  regionErr = embedded ? area * cellError(0) : NaN;
  regionAbs = embedded ? area * load<f64>(sumAt(0, ABS)) : NaN;
  regionSplit = embedded ? splitOf(cx, hx, cy, hy) : NO_SPLIT;
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
