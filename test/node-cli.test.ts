// The CLI contract: the seed's lines, the --json record, --list/--help/--version, and the main job.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { valueOfBits } from "../host/core/record.js";
import { spawnSync } from "node:child_process";
import { CLI, cli } from "./helpers/cli.js";
import { vectors } from "./helpers/kernel.js";

const SEED_LINE = /^Integral value is -?\d\.\d{6}e[+-]\d{2}, Error is \d\.\d{6}e[+-]\d{2}$/;

test("default output: the seed's two lines, then the run's settings", () => {
  const r = cli(["-n", "1000", "-w", "2"]);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.is(lines.length, 3);
  assert.match(lines[0]!, SEED_LINE);
  assert.match(lines[1]!, /^Time spent: \d+\.\d\d sec$/);
  const v = vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)")!;
  assert.is(lines[2], `Scheme threads, workers 2, kernel simd, n 1000x1000, integrand sin(x+y), bits ${v.bits.simd}`);
  assert.is(r.stderr, "");
});

test("--json: exactly one object with the contract's fields and consistent values", () => {
  const v = vectors.find((v) => v.integrand === "sin(x)*cos(y)" && v.nx === 257)!;
  const r = cli(["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-s", "processes", "-w", "3", "-k", "scalar"]);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.is(lines.length, 1);
  const rec = JSON.parse(lines[0]!);
  for (const key of ["value", "bits", "exact", "error", "integrand", "domain", "nx", "ny", "scheme", "workers", "kernel", "runtime", "time_s"]) {
    assert.ok(key in rec, key);
  }
  assert.match(rec.bits, /^0x[0-9a-f]{16}$/);
  assert.is(rec.bits, v.bits.scalar);
  assert.is(rec.value, valueOfBits(rec.bits));
  assert.is(rec.exact, v.exact);
  assert.is(rec.error, Math.abs(rec.value - rec.exact));
  assert.equal(rec.domain, v.domain);
  assert.equal([rec.integrand, rec.nx, rec.ny, rec.scheme, rec.workers, rec.kernel], [v.integrand, 257, 99, "processes", 3, "scalar"]);
  assert.equal(rec.runtime, { name: "node", version: process.versions.node });
  assert.ok(rec.time_s > 0 && rec.time_s < 60);
});

test("--list prints the catalog; --version the CLI and ABI; --help every option", () => {
  assert.is(cli(["--list"]).stdout, [
    "catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)",
    "functions: sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp expm1 log log1p log2 log10 sqrt cbrt abs floor ceil sign atan2 pow hypot min max if",
    "constants: pi e",
    "variables: x y",
  ].join("\n") + "\n");
  assert.match(cli(["--version"]).stdout, /^integration2d \d+\.\d+\.\d+ \(kernel ABI 2\)\n$/);
  const help = cli(["--help"]);
  assert.is(help.code, 0);
  for (const flag of ["--n", "--nx", "--ny", "--workers", "--scheme", "--kernel", "--integrand", "--domain", "--json", "--list"]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
});

test("start: the seed's program — three schemes, same bits, a table", () => {
  const r = cli(["start", "-n", "600"]);
  assert.is(r.code, 0, r.stderr);
  for (const s of ["# serial", "# threads", "# processes"]) assert.ok(r.stdout.includes(s), s);
  assert.is(r.stdout.split("\n").filter((l) => SEED_LINE.test(l)).length, 3);
  const rows = r.stdout.split("\n").filter((l) => /^(serial|threads|processes)\s+\d/.test(l));
  assert.is(rows.length, 3);
  const bits = rows.map((l) => l.trim().split(/\s+/).at(-1));
  assert.is(new Set(bits).size, 1);
  assert.match(rows[0]!, /^serial\s+1\s+\d+\.\d{3}\s+1\.00\s+0x[0-9a-f]{16}$/);
  assert.ok(r.stdout.includes("All 3 schemes gave the same bits."));
});

test("pi forms in the domain are the doubles the README promises", () => {
  const r = JSON.parse(cli(["--json", "-n", "4", "--domain=-pi,pi/2,0,2pi", "-s", "serial"]).stdout);
  assert.equal(r.domain, [-Math.PI, Math.PI / 2, 0, 2 * Math.PI]);
  const q = JSON.parse(cli(["--json", "-n", "4", "-d", "3pi/4,2.5*pi,1e-3,0.5", "-s", "serial"]).stdout);
  assert.equal(q.domain, [(3 * Math.PI) / 4, (2.5 * Math.PI) / 1, 1e-3, 0.5]);
});

test.run();
