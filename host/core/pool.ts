// A pool of kernel workers with an explicit lifecycle, shared by every JS host (worker_threads, child
// processes, Deno and browser Web Workers). A host only supplies `spawn`: how to make one worker and wire its
// runtime events to `message` / `failed`.
//
//   slot: starting ──ready──▶ idle ──run──▶ busy ──done──▶ idle
//            │                                │
//            └── exit / error / bad message ──┴──▶ dead   (replaced at the start of the next run, never in a loop)
//
// A run rejects — never resolves with a partial sum — when any of its workers dies or goes silent for longer than
// the block deadline (a stopped or hung worker), when its signal aborts, when its onProgress throws, or when the
// pool is closed; the workers still computing for it are terminated.

import { WorkerError, abortReason } from "./errors.js";
import { type KernelProblem, type KernelVariant, RECT_FIELDS, RESULT_FIELDS } from "./kernel.js";
import { DEFAULT_BLOCK_TIMEOUT_MS } from "./options.js";
import { guidedBlock } from "./partition.js";
import { yieldToEvents } from "./yield.js";
import { CONTROL_CANCEL, CONTROL_DONE, controlLength, type FromWorker, type ToWorker } from "./protocol.js";

export interface WorkerEvents {
  message(m: FromWorker): void;
  /** The worker is gone or unusable (exit, uncaught error, undecodable message); `reason` says why. */
  failed(reason: string): void;
}

export interface WorkerPort {
  /** ArrayBuffer, not the DOM's Transferable: the shipped declarations must type-check without the DOM library. */
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
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
  /** Default deadline of a run's workers (PoolRun.blockTimeoutMs). */
  blockTimeoutMs?: number | undefined;
}

export interface Progress {
  /** Rows done (a tolerance run: regions of the current round done). */
  rowsDone: number;
  /** Rows (a tolerance run: regions in the current round). */
  rows: number;
  /** Rows (regions, all rounds) done by each worker of the run. */
  perWorker: number[];
  /** A tolerance run's round, from 1. */
  round?: number;
}

/**
 * The tolerance mode's rounds as the pool sees them: the kernel that decides them lives with the caller. `first`
 * gives round 1's pending rectangles (RECT_FIELDS f64 each), `next` takes a round's results (RESULT_FIELDS each,
 * in pending order) and gives the next round's rectangles, or null when the run is over; what it throws fails
 * the run.
 */
export interface RegionRounds {
  first(): Float64Array | null;
  next(results: Float64Array): Float64Array | null;
}

export interface PoolRun {
  problem: KernelProblem;
  workers: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  /**
   * A busy worker that reports nothing for this long — no block back (messages), no row done (shared) — fails the
   * run as stopped or hung. Blocks are capped at BLOCK_CELLS cells, so a healthy worker reports well within it.
   */
  blockTimeoutMs?: number | undefined;
  /** f evaluations per cell of the problem's rule (1, k², 529): sizes the blocks. */
  cellEvaluations?: number | undefined;
  /** A tolerance run: the workers evaluate regions round after round instead of rows. */
  regions?: RegionRounds | undefined;
}

export interface PoolResult {
  /** Row sums, row i at index i (empty for a tolerance run). */
  sums: Float64Array;
  /** Row error estimates, row i at index i, when the rule has them (gk21). */
  errors: Float64Array | undefined;
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
  /** The start-up deadline, cleared when the slot is ready or dead (a pending timer kept the process alive). */
  startTimer?: ReturnType<typeof setTimeout>;
  /** Set by the run that owns the slot. */
  onMessage?: ((m: FromWorker) => void) | undefined;
  onFailed?: ((reason: string) => void) | undefined;
}

const PROGRESS_POLL_MS = 50;
/**
 * Most cells in one block of the message transport: 2^24 evaluations, 0.05–0.25 s for one worker on a free core
 * here (simd sin(x+y) to scalar exp(x+y)). Without a cap the first block is nx / (2·workers) rows, hours of work
 * for a 10^7 × 10^7 grid, and no deadline could tell a long block from a stopped worker. A row is never split (at
 * most ny ≤ 10^7 cells). The messages cost ~0.1 ms a block: ≤ 0.2 % of the run.
 */
export const BLOCK_CELLS = 2 ** 24;

/**
 * Runs one at a time, first called first served (piscina queues its tasks the same way). take() resolves with a
 * release function once every earlier taker has released; an abort while waiting rejects that taker at once and
 * passes its turn on, so the run in progress and the later ones are not disturbed.
 */
export class RunQueue {
  #tail: Promise<void> = Promise.resolve();
  #closed: Error | undefined;
  readonly #waiting = new Set<(error: Error) => void>();

  take(signal?: AbortSignal): Promise<() => void> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const before = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((r) => (release = r));
    return new Promise((resolve, reject) => {
      const giveUp = (error: Error) => {
        this.#waiting.delete(giveUp);
        signal?.removeEventListener("abort", onAbort);
        reject(error);
        void before.then(release);
      };
      const onAbort = () => giveUp(abortReason(signal!));
      this.#waiting.add(giveUp);
      signal?.addEventListener("abort", onAbort);
      void before.then(() => {
        if (!this.#waiting.delete(giveUp)) return; // gave up already; its turn was passed on
        signal?.removeEventListener("abort", onAbort);
        resolve(release);
      });
    });
  }

  /** Rejects every waiting taker, and every later one, with `error`. */
  close(error: Error): void {
    this.#closed ??= error;
    for (const giveUp of [...this.#waiting]) giveUp(error);
  }
}

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
    // One run at a time; Pool.integrate queues its callers (RunQueue), so this only catches a misuse of the class.
    if (this.#cancelCurrent) throw new Error("the pool is busy: one run at a time");
    const t0 = performance.now();
    const used: Slot[] = [];
    const fresh: Slot[] = [];
    for (let i = 0; i < req.workers; i++) {
      let slot = this.#slots[i];
      if (!slot || slot.state === "dead") fresh.push((slot = this.#slots[i] = this.#spawn(i)));
      used.push(slot);
    }
    let fail!: (error: unknown) => void;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    let stopped = false;
    const cleanups: (() => void)[] = [];
    const stop = (error: unknown) => {
      if (stopped) return;
      stopped = true;
      for (const s of used) if (s.state === "busy" || s.state === "starting") this.#kill(s);
      fail(error);
    };
    this.#cancelCurrent = stop;
    const onAbort = () => stop(abortReason(req.signal!));
    req.signal?.addEventListener("abort", onAbort);
    for (const s of used) s.onFailed = (reason) => stop(new WorkerError(s.index, reason));
    // onProgress is the caller's code, called from a worker's event handler or a timer: what it throws rejects
    // the run (and stops its workers) instead of escaping as an uncaught exception that ends the process.
    const progress = (p: Progress) => {
      if (stopped || !req.onProgress) return;
      try {
        req.onProgress(p);
      } catch (e) {
        stop(e);
      }
    };
    try {
      if (req.signal?.aborted) onAbort();
      const compile_s = await Promise.race([Promise.all(fresh.map((s) => s.ready)), failed]);
      const t1 = performance.now();
      const compute = req.regions ? this.#runRegions(used, req, req.regions, progress)
        : this.#config.transport === "shared" ? this.#runShared(used, req, progress, (f) => cleanups.push(f))
        : this.#runMessages(used, req, progress);
      const timeoutMs = req.blockTimeoutMs ?? this.#config.blockTimeoutMs ?? DEFAULT_BLOCK_TIMEOUT_MS;
      cleanups.push(watchdog(used, compute.rowsBy, timeoutMs, stop));
      const { sums, errors } = await Promise.race([compute.sums, failed]);
      return { sums, errors, startup_s: (t1 - t0) / 1e3, compute_s: (performance.now() - t1) / 1e3, compile_s };
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
    slot.startTimer = setTimeout(() => events.failed(`did not start within ${timeoutMs / 1e3} s`), timeoutMs);
    const events: WorkerEvents = {
      message: (m) => {
        if (slot.state === "dead") return;
        if (m.type === "failed") return events.failed(m.message);
        if (slot.state === "starting") {
          if (m.type !== "ready") return events.failed(`sent ${m.type} before ready`);
          clearTimeout(slot.startTimer);
          slot.state = "idle";
          return resolveReady(m.compile_s);
        }
        slot.onMessage?.(m);
      },
      failed: (reason) => {
        if (slot.state === "dead") return;
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
    // Killed while starting (an abort, a failed run, close): its start-up deadline must not keep this process up.
    clearTimeout(slot.startTimer);
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
  #runMessages(used: Slot[], req: PoolRun, progress: (p: Progress) => void): Compute {
    const { nx, ny } = req.problem;
    const sums = new Float64Array(nx);
    const errors = req.problem.rule === "gk21" ? new Float64Array(nx) : undefined;
    const perWorker = used.map(() => 0);
    const queued = used.map(() => 0);
    const maxRows = Math.max(1, Math.floor(BLOCK_CELLS / (ny * (req.cellEvaluations ?? 1))));
    let next = 0;
    let rowsDone = 0;
    const done = new Promise<RowResults>((resolve) => {
      const give = (s: Slot, k: number) => {
        // Dead: the run was stopped (by the onProgress just called, say); a dead slot is never made busy again.
        if (next >= nx || s.state === "dead") return;
        const start = next;
        const end = (next = Math.min(nx, start + Math.min(maxRows, guidedBlock(start, nx, used.length))));
        queued[k]!++;
        s.state = "busy";
        s.port.post({ type: "rows", start, end });
      };
      used.forEach((s, k) => {
        s.onMessage = (m) => {
          if (m.type !== "rows") return s.onFailed?.(`unexpected ${m.type} message`);
          sums.set(m.sums, m.start);
          if (errors && m.errors) errors.set(m.errors, m.start);
          else if (errors) return s.onFailed?.("rows came back without their error estimates");
          rowsDone += m.sums.length;
          perWorker[k]! += m.sums.length;
          if (--queued[k]! === 0) s.state = "idle";
          progress({ rowsDone, rows: nx, perWorker: [...perWorker] });
          if (rowsDone === nx) resolve({ sums, errors });
          else give(s, k);
        };
        s.port.post({ type: "problem", problem: req.problem });
      });
      for (let round = 0; round < 2; round++) used.forEach(give);
    });
    return { sums: done, rowsBy: (k) => perWorker[k]! };
  }

  /** Row sums written straight into shared memory; blocks claimed with an atomic counter of rows. */
  #runShared(used: Slot[], req: PoolRun, progress: (p: Progress) => void, onCleanup: (f: () => void) => void): Compute {
    const { nx } = req.problem;
    const control = new Int32Array(new SharedArrayBuffer(4 * controlLength(used.length)));
    const sums = new Float64Array(new SharedArrayBuffer(8 * nx));
    const errors = req.problem.rule === "gk21" ? new Float64Array(new SharedArrayBuffer(8 * nx)) : undefined;
    const report = () => {
      const perWorker = used.map((_, k) => Atomics.load(control, CONTROL_DONE + k));
      return { rowsDone: perWorker.reduce((a, b) => a + b, 0), rows: nx, perWorker };
    };
    const poll = req.onProgress && setInterval(() => progress(report()), PROGRESS_POLL_MS);
    onCleanup(() => {
      // Workers still looping (the run failed or was aborted) stop at their next row.
      Atomics.store(control, CONTROL_CANCEL, 1);
      if (poll) clearInterval(poll);
    });
    let finished = 0;
    const done = new Promise<RowResults>((resolve) => {
      used.forEach((s, k) => {
        s.onMessage = (m) => {
          if (m.type !== "shared-done") return s.onFailed?.(`unexpected ${m.type} message`);
          s.state = "idle";
          if (++finished < used.length) return;
          const final = report();
          // Every row claimed was computed by a worker that reported done; check anyway, a gap would be silent.
          if (final.rowsDone !== nx) return s.onFailed?.(`shared run ended with ${final.rowsDone} of ${nx} rows`);
          progress(final);
          resolve({ sums, errors });
        };
        s.state = "busy";
        s.port.post({ type: "problem", problem: req.problem });
        s.port.post({
          type: "shared", control: control.buffer as SharedArrayBuffer, sums: sums.buffer as SharedArrayBuffer,
          errors: errors?.buffer as SharedArrayBuffer | undefined, workers: used.length, slot: k,
        });
      });
    });
    return { sums: done, rowsBy: (k) => Atomics.load(control, CONTROL_DONE + k) };
  }

  /**
   * A tolerance run: each round's pending regions are handed out in two batches a worker (the second queued
   * while it computes the first), always by message; each reply carries its batch's results, written at the
   * batch's place. Regions cost alike (529 evaluations each), so equal batches balance, and a round pays for
   * four messages a worker, not the dozen of shrinking ones (a run has tens of rounds: osc a = 400 at 1e-10
   * took 68 ms on 2 threads with guided batches, against 57 ms on 1). When a round's last result is in, `rounds.next` (the kernel, on this thread) decides the next
   * round from them. Who evaluated which region changes nothing: a region's results depend on it and f alone.
   */
  #runRegions(used: Slot[], req: PoolRun, rounds: RegionRounds, progress: (p: Progress) => void): Compute {
    const perWorker = used.map(() => 0);
    const queued = used.map(() => 0);
    const maxBatch = Math.max(1, Math.floor(BLOCK_CELLS / (req.cellEvaluations ?? 1)));
    let rects: Float64Array = new Float64Array(0);
    let results: Float64Array = new Float64Array(0);
    let count = 0;
    let next = 0;
    let received = 0;
    let round = 0;
    let batchSize = 1;
    const done = new Promise<RowResults>((resolve, reject) => {
      const give = (s: Slot, k: number) => {
        if (next >= count || s.state === "dead") return;
        const start = next;
        const end = (next = Math.min(count, start + Math.min(maxBatch, batchSize)));
        queued[k]!++;
        s.state = "busy";
        const batch = rects.slice(RECT_FIELDS * start, RECT_FIELDS * end);
        s.port.post({ type: "regions", start, rects: batch }, [batch.buffer]);
      };
      const begin = (pending: Float64Array | null) => {
        if (pending === null) return resolve({ sums: new Float64Array(0), errors: undefined });
        rects = pending;
        count = pending.length / RECT_FIELDS;
        batchSize = Math.ceil(count / (2 * used.length));
        results = new Float64Array(RESULT_FIELDS * count);
        next = 0;
        received = 0;
        round++;
        for (let twice = 0; twice < 2; twice++) used.forEach(give);
      };
      used.forEach((s, k) => {
        s.onMessage = (m) => {
          if (m.type !== "regions") return s.onFailed?.(`unexpected ${m.type} message`);
          results.set(m.results, RESULT_FIELDS * m.start);
          const n = m.results.length / RESULT_FIELDS;
          received += n;
          perWorker[k]! += n;
          if (--queued[k]! === 0) s.state = "idle";
          progress({ rowsDone: received, rows: count, perWorker: [...perWorker], round });
          if (received < count) return give(s, k);
          try {
            begin(rounds.next(results));
          } catch (e) {
            reject(e);
          }
        };
        s.port.post({ type: "problem", problem: req.problem });
      });
      try {
        begin(rounds.first());
      } catch (e) {
        reject(e);
      }
    });
    return { sums: done, rowsBy: (k) => perWorker[k]! };
  }
}

/** What the rows give back: their sums and, for a rule with an estimate, their errors. */
interface RowResults {
  sums: Float64Array;
  errors: Float64Array | undefined;
}

/** A run's computation: the row sums once every row is in, and how many rows each worker has reported so far. */
interface Compute {
  sums: Promise<RowResults>;
  rowsBy(k: number): number;
}

/**
 * Fails the run when a busy worker has reported no row for `timeoutMs`: a stopped process (SIGSTOP) or a hung
 * thread never exits, so without a deadline the run would wait for ever. Returns the function that stops watching.
 */
function watchdog(used: Slot[], rowsBy: (k: number) => number, timeoutMs: number, stop: (e: Error) => void): () => void {
  const seen = used.map((_, k) => rowsBy(k));
  const since = used.map(() => performance.now());
  let watching = true;
  const judge = () => {
    if (!watching) return;
    const now = performance.now();
    used.forEach((s, k) => {
      const rows = rowsBy(k);
      if (rows !== seen[k] || s.state !== "busy") {
        seen[k] = rows;
        since[k] = now;
      } else if (now - since[k]! >= timeoutMs) {
        stop(new WorkerError(s.index, `no result for ${timeoutMs / 1e3} s (stopped or hung?)`));
      }
    });
  };
  // Judged one turn of the event loop after the tick: replies that arrived while this thread was busy are
  // handled first (timers run before I/O), so a late tick never blames a worker whose result is waiting.
  const timer = setInterval(() => void yieldToEvents().then(judge), Math.min(1000, Math.max(10, timeoutMs / 10)));
  return () => {
    watching = false;
    clearInterval(timer);
  };
}
