// What every host's library entry exports besides its own integrator: errors, bit helpers and the public types.
// The entries (host/node, host/deno, host/browser index.ts) re-export this, so the API is one list.

export { RunError, UsageError, WorkerError } from "./errors.js";
export { bitsOf, valueOfBits, formatE } from "./record.js";
export type { ResultRecord, RuntimeInfo } from "./record.js";
export type { IntegrateOptions, Problem, Scheme } from "./options.js";
export type { Pool, RunOptions } from "./integrate.js";
export type { Progress } from "./pool.js";
export type { KernelVariant } from "./kernel.js";
