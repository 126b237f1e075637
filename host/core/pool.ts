// A pool of kernel workers with an explicit lifecycle, shared by every JS host (worker_threads, child
// processes, Deno and browser Web Workers). A host only supplies `spawn`: how to make one worker and wire its
// runtime events to `message` / `failed`.
//
//   slot: starting ──ready──▶ idle ──run──▶ busy ──done──▶ idle
//            │                                │
//            └── exit / error / bad message ──┴──▶ dead   (replaced at the start of the next run, never in a loop)
//
// A run rejects — never resolves with a partial sum — when any of its workers dies, when its signal aborts, or
// when the pool is closed; the workers still computing for it are terminated.

import { WorkerError, abortReason } from "./errors.js";
import type { KernelProblem, KernelVariant } from "./kernel.js";
import { guidedBlock } from "./partition.js";
import { CONTROL_CANCEL, CONTROL_DONE, controlLength, type FromWorker, type ToWorker } from "./protocol.js";

export interface WorkerEvents {
  message(m: FromWorker): void;
  /** The worker is gone or unusable (exit, uncaught error, undecodable message); `reason` says why. */
  failed(reason: string): void;
}

export interface WorkerPort {
  post(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

export type SpawnWorker = (index: number, events: WorkerEvents) => WorkerPort;

export interface PoolConfig {
  spawn: SpawnWorker;
  wasm: Uint8Array;
  variant: KernelVariant;
  /** shared: SharedArrayBuffer results, blocks claimed with Atomics; messages: blocks handed out one by one. */
  transport: "shared" | "messages";
  /** A worker that has not reported ready by then fails the run. */
  startTimeoutMs?: number;
}

export interface Progress {
  rowsDone: number;
  rows: number;
  /** Rows done by each worker of the run. */
  perWorker: number[];
}

export interface PoolRun {
  problem: KernelProblem;
  workers: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
}

export interface PoolResult {
  /** Row sums, row i at index i. */
  sums: Float64Array;
  startup_s: number;
  compute_s: number;
  /** Per-worker compile + instantiate time of the workers started by this run (seconds). */
  compile_s: number[];
}

type SlotState = "starting" | "idle" | "busy" | "dead";

interface Slot {
  readonly index: number;
  port: WorkerPort;
  state: SlotState;
  ready: Promise<number>;
  /** Set by the run that owns the slot. */
  onMessage?: ((m: FromWorker) => void) | undefined;
  onFailed?: ((reason: string) => void) | undefined;
}

const PROGRESS_POLL_MS = 50;

export class WorkerPool {
  readonly #config: PoolConfig;
  readonly #slots: Slot[] = [];
  #closed = false;
  #cancelCurrent: ((error: Error) => void) | undefined;

  constructor(config: PoolConfig) {
    this.#config = config;
  }

  get variant(): KernelVariant {
    return this.#config.variant;
  }

  /** Workers alive (starting, idle or busy). */
  get alive(): number {
    return this.#slots.filter((s) => s.state !== "dead").length;
  }

  /** Computes every row sum of `problem` on `workers` workers, starting or replacing workers as needed. */
  async run(req: PoolRun): Promise<PoolResult> {
    if (this.#closed) throw new Error("the pool is closed");
    if (this.#cancelCurrent) throw new Error("the pool is busy: one run at a time");
    const t0 = performance.now();
    const used: Slot[] = [];
    const fresh: Slot[] = [];
    for (let i = 0; i < req.workers; i++) {
      let slot = this.#slots[i];
      if (!slot || slot.state === "dead") fresh.push((slot = this.#slots[i] = this.#spawn(i)));
      used.push(slot);
    }
    let fail!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    let stopped = false;
    const cleanups: (() => void)[] = [];
    const stop = (error: Error) => {
      if (stopped) return;
      stopped = true;
      for (const s of used) if (s.state === "busy" || s.state === "starting") this.#kill(s);
      fail(error);
    };
    this.#cancelCurrent = stop;
    const onAbort = () => stop(abortReason(req.signal!));
    req.signal?.addEventListener("abort", onAbort);
    for (const s of used) s.onFailed = (reason) => stop(new WorkerError(s.index, reason));
    try {
      if (req.signal?.aborted) onAbort();
      const compile_s = await Promise.race([Promise.all(fresh.map((s) => s.ready)), failed]);
      const t1 = performance.now();
      const compute = this.#config.transport === "shared"
        ? this.#runShared(used, req, (f) => cleanups.push(f))
        : this.#runMessages(used, req);
      const sums = await Promise.race([compute, failed]);
      return { sums, startup_s: (t1 - t0) / 1e3, compute_s: (performance.now() - t1) / 1e3, compile_s };
    } finally {
      stopped = true;
      for (const f of cleanups) f();
      req.signal?.removeEventListener("abort", onAbort);
      for (const s of used) s.onMessage = s.onFailed = undefined;
      this.#cancelCurrent = undefined;
      failed.catch(() => {});
    }
  }

  /** Terminates every worker; a run in progress rejects. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelCurrent?.(new Error("the pool was closed during the run"));
    for (const s of this.#slots) if (s.state !== "dead") this.#kill(s);
  }

  #spawn(index: number): Slot {
    let resolveReady!: (compile_s: number) => void;
    let rejectReady!: (e: Error) => void;
    const slot: Slot = {
      index,
      state: "starting",
      port: undefined as unknown as WorkerPort,
      ready: new Promise<number>((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject))),
    };
    slot.ready.catch(() => {});
    const timeoutMs = this.#config.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => events.failed(`did not start within ${timeoutMs / 1e3} s`), timeoutMs);
    const events: WorkerEvents = {
      message: (m) => {
        if (slot.state === "dead") return;
        if (m.type === "failed") return events.failed(m.message);
        if (slot.state === "starting") {
          if (m.type !== "ready") return events.failed(`sent ${m.type} before ready`);
          clearTimeout(timer);
          slot.state = "idle";
          return resolveReady(m.compile_s);
        }
        slot.onMessage?.(m);
      },
      failed: (reason) => {
        if (slot.state === "dead") return;
        clearTimeout(timer);
        this.#kill(slot);
        const error = new WorkerError(index, reason);
        rejectReady(error);
        slot.onFailed?.(reason);
      },
    };
    slot.port = this.#config.spawn(index, events);
    slot.port.post({ type: "init", wasm: this.#config.wasm, variant: this.#config.variant });
    return slot;
  }

  #kill(slot: Slot): void {
    slot.state = "dead";
    try {
      slot.port.terminate();
    } catch {
      // Already gone: nothing left to stop.
    }
  }

  /**
   * Blocks handed out as they are asked for, shrinking (partition.ts); each reply carries its row sums. Every
   * worker holds two blocks: the one it computes and the next, queued in its channel, so that it never waits for
   * this thread to answer. (With one block each, 2 child processes on 2 busy cores waited for the parent at
   * every reply: scalar, n = 10000, 2 processes ran 1.65× faster than 1 where threads ran 1.92×.)
   */
  #runMessages(used: Slot[], req: PoolRun): Promise<Float64Array> {
    const { nx } = req.problem;
    const sums = new Float64Array(nx);
    const perWorker = used.map(() => 0);
    const queued = used.map(() => 0);
    let next = 0;
    let rowsDone = 0;
    return new Promise((resolve) => {
      const give = (s: Slot, k: number) => {
        if (next >= nx) return;
        const start = next;
        const end = (next = Math.min(nx, start + guidedBlock(start, nx, used.length)));
        queued[k]!++;
        s.state = "busy";
        s.port.post({ type: "rows", start, end });
      };
      used.forEach((s, k) => {
        s.onMessage = (m) => {
          if (m.type !== "rows") return s.onFailed?.(`unexpected ${m.type} message`);
          sums.set(m.sums, m.start);
          rowsDone += m.sums.length;
          perWorker[k]! += m.sums.length;
          if (--queued[k]! === 0) s.state = "idle";
          req.onProgress?.({ rowsDone, rows: nx, perWorker: [...perWorker] });
          if (rowsDone === nx) resolve(sums);
          else give(s, k);
        };
        s.port.post({ type: "problem", problem: req.problem });
      });
      for (let round = 0; round < 2; round++) used.forEach(give);
    });
  }

  /** Row sums written straight into shared memory; blocks claimed with an atomic counter of rows. */
  #runShared(used: Slot[], req: PoolRun, onCleanup: (f: () => void) => void): Promise<Float64Array> {
    const { nx } = req.problem;
    const control = new Int32Array(new SharedArrayBuffer(4 * controlLength(used.length)));
    const sums = new Float64Array(new SharedArrayBuffer(8 * nx));
    const report = () => {
      const perWorker = used.map((_, k) => Atomics.load(control, CONTROL_DONE + k));
      return { rowsDone: perWorker.reduce((a, b) => a + b, 0), rows: nx, perWorker };
    };
    const poll = req.onProgress && setInterval(() => req.onProgress!(report()), PROGRESS_POLL_MS);
    onCleanup(() => {
      // Workers still looping (the run failed or was aborted) stop at their next row.
      Atomics.store(control, CONTROL_CANCEL, 1);
      if (poll) clearInterval(poll);
    });
    let finished = 0;
    return new Promise<Float64Array>((resolve) => {
      used.forEach((s, k) => {
        s.onMessage = (m) => {
          if (m.type !== "shared-done") return s.onFailed?.(`unexpected ${m.type} message`);
          s.state = "idle";
          if (++finished < used.length) return;
          const final = report();
          // Every row claimed was computed by a worker that reported done; check anyway, a gap would be silent.
          if (final.rowsDone !== nx) return s.onFailed?.(`shared run ended with ${final.rowsDone} of ${nx} rows`);
          req.onProgress?.(final);
          resolve(sums);
        };
        s.state = "busy";
        s.port.post({ type: "problem", problem: req.problem });
        s.port.post({ type: "shared", control: control.buffer as SharedArrayBuffer, sums: sums.buffer as SharedArrayBuffer, workers: used.length, slot: k });
      });
    });
  }
}
