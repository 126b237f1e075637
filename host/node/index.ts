// The Node (and Bun) library entry: `import { integrate, createPool } from "integration2d"`.

import { createIntegrator } from "../core/integrate.js";
import { nodeHost } from "./host.js";

export const { integrate, createPool, resolve, kernel } = createIntegrator(nodeHost);
export { UsageError, WorkerError } from "../core/errors.js";
export { bitsOf, valueOfBits, formatE } from "../core/record.js";
export type { ResultRecord, RuntimeInfo } from "../core/record.js";
export type { IntegrateOptions, Problem, Scheme } from "../core/options.js";
export type { Pool, RunOptions } from "../core/integrate.js";
export type { Progress } from "../core/pool.js";
export type { KernelVariant } from "../core/kernel.js";
