// Runs the built Node CLI (or another Node script) as a user would: a process of its own, output captured.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/node/cli.js", import.meta.url));

/** `node ...args`, waited for. */
export function node(args: string[], timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

export function cli(args: string[], timeoutMs = 60_000) {
  return node([CLI, ...args], timeoutMs);
}
