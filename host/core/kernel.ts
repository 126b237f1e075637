// The kernel wrapper: one plain function per ABI export (README § Kernel ABI), nothing else. The only
// JS-side logic is copying row sums into the kernel's memory and reading its strings (through the
// AssemblyScript loader, which knows the string layout).

import { type ASUtil, instantiateSync } from "@assemblyscript/loader";

/** The kernel's raw exports, as in assembly/index.ts. */
export interface KernelExports extends Record<string, unknown> {
  memory: WebAssembly.Memory;
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
}

export type KernelVariant = "scalar" | "simd";
export const KERNEL_VARIANTS: readonly KernelVariant[] = ["scalar", "simd"];
export const ABI_VERSION = 1;

/** What metadata() says. */
export interface KernelMetadata {
  abi: number;
  variant: KernelVariant;
  maxCells: number;
  integrands: string[];
}

/** A problem in the kernel's terms: integrand id, bounds as doubles, cells per axis. */
export interface KernelProblem {
  integrand: number;
  domain: readonly [number, number, number, number];
  nx: number;
  ny: number;
}

/** setup() error codes → what went wrong (hosts have validated already; these are the kernel's own guard). */
export const SETUP_ERRORS: Readonly<Record<number, string>> = {
  [-1]: "unknown integrand id",
  [-2]: "nx outside 1..maxCells",
  [-3]: "ny outside 1..maxCells",
  [-4]: "a domain bound is not finite",
  [-5]: "empty domain (needs ax < bx and ay < by)",
  [-6]: "the integrand is singular on the domain",
};

export interface Kernel {
  readonly meta: KernelMetadata;
  /** The raw exports, with the loader's helpers (__getString). */
  readonly exports: KernelExports & ASUtil;
  /** setup(); throws with the kernel's error code on refusal. */
  setup(p: KernelProblem): void;
  rowSum(i: number): number;
  /** Writes `sums` (row i at index i) into the kernel's buffer and returns combine(). */
  combine(sums: Float64Array): number;
  exact(p: KernelProblem): number;
}

/** Instantiates a compiled kernel module (it imports nothing) and checks its ABI version. */
export function instantiateKernel(module: WebAssembly.Module): Kernel {
  const { exports } = instantiateSync<KernelExports>(module, {});
  const meta = JSON.parse(exports.__getString(exports.metadata())) as KernelMetadata;
  if (!(exports.abiVersion() >= ABI_VERSION)) {
    throw new Error(`kernel ABI ${exports.abiVersion()} is not the ${ABI_VERSION} this host speaks`);
  }
  const args = (p: KernelProblem) => [p.integrand, ...p.domain] as const;
  return {
    meta,
    exports,
    setup(p) {
      const code = exports.setup(...args(p), p.nx, p.ny);
      if (code !== 0) throw new Error(`kernel setup refused the problem: ${SETUP_ERRORS[code] ?? `code ${code}`}`);
    },
    rowSum: (i) => exports.rowSum(i),
    combine(sums) {
      const ptr = exports.buffer(sums.length);
      if (ptr === 0) throw new Error(`kernel could not hold ${sums.length} row sums`);
      // A view made after buffer(): memory may have grown and detached the old ArrayBuffer.
      new Float64Array(exports.memory.buffer, ptr, sums.length).set(sums);
      return exports.combine(sums.length);
    },
    exact: (p) => exports.exact(...args(p)),
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
