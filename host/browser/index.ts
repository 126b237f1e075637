// The browser library entry (package.json "browser" condition, or straight from dist/browser/index.js):
// `import { integrate, createPool } from "integration2d"`. One module Web Worker per core by default.

import { browserIntegrator } from "./host.js";

export const { integrate, createPool, resolve, kernel } = browserIntegrator;
export { sharedMemoryAvailable } from "./host.js";
export { UsageError, WorkerError } from "../core/errors.js";
export { bitsOf, valueOfBits, formatE } from "../core/record.js";
export type { ResultRecord, RuntimeInfo } from "../core/record.js";
export type { IntegrateOptions, Problem, Scheme } from "../core/options.js";
export type { Pool, RunOptions } from "../core/integrate.js";
export type { Progress } from "../core/pool.js";
export type { KernelVariant } from "../core/kernel.js";
