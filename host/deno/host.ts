// What is particular to Deno: the kernel bytes are inlined in the bundle (no read permission for them), workers
// are Web Workers (module workers, SharedArrayBuffer results), the runtime is Deno. No child processes.

import scalarWasm from "../../dist/kernel/scalar.wasm";
import simdWasm from "../../dist/kernel/simd.wasm";
import { createIntegrator, type Host } from "../core/integrate.js";
import { simdSupported } from "../core/kernel.js";
import { spawnWebWorker, withoutProcesses } from "../browser/web.js";

declare const Deno: { version: { deno: string } };

export const denoHost: Host = {
  runtime: { name: "deno", version: Deno.version.deno },
  cores: navigator.hardwareConcurrency || 1,
  kernels: simdSupported() ? ["simd", "scalar"] : ["scalar"],
  schemes: ["serial", "threads"],
  wasmBytes: async (variant) => (variant === "simd" ? simdWasm : scalarWasm),
  spawner: () => ({ spawn: spawnWebWorker, transport: "shared" }),
};

export const denoIntegrator = withoutProcesses(createIntegrator(denoHost), "on Deno");
