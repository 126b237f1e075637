// The library API every JS host exports: integrate() for one run, createPool() for many. A host passes a
// `Host` (how to get the wasm bytes, how to spawn a worker per scheme, what the runtime is); this module does
// the run in the shape every host shares: load kernel → partition rows → workers sum rows → kernel combines
// in row order → result record. A tolerance run has the same shape round after round: the kernel gives the
// round's regions → workers evaluate them → the kernel takes the results in region order and decides the next.

import { RunError, abortReason } from "./errors.js";
import { instantiateKernel, type Kernel, type KernelProblem, type KernelVariant, ROUND } from "./kernel.js";
import { checkApiOptions, type IntegrateOptions, type Problem, type RunControls, type Scheme, resolveOptions } from "./options.js";
import { RunQueue, type SpawnWorker, WorkerPool } from "./pool.js";
import { makeRecord, type Outcome, type ResultRecord, type RuntimeInfo } from "./record.js";
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
/** Regions a serial tolerance run evaluates between looks at the clock (~1 ms of work). */
const SERIAL_SLICE_REGIONS = 200;
/**
 * Rounds of at most this many regions are evaluated on the calling thread, in the coordinating instance: 16
 * regions are ~0.1 ms of work, less than handing them out and back (a tolerance run starts with rounds of 1, 2,
 * 4, … regions). It changes no bit: a region's results depend on the region and f alone.
 */
const SMALL_ROUND_REGIONS = 16;

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

  const kernelProblem = (p: Problem): KernelProblem => ({
    integrand: p.integrand, domain: p.domainText, nx: p.nx, ny: p.ny, rule: p.rule,
    points: p.rule === "gauss" ? p.points : undefined,
  });

  async function runSerial(kernel: Kernel, p: Problem, c: RunControls): Promise<{ sums: Float64Array; errors: Float64Array | undefined }> {
    kernel.defineChecked(kernelProblem(p));
    const sums = new Float64Array(p.nx);
    const errors = p.rule === "gk21" ? new Float64Array(p.nx) : undefined;
    let slice = performance.now();
    for (let i = 0; i < p.nx; i++) {
      sums[i] = kernel.rowSum(i);
      if (errors) errors[i] = kernel.rowError();
      if (performance.now() - slice > SERIAL_SLICE_MS) {
        c.onProgress?.({ rowsDone: i + 1, rows: p.nx, perWorker: [i + 1] });
        await yieldToEvents();
        if (c.signal?.aborted) throw abortReason(c.signal);
        slice = performance.now();
      }
    }
    c.onProgress?.({ rowsDone: p.nx, rows: p.nx, perWorker: [p.nx] });
    return { sums, errors };
  }

  function finish(kernel: Kernel, p: Problem, rows: { sums: Float64Array; errors: Float64Array | undefined }, phases: ResultRecord["phases"]) {
    kernel.defineChecked(kernelProblem(p));
    // The errors first: combine's diagnosis reads the sums it leaves in the buffer.
    const error_estimate = rows.errors ? kernel.combineError(rows.errors) : NaN;
    const value = kernel.combine(rows.sums);
    // The kernel names the first point where f is not finite (or says the sum overflowed): its words are the run's.
    if (!Number.isFinite(value)) throw new RunError(kernel.message());
    const cells = p.nx * p.ny;
    const outcome: Outcome = {
      error_estimate, status: null, status_message: null, regions: cells, evaluations: cells * kernel.exports.evaluationsPerCell(),
    };
    return makeRecord(p, value, host.runtime, phases, outcome);
  }

  /** The coordinating instance, set up for a tolerance run: the problem defined, round 1 pending. */
  function beginTolerance(kernel: Kernel, p: Problem): void {
    kernel.defineChecked(kernelProblem(p));
    kernel.beginTolerance(p.tolerance!);
  }

  /** The serial scheme's rounds: the coordinating instance evaluates every region itself. */
  async function adaptiveSerial(kernel: Kernel, p: Problem, c: RunControls): Promise<number> {
    beginTolerance(kernel, p);
    let slice = performance.now();
    for (let round = 1; ; round++) {
      const count = kernel.exports.pendingCount();
      for (let from = 0; from < count; from += SERIAL_SLICE_REGIONS) {
        const to = Math.min(count, from + SERIAL_SLICE_REGIONS);
        kernel.evaluatePending(from, to);
        if (performance.now() - slice > SERIAL_SLICE_MS) {
          c.onProgress?.({ rowsDone: to, rows: count, perWorker: [to], round });
          await yieldToEvents();
          if (c.signal?.aborted) throw abortReason(c.signal);
          slice = performance.now();
        }
      }
      const status = kernel.round();
      if (status !== ROUND.more) return status;
    }
  }

  /**
   * The rounds as a pool runs them: round by round, the coordinating instance's pending regions, unless a round
   * is small enough to evaluate here; its results back into it; its decision. The final status is left in `end`.
   */
  function adaptiveRounds(kernel: Kernel, end: { status: number }) {
    const advance = (status: number): Float64Array | null => {
      for (;;) {
        if (status !== ROUND.more) {
          end.status = status;
          return null;
        }
        const count = kernel.exports.pendingCount();
        if (count > SMALL_ROUND_REGIONS) return kernel.pending();
        kernel.evaluatePending(0, count);
        status = kernel.round();
      }
    };
    return { first: () => advance(ROUND.more), next: (results: Float64Array) => advance(kernel.submit(results)) };
  }

  function finishAdaptive(kernel: Kernel, p: Problem, status: number, phases: ResultRecord["phases"]) {
    // Not finite: the kernel names the first point where f is not (or says the sum overflowed), as combine does.
    if (status === ROUND.notFinite) throw new RunError(kernel.message());
    const s = kernel.adaptiveState();
    const converged = status === ROUND.converged;
    const outcome: Outcome = {
      error_estimate: s.error, status: converged ? "converged" : "not_converged",
      status_message: converged ? null : kernel.message(), regions: s.regions, evaluations: s.evaluations,
    };
    return makeRecord(p, s.value, host.runtime, phases, outcome);
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
          if (p.tolerance) {
            const status = await adaptiveSerial(kernel, p, c);
            return finishAdaptive(kernel, p, status, { startup_s: 0, compute_s: (performance.now() - t0) / 1e3 });
          }
          const rows = await runSerial(kernel, p, c);
          return finish(kernel, p, rows, { startup_s: 0, compute_s: (performance.now() - t0) / 1e3 });
        }
        const problem = kernelProblem(p);
        const end = { status: ROUND.more as number };
        if (p.tolerance) beginTolerance(kernel, p);
        else kernel.defineChecked(problem);
        const regions = p.tolerance ? adaptiveRounds(kernel, end) : undefined;
        const cellEvaluations = kernel.exports.evaluationsPerCell();
        const r = await pooled.run({ problem, workers: p.workers, cellEvaluations, regions, ...c });
        const t1 = performance.now();
        const phases = { startup_s: r.startup_s, compute_s: r.compute_s };
        const record = p.tolerance ? finishAdaptive(kernel, p, end.status, phases) : finish(kernel, p, r, phases);
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
