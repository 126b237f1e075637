// Messages between a host's main thread and its workers (Web Workers, worker_threads, child processes alike).
//
//   main → worker                         worker → main
//   init {wasm}                           ready {compile_s}       (once per worker: compile + instantiate)
//   problem {problem}                     (nothing: setup is checked on the main thread first)
//   rows {start, end}                     rows {start, sums, errors?} (message transport, one block at a time;
//                                                                 errors: the rows' estimates, rule gk21)
//   shared {control, sums, errors?, …}    shared-done             (shared transport: claim blocks with Atomics)
//   regions {start, rects}                regions {start, results} (the tolerance mode: a batch of a round's
//                                                                 regions, always by message)
//   any failure                           failed {message}

import type { KernelProblem, KernelVariant } from "./kernel.js";

export type ToWorker =
  | { type: "init"; wasm: Uint8Array; variant: KernelVariant }
  | { type: "problem"; problem: KernelProblem }
  | { type: "rows"; start: number; end: number }
  | { type: "shared"; control: SharedArrayBuffer; sums: SharedArrayBuffer; errors?: SharedArrayBuffer | undefined; workers: number; slot: number }
  /** Pending regions start.. of the round, RECT_FIELDS f64 each (kernel.ts). */
  | { type: "regions"; start: number; rects: Float64Array };

export type FromWorker =
  | { type: "ready"; compile_s: number }
  | { type: "rows"; start: number; sums: Float64Array; errors?: Float64Array | undefined }
  /** Their results, RESULT_FIELDS f64 each, in the order of the rectangles. */
  | { type: "regions"; start: number; results: Float64Array }
  | { type: "shared-done" }
  | { type: "failed"; message: string };

// Layout of the shared control block (Int32Array): next row to claim, cancel flag, then rows done per slot.
export const CONTROL_NEXT = 0;
export const CONTROL_CANCEL = 1;
export const CONTROL_DONE = 2;

export function controlLength(workers: number): number {
  return CONTROL_DONE + workers;
}
