// What Deno and browsers share: Web Workers, and no child processes.

import { UsageError } from "../core/errors.js";
import type { Integrator } from "../core/integrate.js";
import { FLAG, type IntegrateOptions } from "../core/options.js";
import type { SpawnWorker } from "../core/pool.js";

/** A Web Worker wired to the pool's events (Deno and browsers alike). */
export const spawnWebWorker: SpawnWorker = (_index, events) => {
  // Exactly the form bundlers recognise (Vite, webpack, Parcel rewrite the URL and bundle the worker).
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (e) => events.message(e.data);
  worker.onmessageerror = () => events.failed("sent a message that could not be decoded");
  worker.onerror = (e) => {
    e.preventDefault();
    events.failed(`threw: ${e.message}`);
  };
  return { post: (m, transfer) => worker.postMessage(m, transfer ?? []), terminate: () => worker.terminate() };
};

/**
 * The core integrator, with `processes` refused by name: a runtime without child processes says so rather
 * than only listing the schemes it has.
 */
export function withoutProcesses(integrator: Integrator, where: string): Integrator {
  const check = <T extends IntegrateOptions | undefined>(o: T): T => {
    if (o?.scheme === "processes") {
      throw new UsageError(FLAG.scheme, `option ${FLAG.scheme} processes is not available ${where} (use serial or threads)`);
    }
    return o;
  };
  return {
    ...integrator,
    resolve: async (o) => integrator.resolve(check(o)),
    integrate: async (o) => integrator.integrate(check(o)),
    createPool: async (o) => integrator.createPool(check(o)),
  };
}

