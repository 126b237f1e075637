// Messages between a host's main thread and its workers (Web Workers, worker_threads, child processes alike).
//
//   main → worker                         worker → main
//   init {wasm}                           ready {compile_s}       (once per worker: compile + instantiate)
//   problem {problem}                     (nothing: setup is checked on the main thread first)
//   rows {start, end}                     rows {start, sums}      (message transport, one block at a time)
//   shared {control, sums, workers, …}    shared-done             (shared transport: claim blocks with Atomics)
//   any failure                           failed {message}

import type { KernelProblem, KernelVariant } from "./kernel.js";

export type ToWorker =
  | { type: "init"; wasm: Uint8Array; variant: KernelVariant }
  | { type: "problem"; problem: KernelProblem }
  | { type: "rows"; start: number; end: number }
  | { type: "shared"; control: SharedArrayBuffer; sums: SharedArrayBuffer; workers: number; slot: number };

export type FromWorker =
  | { type: "ready"; compile_s: number }
  | { type: "rows"; start: number; sums: Float64Array }
  | { type: "shared-done" }
  | { type: "failed"; message: string };

// Layout of the shared control block (Int32Array): next row to claim, cancel flag, then rows done per slot.
export const CONTROL_NEXT = 0;
export const CONTROL_CANCEL = 1;
export const CONTROL_DONE = 2;

export function controlLength(workers: number): number {
  return CONTROL_DONE + workers;
}
