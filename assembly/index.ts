// integration2d kernel — the ABI. Every export takes and returns plain numbers (i32, f64, pointers into
// `memory`); the module imports nothing. README.md § "Kernel ABI" documents each export; keep the two in step.
//
// Call order:  setup(...) → rowSum(i) for every row i (any order, any instance set up alike) →
//              buffer(nx) ← row sums written at index i → combine(nx) in one instance that was set up alike.

import { INTEGRAND_COUNT, INTEGRAND_NAMES, domainAllowed, exactById } from "./integrands";
import { rowById } from "./rule";
import { sumInOrder } from "./sum";
import { vcos, vsin } from "./vmath";

const ABI_VERSION: i32 = 1;
/** Largest nx or ny accepted: keeps the row-sum buffer (8·nx bytes) and every index well inside i32. */
const MAX_CELLS: i32 = 10_000_000;

// setup() error codes (0 is success). Hosts map them to messages; never renumber.
const ERR_INTEGRAND: i32 = -1; // unknown integrand id
const ERR_NX: i32 = -2; // nx outside 1..MAX_CELLS
const ERR_NY: i32 = -3; // ny outside 1..MAX_CELLS
const ERR_NOT_FINITE: i32 = -4; // a bound is NaN or ±Inf
const ERR_EMPTY: i32 = -5; // ax >= bx or ay >= by
const ERR_SINGULAR: i32 = -6; // the integrand is not defined on the whole closed domain

// One literal each (a concatenation would run at start-up and need an allocator).
const META_SCALAR = '{"abi":1,"variant":"scalar","maxCells":10000000,"integrands":["sin(x+y)","sin(x)*cos(y)","exp(x+y)","x*y","1/(1+x+y)"]}';
const META_SIMD = '{"abi":1,"variant":"simd","maxCells":10000000,"integrands":["sin(x+y)","sin(x)*cos(y)","exp(x+y)","x*y","1/(1+x+y)"]}';

// The problem set by the last successful setup(); `ready` is false until then and after a failed setup().
let ready = false;
let integrand: i32 = 0;
let ax: f64 = 0;
let ay: f64 = 0;
let hx: f64 = 0;
let hy: f64 = 0;
let nx: i32 = 0;
let ny: i32 = 0;
let cellArea: f64 = 0;

/** ABI version: bumped on any incompatible change to the exports below. */
export function abiVersion(): i32 { return ABI_VERSION; }

/** 0 = scalar build, 1 = simd build. */
export function variant(): i32 { return ASC_FEATURE_SIMD ? 1 : 0; }

/** Pointer to a JSON string (AssemblyScript layout: UTF-16LE, byte length in the u32 before the pointer). */
export function metadata(): usize { return changetype<usize>(ASC_FEATURE_SIMD ? META_SIMD : META_SCALAR); }

/** Number of catalog integrands; ids are 0..count−1. */
export function integrandCount(): i32 { return INTEGRAND_COUNT; }

/** Pointer to the name of integrand `id` (same string layout as metadata), or 0 for an unknown id. */
export function integrandName(id: i32): usize {
  return id >= 0 && id < INTEGRAND_COUNT ? changetype<usize>(INTEGRAND_NAMES[id]) : 0;
}

/** Maximum nx and ny. */
export function maxCells(): i32 { return MAX_CELLS; }

function checkProblem(id: i32, ax_: f64, bx: f64, ay_: f64, by: f64): i32 {
  if (id < 0 || id >= INTEGRAND_COUNT) return ERR_INTEGRAND;
  if (!isFinite(ax_) || !isFinite(bx) || !isFinite(ay_) || !isFinite(by)) return ERR_NOT_FINITE;
  if (!(ax_ < bx) || !(ay_ < by)) return ERR_EMPTY;
  if (!domainAllowed(id, ax_, ay_)) return ERR_SINGULAR;
  return 0;
}

/** Closed-form ∫∫ f over the domain as given (doubles, see README on `pi`); NaN if the problem is invalid. */
export function exact(id: i32, ax_: f64, bx: f64, ay_: f64, by: f64): f64 {
  return checkProblem(id, ax_, bx, ay_, by) == 0 ? exactById(id, ax_, bx, ay_, by) : NaN;
}

/** Fix the problem for rowSum/combine. Returns 0 or a negative error code; on error the instance is unset. */
export function setup(id: i32, ax_: f64, bx: f64, ay_: f64, by: f64, nx_: i32, ny_: i32): i32 {
  ready = false;
  const code = checkProblem(id, ax_, bx, ay_, by);
  if (code != 0) return code;
  if (nx_ < 1 || nx_ > MAX_CELLS) return ERR_NX;
  if (ny_ < 1 || ny_ > MAX_CELLS) return ERR_NY;
  integrand = id;
  ax = ax_;
  ay = ay_;
  nx = nx_;
  ny = ny_;
  hx = (bx - ax_) / <f64>nx_;
  hy = (by - ay_) / <f64>ny_;
  cellArea = hx * hy;
  ready = true;
  return 0;
}

/** Compensated Σ_j f(x_i, y_j) for row i (0 ≤ i < nx); NaN if not set up or i is outside the grid. */
export function rowSum(i: i32): f64 {
  if (!ready || i < 0 || i >= nx) return NaN;
  return rowById(integrand, ax + hx * (<f64>i + 0.5), ay, hy, ny);
}

/**
 * Pointer to a scratch area of `count` f64 (8-byte aligned) at the start of the heap, growing memory as needed;
 * 0 if count is outside 0..MAX_CELLS or memory cannot grow. Its contents survive until the next buffer() call
 * that grows memory (hosts re-create their views after every call, as memory.buffer may have changed).
 */
export function buffer(count: i32): usize {
  if (count < 0 || count > MAX_CELLS) return 0;
  const base = (__heap_base + 15) & ~<usize>15;
  const end = base + (<usize>count << 3);
  const pages = memory.size();
  const needed = <i32>((end + 0xffff) >>> 16);
  if (needed > pages && memory.grow(needed - pages) < 0) return 0;
  return base;
}

/**
 * The integral: the `count` row sums in buffer(), added in row order with compensation, times hx·hy.
 * NaN if not set up or count ≠ nx.
 */
export function combine(count: i32): f64 {
  if (!ready || count != nx) return NaN;
  return cellArea * sumInOrder(buffer(count), count);
}

/** sin (which = 0) or cos (which = 1) of the first `count` f64 in buffer(), in place, with this build's code. */
export function mapTrig(which: i32, count: i32): i32 {
  if (which < 0 || which > 1 || count < 0 || count > MAX_CELLS) return -1;
  const ptr = buffer(count);
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    for (; k + 1 < count; k += 2) {
      const p = ptr + (<usize>k << 3);
      const v = v128.load(p);
      v128.store(p, which == 0 ? vsin(v) : vcos(v));
    }
  }
  for (; k < count; k++) {
    const p = ptr + (<usize>k << 3);
    const v = load<f64>(p);
    store<f64>(p, ASC_FEATURE_SIMD
      ? f64x2.extract_lane(which == 0 ? vsin(f64x2.splat(v)) : vcos(f64x2.splat(v)), 0)
      : (which == 0 ? Math.sin(v) : Math.cos(v)));
  }
  return 0;
}
