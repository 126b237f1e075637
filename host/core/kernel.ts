// The kernel wrapper: one plain function per ABI export (README § Kernel ABI), nothing else. The only
// JS-side logic is copying row sums into the kernel's memory and reading its strings (through the
// AssemblyScript loader, which knows the string layout).

import { instantiateSync } from "@assemblyscript/loader";

/**
 * The loader's helpers this wrapper uses, declared here rather than imported: the loader is bundled, not a
 * dependency, so the shipped declarations must not name its types (a consumer's tsc would not find them).
 */
export interface LoaderHelpers {
  /** Copies a string's value from the module's memory. */
  __getString(ptr: number): string;
}

/** The kernel's raw exports, as in assembly/index.ts. */
export interface KernelExports extends Record<string, unknown> {
  /** A WebAssembly.Memory, typed by the member used: the shipped declarations need no DOM library. */
  memory: { readonly buffer: ArrayBuffer };
  abiVersion(): number;
  variant(): number;
  metadata(): number;
  integrandCount(): number;
  integrandName(id: number): number;
  maxCells(): number;
  exact(id: number, ax: number, bx: number, ay: number, by: number): number;
  setup(id: number, ax: number, bx: number, ay: number, by: number, nx: number, ny: number): number;
  rowSum(i: number): number;
  buffer(count: number): number;
  combine(count: number): number;
  mapTrig(which: number, count: number): number;
  // ABI 2 (README § Kernel ABI): the problem as UTF-8 text, parsed and checked by the kernel.
  maxText(): number;
  text(bytes: number): number;
  define(fLen: number, dLen: number, nx: number, ny: number): number;
  errorField(): number;
  errorColumn(): number;
  message(): number;
  messageLength(): number;
  bound(k: number): number;
  catalogId(): number;
  exactValue(): number;
  sample(gx: number, gy: number): number;
  // Rules (README § Rules): product rules per cell and regions.
  defineRule(rule: number, points: number): number;
  ruleId(): number;
  evaluationsPerCell(): number;
  rowError(): number;
  combineError(count: number): number;
  regionRule(cx: number, hx: number, cy: number, hy: number): number;
  regionError(): number;
  regionSplit(): number;
  regionAbs(): number;
  // The tolerance mode (README § Rules).
  maxRegions(): number;
  adaptiveBegin(rtol: number, atol: number, maxEvals: number): number;
  checkTolerance(rtol: number, atol: number, maxEvals: number): number;
  pendingCount(): number;
  pendingRects(): number;
  pendingResults(): number;
  evaluatePending(from: number, to: number): number;
  adaptiveRound(): number;
  adaptiveValue(): number;
  adaptiveError(): number;
  regionCount(): number;
  roundCount(): number;
  evaluationCount(): number;
  regions(): number;
}

export type KernelVariant = "scalar" | "simd";
export const KERNEL_VARIANTS: readonly KernelVariant[] = ["scalar", "simd"];
/** The ABI this wrapper speaks: the problem as text (define). */
export const ABI_VERSION = 2;

/** What metadata() says. */
export interface KernelMetadata {
  abi: number;
  variant: KernelVariant;
  maxCells: number;
  /** Most bytes one text (integrand or domain) may have. */
  maxText: number;
  maxDepth: number;
  /** Rules by id (defineRule): midpoint, gauss, gk21. */
  rules: string[];
  /** Most points per axis of the gauss rule. */
  maxPoints: number;
  /** Most regions a tolerance run holds at once. */
  maxRegions: number;
  /** The catalog: expressions with a closed form and a tuned row function (a fast path, same bits). */
  integrands: string[];
  functions: string[];
  constants: string[];
  variables: string[];
}

/** The rules by their kernel id (defineRule): README § Rules. */
export const RULES = ["midpoint", "gauss", "gk21"] as const;
export type Rule = (typeof RULES)[number];

/** A problem as the kernel takes it: the integrand's and the domain's text, cells per axis, the rule. */
export interface KernelProblem {
  integrand: string;
  /** "ax,bx,ay,by", each bound a constant expression. */
  domain: string;
  nx: number;
  ny: number;
  /** The rule rowSum and regionRule apply (default midpoint); gauss takes `points` per axis. */
  rule?: Rule | undefined;
  points?: number | undefined;
}

/** The tolerance mode's settings (adaptiveBegin). */
export interface Tolerance {
  rtol: number;
  atol: number;
  maxEvals: number;
}

/** f64 per region result: value, error estimate, split, ∫|f| (the order pendingResults() takes). */
export const RESULT_FIELDS = 4;
/** f64 per pending rectangle: cx, hx, cy, hy. */
export const RECT_FIELDS = 4;

/** adaptiveRound()'s answers. */
export const ROUND = { more: 0, converged: 1, notConverged: 2, notFinite: -16 } as const;

export type Bounds = [ax: number, bx: number, ay: number, by: number];

/** The input define() refused, by errorField(). */
export const PROBLEM_FIELDS = ["integrand", "domain", "nx", "ny", "rule", "points", "rtol", "atol", "maxEvals"] as const;
export type ProblemField = (typeof PROBLEM_FIELDS)[number];

export interface Refusal { ok: false; code: number; field: ProblemField; column: number; message: string }

export type Definition = { ok: true; bounds: Bounds; catalogId: number; exact: number } | Refusal;

/** Where a tolerance run stands after a round. */
export interface AdaptiveState {
  value: number;
  error: number;
  regions: number;
  rounds: number;
  evaluations: number;
}

export interface Kernel {
  readonly meta: KernelMetadata;
  /** The raw exports, with the loader's helpers (__getString). */
  readonly exports: KernelExports & LoaderHelpers;
  /** define(): the kernel parses and checks the texts and, when it accepts them, holds the problem. */
  define(p: KernelProblem): Definition;
  /** define(), for a problem already accepted elsewhere (a worker, the combining instance): throws if refused. */
  defineChecked(p: KernelProblem): void;
  rowSum(i: number): number;
  /** Writes `sums` (row i at index i) into the kernel's buffer and returns combine(). */
  combine(sums: Float64Array): number;
  /** The kernel's last message: define's refusal or, after a combine that is not finite, its diagnosis. */
  message(): string;
  /** f at the midpoints of a gx × gy grid over the domain (row-major, x outer); undefined if refused. */
  sample(gx: number, gy: number): Float64Array | undefined;
  /** The error estimate of the row the last rowSum computed (NaN for a rule without one). */
  rowError(): number;
  /** Writes the row errors into the kernel's buffer and returns combineError() (call before combine). */
  combineError(errors: Float64Array): number;
  /** adaptiveBegin's checks, on the defined problem (rule gk21): undefined, or the refusal. */
  checkTolerance(t: Tolerance): Refusal | undefined;
  /** Starts a tolerance run (already checked): throws if the kernel refuses it. */
  beginTolerance(t: Tolerance): void;
  /** This round's pending rectangles (RECT_FIELDS each), copied out. */
  pending(): Float64Array;
  /** Evaluates pending regions from..to−1 in this instance (the serial scheme). */
  evaluatePending(from: number, to: number): void;
  /** Writes the results (RESULT_FIELDS each, in pending order) and runs the round: a ROUND value. */
  submit(results: Float64Array): number;
  /** Runs the round on results this instance wrote itself (evaluatePending): a ROUND value. */
  round(): number;
  adaptiveState(): AdaptiveState;
  /** A worker's part of a round: each rectangle's results (RESULT_FIELDS each), in order. */
  evaluateRegions(rects: Float64Array): Float64Array;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Instantiates a compiled kernel module (it imports nothing) and checks its ABI version.
 * @internal (left out of the shipped declarations: it names WebAssembly.Module, a DOM library type)
 */
export function instantiateKernel(module: WebAssembly.Module): Kernel {
  const { exports } = instantiateSync<KernelExports>(module, {});
  const meta = JSON.parse(exports.__getString(exports.metadata())) as KernelMetadata;
  if (!(exports.abiVersion() >= ABI_VERSION)) {
    throw new Error(`kernel ABI ${exports.abiVersion()} is not the ${ABI_VERSION} this host speaks`);
  }
  const message = () =>
    utf8Decoder.decode(new Uint8Array(exports.memory.buffer, exports.message(), exports.messageLength()));
  const define = (p: KernelProblem): Definition => {
    const f = utf8.encode(p.integrand);
    const d = utf8.encode(p.domain);
    // define() checks both lengths before it reads a byte: an over-long text is the kernel's to refuse, in its words.
    const ptr = f.length <= meta.maxText && d.length <= meta.maxText ? exports.text(f.length + d.length) : 0;
    if (ptr !== 0) {
      const area = new Uint8Array(exports.memory.buffer, ptr, f.length + d.length);
      area.set(f);
      area.set(d, f.length);
    }
    const code = exports.define(f.length, d.length, p.nx, p.ny);
    if (code !== 0) return refusal(code);
    if (p.rule !== undefined && p.rule !== "midpoint") {
      const refused = exports.defineRule(RULES.indexOf(p.rule), p.points ?? 0);
      if (refused !== 0) return refusal(refused);
    }
    const bounds: Bounds = [exports.bound(0), exports.bound(1), exports.bound(2), exports.bound(3)];
    return { ok: true, bounds, catalogId: exports.catalogId(), exact: exports.exactValue() };
  };
  const refusal = (code: number): Refusal =>
    ({ ok: false, code, field: PROBLEM_FIELDS[exports.errorField()] ?? "integrand", column: exports.errorColumn(), message: message() });
  const f64s = (ptr: number, count: number) => new Float64Array(exports.memory.buffer, ptr, count);
  return {
    meta,
    exports,
    define,
    defineChecked(p) {
      const d = define(p);
      if (!d.ok) throw new Error(`the kernel refused the problem (${d.field}): ${d.message}`);
    },
    rowSum: (i) => exports.rowSum(i),
    combine(sums) {
      const ptr = exports.buffer(sums.length);
      if (ptr === 0) throw new Error(`kernel could not hold ${sums.length} row sums`);
      // A view made after buffer(): memory may have grown and detached the old ArrayBuffer.
      new Float64Array(exports.memory.buffer, ptr, sums.length).set(sums);
      return exports.combine(sums.length);
    },
    message,
    sample(gx, gy) {
      const ptr = exports.sample(gx, gy);
      return ptr === 0 ? undefined : new Float64Array(exports.memory.buffer, ptr, gx * gy).slice();
    },
    rowError: () => exports.rowError(),
    combineError(errors) {
      const ptr = exports.buffer(errors.length);
      if (ptr === 0) throw new Error(`kernel could not hold ${errors.length} row errors`);
      f64s(ptr, errors.length).set(errors);
      return exports.combineError(errors.length);
    },
    checkTolerance(t) {
      const code = exports.checkTolerance(t.rtol, t.atol, t.maxEvals);
      return code === 0 ? undefined : refusal(code);
    },
    beginTolerance(t) {
      const code = exports.adaptiveBegin(t.rtol, t.atol, t.maxEvals);
      if (code !== 0) throw new Error(`the kernel refused the tolerance run (${refusal(code).field}): ${message()}`);
    },
    // Views are made after each call that may grow memory (adaptiveBegin, adaptiveRound) and used at once.
    pending: () => f64s(exports.pendingRects(), RECT_FIELDS * exports.pendingCount()).slice(),
    evaluatePending(from, to) {
      if (exports.evaluatePending(from, to) !== 0) throw new Error(`evaluatePending(${from}, ${to}) refused`);
    },
    submit(results) {
      f64s(exports.pendingResults(), results.length).set(results);
      return exports.adaptiveRound();
    },
    round: () => exports.adaptiveRound(),
    adaptiveState: () => ({
      value: exports.adaptiveValue(), error: exports.adaptiveError(), regions: exports.regionCount(),
      rounds: exports.roundCount(), evaluations: exports.evaluationCount(),
    }),
    evaluateRegions(rects) {
      const n = rects.length / RECT_FIELDS;
      const out = new Float64Array(RESULT_FIELDS * n);
      for (let k = 0, r = 0, o = 0; k < n; k++, r += RECT_FIELDS, o += RESULT_FIELDS) {
        out[o] = exports.regionRule(rects[r]!, rects[r + 1]!, rects[r + 2]!, rects[r + 3]!);
        out[o + 1] = exports.regionError();
        out[o + 2] = exports.regionSplit();
        out[o + 3] = exports.regionAbs();
      }
      return out;
    },
  };
}

/** Whether this engine validates wasm SIMD (v128) code: a one-function module that returns a v128.const. */
export function simdSupported(): boolean {
  const probe = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
  ]);
  return WebAssembly.validate(probe);
}
