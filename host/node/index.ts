// The Node (and Bun) library entry: `import { integrate, createPool } from "integration2d"`.

import { createIntegrator } from "../core/integrate.js";
import { nodeHost } from "./host.js";

export const { integrate, createPool, resolve, kernel } = createIntegrator(nodeHost);
export * from "../core/public.js";
