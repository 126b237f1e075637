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
// evaluations the CPU overlaps), but every point is still f(x_i, y_j) from its own x and y, and the sums take
// the values in exactly the order of the one-point loop — so the row sums are those of the plain loop.

import { twoSumError, twoSumErrorV } from "./sum";
import { ExpOfSum, Product, Reciprocal, SinOfSum, SinTimesCos } from "./integrands";
import { IN_RANGE } from "./vmath";

/** Scalar build: one lane, (s, c) TwoSum pair, j = 0, 1, 2, … (two points per iteration, summed in order: the
 * integrands that call Math functions overlap two calls' work). */
// @ts-ignore: decorator
@inline function rowScalar<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  let s = 0.0;
  let c = 0.0;
  let j = 0;
  for (; j + 1 < ny; j += 2) {
    const v0 = f.f(x, ay + hy * (<f64>j + 0.5));
    const v1 = f.f(x, ay + hy * (<f64>(j + 1) + 0.5));
    const t0 = s + v0;
    c += twoSumError(s, v0, t0);
    const t1 = t0 + v1;
    c += twoSumError(t0, v1, t1);
    s = t1;
  }
  if (j < ny) {
    const v = f.f(x, ay + hy * (<f64>j + 0.5));
    const t = s + v;
    c += twoSumError(s, v, t);
    s = t;
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
 * The end of a SIMD row: an odd last point joins lane 0 alone, then the lanes are folded by one more TwoSum.
 * y is computed with the scalar build's exact operations.
 */
// @ts-ignore: decorator
@inline function finishSimd<F>(s: v128, c: v128, xv: v128, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  let s0 = f64x2.extract_lane(s, 0);
  let c0 = f64x2.extract_lane(c, 0);
  if (ny & 1) {
    const last = f64x2.extract_lane(f.fv(xv, f64x2.splat(ay + hy * (<f64>(ny - 1) + 0.5))), 0);
    const t = s0 + last;
    c0 += twoSumError(s0, last, t);
    s0 = t;
  }
  const s1 = f64x2.extract_lane(s, 1);
  const t = s0 + s1;
  return t + (twoSumError(s0, s1, t) + (c0 + f64x2.extract_lane(c, 1)));
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
@inline function notKnownOf<F>(f: F, x: v128, r: v128, y: v128, odd: bool): v128 {
  if (isDefined(f.notKnown)) return f.notKnown(x, r, y, odd);
  return f64x2.splat(odd ? -1.0 : 0.0);
}
// @ts-ignore: decorator
@inline function knownOf<F>(f: F, x: v128, r: v128, y: v128, odd: bool): v128 {
  if (isDefined(f.known)) return f.known(x, r, y, odd);
  return f.fv(x, y);
}

/** 2.0 in both lanes, the step of j + ½ per pair, loaded from memory (vmath.ts's TABLE says why). */
const STEP: usize = memory.data<f64>([2.0, 2.0], 16);

/** Pairs per block of the branch-free path: BLOCK_GROUPS groups of four pairs. */
const BLOCK_GROUPS: i32 = 16;
const BLOCK_PAIRS: i32 = BLOCK_GROUPS << 2;
/** The lane sums (s, c) before each group of the last knownBlock, and after its last group. */
const BLOCK_STATE: usize = memory.data((BLOCK_GROUPS + 1) << 5, 16);

// @ts-ignore: decorator
@inline function blockS(g: i32): v128 { return v128.load(BLOCK_STATE + (<usize>g << 5)); }
// @ts-ignore: decorator
@inline function blockC(g: i32): v128 { return v128.load(BLOCK_STATE + (<usize>g << 5), 16); }

/** (2p + ½, 2p + 1½): the j + ½ of pair p, exactly what adding 2 to (½, 1½) p times gives. */
// @ts-ignore: decorator
@inline function jvAt(p: i32): v128 { return f64x2.add(f64x2.splat(<f64>(p << 1)), f64x2(0.5, 1.5)); }

/**
 * BLOCK_PAIRS pairs from pair p on, every lane taken as f.known(·, odd): one polynomial and no branch per vector,
 * which is what lets the engine schedule four vectors' polynomials together; the one branch per group leaves at
 * the first group with a lane f.notKnown(·, odd) flags and returns its index (BLOCK_GROUPS if none).
 * blockS/blockC(g) hold the sums before group g, so the caller keeps exactly the groups whose every lane was
 * right, and each kept lane is the value the checked path gives.
 */
// @ts-ignore: decorator
@inline function knownBlock<F>(odd: bool, xv: v128, r: v128, ayv: v128, hyv: v128, s: v128, c: v128, p: i32): i32 {
  const f = changetype<F>(0);
  const step = v128.load(STEP);
  let jv = jvAt(p);
  for (let g = 0; g < BLOCK_GROUPS; g++) {
    v128.store(BLOCK_STATE + (<usize>g << 5), s);
    v128.store(BLOCK_STATE + (<usize>g << 5), c, 16);
    const jv1 = f64x2.add(jv, step);
    const jv2 = f64x2.add(jv1, step);
    const jv3 = f64x2.add(jv2, step);
    const y0 = f64x2.add(ayv, f64x2.mul(hyv, jv));
    const y1 = f64x2.add(ayv, f64x2.mul(hyv, jv1));
    const y2 = f64x2.add(ayv, f64x2.mul(hyv, jv2));
    const y3 = f64x2.add(ayv, f64x2.mul(hyv, jv3));
    const flagged = v128.or(v128.or(notKnownOf<F>(f, xv, r, y0, odd), notKnownOf<F>(f, xv, r, y1, odd)),
      v128.or(notKnownOf<F>(f, xv, r, y2, odd), notKnownOf<F>(f, xv, r, y3, odd)));
    if (i64x2.bitmask(flagged) != 0) return g;
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
    jv = f64x2.add(jv3, step);
  }
  v128.store(BLOCK_STATE + (<usize>BLOCK_GROUPS << 5), s);
  v128.store(BLOCK_STATE + (<usize>BLOCK_GROUPS << 5), c, 16);
  return BLOCK_GROUPS;
}

/**
 * knownBlock<F>(odd) from pair p on, block after block, until one stops at a group it cannot take or no full
 * block is left. Returns the pair it stopped at; the sums up to there are left in blockS/blockC(BLOCK_GROUPS).
 */
// @ts-ignore: decorator
@inline function knownRun<F>(
  odd: bool, xv: v128, r: v128, ayv: v128, hyv: v128, s: v128, c: v128, p: i32, pairs: i32,
): i32 {
  for (let g = BLOCK_GROUPS; g == BLOCK_GROUPS && p + BLOCK_PAIRS <= pairs; p += g << 2) {
    g = knownBlock<F>(odd, xv, r, ayv, hyv, s, c, p);
    s = blockS(g);
    c = blockC(g);
  }
  v128.store(BLOCK_STATE + (<usize>BLOCK_GROUPS << 5), s);
  v128.store(BLOCK_STATE + (<usize>BLOCK_GROUPS << 5), c, 16);
  return p;
}

/**
 * SIMD build: lane 0 takes even j, lane 1 odd j, each with its own (s, c) pair; an odd last point joins lane 0
 * alone. Rows whose arguments are certified in range run in blocks of the branch-free path, with the
 * polynomial of the current quadrant parity; a group that has a lane near a multiple of π/2 or of the other
 * parity is taken pair by pair with the checked functions, and the parity of the next lane picks the next
 * loop. Leftover pairs take the checked functions too.
 */
// @ts-ignore: decorator
@inline function rowSimd<F>(x: f64, ay: f64, hy: f64, ny: i32): f64 {
  const f = changetype<F>(0);
  const xv = f64x2.splat(x);
  const ayv = f64x2.splat(ay);
  const hyv = f64x2.splat(hy);
  let jv = f64x2(0.5, 1.5);
  const step = v128.load(STEP);
  let s = f64x2.splat(0.0);
  let c = f64x2.splat(0.0);
  const pairs = ny >> 1;
  let p = 0;
  if (rowInRange(x, ay, hy, ny)) {
    const r = rowConstOf<F>(f, xv);
    let odd = false;
    while (p + BLOCK_PAIRS <= pairs) {
      // One loop per parity, each with its polynomial as a constant (one loop with `odd` as a variable would
      // branch per vector again); a loop ends at the first group it cannot take, or at the last full block.
      if (!odd) p = knownRun<F>(false, xv, r, ayv, hyv, s, c, p, pairs);
      if (odd) p = knownRun<F>(true, xv, r, ayv, hyv, s, c, p, pairs);
      s = blockS(BLOCK_GROUPS);
      c = blockC(BLOCK_GROUPS);
      jv = jvAt(p);
      if (p + BLOCK_PAIRS <= pairs) {
        for (let q = 0; q < 4; q++) {
          const v = fvrOf<F>(f, xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
          c = addPair(s, c, v);
          s = f64x2.add(s, v);
          jv = f64x2.add(jv, step);
        }
        p += 4;
        odd = (i64x2.bitmask(notKnownOf<F>(f, xv, r, f64x2.add(ayv, f64x2.mul(hyv, jv)), false)) & 1) != 0;
      }
    }
  }
  for (; p < pairs; p++) {
    const v = f.fv(xv, f64x2.add(ayv, f64x2.mul(hyv, jv)));
    c = addPair(s, c, v);
    s = f64x2.add(s, v);
    jv = f64x2.add(jv, step);
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
