// Output that cannot be written (issue 14, item 9): the result is lost, so the run failed — one line naming the
// cause, exit 1, never a stack trace — under Node, Bun and Deno alike (the C, Rust and Go hosts say the same).

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const RUNTIMES: Record<string, string[]> = {
  node: [process.execPath, join(ROOT, "dist/node/cli.js")],
  bun: [join(ROOT, "node_modules/.bin/bun"), join(ROOT, "dist/node/cli.js")],
  deno: [join(ROOT, "node_modules/.bin/deno"), "run", `--allow-read=${join(ROOT, "dist/deno/worker.js")}`, join(ROOT, "dist/deno/cli.js")],
};
const quoted = (argv: string[]) => argv.map((a) => `'${a}'`).join(" ");

for (const [runtime, argv] of Object.entries(RUNTIMES)) {
  test(`${runtime}: stdout on /dev/full → exit 1, one line "cannot write the output"`, () => {
    for (const args of [["-n", "100", "-s", "serial"], ["--json", "-n", "100"], ["--list"]]) {
      const r = spawnSync("bash", ["-c", `${quoted([...argv, ...args])} > /dev/full`], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      assert.is(r.status, 1, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^integration2d: cannot write the output: [^\n]*(no space left on device|No space left on device)[^\n]*\n$/i, r.stderr);
    }
  });

  test(`${runtime}: a reader that has gone away → exit 1, one line "cannot write the output"`, () => {
    // The reader closes its end at once; the CLI writes after ≥ 30 ms of start-up: a write with no reader (EPIPE).
    const r = spawnSync("bash", ["-c", `${quoted([...argv, "--list"])} | (exec 0<&-; sleep 1); echo "status \${PIPESTATUS[0]}"`], { encoding: "utf8" });
    assert.is(r.stdout, "status 1\n", r.stderr);
    assert.match(r.stderr, /^integration2d: cannot write the output: [^\n]*(broken pipe|EPIPE)[^\n]*\n$/i, r.stderr);
  });
}

test.run();
