// A value that is not finite is never printed (issue 14, item 5): the run fails with exit 1 and one line, and a
// domain whose cell area overflows or vanishes is bad input naming -d (exit 2). Every scheme, through the CLI.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli } from "./helpers/cli.js";

const RUNS: [string[], string][] = [
  // e^(x+y) overflows at the far corner: +Inf points, a NaN sum.
  [["-f", "exp(x+y)", "-d", "0,700,0,700", "-n", "50"], "NaN"],
  // Every point finite (≤ 1e300), the row sums overflow to +Inf.
  [["-f", "x*y", "-d", "0,1e150,0,1e150", "-n", "10"], "Inf"],
];

for (const scheme of ["serial", "threads", "processes"] as const) {
  for (const [args, value] of RUNS) {
    test(`${scheme}: ${args.join(" ")} fails the run, no value printed`, () => {
      for (const json of [[], ["--json"]]) {
        const r = cli([...args, "-s", scheme, ...(scheme === "serial" ? [] : ["-w", "2"]), ...json]);
        assert.is(r.code, 1, r.stderr);
        assert.is(r.stdout, "");
        assert.is(r.stderr, `integration2d: run failed: the integral is not finite (value ${value})\n`);
      }
    });
  }
}

test("a cell area that overflows or vanishes is a bad -d (exit 2)", () => {
  for (const [domain, why, cells] of [["0,1e308,0,1e308", "not finite", "10x10"], ["0,1e-200,0,1e-200", "zero", "10x10"]] as const) {
    const r = cli(["-n", "10", `--domain=${domain}`]);
    assert.is(r.code, 2, r.stderr);
    assert.is(r.stdout, "");
    assert.is(r.stderr, `integration2d: option -d/--domain: the cell area hx·hy is ${why} with these bounds and ${cells} cells (got "${domain}")\n`);
  }
});

test.run();
