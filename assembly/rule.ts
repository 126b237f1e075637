// The midpoint rule along one row of the grid: Σ_j f(x, ay + hy·(j + ½)), compensated, j in a fixed order.
//
// A row is the unit of work a host hands out (the "chunk"): its sum depends on the problem and the row index
// only, so any split of rows between workers gives the same row sums, and combine() then adds them in row
// order. The row loop lives in a function of its own so that each call enters whatever tier the engine has
// compiled by then (V8 does not move a running wasm frame to optimised code); each integrand has its own row
// function (reached through a table, so none is inlined into another), which keeps every loop small for the
// engine's register allocator.
//
// Speed without changing a bit: the loops below evaluate several points per iteration (independent
// evaluations the CPU overlaps), but every point is still f(x_i, y_j) from its own x and y (y_j read from a
// table holding the very doubles the loop would compute), and the sums take the values in exactly the order of
// the one-point loop — so the row sums are those of the plain loop.

import { foldLanes, twoSumError, twoSumErrorV } from "./sum";
import { ExpOfSum, Product, Reciprocal, SinOfSum, SinTimesCos } from "./integrands";
import { IN_RANGE, notKnown, notKnown4 } from "./vmath";

/**
 * y_j = ay + hy·(j + ½) does not depend on the row, so the rows read it from a table instead of computing it
 * (one load in place of a conversion, a multiply and an add per point, and three fewer vector registers held
 * in the simd loops: 4–7 % faster in Node, Deno, Bun and wasmtime alike). The values are the same doubles the
 * loop computed. A row of up to Y_TABLE_POINTS points finds the table filled by the first row of the problem;
 * a longer row refills it tile by tile, which costs about what computing y in the loop did.
 */
export const Y_TABLE_POINTS: i32 = 65536;
const Y_TABLE: usize = memory.data(Y_TABLE_POINTS << 3, 16);
/** What the table holds: y_j for j0 ≤ j < j1 of the problem with these bits of ay and hy (j1 < 0: nothing). */
let tableAy: u64 = 0;
let tableHy: u64 = 0;
let tableJ0: i32 = 0;
let tableJ1: i32 = -1;

/** Where the table starts: yTile's pointer for j0 = 0 (the evaluator keeps its column tables in step with it). */
export function yTableBase(): usize { return Y_TABLE; }

// @ts-ignore: decorator
@inline export function yOf(ay: f64, hy: f64, j: i32): f64 { return ay + hy * (<f64>j + 0.5); }

/** A pointer t with y_j at t + 8·j for j0 ≤ j < j1 (at most Y_TABLE_POINTS of them), filling the table if needed. */
export function yTile(ay: f64, hy: f64, j0: i32, j1: i32): usize {
  if (reinterpret<u64>(ay) != tableAy || reinterpret<u64>(hy) != tableHy || j0 != tableJ0 || j1 != tableJ1) {
    for (let j = j0; j < j1; j++) store<f64>(Y_TABLE + (<usize>(j - j0) << 3), yOf(ay, hy, j));
    tableAy = reinterpret<u64>(ay);
    tableHy = reinterpret<u64>(hy);
    tableJ0 = j0;
    tableJ1 = j1;
  }
  return Y_TABLE - (<usize>j0 << 3);
}

/**
 * Scalar build: one lane, (s, c) TwoSum pair, j = 0, 1, 2, … in order. Eight points per iteration, all evaluated
 * before any is summed: V8 keeps no float register across a wasm call, so what is live across the Math.sin calls
 * is spilled and reloaded around each one. Evaluating first leaves only x and the values live across them, and
 * s and c stay in registers for the eight TwoSums: 8.0 ns/eval against 8.6 with two points per iteration, 8.7 with
 * one. (The eight steps are written out: c in a module variable, updated by a helper, cost 6 %.)
 */
// @ts-ignore: decorator
@inline function rowScalar<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  let s = 0.0;
  let c = 0.0;
  let t = 0.0;
  for (let j0 = 0; j0 < ny; j0 += Y_TABLE_POINTS) {
    const j1 = min(j0 + Y_TABLE_POINTS, ny);
    const ys = yTile(ay, hy, j0, j1);
    let j = j0;
    for (; j + 7 < j1; j += 8) {
      const at = ys + (<usize>j << 3);
      const v0 = f.f(x, load<f64>(at));
      const v1 = f.f(x, load<f64>(at, 8));
      const v2 = f.f(x, load<f64>(at, 16));
      const v3 = f.f(x, load<f64>(at, 24));
      const v4 = f.f(x, load<f64>(at, 32));
      const v5 = f.f(x, load<f64>(at, 40));
      const v6 = f.f(x, load<f64>(at, 48));
      const v7 = f.f(x, load<f64>(at, 56));
      t = s + v0; c += twoSumError(s, v0, t); s = t;
      t = s + v1; c += twoSumError(s, v1, t); s = t;
      t = s + v2; c += twoSumError(s, v2, t); s = t;
      t = s + v3; c += twoSumError(s, v3, t); s = t;
      t = s + v4; c += twoSumError(s, v4, t); s = t;
      t = s + v5; c += twoSumError(s, v5, t); s = t;
      t = s + v6; c += twoSumError(s, v6, t); s = t;
      t = s + v7; c += twoSumError(s, v7, t); s = t;
    }
    for (; j < j1; j++) {
      const v = f.f(x, load<f64>(ys + (<usize>j << 3)));
      t = s + v; c += twoSumError(s, v, t); s = t;
    }
  }
  return s + c;
}

/**
 * Whether every argument the row's sin/cos can meet (x, y_j and x + y_j as rounded) has magnitude ≤ IN_RANGE, so
 * the unchecked vsinInRange/vcosInRange apply. |x| + |ay| + hy·ny bounds them all; the factor ½ covers the
 * roundings (a few ulp) with room to spare. NaN or ∞ on the way gives false.
 */
// @ts-ignore: decorator
@inline function rowInRange(x: f64, ay: f64, hy: f64, ny: i32): bool {
  return Math.abs(x) + Math.abs(ay) + hy * <f64>ny <= 0.5 * IN_RANGE;
}

/** One pair of points (lane 0 even j, lane 1 odd j) into the lane sums, in order. */
// @ts-ignore: decorator
@inline function addPair(s: v128, c: v128, v: v128): v128 {
  return f64x2.add(c, twoSumErrorV(s, v, f64x2.add(s, v)));
}

/**
 * The end of a SIMD row (sum.ts foldLanes): an odd last point joins lane 0 alone, then the lanes are folded.
 * Its y comes from yOf, the formula the table holds.
 */
// @ts-ignore: decorator
@inline function finishSimd<F>(s: v128, c: v128, xv: v128, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  const odd = (ny & 1) != 0;
  return foldLanes(s, c, odd, odd ? f64x2.extract_lane(f.fv(xv, f64x2.splat(yOf(ay, hy, ny - 1))), 0) : 0.0);
}

// Integrands without sin/cos define only f and fv (integrands.ts): their checked and branch-free paths are fv
// itself, the row constant is x, and no lane is flagged for the even polynomial (the odd loop never runs).
// @ts-ignore: decorator
@inline function fvrOf<F>(f: F, x: v128, y: v128): v128 {
  if (isDefined(f.fvr)) return f.fvr(x, y);
  return f.fv(x, y);
}
// @ts-ignore: decorator
@inline function rowConstOf<F>(f: F, x: v128): v128 {
  if (isDefined(f.rowConst)) return f.rowConst(x);
  return x;
}
// @ts-ignore: decorator
@inline function notKnownOf<F>(f: F, x: v128, y: v128, odd: bool): v128 {
  if (isDefined(f.knownArg)) return notKnown(f.knownArg(x, y), f.knownShift(), odd);
  return f64x2.splat(odd ? -1.0 : 0.0);
}
/** notKnownOf for the four pairs of a group, or-ed. */
// @ts-ignore: decorator
@inline function groupNotKnownOf<F>(f: F, x: v128, y0: v128, y1: v128, y2: v128, y3: v128, odd: bool): v128 {
  if (isDefined(f.knownArg)) {
    return notKnown4(f.knownArg(x, y0), f.knownArg(x, y1), f.knownArg(x, y2), f.knownArg(x, y3), f.knownShift(), odd);
  }
  return notKnownOf<F>(f, x, y0, odd);
}
// @ts-ignore: decorator
@inline function knownOf<F>(f: F, x: v128, r: v128, y: v128, odd: bool): v128 {
  if (isDefined(f.known)) return f.known(x, r, y, odd);
  return f.fv(x, y);
}

/** Pairs per block of the branch-free path: BLOCK_GROUPS groups of four pairs. */
const BLOCK_GROUPS: i32 = 16;
const BLOCK_PAIRS: i32 = BLOCK_GROUPS << 2;
/** The lane sums (s, c) before each group of the last knownBlock, and after its last group. */
const BLOCK_STATE: usize = memory.data((BLOCK_GROUPS + 1) << 5, 16);

// @ts-ignore: decorator
@inline function blockS(g: i32): v128 { return v128.load(BLOCK_STATE + (<usize>g << 5)); }
// @ts-ignore: decorator
@inline function blockC(g: i32): v128 { return v128.load(BLOCK_STATE + (<usize>g << 5), 16); }
// @ts-ignore: decorator
@inline function keepState(g: i32, s: v128, c: v128): void {
  v128.store(BLOCK_STATE + (<usize>g << 5), s);
  v128.store(BLOCK_STATE + (<usize>g << 5), c, 16);
}

/** (y_2p, y_2p+1): pair p's y values, from a yTile pointer. */
// @ts-ignore: decorator
@inline function yPair(ys: usize, p: i32): v128 { return v128.load(ys + (<usize>p << 4)); }

/**
 * BLOCK_PAIRS pairs from pair p on, every lane taken as f.known(·, odd): one polynomial and no branch per vector,
 * which is what lets the engine schedule four vectors' polynomials together; the one branch per group leaves at
 * the first group with a lane notKnownOf(·, odd) flags and returns its index (BLOCK_GROUPS if none).
 * blockS/blockC(g) hold the sums before group g, so the caller keeps exactly the groups whose every lane was
 * right, and each kept lane is the value the checked path gives.
 */
// @ts-ignore: decorator
@inline function knownBlock<F>(odd: bool, xv: v128, r: v128, ys: usize, s: v128, c: v128, p: i32): i32 {
  const f = changetype<F>(0);
  let at = ys + (<usize>p << 4);
  for (let g = 0; g < BLOCK_GROUPS; g++) {
    keepState(g, s, c);
    const y0 = v128.load(at);
    const y1 = v128.load(at, 16);
    const y2 = v128.load(at, 32);
    const y3 = v128.load(at, 48);
    if (i64x2.bitmask(groupNotKnownOf<F>(f, xv, y0, y1, y2, y3, odd)) != 0) return g;
    const v0 = knownOf<F>(f, xv, r, y0, odd);
    const v1 = knownOf<F>(f, xv, r, y1, odd);
    const v2 = knownOf<F>(f, xv, r, y2, odd);
    const v3 = knownOf<F>(f, xv, r, y3, odd);
    c = addPair(s, c, v0);
    s = f64x2.add(s, v0);
    c = addPair(s, c, v1);
    s = f64x2.add(s, v1);
    c = addPair(s, c, v2);
    s = f64x2.add(s, v2);
    c = addPair(s, c, v3);
    s = f64x2.add(s, v3);
    at += 64;
  }
  keepState(BLOCK_GROUPS, s, c);
  return BLOCK_GROUPS;
}

/**
 * knownBlock<F>(odd) from pair p on, block after block, until one stops at a group it cannot take or no full
 * block is left before pair `end`. Returns the pair it stopped at; the sums up to there are left in
 * blockS/blockC(BLOCK_GROUPS).
 */
// @ts-ignore: decorator
@inline function knownRun<F>(odd: bool, xv: v128, r: v128, ys: usize, s: v128, c: v128, p: i32, end: i32): i32 {
  for (let g = BLOCK_GROUPS; g == BLOCK_GROUPS && p + BLOCK_PAIRS <= end; p += g << 2) {
    g = knownBlock<F>(odd, xv, r, ys, s, c, p);
    s = blockS(g);
    c = blockC(g);
  }
  keepState(BLOCK_GROUPS, s, c);
  return p;
}

/**
 * Pairs p0 ≤ p < p1 of a SIMD row into the lane sums (s, c), which it leaves in blockS/blockC(BLOCK_GROUPS).
 * Rows whose arguments are certified in range run in blocks of the branch-free path, with the polynomial of the
 * current quadrant parity; a group that has a lane near a multiple of π/2 or of the other parity is taken pair
 * by pair with the checked functions, and the parity of the next lane picks the next loop. Leftover pairs take
 * the checked functions too.
 */
// @ts-ignore: decorator
@inline function pairsSimd<F>(inRange: bool, xv: v128, r: v128, ys: usize, s: v128, c: v128, p0: i32, p1: i32): void {
  const f = changetype<F>(0);
  let p = p0;
  if (inRange) {
    let odd = false;
    while (p + BLOCK_PAIRS <= p1) {
      // One loop per parity, each with its polynomial as a constant (one loop with `odd` as a variable would
      // branch per vector again); a loop ends at the first group it cannot take, or at the last full block.
      if (!odd) p = knownRun<F>(false, xv, r, ys, s, c, p, p1);
      if (odd) p = knownRun<F>(true, xv, r, ys, s, c, p, p1);
      s = blockS(BLOCK_GROUPS);
      c = blockC(BLOCK_GROUPS);
      if (p + BLOCK_PAIRS <= p1) {
        for (let q = 0; q < 4; q++) {
          const v = fvrOf<F>(f, xv, yPair(ys, p + q));
          c = addPair(s, c, v);
          s = f64x2.add(s, v);
        }
        p += 4;
        odd = (i64x2.bitmask(notKnownOf<F>(f, xv, yPair(ys, p), false)) & 1) != 0;
      }
    }
  }
  for (; p < p1; p++) {
    const v = f.fv(xv, yPair(ys, p));
    c = addPair(s, c, v);
    s = f64x2.add(s, v);
  }
  keepState(BLOCK_GROUPS, s, c);
}

/**
 * SIMD build: lane 0 takes even j, lane 1 odd j, each with its own (s, c) pair; an odd last point joins lane 0
 * alone. The pairs go through pairsSimd one y tile at a time.
 */
// @ts-ignore: decorator
@inline function rowSimd<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  const xv = f64x2.splat(x);
  const inRange = rowInRange(x, ay, hy, ny);
  const r = inRange ? rowConstOf<F>(f, xv) : xv;
  let s = f64x2.splat(0.0);
  let c = f64x2.splat(0.0);
  const pairs = ny >> 1;
  for (let p0 = 0; p0 < pairs; p0 += Y_TABLE_POINTS >> 1) {
    const p1 = min(p0 + (Y_TABLE_POINTS >> 1), pairs);
    pairsSimd<F>(inRange, xv, r, yTile(ay, hy, p0 << 1, p1 << 1), s, c, p0, p1);
    s = blockS(BLOCK_GROUPS);
    c = blockC(BLOCK_GROUPS);
  }
  return finishSimd<F>(s, c, xv, ay, hy, ny);
}

// @ts-ignore: decorator
@inline function row<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  return ASC_FEATURE_SIMD ? rowSimd<F>(x, ay, hy, ny) : rowScalar<F>(x, ay, hy, ny);
}

function rowSinOfSum(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<SinOfSum>(x, ay, hy, ny); }
function rowSinTimesCos(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<SinTimesCos>(x, ay, hy, ny); }
function rowExpOfSum(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<ExpOfSum>(x, ay, hy, ny); }
function rowProduct(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<Product>(x, ay, hy, ny); }
function rowReciprocal(x: f64, ay: f64, hy: f64, ny: i32): f64 { return row<Reciprocal>(x, ay, hy, ny); }

/** Row functions by integrand id (ABI order). */
const ROWS: StaticArray<(x: f64, ay: f64, hy: f64, ny: i32) => f64> = [
  rowSinOfSum, rowSinTimesCos, rowExpOfSum, rowProduct, rowReciprocal,
];

/** Row sum for integrand `id` (already validated) at abscissa x. */
export function rowById(id: i32, x: f64, ay: f64, hy: f64, ny: i32): f64 {
  return unchecked(ROWS[id])(x, ay, hy, ny);
}
