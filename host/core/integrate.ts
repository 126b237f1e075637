// The library API every JS host exports: integrate() for one run, createPool() for many. A host passes a
// `Host` (how to get the wasm bytes, how to spawn a worker per scheme, what the runtime is); this module does
// the run in the shape every host shares: load kernel → partition rows → workers sum rows → kernel combines
// in row order → result record.

import { RunError, abortReason } from "./errors.js";
import { instantiateKernel, type Kernel, type KernelVariant } from "./kernel.js";
import { checkApiOptions, type IntegrateOptions, type Problem, type RunControls, type Scheme, resolveOptions } from "./options.js";
import { RunQueue, type SpawnWorker, WorkerPool } from "./pool.js";
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

export interface RunOptions extends IntegrateOptions, RunControls {}

/** What createPool takes: the pool's scheme, kernel build and workers, and its workers' default deadline. */
export type PoolOptions = Pick<IntegrateOptions, "scheme" | "kernel" | "workers"> & Pick<RunControls, "blockTimeoutMs">;

export interface Pool {
  readonly scheme: Scheme;
  readonly kernel: KernelVariant;
  /**
   * Runs one problem; scheme and kernel are the pool's, workers at most the pool's. Calls made while a run is in
   * progress wait for their turn, first called first run (an abort while waiting rejects only that call).
   */
  integrate(options?: Omit<RunOptions, "scheme" | "kernel">): Promise<ResultRecord>;
  /** Workers alive now. */
  readonly alive: number;
  close(): void;
}

export interface Integrator {
  integrate(options?: RunOptions): Promise<ResultRecord>;
  createPool(options?: PoolOptions): Promise<Pool>;
  /** Validates options without running anything (throws UsageError). */
  resolve(options?: RunOptions): Promise<Problem>;
  /** A kernel instance for metadata and exact values (runs never use it: each has its own instance). */
  kernel(variant?: KernelVariant): Promise<Kernel>;
  /** Schemes this runtime offers (the host's), e.g. no "processes" on Deno or in browsers. */
  readonly schemes?: readonly Scheme[];
}

/** Yield to the event loop this often during a serial run, so a signal (or Ctrl-C) can be heard. */
const SERIAL_SLICE_MS = 20;

export function createIntegrator(host: Host): Integrator {
  const compiled = new Map<KernelVariant, Promise<{ module: WebAssembly.Module; bytes: Uint8Array; kernel: Kernel }>>();
  const load = (variant: KernelVariant) => {
    let k = compiled.get(variant);
    if (!k) {
      k = host.wasmBytes(variant).then(async (bytes) => {
        const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
        return { bytes, module, kernel: instantiateKernel(module) };
      });
      compiled.set(variant, k);
    }
    return k;
  };
  /**
   * A kernel instance for one run alone. setup() holds the problem in the instance, and a serial run yields to
   * the event loop between slices: with one shared instance, another run's setup() changed the problem under it
   * (two runs at once gave a wrong value, silently). Instantiating the compiled module costs ~0.3 ms.
   */
  const ownKernel = async (variant: KernelVariant) => instantiateKernel((await load(variant)).module);

  const resolveChecked = async (o: IntegrateOptions) => {
    const { kernel } = await load(host.kernels[0]!);
    return resolveOptions(o, { kernel, cores: host.cores, kernels: host.kernels, schemes: host.schemes });
  };

  const kernelProblem = (p: Problem) => ({ integrand: p.integrand, domain: p.domainText, nx: p.nx, ny: p.ny });

  async function runSerial(kernel: Kernel, p: Problem, c: RunControls): Promise<Float64Array> {
    kernel.defineChecked(kernelProblem(p));
    const sums = new Float64Array(p.nx);
    let slice = performance.now();
    for (let i = 0; i < p.nx; i++) {
      sums[i] = kernel.rowSum(i);
      if (performance.now() - slice > SERIAL_SLICE_MS) {
        c.onProgress?.({ rowsDone: i + 1, rows: p.nx, perWorker: [i + 1] });
        await yieldToEvents();
        if (c.signal?.aborted) throw abortReason(c.signal);
        slice = performance.now();
      }
    }
    c.onProgress?.({ rowsDone: p.nx, rows: p.nx, perWorker: [p.nx] });
    return sums;
  }

  function finish(kernel: Kernel, p: Problem, sums: Float64Array, phases: ResultRecord["phases"]) {
    kernel.defineChecked(kernelProblem(p));
    const value = kernel.combine(sums);
    // The kernel names the first point where f is not finite (or says the sum overflowed): its words are the run's.
    if (!Number.isFinite(value)) throw new RunError(kernel.message());
    return makeRecord(p, value, host.runtime, phases);
  }

  /** A pool on validated options; `run` takes validated options too (integrate() and pool.integrate() check them). */
  async function openPool(o: IntegrateOptions, blockTimeoutMs: number | undefined) {
    const base = await resolveChecked(o);
    const { bytes } = await load(base.kernel);
    const pooled = base.scheme === "serial" ? undefined : new WorkerPool({
      ...host.spawner(base.scheme),
      wasm: bytes,
      variant: base.kernel,
      blockTimeoutMs,
    });
    const turns = new RunQueue();

    async function run(options: IntegrateOptions, c: RunControls): Promise<ResultRecord> {
      const p = await resolveChecked({ ...options, scheme: base.scheme, kernel: base.kernel, workers: options.workers ?? base.workers });
      const kernel = await ownKernel(base.kernel);
      const release = await turns.take(c.signal);
      try {
        if (!pooled) {
          const t0 = performance.now();
          const sums = await runSerial(kernel, p, c);
          return finish(kernel, p, sums, { startup_s: 0, compute_s: (performance.now() - t0) / 1e3 });
        }
        const r = await pooled.run({ problem: kernelProblem(p), workers: p.workers, ...c });
        const t1 = performance.now();
        const record = finish(kernel, p, r.sums, { startup_s: r.startup_s, compute_s: r.compute_s });
        record.phases.compute_s += (performance.now() - t1) / 1e3;
        record.time_s = record.phases.startup_s + record.phases.compute_s;
        return record;
      } finally {
        release();
      }
    }

    const pool: Pool = {
      scheme: base.scheme,
      kernel: base.kernel,
      get alive() {
        return pooled?.alive ?? 0;
      },
      async integrate(o) {
        const { options, controls } = checkApiOptions("pool.integrate", o);
        return run(options, controls);
      },
      close() {
        turns.close(new Error("the pool was closed before the run started"));
        pooled?.close();
      },
    };
    return { pool, run };
  }

  return {
    schemes: host.schemes,
    resolve: async (o) => resolveChecked(checkApiOptions("resolve", o).options),
    kernel: async (variant) => (await load(variant ?? host.kernels[0]!)).kernel,
    async createPool(o) {
      const { options, controls } = checkApiOptions("createPool", o);
      return (await openPool(options, controls.blockTimeoutMs)).pool;
    },
    async integrate(o) {
      const { options, controls } = checkApiOptions("integrate", o);
      const { pool, run } = await openPool(options, controls.blockTimeoutMs);
      try {
        return await run(options, controls);
      } finally {
        pool.close();
      }
    },
  };
}
