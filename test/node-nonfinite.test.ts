// A value that is not finite is never printed (issue 14, item 5): the run fails with exit 1 and one line, and a
// domain whose cell area overflows or vanishes is bad input naming -d (exit 2). Every scheme, through the CLI.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli } from "./helpers/cli.js";

// The kernel's diagnosis (README § Run failure) is the run's message, in every scheme alike.
const RUNS: [string[], string][] = [
  // e^(x+y) overflows at the far corner: the first +Inf point in row order is named (row 1: x = 21; 21 + 693 > 709.8).
  [["-f", "exp(x+y)", "-d", "0,700,0,700", "-n", "50"], "integrand is not finite at x = 21, y = 693 (value Inf)"],
  // Every point finite (≤ 1e300), the sum overflows.
  [["-f", "x*y", "-d", "0,1e150,0,1e150", "-n", "10"],
    "the integral overflows: the sum of f over the grid (2.4999999999999997e+301) times the cell area (9.999999999999998e+297) is beyond the largest double"],
  // A pole at a midpoint (x = 0.25 is the first cell's), through the evaluator: not a catalog entry.
  [["-f", "1/(x - 0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "3"], "integrand is not finite at x = 0.25, y = 0.16666666666666666 (value Inf)"],
  [["-f", "log(x - 0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "3"], "integrand is not finite at x = 0.25, y = 0.16666666666666666 (value -Inf)"],
  [["-f", "sqrt(y - 0.5)", "-d", "0,1,0,1", "-n", "4"], "integrand is not finite at x = 0.125, y = 0.125 (value NaN)"],
];

for (const scheme of ["serial", "threads", "processes"] as const) {
  for (const [args, value] of RUNS) {
    test(`${scheme}: ${args.join(" ")} fails the run, no value printed`, () => {
      for (const json of [[], ["--json"]]) {
        const r = cli([...args, "-s", scheme, ...(scheme === "serial" ? [] : ["-w", "2"]), ...json]);
        assert.is(r.code, 1, r.stderr);
        assert.is(r.stdout, "");
        assert.is(r.stderr, `integration2d: run failed: ${value}\n`);
      }
    });
  }
}

test("a cell area that overflows or vanishes is a bad -d (exit 2)", () => {
  for (const [domain, h] of [["0,1e308,0,1e308", "1e+307"], ["0,1e-200,0,1e-200", "1e-201"]] as const) {
    const r = cli(["-n", "10", `--domain=${domain}`]);
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stdout, "");
    assert.is(r.stderr, `integration2d: option -d/--domain: the cell area hx*hy is not finite or is zero (hx = ${h}, hy = ${h})\n`);
  }
});

test.run();
