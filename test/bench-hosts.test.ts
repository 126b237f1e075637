// `bench` of the C (wasm2c), Rust (wasmtime) and Go (wazero) hosts: each writes a benchmark record
// (bench/record.schema.json) on a tiny problem, `report` accepts them together with a fresh Node record, every
// run's bits equal the Node record's for the same kernel build, the summaries are host/core/stats.ts's, and the
// Markdown names every runtime. Never asserts a timing. Builds each host first (make / cargo / go build are
// no-ops when up to date), so it does not depend on the c, rust or go suites having run before it.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { summarize } from "../host/core/stats.js";
import { CLI as NODE_CLI } from "./helpers/cli.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), "integration2d-bench-hosts-"));
const TARGET = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "integration2d", "rust-target");
const C_BIN = join(ROOT, "host", "c", "integration2d");
const RUST_BIN = join(TARGET, "release", "integration2d");
const GO_BIN = join(TMP, "integration2d-go");
const TINY = ["--n", "200", "--repeat", "2", "--workers", "1,2"];

const tail = (text: string, lines = 40) => text.split("\n").slice(-lines).join("\n");

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, encoding: "utf8", timeout: opts.timeout ?? 300_000 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}`, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const hosts = [
  {
    host: "c", runtime: "c-wasm2c", bin: C_BIN, kernels: ["scalar"],
    build: () => sh("make", ["-C", "host/c", "integration2d"], { timeout: 600_000 }),
  },
  {
    host: "rust", runtime: "rust-wasmtime", bin: RUST_BIN, kernels: ["simd", "scalar"],
    build: () => sh("cargo", ["build", "--release", "--locked", "--manifest-path", "host/rust/Cargo.toml"], {
      env: { ...process.env, CARGO_TARGET_DIR: TARGET, CARGO_TERM_COLOR: "never" }, timeout: 1_200_000,
    }),
  },
  {
    host: "go", runtime: "go-wazero", bin: GO_BIN, kernels: ["simd", "scalar"],
    build: () => sh("go", ["build", "-o", GO_BIN, "./cmd/integration2d"], { cwd: join(ROOT, "host", "go"), timeout: 600_000 }),
  },
];

const files: Record<string, string> = {};
const sha = (build: string) => createHash("sha256").update(readFileSync(join(ROOT, "dist", "kernel", `${build}.wasm`))).digest("hex");

test("node bench: a fresh reference record on the same tiny problem", () => {
  files.node = join(TMP, "node.json");
  const r = sh(process.execPath, [NODE_CLI, "bench", ...TINY, "--schemes", "serial,threads", "--scaling", "strong",
    "--native", "off", "--min-time", "0", "--out", files.node]);
  assert.is(r.code, 0, tail(r.out));
});

for (const h of hosts) {
  test(`${h.host} bench: builds, writes a record, refuses bad options with exit 2`, () => {
    const b = h.build();
    assert.is(b.code, 0, `build of the ${h.host} host failed (status ${b.code}, signal ${b.signal}):\n${tail(b.out)}`);
    files[h.host] = join(TMP, `${h.host}.json`);
    const r = sh(h.bin, ["bench", ...TINY, "--out", files[h.host]!], { cwd: TMP });
    assert.is(r.code, 0, tail(r.out));
    assert.match(r.stdout, /runs written to/);
    for (const [args, option] of [[["--schemes", "gpu"], "--schemes"], [["--workers", "0"], "--workers"],
      [["--repeat", "0"], "--repeat"], [["--kernels", "nope"], "--kernels"], [["--bogus"], "--bogus"]] as const) {
      const bad = sh(h.bin, ["bench", ...args, "--out", join(TMP, "never.json")], { cwd: TMP });
      assert.is(bad.code, 2, `${h.host} bench ${args.join(" ")}: ${bad.out}`);
      const lines = bad.stderr.trim().split("\n");
      assert.is(lines.length, 1, bad.stderr);
      assert.ok(lines[0]!.startsWith("integration2d: ") && lines[0]!.includes(option), bad.stderr);
    }
  });
}

test("the records: bits as Node's for the same build, summaries as stats.ts, the .wasm's sha256", () => {
  const node = JSON.parse(readFileSync(files.node!, "utf8"));
  const nodeBits = new Map<string, string>(node.runs.map((r: { kernel: { build: string }; bits: string }) => [r.kernel.build, r.bits]));
  for (const h of hosts) {
    const rec = JSON.parse(readFileSync(files[h.host]!, "utf8"));
    assert.is(rec.host, h.host);
    assert.is(rec.runtime.name, h.runtime);
    assert.is(rec.native, null);
    const configs = new Set<string>();
    for (const run of rec.runs) {
      const where = `${h.host} ${run.kernel.build} ${run.scheme} ×${run.workers}`;
      configs.add(`${run.kernel.build} ${run.scheme} ${run.workers}`);
      assert.ok(h.kernels.includes(run.kernel.build), where);
      assert.is(run.bits, nodeBits.get(run.kernel.build), where);
      assert.is(run.bits_identical, true, where);
      assert.is(run.kernel.sha256, sha(run.kernel.build), where);
      assert.equal(run.problem, { integrand: "sin(x+y)", domain: [0, Math.PI, 0, Math.PI], nx: 200, ny: 200 }, where);
      assert.is(run.samples.compute_s.length, 2, where);
      for (const phase of ["startup_s", "compile_s", "compute_s"] as const) {
        const xs = run.samples[phase];
        assert.equal(run.summary[phase], xs.length ? summarize(xs) : null, `${where} ${phase}`);
      }
      assert.is(run.samples.startup_s.length, run.scheme === "serial" ? 0 : 2, where);
    }
    const want = h.kernels.flatMap((k) => [`${k} serial 1`, `${k} threads 1`, `${k} threads 2`]);
    assert.equal([...configs].sort(), want.sort(), h.host);
  }
});

test("report accepts the four records together; the Markdown lists every runtime", () => {
  const out = join(TMP, "report");
  const r = sh(process.execPath, [NODE_CLI, "report", files.node!, ...hosts.map((h) => files[h.host]!), "--out", out]);
  assert.is(r.code, 0, tail(r.out));
  const md = readFileSync(join(out, "README.md"), "utf8");
  assert.not.match(md, /BITS DIFFER/);
  for (const name of ["node", ...hosts.map((h) => h.runtime)]) assert.ok(md.includes(name), `${name} missing from the report`);
});

test.run();
