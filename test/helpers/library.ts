// Runs a script that imports "integration2d" the way a user's project does (a package that depends on this one),
// under Node, Bun or Deno, so the library's promises are checked in each runtime and not only through the CLI.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** How each runtime runs main.js; Deno may read only its worker module (what the threads scheme needs). */
export const RUNTIMES = {
  node: [process.execPath, "main.js"],
  bun: [join(ROOT, "node_modules/.bin/bun"), "main.js"],
  deno: [join(ROOT, "node_modules/.bin/deno"), "run", "--no-prompt", `--allow-read=${join(ROOT, "dist/deno/worker.js")}`, "main.js"],
} as const;
export type Runtime = keyof typeof RUNTIMES;

/** `code` as main.js of a fresh ES-module package with integration2d installed; waited for, output captured. */
export function runLibraryScript(runtime: Runtime, code: string, timeoutMs = 120_000) {
  const dir = mkdtempSync(join(tmpdir(), `i2d-${runtime}-`));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules/integration2d"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", dependencies: { integration2d: "*" } }));
    writeFileSync(join(dir, "main.js"), code);
    const [cmd, ...args] = RUNTIMES[runtime];
    // Plain output (Deno colours its errors); FORCE_COLOR would make Node warn about NO_COLOR on stderr.
    const { FORCE_COLOR: _, ...env } = process.env;
    const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", timeout: timeoutMs, env: { ...env, NO_COLOR: "1" } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
