// The Python host's own suite (host/python/tests, pytest): the vectors bit for bit through serial, threads,
// processes and MPI (mpirun -np 2 and 4), the CLI contract against the Node CLI, failing ranks and workers,
// and the WASI command under wasmtime. Runs it in the clone's .venv (scripts/setup.sh makes it); on failure
// pytest's own report is the assertion message.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = fileURLToPath(new URL("../", import.meta.url));
const python = `${root}.venv/bin/python`;

test("pytest host/python/tests passes", () => {
  assert.ok(existsSync(python), `${python} is missing: run bash scripts/setup.sh`);
  const r = spawnSync(python, ["-m", "pytest", "host/python/tests", "-q", "-p", "no:cacheprovider"], {
    cwd: root,
    encoding: "utf8",
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  assert.is(r.error, undefined, `pytest did not run: ${r.error?.message}\n${report}`);
  assert.is(r.status, 0, `pytest exited ${r.status}${r.signal ? ` (${r.signal})` : ""}:\n${report}`);
  // a suite that collected nothing also exits non-zero, but say what ran
  const passed = Number(/(\d+) passed/.exec(report)?.[1] ?? 0);
  assert.ok(passed >= 250, `only ${passed} pytest tests passed:\n${report}`);
  assert.not.match(report, /\d+ (failed|error)/);
  process.stdout.write(`  pytest: ${/\d+ passed[^\n]*/.exec(report)?.[0]}\n`);
});

test.run();
