// Test helpers: the raw kernel builds, the vectors file, bit patterns.

import { readFileSync } from "node:fs";
import { instantiateKernel, type Kernel, type KernelVariant } from "../../host/core/kernel.js";

export const root = new URL("../../", import.meta.url);
export const VARIANTS: KernelVariant[] = ["scalar", "simd"];

export function wasmBytes(variant: KernelVariant): Uint8Array {
  return readFileSync(new URL(`dist/kernel/${variant}.wasm`, root));
}

export function loadKernel(variant: KernelVariant): Kernel {
  return instantiateKernel(new WebAssembly.Module(wasmBytes(variant) as Uint8Array<ArrayBuffer>));
}

export interface Vector {
  integrand: string;
  domain_text: string;
  domain: [number, number, number, number];
  nx: number;
  ny: number;
  bits: Record<KernelVariant, string>;
  exact: number | null;
}

export const vectors: Vector[] = JSON.parse(readFileSync(new URL("test/vectors.json", root), "utf8")).vectors;

/** Signed-magnitude bits → a monotone integer, so the ulp distance is a difference. */
export function ordered(v: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const u = view.getBigInt64(0);
  return u < 0n ? -(u & 0x7fffffffffffffffn) : u;
}

export function ulpDistance(a: number, b: number): bigint {
  const d = ordered(a) - ordered(b);
  return d < 0n ? -d : d;
}
