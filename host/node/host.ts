// What is particular to Node (and Bun, which runs this unchanged): where the wasm lives, how a worker thread
// or child process is made, what the runtime is called.

import { fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Host } from "../core/integrate.js";
import { simdSupported } from "../core/kernel.js";
import type { SpawnWorker } from "../core/pool.js";

const workerUrl = new URL("./worker.js", import.meta.url);

/** Wires a worker_threads Worker into the pool's events; `make` creates it (tests pass their own). */
export const threadSpawner = (make: (index: number) => Worker): SpawnWorker => (index, events) => {
  const worker = make(index);
  worker.on("message", events.message);
  worker.on("messageerror", () => events.failed("sent a message that could not be decoded"));
  worker.on("error", (e) => events.failed(`threw ${e.name}: ${e.message}`));
  worker.on("exit", (code) => events.failed(`exited with code ${code}`));
  return { post: (m, transfer) => worker.postMessage(m, transfer as never), terminate: () => void worker.terminate() };
};

const spawnThread = threadSpawner((index) => new Worker(workerUrl, { name: `integration2d-${index}` }));

export const workerFile = fileURLToPath(workerUrl);

const spawnProcess: SpawnWorker = (index, events) => {
  // 'advanced' serialization keeps typed arrays (and -0) intact across the IPC channel.
  // Our pid, so that the child can tell when it has been orphaned (worker.ts).
  const child = fork(workerFile, [String(index), String(process.pid)], {
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.on("message", (m) => events.message(m as never));
  child.on("error", (e) => events.failed(`process error: ${e.message}`));
  child.on("exit", (code, signal) =>
    events.failed(signal ? `process ${child.pid} was killed by ${signal}` : `process ${child.pid} exited with code ${code}`));
  return {
    post: (m) => void child.send(m),
    terminate: () => void child.kill("SIGKILL"),
  };
};

const bun = (process.versions as Record<string, string | undefined>)["bun"];

export const nodeHost: Host = {
  runtime: bun ? { name: "bun", version: bun } : { name: "node", version: process.versions.node },
  cores: availableParallelism(),
  kernels: simdSupported() ? ["simd", "scalar"] : ["scalar"],
  schemes: ["serial", "threads", "processes"],
  wasmBytes: async (variant) => new Uint8Array(await readFile(new URL(`../kernel/${variant}.wasm`, import.meta.url))),
  spawner: (scheme) =>
    scheme === "processes"
      ? { spawn: spawnProcess, transport: "messages" }
      : { spawn: spawnThread, transport: "shared" },
};
