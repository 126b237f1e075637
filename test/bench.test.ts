// The benchmark record, statistics, report and the `bench` / `report` subcommands. The benchmark here is tiny
// (n = 200, 2 samples): these tests check shapes, bits and contracts, never timings.

import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type BenchRecord, checkRecord, type JsonSchema, validateJson } from "../host/core/bench-record.js";
import { bitsConflicts, renderReport, rowsOf } from "../host/core/report.js";
import { amdahlSerialFraction, amdahlSpeedup, mad, median, medianCI, summarize } from "../host/core/stats.js";
import { cli } from "./helpers/cli.js";
import { root } from "./helpers/kernel.js";

const schema = JSON.parse(readFileSync(new URL("bench/record.schema.json", root), "utf8")) as JsonSchema;
const dir = mkdtempSync(join(tmpdir(), "integration2d-bench-test-"));
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---- statistics against hand-computed values ------------------------------------------------------------------

test("median, MAD", () => {
  assert.is(median([3, 1, 2]), 2);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  // |x − 3| = 2, 1, 0, 1, 97 → median 1
  assert.is(mad([1, 2, 3, 4, 100]), 1);
  assert.is(mad([5, 5, 5]), 0);
});

test("median CI from order statistics", () => {
  // n = 10: P(B ≤ 1) = 11/1024 ≤ 0.025 < P(B ≤ 2) = 56/1024 → [x(2), x(9)], coverage 1 − 22/1024
  const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const ci = medianCI(ten);
  assert.equal([ci.lo, ci.hi], [2, 9]);
  assert.is(ci.coverage, 1 - 22 / 1024);
  // n = 5: no pair reaches 95 %; [min, max] covers 1 − 2/32
  const five = medianCI([5, 1, 4, 2, 3]);
  assert.equal([five.lo, five.hi, five.coverage], [1, 5, 1 - 2 / 32]);
  // n = 6: [min, max] covers 1 − 2/64 ≥ 95 %
  assert.is(medianCI([1, 2, 3, 4, 5, 6]).coverage, 1 - 2 / 64);
  const s = summarize([0.3, 0.1, 0.2]);
  assert.equal([s.n, s.median, s.min, s.max], [3, 0.2, 0.1, 0.3]);
  assert.ok(Math.abs(s.mad - 0.1) < 1e-15);
});

test("Amdahl fit recovers the serial fraction", () => {
  // S(2) = 1.6 → s = 2/1.6 − 1 = 0.25
  assert.ok(Math.abs(amdahlSerialFraction([{ workers: 1, speedup: 1 }, { workers: 2, speedup: 1.6 }])! - 0.25) < 1e-12);
  const points = [1, 2, 4, 8].map((w) => ({ workers: w, speedup: amdahlSpeedup(0.1, w) }));
  assert.ok(Math.abs(amdahlSerialFraction(points)! - 0.1) < 1e-12);
  assert.is(amdahlSpeedup(0.25, 4), 1 / (0.25 + 0.75 / 4));
  assert.is(amdahlSerialFraction([{ workers: 1, speedup: 1 }]), null);
});

// ---- the validator -----------------------------------------------------------------------------------------------

test("validator: the subset of JSON Schema in use", () => {
  const s: JsonSchema = {
    type: "object", required: ["a"], additionalProperties: false,
    properties: { a: { type: "integer", minimum: 1 }, b: { type: ["string", "null"], pattern: "^x" }, c: { $ref: "#/$defs/pair" } },
    $defs: { pair: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 } },
  };
  assert.equal(validateJson({ a: 1, b: null, c: [1, 2] }, s), []);
  assert.is(validateJson({ a: 0 }, s).length, 1);
  assert.is(validateJson({ a: 1.5 }, s).length, 1);
  assert.is(validateJson({ b: "x" }, s).length, 1);
  assert.is(validateJson({ a: 1, b: "y" }, s).length, 1);
  assert.is(validateJson({ a: 1, c: [1] }, s).length, 1);
  assert.is(validateJson({ a: 1, d: 1 }, s).length, 1);
});

// ---- bench → record → report, end to end (tiny) ------------------------------------------------------------------

const recordFile = join(dir, "node.json");
let record: BenchRecord;
let benchStdout = "";

test("bench writes a record that validates against bench/record.schema.json", () => {
  const r = cli(["bench", "--n", "200", "--workers", "1,2", "--repeat", "2", "--warmup", "1", "--min-time", "0", "--out", recordFile], 180_000);
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(recordFile));
  assert.match(r.stdout, /record written to/);
  record = JSON.parse(readFileSync(recordFile, "utf8")) as BenchRecord;
  benchStdout = r.stdout;
  assert.equal(checkRecord(record, schema), []);
  assert.is(record.schema, "integration2d-bench");
  assert.is(record.schema_version, 1);
  assert.ok(record.machine.logical_cores >= 1 && record.machine.cpu.length > 0);
  assert.is(record.runtime.name, "node");
  // serial×1, threads×{1,2}, processes×{1,2} strong + threads×2, processes×2 weak, per kernel build
  const builds = new Set(record.runs.map((r) => r.kernel.build));
  assert.is(record.runs.length, 7 * builds.size);
  for (const run of record.runs) {
    assert.is(run.samples.compute_s.length, 2, "repeat 2, min-time 0");
    assert.is(run.samples.compile_s.length, 2);
    assert.is(run.samples.startup_s.length, run.scheme === "serial" || run.scaling === "weak" ? 0 : 2);
    assert.ok(run.bits_identical);
    assert.match(run.kernel.sha256, /^[0-9a-f]{64}$/);
    assert.is(run.evaluations, run.problem.nx * run.problem.ny);
    assert.is(run.problem.ny, 200);
    assert.is(run.problem.nx, run.scaling === "weak" ? 200 * run.workers : 200);
  }
  // One bit pattern per kernel build and problem, whatever the scheme and workers.
  const byProblem = new Map<string, Set<string>>();
  for (const run of record.runs) {
    const key = `${run.kernel.build} ${run.problem.nx}`;
    byProblem.set(key, (byProblem.get(key) ?? new Set()).add(run.bits));
  }
  for (const [key, bits] of byProblem) assert.is(bits.size, 1, key);
  if (record.native) {
    assert.ok(record.native.samples_s.length >= 3 && record.native.ns_per_eval > 0);
    // The kernel's own work in C (y table, compensated sum), once per native sample.
    assert.is(record.native.compensated?.samples_s.length, record.native.samples_s.length);
    assert.ok(record.native.compensated!.ns_per_eval > 0);
    assert.match(r.stdout, /native, the kernel's own work in C \(y table, TwoSum, same order\): \d+\.\d\d ns\/eval/);
    // Workers 1,2 on a machine with ≥ 2 cores: the C loop also ran as 2 copies at once, once per native sample.
    const both = record.native.concurrent;
    if (record.machine.logical_cores >= 2) {
      assert.ok(both, "native.concurrent");
      assert.is(both.copies, 2);
      assert.is(both.samples_s.length, record.native.samples_s.length);
      assert.ok(Math.abs(both.throughput - (2 * record.native.summary.median) / both.summary.median) < 1e-12);
      assert.match(r.stdout, /native, 2 copies at once: \d+\.\d\d× the throughput of one/);
    } else assert.is(both, undefined);
  }
});

test("the record's expressions section: the four expressions at 1 and 2 workers, ratios, numexpr or why not, parse time", () => {
  const x = record.expressions!;
  assert.ok(x, "expressions section");
  assert.is(x.kernel, record.runs.some((r) => r.kernel.build === "simd") ? "simd" : "scalar");
  assert.is(x.scheme, "threads");
  assert.equal([x.nx, x.ny], [200, 200]);
  assert.is(x.baseline, "sin(x+y)");
  assert.equal(x.items.map((i) => i.integrand), ["sin(x+y)", "sin(y + x)", "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)", "cos(1.885 + 40*x + 40*y)"]);
  assert.equal(x.items.map((i) => i.catalog_id), [0, -1, -1, -1]);
  assert.equal(x.items[0]!.domain, [0, Math.PI, 0, Math.PI]);
  assert.equal(x.items[2]!.domain, [0, 1, 0, 1]);
  const median1 = (k: number) => x.items[k]!.workers[0]!.summary.median;
  for (const [k, item] of x.items.entries()) {
    assert.equal(item.workers.map((w) => w.workers), [1, 2], item.integrand);
    for (const w of item.workers) {
      assert.is(w.samples_s.length, 2, "--repeat 2");
      assert.equal(w.summary, summarize(w.samples_s));
      assert.is(w.ns_per_eval, (w.summary.median / (200 * 200)) * 1e9);
    }
    assert.is(item.ratio_to_baseline, median1(k) / median1(0));
    assert.is(item.speedup_2, median1(k) / item.workers[1]!.summary.median);
    assert.ok(item.bits_identical, item.integrand);
  }
  // the evaluator's sin(y + x) gives the catalog's bits; the record's run of sin(x+y) on the same build too
  assert.is(x.items[1]!.bits, x.items[0]!.bits);
  assert.is(x.items[0]!.bits, record.runs.find((r) => r.kernel.build === x.kernel)!.bits);
  assert.is(x.parse_compile.length, 200);
  assert.is(x.parse_compile.integrand.length, 200);
  assert.ok(x.parse_compile.samples_s.length >= 5);
  assert.equal(x.parse_compile.summary, summarize(x.parse_compile.samples_s));
  if (x.numexpr) {
    assert.is(x.numexpr.expression, "sum(sin(X + Y))");
    assert.equal([x.numexpr.nx, x.numexpr.ny, x.numexpr.threads], [200, 200, 1]);
    assert.is(x.numexpr.samples_s.length, 2);
    assert.is(x.numexpr.ratio_to_evaluator, x.numexpr.ns_per_eval / x.items[1]!.workers[0]!.ns_per_eval);
    assert.match(benchStdout, /numexpr \d+\.\d+\.\d+ sum\(sin\(X \+ Y\)\), 1 thread: \d+\.\d\d ns\/eval/);
  } else {
    assert.match(x.note ?? "", /^numexpr comparison skipped: /);
    assert.ok(benchStdout.includes(x.note!));
  }
  assert.match(benchStdout, /expressions \((simd|scalar) kernel, threads, 200×200;/);
  assert.match(benchStdout, /parse \+ compile of a 200-character text: \d+\.\d{3} ms/);
  const md = renderReport([record]).markdown;
  assert.match(md, /## Expressions \(the kernel's evaluator\)/);
  assert.match(md, /\| `cos\(1\.885 \+ 40\*x \+ 40\*y\)` \| \[0\.0000, 1\.0000, 0\.0000, 1\.0000\] \| 200×200 \| evaluator \|/);
  assert.match(md, /parse \+ compile \(the kernel's define\) of a 200-character text/);
  // a record without the section (other hosts, --expressions off) still validates and reports
  const without = clone(record);
  delete without.expressions;
  assert.equal(checkRecord(without, schema), []);
  assert.not.match(renderReport([without]).markdown, /## Expressions/);
  const broken = clone(record);
  (broken.expressions!.items[0] as unknown as Record<string, unknown>)["bits"] = "0x1";
  assert.is(checkRecord(broken, schema).length, 1);
});

test("report merges two records; identical bits pass, differing bits are flagged", () => {
  const other = clone(record);
  other.host = "python";
  other.runtime = { name: "python", version: "3.11.2", flags: [], user_agent: null };
  other.native = null;
  other.machine.arch = "x86_64"; // Python's spelling of Node's x64: the same machine
  const merged = renderReport([record, other]);
  assert.is(merged.conflicts.length, 0);
  assert.not.match(merged.markdown, /x86_64/);
  if (record.native) {
    // The python record borrows the native baseline measured on the same machine: its × native cell is a number.
    const line = merged.markdown.split("\n").find((l) => l.includes("python/python 3.11.2 | serial"))!;
    assert.match(line.split("|")[11]!, /\d\.\d\d/);
  }
  assert.is(rowsOf([record, other]).length, 2 * record.runs.length);
  assert.match(merged.markdown, /python\/python 3\.11\.2/);
  assert.match(merged.markdown, /Amdahl/);
  assert.match(merged.markdown, /Weak scaling/);
  for (const name of ["speedup.svg", "weak-scaling.svg", "ns-per-eval.svg"]) assert.match(merged.svgs[name]!, /^<svg[^>]*>[\s\S]*<\/svg>\n$/);
  assert.match(merged.svgs["speedup.svg"]!, /ideal/);

  const bad = clone(other);
  const victim = bad.runs.find((r) => r.scheme === "threads" && r.workers === 2 && r.scaling === "strong")!;
  victim.bits = victim.bits.endsWith("0") ? victim.bits.replace(/0$/, "1") : victim.bits.replace(/.$/, "0");
  const flagged = renderReport([record, bad]);
  assert.is(flagged.conflicts.length, 1);
  assert.is(Object.keys(flagged.conflicts[0]!.bits).length, 2);
  assert.match(flagged.markdown, /BITS DIFFER/);
  assert.is(bitsConflicts(rowsOf([record, bad])).length, 1);

  // Through the CLI: exit 1 and the warning; the files are still written.
  const badFile = join(dir, "python.json");
  writeFileSync(badFile, JSON.stringify(bad));
  const out = join(dir, "report");
  const r = cli(["report", recordFile, badFile, "--out", out]);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /BITS DIFFER/);
  assert.match(readFileSync(join(out, "README.md"), "utf8"), /BITS DIFFER/);
  assert.ok(existsSync(join(out, "speedup.svg")));
  const ok = cli(["report", recordFile, "--out", join(dir, "report-ok")]);
  assert.is(ok.code, 0, ok.stderr);
});

test("report refuses files that are not records (exit 2, one line naming the file)", () => {
  const broken = clone(record) as unknown as Record<string, unknown>;
  delete broken["machine"];
  const file = join(dir, "broken.json");
  writeFileSync(file, JSON.stringify(broken));
  const r = cli(["report", file, "--out", join(dir, "r2")]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /broken\.json is not a valid benchmark record: \$: missing machine/);
  assert.is(r.stderr.trim().split("\n").length, 1);
  const notJson = join(dir, "x.json");
  writeFileSync(notJson, "{");
  assert.is(cli(["report", notJson]).code, 2);
  assert.is(cli(["report"]).code, 2);
  assert.equal(checkRecord({ ...record, runs: [{ ...record.runs[0], bits: "0x12" }] }, schema).length, 1);
});

// ---- bad options → exit 2 with one line naming the option --------------------------------------------------------

const BAD: [string[], RegExp][] = [
  [["--workers", "0"], /-w\/--workers/],
  [["--workers", "1,x"], /-w\/--workers/],
  [["--workers", "300"], /-w\/--workers/],
  [["--schemes", "serial,gpu"], /--schemes/],
  [["--kernels", "avx"], /--kernels/],
  [["--repeat", "0"], /-r\/--repeat/],
  [["--warmup", "-1"], /--warmup/],
  [["--min-time=-1"], /--min-time/],
  [["--min-time", "soon"], /--min-time/],
  [["--max-repeat", "1", "--repeat", "5"], /--max-repeat/],
  [["--scaling", "diagonal"], /--scaling/],
  [["--native", "maybe"], /--native/],
  [["--expressions", "maybe"], /--expressions/],
  [["--n", "0"], /-n\/--n/],
  [["--n", "20000000"], /-n\/--n/],
  [["--n", "6000000", "--workers", "1,2"], /-n\/--n.*weak/],
  [["--integrand", "tan(x"], /-f\/--integrand: missing .\). for the .\(. at column 4/],
  [["--domain", "1,0,0,1"], /-d\/--domain/],
  [["--out", ""], /-o\/--out/],
  [["--bogus"], /unknown option --bogus/],
  [["extra"], /unexpected argument "extra"/],
];

for (const [args, pattern] of BAD) {
  test(`bench ${args.join(" ")} → exit 2 naming the option`, () => {
    // A bad option must stop before any run; --out keeps a mistaken run from touching results/.
    const r = cli(["bench", ...(args.includes("--out") ? args : [...args, "--out", join(dir, "never.json")])], 30_000);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.is(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.is(r.stdout, "");
  });
}

test("bench --help and report --help", () => {
  const b = cli(["bench", "--help"]);
  assert.is(b.code, 0);
  assert.match(b.stdout, /--min-time/);
  assert.is(cli(["report", "--help"]).code, 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
