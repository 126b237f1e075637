// The CLI's progress line: on a terminal, a run that lasts more than a second shows rows done, rate and time left
// on stderr, redrawn in place and erased before the result (or the Ctrl-C line); never with --json, never when
// stderr is not a terminal. The Node, Bun and Deno CLIs, on a real pseudo-terminal (test/helpers/on_terminal.py).

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { duration, progressLine, progressText, SHOW_AFTER_MS } from "../host/core/progress-line.js";
import { CLI, cli } from "./helpers/cli.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ON_TERMINAL = fileURLToPath(new URL("./helpers/on_terminal.py", import.meta.url));
const ERASE = "\r\x1b[2K";
const FRAME = /^(\d+)\/(\d+) rows \(\d+\.\d %\), (\d+|\d\.\d\d|\d\d\.\d) rows\/s, (\d+ s|\d+ min \d\d s) left$/;

const RUNTIMES = {
  node: [process.execPath, CLI],
  bun: [join(ROOT, "node_modules/.bin/bun"), CLI],
  deno: [join(ROOT, "node_modules/.bin/deno"), "run", "--no-prompt", `--allow-read=${join(ROOT, "dist/deno/worker.js")}`, join(ROOT, "dist/deno/cli.js")],
} as const;

/** The CLI on a terminal: what the terminal showed (stdout and stderr, as they came) and the exit code. */
function onTerminal(runtime: keyof typeof RUNTIMES, args: string[], interruptOn?: string) {
  const r = spawnSync("python3", [ON_TERMINAL, ...(interruptOn ? ["--interrupt-on", interruptOn] : []), "--", ...RUNTIMES[runtime], ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, shown: r.stdout, stderr: r.stderr };
}

/** The progress frames drawn, and what the terminal showed after the last erase. */
function frames(shown: string) {
  const parts = shown.split(ERASE);
  return { before: parts[0]!, drawn: parts.slice(1, -1), after: parts.at(-1)! };
}

// A run of several seconds here (n = 40000: 1.6·10^9 evaluations, ~2.5 s on two free cores, ~5 s on one): far past
// the line's one-second threshold even when the machine is quiet (n = 20000 on two free cores took 0.74 s).
const LONG = ["-n", "40000"];

for (const [runtime, scheme] of [["node", "serial"], ["node", "threads"], ["node", "processes"], ["bun", "threads"], ["deno", "threads"]] as const) {
  test(`${runtime}, ${scheme}, on a terminal: progress lines while it runs, erased before the result`, () => {
    const args = [...LONG, "-s", scheme, ...(scheme === "serial" ? [] : ["-w", "2"])];
    const r = onTerminal(runtime, args);
    assert.is(r.code, 0, r.shown + r.stderr);
    const { before, drawn, after } = frames(r.shown);
    assert.is(before, "", "nothing before the first progress line");
    assert.ok(drawn.length >= 1, `a progress line: ${JSON.stringify(r.shown)}`);
    let last = 0;
    for (const frame of drawn) {
      const m = FRAME.exec(frame);
      assert.ok(m, JSON.stringify(frame));
      assert.is(Number(m![2]), 40000);
      assert.ok(Number(m![1]) >= last && Number(m![1]) < 40000, frame);
      last = Number(m![1]);
    }
    // The line is erased, then the seed's lines are printed where it was (the terminal turns \n into \r\n).
    const lines = after.split("\r\n");
    assert.match(lines[0]!, /^Integral value is /);
    assert.match(lines[2]!, new RegExp(`^Scheme ${scheme}, workers ${scheme === "serial" ? 1 : 2}, kernel simd, n 40000x40000,`));
    assert.equal(lines.slice(3), [""]);
  });
}

test("--json on a terminal: the record alone, no progress line", () => {
  const r = onTerminal("node", [...LONG, "-s", "serial", "--json"]);
  assert.is(r.code, 0, r.shown);
  assert.not.ok(r.shown.includes("\x1b") || r.shown.includes("rows"), JSON.stringify(r.shown.slice(0, 200)));
  const [json, ...rest] = r.shown.split("\r\n");
  assert.is(JSON.parse(json!).nx, 40000);
  assert.equal(rest, [""]);
});

test("stderr not a terminal: nothing on stderr, however long the run", () => {
  const r = cli([...LONG, "-s", "serial"]);
  assert.is(r.code, 0);
  assert.is(r.stderr, "");
  assert.is(r.stdout.split("\n").length, 4);
});

test("a short run on a terminal draws nothing: the output is what a pipe gets", () => {
  const r = onTerminal("node", ["-n", "1000", "-s", "serial"]);
  assert.is(r.code, 0);
  assert.not.ok(r.shown.includes("\x1b"), JSON.stringify(r.shown));
  assert.match(r.shown, /^Integral value is .*\r\nTime spent: .*\r\nScheme serial, workers 1, kernel simd, n 1000x1000, .*\r\n$/);
});

test("Ctrl-C on a terminal: the progress line is erased, then the one cancelled line, exit 130", () => {
  const r = onTerminal("node", ["-n", "60000", "-w", "2"], "rows/s");
  assert.is(r.code, 130, r.shown);
  const { drawn, after } = frames(r.shown);
  assert.ok(drawn.length >= 1);
  // The terminal echoes the key as ^C at the end of the progress line.
  assert.match(drawn.at(-1)!, /rows\/s, .* left\^C$/);
  assert.is(after, "integration2d: cancelled: interrupted (Ctrl-C)\r\n");
});

// ---- the line itself, on a clock the test sets -------------------------------------------------------------------

test("progressLine: silent for the first second, at most 10 redraws a second, erased only if drawn", () => {
  let now = 0;
  const written: string[] = [];
  const line = progressLine((t) => written.push(t), () => now);
  const at = (ms: number, rowsDone: number) => ((now = ms), line.update({ rowsDone, rows: 1000, perWorker: [rowsDone] }));
  at(500, 100);
  at(SHOW_AFTER_MS - 1, 199);
  assert.equal(written, []);
  at(SHOW_AFTER_MS, 200);
  at(1050, 210); // within 100 ms of the last draw
  at(1100, 220);
  at(1500, 1000); // all rows done: the result comes next, no final frame
  assert.equal(written, [`${ERASE}200/1000 rows (20.0 %), 200 rows/s, 4 s left`, `${ERASE}220/1000 rows (22.0 %), 200 rows/s, 4 s left`]);
  line.clear();
  line.clear();
  assert.equal(written.slice(2), [ERASE]);

  const quiet: string[] = [];
  const short = progressLine((t) => quiet.push(t), () => 0);
  short.update({ rowsDone: 5, rows: 10, perWorker: [5] });
  short.clear();
  assert.equal(quiet, []);
});

test("progressText and duration: the exact words", () => {
  assert.is(progressText({ rowsDone: 12345, rows: 60000, perWorker: [] }, 3), "12345/60000 rows (20.6 %), 4115 rows/s, 12 s left");
  assert.is(progressText({ rowsDone: 3, rows: 10_000_000, perWorker: [] }, 50), "3/10000000 rows (0.0 %), 0.0600 rows/s, 1929 d 00 h left");
  assert.is(progressText({ rowsDone: 0, rows: 100, perWorker: [] }, 2), "0/100 rows (0.0 %), 0.00 rows/s, time left unknown");
  assert.equal([0.2, 42, 59.5, 60, 185, 3600, 7800, 86400, 360000].map(duration), ["1 s", "42 s", "1 min 00 s", "1 min 00 s", "3 min 05 s", "1 h 00 min", "2 h 10 min", "1 d 00 h", "4 d 04 h"]);
});

test.run();
