// The browser library entry (package.json "browser" condition, or straight from dist/browser/index.js):
// `import { integrate, createPool } from "integration2d"`. One module Web Worker per core by default.

import { browserIntegrator } from "./host.js";

export const { integrate, createPool, resolve, kernel } = browserIntegrator;
export { sharedMemoryAvailable } from "./host.js";
export * from "../core/public.js";
