// The Deno library entry: `import { integrate, createPool } from "integration2d"` (package.json "deno" condition).

import { denoIntegrator } from "./host.js";

export const { integrate, createPool, resolve, kernel } = denoIntegrator;
export { UsageError, WorkerError } from "../core/errors.js";
export { bitsOf, valueOfBits, formatE } from "../core/record.js";
export type { ResultRecord, RuntimeInfo } from "../core/record.js";
export type { IntegrateOptions, Problem, Scheme } from "../core/options.js";
export type { Pool, RunOptions } from "../core/integrate.js";
export type { Progress } from "../core/pool.js";
export type { KernelVariant } from "../core/kernel.js";
