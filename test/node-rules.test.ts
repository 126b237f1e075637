// The rules and the tolerance mode through the Node library and CLI (README § Rules): test/vectors-rules.json in
// both builds and every scheme, the Genz families against their closed forms, the record and the seed's lines,
// and the options' refusals.

import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate, type Pool, type ResultRecord } from "integration2d";
import { cli } from "./helpers/cli.js";
import { genzCase, genzCases, SMOOTH } from "./helpers/genz.js";
import { root, VARIANTS } from "./helpers/kernel.js";

interface RuleVector {
  note: string;
  integrand: string;
  domain_text: string;
  nx: number;
  ny: number;
  rule: "midpoint" | "gauss" | "gk21";
  points: number;
  rtol: number | null;
  atol: number | null;
  max_evals: number | null;
  scalar: Expected;
  simd: Expected;
}
interface Expected { bits: string; error_estimate: number | null; status: string | null; regions: number; evaluations: number }

const ruleVectors = JSON.parse(readFileSync(new URL("test/vectors-rules.json", root), "utf8")).vectors as RuleVector[];

/** A vector's problem as library options. */
function options(v: RuleVector) {
  const tolerance = v.max_evals === null ? {} : { rtol: v.rtol ?? undefined, atol: v.atol ?? undefined, maxEvals: v.max_evals };
  return { integrand: v.integrand, domain: v.domain_text, nx: v.nx, ny: v.ny, rule: v.rule, ...(v.rule === "gauss" ? { points: v.points } : {}), ...tolerance };
}

function matches(r: ResultRecord, e: Expected, what: string) {
  assert.equal([r.bits, r.error_estimate, r.status, r.regions, r.evaluations], [e.bits, e.error_estimate, e.status, e.regions, e.evaluations], what);
}

test("the vectors file covers gauss, gk21 and every way a tolerance run ends", () => {
  assert.ok(ruleVectors.length >= 15);
  for (const rule of ["gauss", "gk21"]) assert.ok(ruleVectors.some((v) => v.rule === rule && v.max_evals === null), rule);
  const statuses = new Set(ruleVectors.map((v) => v.simd.status));
  assert.equal([...statuses].sort(), ["converged", "not_converged", null].sort());
  assert.ok(ruleVectors.some((v) => v.simd.regions > 100), "a run of many rounds");
});

for (const kernel of VARIANTS) {
  test(`${kernel}: every rule vector, serial, bit for bit`, async () => {
    for (const v of ruleVectors) matches(await integrate({ ...options(v), kernel, scheme: "serial" }), v[kernel], `${v.note} (${kernel})`);
  });
}

test("the vectors through threads and processes with 1, 2 and 3 workers: the same bits, estimates and regions", async () => {
  const pools: Pool[] = [];
  try {
    for (const scheme of ["threads", "processes"] as const) pools.push(await createPool({ scheme, workers: 3 }));
    // The ones with work to share: a grid of rows, and tolerance runs whose rounds are handed out.
    const spread = ruleVectors.filter((v) => v.nx > 2 || v.simd.regions > 50);
    assert.ok(spread.length >= 4);
    for (const v of spread) {
      for (const pool of pools) {
        for (const workers of [1, 2, 3]) {
          const r = await pool.integrate({ ...options(v), workers });
          matches(r, v.simd, `${v.note}: ${pool.scheme} ×${workers}`);
          assert.is(r.workers, v.max_evals === null ? Math.min(workers, v.nx) : workers);
        }
      }
    }
  } finally {
    for (const p of pools) p.close();
  }
});

test("Genz families: a smooth family's estimate holds; every run converged at rtol 1e-10 is within it (serial and threads)", async () => {
  const pool = await createPool({ scheme: "threads", workers: 2 });
  try {
    for (const c of genzCases(20240611n, 3)) {
      const problem = { integrand: c.integrand, domain: c.domain };
      // The closed forms are doubles good to a few ulp: 1e-14·|I| is theirs, below which the comparison says nothing.
      const slack = 1e-14 * Math.abs(c.exact);
      if (SMOOTH.has(c.family)) {
        const fixed = await integrate({ ...problem, rule: "gk21", n: 2, scheme: "serial" });
        assert.ok(Math.abs(fixed.value! - c.exact) <= fixed.error_estimate! + slack, `${c.integrand}: gk21 on 2×2 cells`);
      }
      const serial = await integrate({ ...problem, rtol: 1e-10, maxEvals: 2e6, scheme: "serial" });
      const threads = await pool.integrate({ ...problem, rtol: 1e-10, maxEvals: 2e6 });
      assert.is(threads.bits, serial.bits);
      assert.is(serial.status, "converged", `${c.family}: ${serial.status_message}`);
      const error = Math.abs(serial.value! - c.exact);
      assert.ok(error <= 1e-10 * Math.abs(serial.value!), `${c.integrand}: converged, but the error is ${error}`);
      assert.ok(error <= serial.error_estimate! + slack, `${c.integrand}: error ${error} > estimate ${serial.error_estimate}`);
    }
  } finally {
    pool.close();
  }
});

test("CLI: ∫₀^π∫₀^π sin(x+y) with --atol 1e-14 converges; the seed's lines name the rule and the closed form's error", () => {
  const r = cli(["--atol", "1e-14", "-s", "serial"]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, "");
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[0]!, /^Integral value is 4\.329105e-16, Error is 5\.694820e-17$/, "the closed form exists: the true error");
  assert.match(lines[1]!, /^Time spent: \d+\.\d\d sec$/);
  assert.is(lines[2], "Rule gk21 adaptive, 1 region, 529 evaluations, status converged, scheme serial, workers 1, kernel simd, n 1x1, integrand sin(x+y), bits 0x3cbf31ca216f5913");
  const g = cli(["--rule", "gauss", "--points", "5", "-n", "3", "-s", "serial"]);
  assert.is(g.stdout.trimEnd().split("\n")[2], "Rule gauss 5, 9 regions, 225 evaluations, scheme serial, workers 1, kernel simd, n 3x3, integrand sin(x+y), bits 0x3cd598f92cdfe655");
});

test("CLI: without a closed form the line shows the estimate; a run that does not converge says so on stderr and in the line, exit 0", () => {
  const f = "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)";
  const r = cli(["-f", f, "-d", "0,1,0,1", "--rtol", "1e-10", "-s", "serial"]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.split("\n")[0], "Integral value is 1.255614e-01, Error is 1.0e-12 (estimated)");
  const budget = cli(["-f", f, "-d", "0,1,0,1", "--rtol", "1e-14", "--max-evals", "1587", "-s", "serial"]);
  assert.is(budget.code, 0);
  assert.match(budget.stdout.split("\n")[0]!, /^Integral value is \S+, Error is \S+ \(estimated\), not converged$/);
  assert.match(budget.stdout.split("\n")[2]!, /^Rule gk21 adaptive, 2 regions, 1587 evaluations, status not_converged, /);
  assert.is(budget.stderr, "integration2d: not converged: the evaluation budget is spent (1587 of 1587 evaluations; the next split needs 1058 more); the error estimate 8.185013454893203e-7 is above the tolerance 1.2556144875728964e-15\n");
  const json = cli(["--json", "-f", f, "-d", "0,1,0,1", "--rtol", "1e-14", "--max-evals", "1587", "-s", "serial"]);
  const record = JSON.parse(json.stdout);
  assert.is(record.status, "not_converged");
  assert.is(json.stderr, budget.stderr, "--json too: stdout is one record, the warning is on stderr");
  assert.match(record.status_message, /^the evaluation budget is spent/);
});

test("the record: every run names its rule, estimate, status, regions and evaluations (midpoint: the grid, no estimate)", async () => {
  const mid = await integrate({ n: 30, scheme: "serial" });
  assert.equal(Object.keys(mid).slice(-7), ["rule", "points", "error_estimate", "status", "status_message", "regions", "evaluations"]);
  assert.equal([mid.rule, mid.points, mid.error_estimate, mid.status, mid.status_message, mid.regions, mid.evaluations], ["midpoint", 1, null, null, null, 900, 900]);
  const gauss = await integrate({ rule: "gauss", points: 3, nx: 2, ny: 5, scheme: "serial" });
  assert.equal([gauss.points, gauss.error_estimate, gauss.status, gauss.regions, gauss.evaluations], [3, null, null, 10, 90]);
  const gk = await integrate({ rule: "gk21", nx: 2, ny: 5, scheme: "serial" });
  assert.equal([gk.points, gk.status, gk.regions, gk.evaluations], [21, null, 10, 10 * 529]);
  assert.ok(gk.error_estimate! > 0 && gk.error_estimate! >= gk.error!);
  const defaults = await integrate({ rule: "gauss", scheme: "serial" });
  assert.equal([defaults.nx, defaults.ny, defaults.points], [1, 1, 10], "-n 1 and 10 points unless given");
});

test("a tolerance run that meets a value that is not finite fails with the kernel's words", async () => {
  const r = cli(["-f", "1/(x-0.5)", "-d", "0,1,0,1", "--rtol", "1e-8", "-s", "threads", "-w", "2"]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /^integration2d: run failed: integrand is not finite at x = 0\.5, y = 0\.0021\d+ \(value Inf\)\n$/);
});

const REFUSED: [string[], string][] = [
  [["--rule", "simpson"], 'option --rule must be one of midpoint, gauss, gk21 (got "simpson")'],
  [["--rule", "gauss", "--points", "0"], 'option --points must be an integer from 1 to 20 (got "0")'],
  [["--rule", "gauss", "--points", "21"], 'option --points must be an integer from 1 to 20 (got "21")'],
  [["--points", "5"], "option --points applies to --rule gauss only (here --rule midpoint)"],
  [["--rule", "gk21", "--points", "21"], "option --points applies to --rule gauss only (here --rule gk21)"],
  [["--rtol", "abc"], 'option --rtol must be a number (got "abc")'],
  [["--rtol", "1"], "option --rtol: must be a number from 0 to below 1 (got 1)"],
  [["--atol=-1e-3"], "option --atol: must be a finite number, 0 or more (got -0.001)"],
  [["--rtol", "0", "--atol", "0"], "option --rtol: the tolerance is 0 (rtol and atol both 0): no run can meet it; give rtol or atol above 0"],
  [["--rtol", "1e-8", "--rule", "gauss"], "option --rtol takes --rule gk21, whose regions the tolerance mode refines (here --rule gauss)"],
  [["--atol", "1e-8", "--rule", "midpoint"], "option --atol takes --rule gk21, whose regions the tolerance mode refines (here --rule midpoint)"],
  [["--max-evals", "1000"], "option --max-evals applies to the tolerance mode only (give --rtol or --atol)"],
  [["--rtol", "1e-8", "--max-evals", "1e6"], 'option --max-evals must be an integer from 1 to 9007199254740991 (got "1e6")'],
  [["--rtol", "1e-8", "-n", "2", "--max-evals", "2000"], "option --max-evals: must be a whole number from 2116 (529 evaluations for each of the initial grid's cells) to 2^53 (got 2000)"],
  [["--rtol", "1e-8", "-n", "1025"], "option --nx: the initial grid has 1050625 cells, more than the 1048576 regions the tolerance mode holds"],
];

test("bad rule and tolerance options: one line naming the option, exit 2", () => {
  for (const [args, message] of REFUSED) {
    const r = cli(args);
    assert.equal([r.code, r.stdout, r.stderr], [2, "", `integration2d: ${message}\n`], args.join(" "));
  }
});

test("the library refuses them too, with the same words, and takes numbers for the numeric ones", async () => {
  const refused = async (o: Record<string, unknown>) => {
    try {
      await integrate({ scheme: "serial", ...o } as never);
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  };
  assert.is(await refused({ rtol: 2 }), "option --rtol: must be a number from 0 to below 1 (got 2)");
  assert.is(await refused({ rtol: "1e-3", maxEvals: "x" }), 'option --max-evals must be an integer from 1 to 9007199254740991 (got "x")');
  assert.is(await refused({ rule: "gauss", points: 2.5 }), 'option --points must be an integer from 1 to 20 (got "2.5")');
  assert.is(await refused({ atol: null }), "option --atol must not be null (leave it out, or pass undefined, for the default)");
  const c = genzCase("gaussian", [5, 5], [0.5, 0.5]);
  const r = await integrate({ integrand: c.integrand, domain: c.domain, rtol: 1e-10, atol: 0, maxEvals: 1e6, scheme: "serial" });
  assert.is(r.status, "converged");
});

test.run();
