// Cancellation, dying workers, start-up failures and long-lived pools — the paths where a run must end
// cleanly with an error (never a hang, never a partial sum) and leave no thread or process behind.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate, WorkerError } from "integration2d";
import { WorkerError as CoreWorkerError } from "../host/core/errors.js";
import { WorkerPool } from "../host/core/pool.js";
import { threadSpawner } from "../host/node/host.js";
import { CLI } from "./helpers/cli.js";
import { wasmBytes } from "./helpers/kernel.js";
import { alive, childPids, killParentMidRun, sleep, until } from "./helpers/processes.js";
import { rejection } from "./helpers/promises.js";

const WORKER = new URL("../dist/node/worker.js", import.meta.url);
const BIG = { n: 40000 }; // ~10 s of work on 2 cores: always still running when we interfere
const seedProblem = { integrand: "sin(x+y)", domain: "0,pi,0,pi", nx: 600, ny: 600 };

const osThreads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]);
for (const scheme of ["threads", "processes", "serial"] as const) {
  test(`${scheme}: aborting the signal rejects at once and stops every worker`, async () => {
    const baseline = osThreads();
    const controller = new AbortController();
    const run = integrate({ ...BIG, scheme, workers: scheme === "serial" ? 1 : 2, signal: controller.signal });
    run.catch(() => {}); // awaited below; a failed assertion before that must not leave it unhandled
    let children: number[] = [];
    try {
      if (scheme === "processes") {
        assert.ok(await until(() => childPids(process.pid).length === 2, 5000), "two child processes while running");
      }
      await sleep(300);
      children = childPids(process.pid);
    } finally {
      controller.abort(new Error("stop now"));
    }
    const t0 = performance.now();
    const error = await rejection(run);
    const latency = performance.now() - t0;
    assert.is(error.message, "stop now");
    // Typically a few ms; the bound leaves room for a loaded 2-core machine.
    assert.ok(latency < 500, `rejected ${latency.toFixed(0)} ms after abort`);
    assert.ok(await until(() => children.every((pid) => !alive(pid)), 500), "child processes gone");
    assert.ok(await until(() => osThreads() <= baseline, 2000), `threads back to ${baseline} (now ${osThreads()})`);
  });
}

test("an already aborted signal runs nothing", async () => {
  const error = await rejection(integrate({ n: 10, signal: AbortSignal.abort(new Error("never")) }));
  assert.is(error.message, "never");
});

for (const scheme of ["processes", "threads", "serial"] as const) test(`Ctrl-C on the CLI (${scheme}): exit 130 with one line, every child process gone`, async () => {
  // Own process group, as a terminal would have: SIGINT goes to the CLI and its children alike.
  const child = spawn(process.execPath, [CLI, "-n", "40000", "-s", scheme, "-w", scheme === "serial" ? "1" : "2"], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  if (scheme === "processes") assert.ok(await until(() => childPids(child.pid!).length === 2, 5000), "two workers started");
  const workers = childPids(child.pid!);
  await sleep(scheme === "processes" ? 200 : 1000); // into the rows (n = 40000: seconds of work)
  const t0 = performance.now();
  process.kill(-child.pid!, "SIGINT");
  const code = await exited;
  const took = performance.now() - t0;
  assert.is(code, 130);
  // 11–20 ms on a quiet machine; the bound only catches a hang (CI shares 2 cores with builds).
  assert.ok(took < 5000, `exited ${took.toFixed(0)} ms after Ctrl-C`);
  assert.is(stderr, "integration2d: cancelled: interrupted (Ctrl-C)\n");
  assert.ok(await until(() => workers.every((pid) => !alive(pid)), 500), "no orphaned worker");
});

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`the CLI killed by ${signal} mid-run: its worker processes stop within a second, silently`, async () => {
    const { gone, output } = await killParentMidRun(process.execPath, signal);
    assert.ok(gone, "no worker process left computing");
    assert.is(output, "");
  });
}

test("a child process killed with SIGKILL fails the run within a second, naming it; the pool replaces it", async () => {
  const pool = await createPool({ scheme: "processes", workers: 2 });
  try {
    const run = pool.integrate({ ...BIG });
    run.catch(() => {});
    assert.ok(await until(() => childPids(process.pid).length === 2, 5000), "two child processes");
    await sleep(300);
    const victim = childPids(process.pid)[1]!;
    const t0 = performance.now();
    process.kill(victim, "SIGKILL");
    const error = await rejection(run);
    assert.ok(performance.now() - t0 < 1000);
    assert.instance(error, WorkerError);
    assert.match(error.message, new RegExp(`^worker \\d: process ${victim} was killed by SIGKILL$`));
    const again = await pool.integrate({ n: 500 });
    const serial = await integrate({ n: 500, scheme: "serial" });
    assert.is(again.bits, serial.bits);
    assert.is(pool.alive, 2);
  } finally {
    pool.close();
  }
});

/**
 * A real worker thread running the real worker script, which dies the way `death` says as soon as it is
 * handed work: the script's own message handler is wrapped so the death comes first.
 */
function dyingWorker(death: string, resourceLimits?: object) {
  const code = `const { parentPort } = require("node:worker_threads");
  const on = parentPort.on.bind(parentPort);
  parentPort.on = (event, handler) => on(event, (m) => {
    if (m.type === "shared" || m.type === "rows") { ${death} }
    handler(m);
  });
  import(${JSON.stringify(WORKER.href)});`;
  return new Worker(code, { eval: true, resourceLimits });
}

const DEATHS: [string, string, RegExp, object?][] = [
  ["process.exit", "process.exit(3)", /^worker 1: exited with code 3$/],
  ["an uncaught exception", "throw new Error('boom')", /^worker 1: threw Error: boom$/],
  ["running out of memory", "const a = []; for (;;) a.push(new Array(1e5).fill(1.5));", /^worker 1: threw .*(memory|Memory)/, { maxOldGenerationSizeMb: 32 }],
];

for (const [what, death, message, limits] of DEATHS) {
  test(`a worker thread that dies by ${what} fails the run with its reason; the next run gets a fresh one`, async () => {
    let deaths = 1;
    const pool = new WorkerPool({
      spawn: threadSpawner((i) => (i === 1 && deaths-- > 0 ? dyingWorker(death, limits) : new Worker(WORKER))),
      wasm: wasmBytes("simd"),
      variant: "simd",
      transport: "shared",
    });
    try {
      const t0 = performance.now();
      const error = await rejection(pool.run({ problem: { ...seedProblem, nx: 40000, ny: 40000 }, workers: 2 }));
      assert.ok(performance.now() - t0 < 3000, "fails fast, does not wait for the other worker");
      assert.instance(error, CoreWorkerError);
      assert.match(error.message, message, error.message);
      const ok = await pool.run({ problem: seedProblem, workers: 2 });
      assert.is(ok.sums.length, 600);
      assert.ok(ok.sums.every(Number.isFinite));
      assert.is(pool.alive, 2);
    } finally {
      pool.close();
    }
  });
}

test("a stopped child process (SIGSTOP) fails the run after blockTimeoutMs, naming it; it is killed and replaced", async () => {
  const pool = await createPool({ scheme: "processes", workers: 2, blockTimeoutMs: 1000 });
  let victim = 0;
  try {
    // Only this run's children: a closed pool's may still be exiting.
    const before = new Set(childPids(process.pid));
    const ours = () => childPids(process.pid).filter((pid) => !before.has(pid));
    let perWorker = [0, 0];
    const run = pool.integrate({ ...BIG, onProgress: (p) => (perWorker = p.perWorker) });
    run.catch(() => {});
    // Both computing (past start-up, which has its own deadline): each has sent rows back.
    assert.ok(await until(() => ours().length === 2 && perWorker.every((rows) => rows > 0), 10_000), "two child processes computing");
    victim = ours()[0]!;
    // The pool starts worker i as `worker.js i parentPid`.
    const index = readFileSync(`/proc/${victim}/cmdline`, "utf8").split("\0").filter(Boolean).at(-2);
    process.kill(victim, "SIGSTOP");
    const t0 = performance.now();
    const error = await Promise.race([rejection(run), sleep(15_000).then(() => new Error("still running 15 s later"))]);
    assert.instance(error, WorkerError, error.message);
    assert.is(error.message, `worker ${index}: no result for 1 s (stopped or hung?)`);
    assert.ok(performance.now() - t0 < 15_000);
    assert.ok(await until(() => !alive(victim), 1000), "the stopped process is gone");
    const again = await pool.integrate({ n: 500 });
    assert.is(again.bits, (await integrate({ n: 500, scheme: "serial" })).bits);
    assert.is(pool.alive, 2);
  } finally {
    if (victim && alive(victim)) process.kill(victim, "SIGKILL");
    pool.close();
  }
});

for (const transport of ["shared", "messages"] as const) {
  test(`a worker thread that never answers (${transport}) fails the run after blockTimeoutMs; the next run gets a fresh one`, async () => {
    let hung = 1;
    const pool = new WorkerPool({
      spawn: threadSpawner((i) => (i === 1 && hung-- > 0 ? dyingWorker("for (;;);") : new Worker(WORKER))),
      wasm: wasmBytes("simd"),
      variant: "simd",
      transport,
    });
    try {
      // Small enough that worker 0 does its part at once, even on a loaded machine: only worker 1 is silent.
      const error = await rejection(pool.run({ problem: { ...seedProblem, nx: 4000, ny: 1000 }, workers: 2, blockTimeoutMs: 2000 }));
      assert.instance(error, CoreWorkerError);
      assert.is(error.message, "worker 1: no result for 2 s (stopped or hung?)");
      const ok = await pool.run({ problem: seedProblem, workers: 2, blockTimeoutMs: 2000 });
      assert.is(ok.sums.length, 600);
      assert.ok(ok.sums.every(Number.isFinite));
      assert.is(pool.alive, 2);
    } finally {
      pool.close();
    }
  });
}

test("a worker that cannot start fails the run once, and is not respawned in a loop", async () => {
  let spawned = 0;
  const pool = new WorkerPool({
    spawn: threadSpawner(() => (spawned++, new Worker(WORKER))),
    wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]), // a truncated module
    variant: "simd",
    transport: "messages",
  });
  try {
    const error = await rejection(pool.run({ problem: seedProblem, workers: 2 }));
    assert.instance(error, CoreWorkerError);
    assert.match(error.message, /^worker \d: .*(WebAssembly|section|magic|compile|Module)/i);
    await sleep(300);
    assert.is(spawned, 2);
    assert.is(pool.alive, 0);
  } finally {
    pool.close();
  }
});

test("a pool used for 1000 runs keeps its workers, threads and memory", async () => {
  const pool = await createPool({ scheme: "threads", workers: 2 });
  try {
    const first = await pool.integrate({ n: 40, integrand: "exp(x+y)", domain: "0,1,0,1" });
    const threads = osThreads();
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) {
      const r = await pool.integrate({ n: 40, integrand: "exp(x+y)", domain: "0,1,0,1" });
      if (r.bits !== first.bits) assert.unreachable(`run ${i} gave ${r.bits}`);
    }
    assert.is(pool.alive, 2);
    assert.is(osThreads(), threads);
    const growth = (process.memoryUsage().rss - rss) / 2 ** 20;
    assert.ok(growth < 32, `rss grew ${growth.toFixed(1)} MiB over 1000 runs`);
  } finally {
    pool.close();
  }
});

test("closing a pool during a run rejects it and stops the workers", async () => {
  const pool = await createPool({ scheme: "threads", workers: 2 });
  const run = pool.integrate({ ...BIG });
  await sleep(300);
  pool.close();
  const error = await rejection(run);
  assert.match(error.message, /closed/);
  assert.is(pool.alive, 0);
});

test.run();
