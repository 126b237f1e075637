// Test helpers: whether a process still exists, the worker processes of a CLI (for the "no worker left
// behind" checks), and a CLI run whose parent is killed under its workers.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { CLI } from "./cli.js";

/**
 * True while `pid` exists and is not a zombie (signal 0 probes without sending anything). A zombie has
 * finished: an orphan's exit status waits for PID 1, which here reaps only every few seconds.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return !existsSync("/proc/self/stat"); // gone since the probe (or no /proc to ask)
  }
  return stat[stat.lastIndexOf(")") + 2] !== "Z";
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 5 ms for up to `ms`; its last answer. */
export async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (cond()) return true;
    await sleep(5);
  }
  return cond();
}

/** Our worker processes among the children of `pid` (the test runner has others, e.g. esbuild's service). */
export function childPids(pid: number): number[] {
  let pids: number[];
  try {
    pids = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return pids.filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("worker.js");
    } catch {
      return false;
    }
  });
}

/**
 * `runtime dist/node/cli.js` with two worker processes on a long run (n = 60000: first blocks of ~2 s, ~20 s in all), killed by `signal` once both
 * compute: whether every worker was gone within `withinMs` of the kill, and everything written on the CLI's
 * stdout and stderr (which the workers share) until the last of them closed it.
 */
export async function killParentMidRun(runtime: string, signal: "SIGKILL" | "SIGTERM", withinMs = 1000) {
  const child = spawn(runtime, [CLI, "-n", "60000", "-s", "processes", "-w", "2"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const closed = new Promise<void>((r) => child.on("close", () => r()));
  let workers: number[] = [];
  try {
    if (!(await until(() => (workers = childPids(child.pid!)).length === 2, 10_000))) throw new Error(`no two workers: ${output}`);
    await sleep(300);
  } finally {
    child.kill(signal);
  }
  const gone = await until(() => workers.every((pid) => !alive(pid)), withinMs);
  for (const pid of workers.filter(alive)) process.kill(pid, "SIGKILL"); // a failed check leaves nothing running
  await closed;
  return { gone, output, workers };
}
