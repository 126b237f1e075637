// The worker side of protocol.ts, runtime-neutral: each host's worker entry only wires `post` and incoming
// messages to this. One kernel instance per worker, compiled once at init and reused for every run.

import { guidedBlock } from "./partition.js";
import { CONTROL_CANCEL, CONTROL_DONE, CONTROL_NEXT, type FromWorker, type ToWorker } from "./protocol.js";
import { instantiateKernel, type Kernel } from "./kernel.js";

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

export interface WorkerHooks {
  /**
   * Called between rows, at most every PARENT_CHECK_MS: a child process exits there when its parent is gone
   * (a block can take seconds, and the channel's events are not heard until it ends).
   */
  checkParent?(): void;
}

/** Between rows, how often `checkParent` runs: often enough that no orphan computes for long, rarely enough to cost nothing. */
export const PARENT_CHECK_MS = 5;

export function serveWorker(post: Post, hooks: WorkerHooks = {}): (message: ToWorker) => void {
  let kernel: Kernel | undefined;
  let nx = 0;
  /** The problem's rule has an estimate (gk21): rows go back with their errors. */
  let estimate = false;
  const { checkParent } = hooks;

  const handle = (m: ToWorker): void => {
    switch (m.type) {
      case "init": {
        const t0 = performance.now();
        kernel = instantiateKernel(new WebAssembly.Module(m.wasm as Uint8Array<ArrayBuffer>));
        post({ type: "ready", compile_s: (performance.now() - t0) / 1e3 });
        return;
      }
      case "problem":
        need(kernel).defineChecked(m.problem);
        nx = m.problem.nx;
        estimate = m.problem.rule === "gk21";
        return;
      case "rows": {
        const k = need(kernel);
        const sums = new Float64Array(m.end - m.start);
        const errors = estimate ? new Float64Array(m.end - m.start) : undefined;
        let checked = performance.now();
        for (let i = m.start; i < m.end; i++) {
          sums[i - m.start] = k.rowSum(i);
          if (errors) errors[i - m.start] = k.rowError();
          if (checkParent && performance.now() - checked > PARENT_CHECK_MS) {
            checkParent();
            checked = performance.now();
          }
        }
        post({ type: "rows", start: m.start, sums, errors }, errors ? [sums.buffer, errors.buffer] : [sums.buffer]);
        return;
      }
      case "regions": {
        const results = need(kernel).evaluateRegions(m.rects);
        post({ type: "regions", start: m.start, results }, [results.buffer]);
        return;
      }
      case "shared": {
        const k = need(kernel);
        const control = new Int32Array(m.control);
        const sums = new Float64Array(m.sums);
        const errors = m.errors ? new Float64Array(m.errors) : undefined;
        for (;;) {
          // The size is read from a counter another worker may move first: only the speed depends on it, every
          // add still claims the next unclaimed rows.
          const size = guidedBlock(Atomics.load(control, CONTROL_NEXT), nx, m.workers);
          const start = Atomics.add(control, CONTROL_NEXT, size);
          if (start >= nx) break;
          const end = Math.min(nx, start + size);
          for (let i = start; i < end; i++) {
            if (Atomics.load(control, CONTROL_CANCEL) !== 0) return;
            sums[i] = k.rowSum(i);
            if (errors) errors[i] = k.rowError();
            Atomics.add(control, CONTROL_DONE + m.slot, 1);
          }
        }
        post({ type: "shared-done" });
        return;
      }
    }
  };

  return (m) => {
    try {
      handle(m);
    } catch (e) {
      post({ type: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  };
}

function need(kernel: Kernel | undefined): Kernel {
  if (!kernel) throw new Error("worker got work before init");
  return kernel;
}
