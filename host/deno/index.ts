// The Deno library entry: `import { integrate, createPool } from "integration2d"` (package.json "deno" condition).

import { denoIntegrator } from "./host.js";

export const { integrate, createPool, resolve, kernel } = denoIntegrator;
export * from "../core/public.js";
