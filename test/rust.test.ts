// The Rust host (host/rust: the kernel under wasmtime, serial / threads): runs its own suite
// (`cargo test --release`: test/vectors.json and test/vectors-expr.json × both builds × serial and threads bit
// for bit, every case of test/cases/bad-expressions.json through the library and the CLI binary, the CLI
// contract), then checks its CLI against the Node CLI from here: same record, same messages for the options
// the host checks itself (the integrand's and domain's messages are the kernel's: the case file checks them).
// Cargo's target dir is kept outside the clone (CARGO_TARGET_DIR, default ~/.cache/integration2d/rust-target)
// so repeated runs reuse the wasmtime build (a clean one takes about 4 minutes on 2 cores).

import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli as nodeCli } from "./helpers/cli.js";
import { vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TARGET = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "integration2d", "rust-target");
const BIN = join(TARGET, "release", "integration2d");
const env = { ...process.env, CARGO_TARGET_DIR: TARGET, CARGO_TERM_COLOR: "never" };

const tail = (text: string, lines = 80) => text.split("\n").slice(-lines).join("\n");

test("cargo test --release (host/rust): builds against dist/kernel and passes its whole suite", () => {
  const r = spawnSync("cargo", ["test", "--release", "--locked", "--manifest-path", "host/rust/Cargo.toml"], {
    cwd: ROOT, env, encoding: "utf8", timeout: 1_200_000,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.is(r.status, 0, `cargo test failed (status ${r.status}, signal ${r.signal}):\n${tail(output)}`);
  const results = [...output.matchAll(/test result: (\w+)\. (\d+) passed; (\d+) failed/g)];
  assert.ok(results.length >= 3, `no test results in:\n${tail(output)}`);
  const passed = results.reduce((n, m) => n + Number(m[2]), 0);
  const failed = results.reduce((n, m) => n + Number(m[3]), 0);
  assert.is(failed, 0, tail(output));
  assert.ok(passed >= 25, `only ${passed} tests ran:\n${tail(output)}`);
  for (const name of [
    "vectors_bit_for_bit", "expression_vectors_bit_for_bit_both_builds_serial_and_threads",
    "every_bad_expression_is_the_librarys_usage_error_naming_the_option",
    "every_bad_expression_exits_2_with_one_line_in_the_kernels_words",
  ]) assert.ok(new RegExp(`${name} \\.\\.\\. ok`).test(output), `${name}:\n${tail(output)}`);
});

function rust(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("the Rust CLI and the Node CLI give the same record, both builds, threads vs serial", () => {
  for (const v of vectors.filter((v) => v.nx * v.ny <= 1_000_000).slice(0, 6)) {
    for (const kernel of ["simd", "scalar"] as const) {
      const args = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-k", kernel];
      const fromRust = rust([...args, "-s", "threads", "-w", "3"]);
      assert.is(fromRust.code, 0, fromRust.stderr);
      const fromNode = nodeCli([...args, "-s", "serial"]);
      assert.is(fromNode.code, 0, fromNode.stderr);
      const a = JSON.parse(fromRust.stdout), b = JSON.parse(fromNode.stdout);
      assert.is(a.bits, v.bits[kernel], `${v.integrand} ${v.domain_text} ${kernel}`);
      for (const key of ["value", "bits", "exact", "error", "integrand", "domain", "nx", "ny", "kernel"]) assert.equal(a[key], b[key], key);
      assert.is(a.workers, Math.min(3, v.nx));
      assert.is(a.runtime.name, "rust-wasmtime");
      assert.match(a.runtime.version, /^wasmtime \d+\.\d+\.\d+, rustc \d+\.\d+\.\d+/);
    }
  }
});

test("bad input: the Rust CLI's stderr and exit code are the Node CLI's, word for word", () => {
  const cases = [
    ["-n", "abc"], ["--n=-5"], ["--nx", "0x10"], ["-w", "257"], ["-k", "relaxed"],
    ["--bogus"], ["-n"], ["-d", "-pi,0,0,1"], ["--json=yes"],
    ["-n", "10", "extra"], ["-h=1"], ["--=a=b"], ["-s", "serial", "-w", "2"],
  ];
  for (const args of cases) {
    const a = rust(args), b = nodeCli(args);
    assert.is(b.code, 2, `node ${args.join(" ")}`);
    assert.equal([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr], args.join(" "));
  }
});

test("--scheme processes is refused, naming the schemes this host has", () => {
  const r = rust(["-s", "processes"]);
  assert.equal([r.code, r.stdout, r.stderr], [2, "", 'integration2d: option -s/--scheme must be one of serial, threads (got "processes")\n']);
});

test.run();
