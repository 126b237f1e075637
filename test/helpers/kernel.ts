// Test helpers: the raw kernel builds, the vectors file, bit patterns.

import { readFileSync } from "node:fs";
import { instantiateKernel, type Kernel, type KernelExports, type KernelVariant } from "../../host/core/kernel.js";

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

// ABI 2: the problem as text.
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export interface Defined {
  code: number;
  field: number;
  column: number;
  message: string;
}

/** text() + write both texts (strings, or raw bytes) + define(); what the kernel said. */
export function define(e: KernelExports, integrand: string | Uint8Array, domain: string | Uint8Array, nx: number, ny: number): Defined {
  const f = typeof integrand === "string" ? utf8.encode(integrand) : integrand;
  const d = typeof domain === "string" ? utf8.encode(domain) : domain;
  const p = e.text(f.length + d.length);
  if (p === 0) throw new Error(`text(${f.length + d.length}) refused`);
  new Uint8Array(e.memory.buffer).set(f, p);
  new Uint8Array(e.memory.buffer).set(d, p + f.length);
  const code = e.define(f.length, d.length, nx, ny);
  return { code, field: e.errorField(), column: e.errorColumn(), message: messageOf(e) };
}

export function messageOf(e: KernelExports): string {
  return fromUtf8.decode(new Uint8Array(e.memory.buffer, e.message(), e.messageLength()));
}

/** Every row, then buffer + combine in the same instance. */
export function integrateRows(e: KernelExports, nx: number): number {
  const sums = new Float64Array(nx);
  for (let i = 0; i < nx; i++) sums[i] = e.rowSum(i);
  const p = e.buffer(nx);
  new Float64Array(e.memory.buffer, p, nx).set(sums);
  return e.combine(nx);
}

/** A raw instance (no loader), for tests that count memory. */
export function rawKernel(variant: KernelVariant): KernelExports {
  return new WebAssembly.Instance(new WebAssembly.Module(wasmBytes(variant) as Uint8Array<ArrayBuffer>), {}).exports as unknown as KernelExports;
}
