// The library API every JS host exports: integrate() for one run, createPool() for many. A host passes a
// `Host` (how to get the wasm bytes, how to spawn a worker per scheme, what the runtime is); this module does
// the run in the shape every host shares: load kernel → partition rows → workers sum rows → kernel combines
// in row order → result record.

import { abortReason } from "./errors.js";
import { instantiateKernel, type Kernel, type KernelVariant } from "./kernel.js";
import { type IntegrateOptions, type Problem, type Scheme, resolveOptions } from "./options.js";
import { type Progress, type SpawnWorker, WorkerPool } from "./pool.js";
import { makeRecord, type ResultRecord, type RuntimeInfo } from "./record.js";
import { yieldToEvents } from "./yield.js";

export interface Host {
  runtime: RuntimeInfo;
  /** Logical cores. */
  cores: number;
  /** Kernel builds this runtime runs, preferred first. */
  kernels: readonly KernelVariant[];
  /** Schemes this host offers; "serial" runs on the calling thread. */
  schemes: readonly Scheme[];
  wasmBytes(variant: KernelVariant): Promise<Uint8Array>;
  /** How to start a worker for a pooled scheme, and whether it can share memory with this thread. */
  spawner(scheme: Scheme): { spawn: SpawnWorker; transport: "shared" | "messages" };
}

export interface RunOptions extends IntegrateOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface Pool {
  readonly scheme: Scheme;
  readonly kernel: KernelVariant;
  /** Runs one problem; scheme and kernel are the pool's, workers at most the pool's. */
  integrate(options?: Omit<RunOptions, "scheme" | "kernel">): Promise<ResultRecord>;
  /** Workers alive now. */
  readonly alive: number;
  close(): void;
}

export interface Integrator {
  integrate(options?: RunOptions): Promise<ResultRecord>;
  createPool(options?: Pick<IntegrateOptions, "scheme" | "kernel" | "workers">): Promise<Pool>;
  /** Validates options without running anything (throws UsageError). */
  resolve(options?: IntegrateOptions): Promise<Problem>;
  /** The kernel instance on this thread (metadata, exact values, combine). */
  kernel(variant?: KernelVariant): Promise<Kernel>;
  /** Schemes this runtime offers (the host's), e.g. no "processes" on Deno or in browsers. */
  readonly schemes?: readonly Scheme[];
}

/** Yield to the event loop this often during a serial run, so a signal (or Ctrl-C) can be heard. */
const SERIAL_SLICE_MS = 20;

export function createIntegrator(host: Host): Integrator {
  const kernels = new Map<KernelVariant, Promise<{ kernel: Kernel; bytes: Uint8Array }>>();
  const load = (variant: KernelVariant) => {
    let k = kernels.get(variant);
    if (!k) {
      k = host.wasmBytes(variant).then(async (bytes) => ({
        bytes,
        kernel: instantiateKernel(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>)),
      }));
      kernels.set(variant, k);
    }
    return k;
  };

  const resolve = async (o: IntegrateOptions = {}) => {
    const { kernel } = await load(host.kernels[0]!);
    return resolveOptions(o, { meta: kernel.meta, cores: host.cores, kernels: host.kernels, schemes: host.schemes });
  };

  const kernelProblem = (p: Problem) => ({ integrand: p.integrandId, domain: p.domain, nx: p.nx, ny: p.ny });

  async function runSerial(kernel: Kernel, p: Problem, o: RunOptions): Promise<Float64Array> {
    kernel.setup(kernelProblem(p));
    const sums = new Float64Array(p.nx);
    let slice = performance.now();
    for (let i = 0; i < p.nx; i++) {
      sums[i] = kernel.rowSum(i);
      if (performance.now() - slice > SERIAL_SLICE_MS) {
        o.onProgress?.({ rowsDone: i + 1, rows: p.nx, perWorker: [i + 1] });
        await yieldToEvents();
        if (o.signal?.aborted) throw abortReason(o.signal);
        slice = performance.now();
      }
    }
    o.onProgress?.({ rowsDone: p.nx, rows: p.nx, perWorker: [p.nx] });
    return sums;
  }

  async function finish(kernel: Kernel, p: Problem, sums: Float64Array, phases: ResultRecord["phases"]) {
    kernel.setup(kernelProblem(p));
    const value = kernel.combine(sums);
    return makeRecord(p, value, kernel.exact(kernelProblem(p)), host.runtime, phases);
  }

  async function createPool(options: Pick<IntegrateOptions, "scheme" | "kernel" | "workers"> = {}): Promise<Pool> {
    const base = await resolve(options);
    const { kernel, bytes } = await load(base.kernel);
    const pooled = base.scheme === "serial" ? undefined : new WorkerPool({
      ...host.spawner(base.scheme),
      wasm: bytes,
      variant: base.kernel,
    });
    return {
      scheme: base.scheme,
      kernel: base.kernel,
      get alive() {
        return pooled?.alive ?? 0;
      },
      async integrate(o = {}) {
        const p = await resolve({ ...o, scheme: base.scheme, kernel: base.kernel, workers: o.workers ?? base.workers });
        if (o.signal?.aborted) throw abortReason(o.signal);
        if (!pooled) {
          const t0 = performance.now();
          const sums = await runSerial(kernel, p, o);
          return finish(kernel, p, sums, { startup_s: 0, compute_s: (performance.now() - t0) / 1e3 });
        }
        kernel.setup(kernelProblem(p)); // the kernel's own check, before any worker is involved
        const r = await pooled.run({ problem: kernelProblem(p), workers: p.workers, signal: o.signal, onProgress: o.onProgress });
        const t1 = performance.now();
        const record = await finish(kernel, p, r.sums, { startup_s: r.startup_s, compute_s: r.compute_s });
        record.phases.compute_s += (performance.now() - t1) / 1e3;
        record.time_s = record.phases.startup_s + record.phases.compute_s;
        return record;
      },
      close: () => pooled?.close(),
    };
  }

  return {
    resolve,
    createPool,
    schemes: host.schemes,
    kernel: async (variant) => (await load(variant ?? host.kernels[0]!)).kernel,
    async integrate(o = {}) {
      const pool = await createPool(o);
      try {
        return await pool.integrate(o);
      } finally {
        pool.close();
      }
    },
  };
}
