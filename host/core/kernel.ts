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

/** A problem as the kernel takes it: the integrand's and the domain's text, cells per axis. */
export interface KernelProblem {
  integrand: string;
  /** "ax,bx,ay,by", each bound a constant expression. */
  domain: string;
  nx: number;
  ny: number;
}

export type Bounds = [ax: number, bx: number, ay: number, by: number];

/** The input define() refused, by errorField(). */
export const PROBLEM_FIELDS = ["integrand", "domain", "nx", "ny"] as const;
export type ProblemField = (typeof PROBLEM_FIELDS)[number];

export type Definition =
  | { ok: true; bounds: Bounds; catalogId: number; exact: number }
  | { ok: false; code: number; field: ProblemField; column: number; message: string };

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
    if (code !== 0) {
      const field = PROBLEM_FIELDS[exports.errorField()] ?? "integrand";
      return { ok: false, code, field, column: exports.errorColumn(), message: message() };
    }
    const bounds: Bounds = [exports.bound(0), exports.bound(1), exports.bound(2), exports.bound(3)];
    return { ok: true, bounds, catalogId: exports.catalogId(), exact: exports.exactValue() };
  };
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
