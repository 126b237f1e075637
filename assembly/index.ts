// integration2d kernel — the ABI. Every export takes and returns plain numbers (i32, f64, pointers into
// `memory`); the module imports nothing. README.md § "Kernel ABI" documents each export; keep the two in step.
//
// Call order (ABI 2):  p = text(fLen + dLen) ← the integrand's UTF-8 bytes, then the domain's → define(fLen, dLen,
//              nx, ny) → rowSum(i) for every row i (any order, any instance defined alike) → buffer(nx) ← row
//              sums written at index i → combine(nx) in one instance that was defined alike.
// ABI 1's setup(id, …) in place of text + define still works, unchanged.
//
// Nothing here allocates: texts, tokens, programs, registers and messages live in static memory (memory.data),
// and buffer() hands out the area from __heap_base on, which an allocation would overwrite.

import { INTEGRAND_COUNT, INTEGRAND_NAMES, domainAllowed, exactById } from "./integrands";
import { rowById } from "./rule";
import {
  KRONROD_POINTS, MAX_POINTS, RULE_GAUSS, RULE_GK21, RULE_MIDPOINT, cellEvaluations, hasEstimate, lastRegionAbs, lastRegionError, lastRegionSplit, nonFiniteAt, nonFiniteX, nonFiniteY, regionRule as productRegion, ruleRow, ruleRowError,
  ruleRowNonFinite, useRule,
} from "./product";
import { sumInOrder } from "./sum";
import { vcos, vsin } from "./vmath";
import { gridOverflows, notFiniteAt, rowOverflows } from "./diagnosis";
import * as adaptive from "./adaptive";
import { learnCatalog, matchCatalog, parseEntry } from "./lang/catalog";
import { firstNonFinite, nonFiniteValue, programRow, sampleGrid } from "./lang/eval";
import { MAX_TEXT, lex } from "./lang/lexer";
import * as msg from "./lang/message";
import { compile } from "./lang/program";
import { readDomain, domainBound, domainColumn } from "./lang/domain";
import { parseExpression } from "./lang/parser";

const ABI_VERSION: i32 = 2;
/** Largest nx or ny accepted: keeps the row-sum buffer (8·nx bytes) and every index well inside i32. */
const MAX_CELLS: i32 = 10_000_000;

// setup() error codes (0 is success). Hosts map them to messages; never renumber.
const ERR_INTEGRAND: i32 = -1; // unknown integrand id
const ERR_NX: i32 = -2; // nx outside 1..MAX_CELLS
const ERR_NY: i32 = -3; // ny outside 1..MAX_CELLS
const ERR_NOT_FINITE: i32 = -4; // a bound is NaN or ±Inf
const ERR_EMPTY: i32 = -5; // ax >= bx or ay >= by
const ERR_SINGULAR: i32 = -6; // the integrand is not defined on the whole closed domain
// define() only:
const ERR_CELL: i32 = -7; // hx, hy or the cell area hx·hy is not finite, or is zero
const ERR_DOMAIN_TEXT: i32 = -8; // the domain text is refused (syntax, a name, not four bounds, too long)
// defineRule() only:
const ERR_RULE: i32 = -9; // no problem is defined, or the rule id is not 0..2
const ERR_POINTS: i32 = -10; // gauss: points outside 1..MAX_POINTS; gk21: points other than 21 (or 0)

// One literal each (a concatenation would run at start-up and need an allocator).
const META_SCALAR = '{"abi":2,"variant":"scalar","maxCells":10000000,"maxText":4096,"maxDepth":64,"rules":["midpoint","gauss","gk21"],"maxPoints":20,"maxRegions":1048576,"integrands":["sin(x+y)","sin(x)*cos(y)","exp(x+y)","x*y","1/(1+x+y)"],"functions":["sin","cos","tan","asin","acos","atan","sinh","cosh","tanh","asinh","acosh","atanh","exp","expm1","log","log1p","log2","log10","sqrt","cbrt","abs","floor","ceil","sign","atan2","pow","hypot","min","max","if"],"constants":["pi","e"],"variables":["x","y"]}';
const META_SIMD = '{"abi":2,"variant":"simd","maxCells":10000000,"maxText":4096,"maxDepth":64,"rules":["midpoint","gauss","gk21"],"maxPoints":20,"maxRegions":1048576,"integrands":["sin(x+y)","sin(x)*cos(y)","exp(x+y)","x*y","1/(1+x+y)"],"functions":["sin","cos","tan","asin","acos","atan","sinh","cosh","tanh","asinh","acosh","atanh","exp","expm1","log","log1p","log2","log10","sqrt","cbrt","abs","floor","ceil","sign","atan2","pow","hypot","min","max","if"],"constants":["pi","e"],"variables":["x","y"]}';

// The problem set by the last successful setup(); `ready` is false until then and after a failed setup().
let ready = false;
/** The catalog entry whose row function the problem takes, or −1: the compiled program (lang/) evaluates it. */
let integrand: i32 = 0;
let ax: f64 = 0;
let bx: f64 = 0;
let ay: f64 = 0;
let by: f64 = 0;
let hx: f64 = 0;
let hy: f64 = 0;
let nx: i32 = 0;
let ny: i32 = 0;
let cellArea: f64 = 0;
/** The rule rowSum applies (product.ts): midpoint until defineRule says otherwise; every define/setup resets it. */
let rule: i32 = RULE_MIDPOINT;

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
export function setup(id: i32, ax_: f64, bx_: f64, ay_: f64, by_: f64, nx_: i32, ny_: i32): i32 {
  ready = false;
  rule = RULE_MIDPOINT;
  adaptive.end();
  msg.clear();
  const code = checkProblem(id, ax_, bx_, ay_, by_);
  if (code != 0) return code;
  if (nx_ < 1 || nx_ > MAX_CELLS) return ERR_NX;
  if (ny_ < 1 || ny_ > MAX_CELLS) return ERR_NY;
  // the entry's program too, for combine()'s diagnosis and sample()
  parseEntry(id);
  compile(0);
  fix(id, ax_, bx_, ay_, by_, nx_, ny_);
  return 0;
}

function fix(id: i32, ax_: f64, bx_: f64, ay_: f64, by_: f64, nx_: i32, ny_: i32): void {
  integrand = id;
  ax = ax_;
  bx = bx_;
  ay = ay_;
  by = by_;
  nx = nx_;
  ny = ny_;
  hx = (bx_ - ax_) / <f64>nx_;
  hy = (by_ - ay_) / <f64>ny_;
  cellArea = hx * hy;
  ready = true;
}

/**
 * Compensated Σ_j f(x_i, y_j) for row i (0 ≤ i < nx); NaN if not set up or i is outside the grid. Under a product
 * rule (defineRule): Σ_j of the mean of f over cell (i, j) by the rule, its error estimate left for rowError().
 */
export function rowSum(i: i32): f64 {
  if (!ready || i < 0 || i >= nx) return NaN;
  const x = ax + hx * (<f64>i + 0.5);
  if (rule != RULE_MIDPOINT) return ruleRow(x, hx, ay, hy, ny);
  return integrand >= 0 ? rowById(integrand, x, ay, hy, ny) : programRow(x, ay, hy, ny);
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
  msg.clear();
  if (!ready || count != nx) return NaN;
  const value = cellArea * sumInOrder(buffer(count), count);
  if (!isFinite(value)) diagnose(count);
  return value;
}

/**
 * Why the integral is not finite, into message(): the first row (in row order) whose sum in buffer() is not
 * finite is evaluated again point by point, in j order, with the same code; the first non-finite point names x,
 * y and its value. Otherwise a sum overflowed.
 */
function diagnose(count: i32): void {
  const p = buffer(count);
  msg.begin(0, 0);
  for (let i = 0; i < count; i++) {
    if (isFinite(load<f64>(p + (<usize>i << 3)))) continue;
    const x = ax + hx * (<f64>i + 0.5);
    if (rule != RULE_MIDPOINT) {
      if (ruleRowNonFinite(x, hx, ay, hy, ny)) notFiniteAt(nonFiniteX(), nonFiniteY(), nonFiniteAt());
      else rowOverflows(x);
      return;
    }
    const j = firstNonFinite(x, ay, hy, ny);
    if (j >= 0) notFiniteAt(x, ay + hy * (<f64>j + 0.5), nonFiniteValue());
    else rowOverflows(x);
    return;
  }
  gridOverflows(sumInOrder(p, count), cellArea);
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

// ---- ABI 2: the problem as text ------------------------------------------------------------------------------

/** Both texts, integrand then domain, written by the host (UTF-8, no terminator). */
const TEXT: usize = memory.data(2 * MAX_TEXT, 16);

/** Most bytes one text (integrand or domain) may have. */
export function maxText(): i32 { return MAX_TEXT; }

/** The area where the host writes the integrand's bytes followed by the domain's; 0 if bytes ∉ [0, 2·maxText]. */
export function text(bytes: i32): usize { return bytes >= 0 && bytes <= 2 * MAX_TEXT ? TEXT : 0; }

function tooLong(field: i32, len: i32): void {
  msg.begin(field, 0);
  if (len < 0) { msg.text("negative text length "); msg.int(len); return; }
  msg.text("text longer than ");
  msg.int(MAX_TEXT);
  msg.text(" bytes (");
  msg.int(len);
  msg.text(" bytes)");
}

function cellsRefused(field: i32, n: i32): i32 {
  msg.begin(field, 0);
  msg.text("must be an integer from 1 to ");
  msg.int(MAX_CELLS);
  msg.text(" (got ");
  msg.int(n);
  msg.text(")");
  return field == 2 ? ERR_NX : ERR_NY;
}

const BOUND_NAMES: StaticArray<string> = ["ax", "bx", "ay", "by"];

/**
 * Parses the integrand (the first fLen bytes at text()) and the domain (the next dLen bytes: "ax,bx,ay,by", four
 * constant expressions), checks everything and fixes the problem for rowSum/combine. Returns 0 or an error code
 * (README § Kernel ABI); on error the instance is unset and message(), errorField(), errorColumn() say why.
 */
export function define(fLen: i32, dLen: i32, nx_: i32, ny_: i32): i32 {
  ready = false;
  rule = RULE_MIDPOINT;
  adaptive.end();
  msg.clear();
  if (fLen < 0 || fLen > MAX_TEXT) { tooLong(0, fLen); return ERR_INTEGRAND; }
  if (dLen < 0 || dLen > MAX_TEXT) { tooLong(1, dLen); return ERR_DOMAIN_TEXT; }
  learnCatalog();
  if (!lex(TEXT, fLen, 0) || !parseExpression(0)) return ERR_INTEGRAND;
  const id = matchCatalog();
  if (!compile(0)) return ERR_INTEGRAND;
  if (!readDomain(TEXT + <usize>fLen, dLen, 1)) return ERR_DOMAIN_TEXT;
  if (nx_ < 1 || nx_ > MAX_CELLS) return cellsRefused(2, nx_);
  if (ny_ < 1 || ny_ > MAX_CELLS) return cellsRefused(3, ny_);
  for (let k = 0; k < 4; k++) {
    const v = domainBound(k);
    if (!isFinite(v)) {
      msg.begin(1, domainColumn(k));
      msg.text("bound ");
      msg.text(unchecked(BOUND_NAMES[k]));
      msg.text(" is not finite (");
      msg.num(v);
      msg.text(")");
      msg.atColumn();
      return ERR_NOT_FINITE;
    }
  }
  const ax_ = domainBound(0);
  const bx_ = domainBound(1);
  const ay_ = domainBound(2);
  const by_ = domainBound(3);
  for (let k = 0; k < 4; k += 2) {
    const lo = domainBound(k);
    const hi = domainBound(k + 1);
    if (lo < hi) continue;
    msg.begin(1, domainColumn(k + 1));
    msg.text(unchecked(BOUND_NAMES[k]));
    msg.text(" must be less than ");
    msg.text(unchecked(BOUND_NAMES[k + 1]));
    msg.text(" (here ");
    msg.text(unchecked(BOUND_NAMES[k]));
    msg.text(" = ");
    msg.num(lo);
    msg.text(", ");
    msg.text(unchecked(BOUND_NAMES[k + 1]));
    msg.text(" = ");
    msg.num(hi);
    msg.text(")");
    msg.atColumn();
    return ERR_EMPTY;
  }
  if (id >= 0 && !domainAllowed(id, ax_, ay_)) {
    msg.begin(1, 0);
    msg.text("1/(1+x+y) is singular on this domain: it needs 1+ax+ay > 0 (here 1+ax+ay = ");
    msg.num(1.0 + ax_ + ay_);
    msg.text(")");
    return ERR_SINGULAR;
  }
  const hx_ = (bx_ - ax_) / <f64>nx_;
  const hy_ = (by_ - ay_) / <f64>ny_;
  const area = hx_ * hy_;
  if (!isFinite(hx_) || !isFinite(hy_) || !isFinite(area) || area == 0) {
    msg.begin(1, 0);
    msg.text("the cell area hx*hy is not finite or is zero (hx = ");
    msg.num(hx_);
    msg.text(", hy = ");
    msg.num(hy_);
    msg.text(")");
    return ERR_CELL;
  }
  fix(id, ax_, bx_, ay_, by_, nx_, ny_);
  return 0;
}

/** After a failed define: 0 integrand, 1 domain, 2 nx, 3 ny. */
export function errorField(): i32 { return msg.messageField(); }

/** 1-based column (code points) of the error in that text, 0 where there is none. */
export function errorColumn(): i32 { return msg.messageColumn(); }

/** UTF-8 bytes of the last message (define's refusal or combine's diagnosis); messageLength() of them. */
export function message(): usize { return msg.messagePtr(); }
export function messageLength(): i32 { return msg.messageLen(); }

/** Bound k (0 ax, 1 bx, 2 ay, 3 by) of the problem; NaN if none is set or k is not 0..3. */
export function bound(k: i32): f64 {
  if (!ready) return NaN;
  switch (k) {
    case 0: return ax;
    case 1: return bx;
    case 2: return ay;
    case 3: return by;
  }
  return NaN;
}

/** The catalog entry whose fast path the problem takes, or −1 (also when none is set). */
export function catalogId(): i32 { return ready ? integrand : -1; }

/** Closed form of the problem on its domain; NaN when it has none (not a catalog entry) or none is set. */
export function exactValue(): f64 { return ready && integrand >= 0 ? exactById(integrand, ax, bx, ay, by) : NaN; }

/**
 * f at the gx×gy midpoints of a coarse grid over the domain (row-major, x outer), written at buffer(gx·gy) and
 * returned; NaN and ±Inf are left as they are. 0 if no problem is set, gx or gy < 1, gx·gy > maxCells or memory
 * cannot grow. It overwrites the row sums there: combine first.
 */
export function sample(gx: i32, gy: i32): usize {
  if (!ready || gx < 1 || gy < 1 || <i64>gx * <i64>gy > <i64>MAX_CELLS) return 0;
  const p = buffer(gx * gy);
  if (p == 0) return 0;
  sampleGrid(p, gx, gy, ax, (bx - ax) / <f64>gx, ay, (by - ay) / <f64>gy);
  return p;
}

// ---- product rules and their error estimate ------------------------------------------------------------------

const RULE_NAMES: StaticArray<string> = ["midpoint", "gauss", "gk21"];

/**
 * After define (or setup): the rule rowSum applies. 0 midpoint (what define sets), 1 gauss with `points` nodes
 * per axis (1..20), 2 gk21 (points 21, or 0 for "its own"). Returns 0 or ERR_RULE / ERR_POINTS with message(),
 * errorField() 4 (rule) or 5 (points); a refusal leaves the problem and its rule as they were.
 */
export function defineRule(rule_: i32, points: i32): i32 {
  msg.clear();
  if (!ready) {
    msg.begin(4, 0);
    msg.text("no problem is defined (call define first)");
    return ERR_RULE;
  }
  if (rule_ < RULE_MIDPOINT || rule_ > RULE_GK21) {
    msg.begin(4, 0);
    msg.text("unknown rule ");
    msg.int(rule_);
    msg.text(" (0 midpoint, 1 gauss, 2 gk21)");
    return ERR_RULE;
  }
  if (rule_ == RULE_GAUSS && (points < 1 || points > MAX_POINTS)) {
    msg.begin(5, 0);
    msg.text("gauss takes 1 to ");
    msg.int(MAX_POINTS);
    msg.text(" points per axis (got ");
    msg.int(points);
    msg.text(")");
    return ERR_POINTS;
  }
  if (rule_ != RULE_GAUSS && points != 0 && points != (rule_ == RULE_GK21 ? KRONROD_POINTS : 1)) {
    msg.begin(5, 0);
    msg.text(unchecked(RULE_NAMES[rule_]));
    msg.text(" has ");
    msg.int(rule_ == RULE_GK21 ? KRONROD_POINTS : 1);
    msg.text(" point");
    if (rule_ == RULE_GK21) msg.text("s");
    msg.text(" per axis (got ");
    msg.int(points);
    msg.text(")");
    return ERR_POINTS;
  }
  adaptive.end();
  rule = rule_;
  if (rule != RULE_MIDPOINT) useRule(rule, points);
  return 0;
}

/** The rule rowSum applies: 0 midpoint, 1 gauss, 2 gk21. */
export function ruleId(): i32 { return rule; }

/** Evaluations of f per cell under the rule (1 for midpoint, k² for gauss, 441 for gk21). */
export function evaluationsPerCell(): i32 { return rule == RULE_MIDPOINT ? 1 : cellEvaluations(); }

/**
 * The error estimate of the row the last rowSum computed, in rowSum's units (Σ over the row's cells of each
 * cell's |K − G| + rounding term; README § Rules); NaN for a rule without one (midpoint, gauss).
 */
export function rowError(): f64 { return rule == RULE_MIDPOINT ? NaN : ruleRowError(); }

/**
 * The error estimate of the integral: the `count` row errors in buffer() (rowError of row i at index i) added in
 * row order, times the cell area. NaN if no problem is set, count ≠ nx or the rule has no estimate.
 */
export function combineError(count: i32): f64 {
  if (!ready || count != nx || rule == RULE_MIDPOINT || !hasEstimate()) return NaN;
  const p = buffer(count);
  let e = 0.0;
  for (let i = 0; i < count; i++) e += load<f64>(p + (<usize>i << 3));
  return cellArea * e;
}

/**
 * ∫∫ f over one region by the rule (gauss or gk21): centre (cx, cy), half-widths (hx, hy) > 0. Its error estimate
 * and the axis to split it along are left for regionError() and regionAxis(). NaN if no problem is set or the
 * rule is midpoint.
 */
export function regionRule(cx: f64, hx_: f64, cy: f64, hy_: f64): f64 {
  if (!ready || rule == RULE_MIDPOINT) return NaN;
  return productRegion(cx, hx_, cy, hy_);
}

/** The error estimate of the last regionRule (gk21; NaN for gauss). */
export function regionError(): f64 { return lastRegionError(); }

/**
 * How the adaptive mode would split the last regionRule's region (gk21): 0 along x, 1 along y (where it is least
 * resolved), −1 not at all (its estimate is rounding, or it cannot be halved).
 */
export function regionSplit(): i32 { return lastRegionSplit(); }

/** ∫|f| over the last regionRule's region by the rule (gk21): the scale of its rounding, for the rounds. */
export function regionAbs(): f64 { return lastRegionAbs(); }

// ---- the tolerance mode (adaptive.ts) ------------------------------------------------------------------------

// adaptiveBegin() codes (define's and defineRule's run to −10):
const ERR_ADAPTIVE_RULE: i32 = -11; // no problem, or its rule is not gk21
const ERR_RTOL: i32 = -12; // rtol not in [0, 1), or rtol and atol both 0
const ERR_ATOL: i32 = -13; // atol not finite or < 0
const ERR_MAX_EVALS: i32 = -14; // maxEvals not a whole number from the initial grid's cost to 2^53; or the grid exceeds the region cap
const ERR_MEMORY: i32 = -15; // memory cannot hold the run's regions

/** Most regions a tolerance run holds at once. */
export function maxRegions(): i32 { return adaptive.MAX_REGIONS; }

function refuse(field: i32, code: i32): i32 {
  msg.begin(field, 0);
  return code;
}

/**
 * Starts the tolerance mode on the defined problem (rule gk21): regions are the nx×ny cells, refined in rounds
 * (README § Rules) until the estimate ≤ max(atol, rtol·|value|) or maxEvals evaluations would be passed. Returns 0
 * (the cells are pending) or a code with message() and errorField() (6 rtol, 7 atol, 8 maxEvals, 2 nx, 4 rule).
 */
export function adaptiveBegin(rtol: f64, atol: f64, maxEvals: f64): i32 {
  adaptive.end();
  const code = checkTolerance(rtol, atol, maxEvals);
  if (code != 0) return code;
  const base = (__heap_base + 15) & ~<usize>15;
  if (!adaptive.begin(base, ax, hx, nx, ay, hy, ny, rtol, atol, maxEvals)) return ERR_MEMORY;
  return 0;
}

/**
 * adaptiveBegin's checks alone, starting nothing and allocating nothing: 0, or its code with message() and
 * errorField(). What a host calls to check the options before a run.
 */
export function checkTolerance(rtol: f64, atol: f64, maxEvals: f64): i32 {
  msg.clear();
  if (!ready || rule != RULE_GK21) {
    msg.begin(4, 0);
    msg.text("the tolerance mode takes the gk21 rule (defineRule(2, 0) after define)");
    return ERR_ADAPTIVE_RULE;
  }
  if (!(rtol >= 0 && rtol < 1)) {
    const code = refuse(6, ERR_RTOL);
    msg.text("must be a number from 0 to below 1 (got ");
    msg.num(rtol);
    msg.text(")");
    return code;
  }
  if (!(atol >= 0 && isFinite(atol))) {
    const code = refuse(7, ERR_ATOL);
    msg.text("must be a finite number, 0 or more (got ");
    msg.num(atol);
    msg.text(")");
    return code;
  }
  if (rtol == 0 && atol == 0) {
    const code = refuse(6, ERR_RTOL);
    msg.text("the tolerance is 0 (rtol and atol both 0): no run can meet it; give rtol or atol above 0");
    return code;
  }
  const cells = <i64>nx * <i64>ny;
  if (cells > <i64>adaptive.MAX_REGIONS) {
    const code = refuse(2, ERR_MAX_EVALS);
    msg.text("the initial grid has ");
    msg.num(<f64>cells);
    msg.text(" cells, more than the ");
    msg.int(adaptive.MAX_REGIONS);
    msg.text(" regions the tolerance mode holds");
    return code;
  }
  const least = <f64>cells * <f64>adaptive.REGION_EVALUATIONS;
  if (!(maxEvals >= least && maxEvals <= 9007199254740992.0 && Math.floor(maxEvals) == maxEvals)) {
    const code = refuse(8, ERR_MAX_EVALS);
    msg.text("must be a whole number from ");
    msg.num(least);
    msg.text(" (");
    msg.int(adaptive.REGION_EVALUATIONS);
    msg.text(" evaluations for each of the initial grid's cells) to 2^53 (got ");
    msg.num(maxEvals);
    msg.text(")");
    return code;
  }
  return 0;
}

/** Regions to evaluate this round (0 when no run is in progress). */
export function pendingCount(): i32 { return adaptive.pendingCount(); }

/** The pending regions' rectangles: cx, hx, cy, hy (centre and half-widths) per region, pendingCount() of them. */
export function pendingRects(): usize { return adaptive.isActive() ? adaptive.rectangles() : 0; }

/**
 * Where the host writes the pending regions' results, in pending order, 4 f64 each: regionRule, regionError,
 * regionSplit, regionAbs.
 */
export function pendingResults(): usize { return adaptive.isActive() ? adaptive.results() : 0; }

/** Evaluates pending regions from..to−1 in this instance and writes their results (a serial host); 0 or −1. */
export function evaluatePending(from: i32, to: i32): i32 { return adaptive.evaluate(from, to) ? 0 : -1; }

/**
 * Takes the pending results and decides: 0 another round (pendingCount() regions), 1 converged, 2 not converged
 * (message() says why), −16 a result is not finite (message(): the first point where f is not, or the overflow).
 */
export function adaptiveRound(): i32 { return adaptive.round(); }

/** The value and error estimate after the last adaptiveRound (NaN before). */
export function adaptiveValue(): f64 { return adaptive.currentValue(); }
export function adaptiveError(): f64 { return adaptive.currentError(); }

/** Regions now, rounds done, and f evaluations so far (441 per region evaluated). */
export function regionCount(): i32 { return adaptive.regionCount(); }
export function roundCount(): i32 { return adaptive.roundCount(); }
export function evaluationCount(): f64 { return adaptive.evaluationCount(); }

/** The regions (cx, hx, cy, hy, value, error, split, selected, ∫|f|: 9 f64 each), regionCount() of them. */
export function regions(): usize { return adaptive.records(); }
