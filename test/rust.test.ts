// The Rust host (host/rust: the kernel under wasmtime, serial / threads): runs its own suite
// (`cargo test --release`: test/vectors.json and test/vectors-expr.json × both builds × serial and threads bit
// for bit, every case of test/cases/bad-expressions.json through the library and the CLI binary, the CLI
// contract), then checks its CLI against the Node CLI from here: same record, same messages for the options
// the host checks itself (the integrand's and domain's messages are the kernel's: the case file checks them).
// Cargo's target dir is kept outside the clone (CARGO_TARGET_DIR, default ~/.cache/integration2d/rust-target)
// so repeated runs reuse the wasmtime build (a clean one takes about 4 minutes on 2 cores).

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
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

// The crate as crates.io would ship it, used away from the clone. `cargo package`'s own verification builds in
// the dev profile, which would compile wasmtime from scratch (the shared cache holds the release build), so it
// runs with --no-verify and the .crate is unpacked and built here instead, in release, with the shared
// CARGO_TARGET_DIR. Unpacked with fresh mtimes (tar -m): the unpacked crate is the same unit as the clone's
// (same workspace-relative path), and older files would let cargo reuse the clone's build instead of compiling
// what the package holds. It runs first: `cargo install` leaves its binary at $TARGET/release, and the next
// test's `cargo test` links the clone's back.
test("the packaged crate builds on its own: `cargo install` of the .crate and a library consumer outside the repo give test/vectors.json's bits", () => {
  const cargo = (args: string[], cwd: string, input?: string) => {
    const r = spawnSync("cargo", args, { cwd, env, input, encoding: "utf8", timeout: 1_200_000 });
    assert.is(r.status, 0, `cargo ${args.join(" ")} (status ${r.status}, signal ${r.signal}):\n${tail(`${r.stdout}\n${r.stderr}`)}`);
    return r;
  };
  const version = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, "host/rust/Cargo.toml"), "utf8"))![1];
  const packed = cargo(["package", "--allow-dirty", "--no-verify", "--locked", "--offline", "--manifest-path", "host/rust/Cargo.toml"], ROOT);
  assert.match(packed.stderr, /Packaged \d+ files/);
  const tmp = mkdtempSync(join(tmpdir(), "integration2d-crate-"));
  try {
    const crate = join(tmp, `integration2d-${version}`);
    const untar = spawnSync("tar", ["-xzmf", join(TARGET, "package", `integration2d-${version}.crate`), "-C", tmp], { encoding: "utf8" });
    assert.is(untar.status, 0, untar.stderr);
    const files = spawnSync("tar", ["-tzf", join(TARGET, "package", `integration2d-${version}.crate`)], { encoding: "utf8" }).stdout;
    for (const file of ["kernel/simd.wasm", "kernel/scalar.wasm", "kernel/build.json", "src/lib.rs", "Cargo.lock"]) {
      assert.ok(files.includes(`integration2d-${version}/${file}\n`), `${file} not in the package:\n${files}`);
    }
    cargo(["install", "--path", crate, "--root", join(tmp, "root"), "--locked", "--offline"], tmp);
    const bin = join(tmp, "root", "bin", "integration2d");
    const lines: string[] = [];
    for (const v of vectors) {
      for (const kernel of ["simd", "scalar"] as const) {
        const args = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-k", kernel, "-w", "2"];
        const r = spawnSync(bin, args, { cwd: tmp, encoding: "utf8", timeout: 120_000 });
        assert.is(r.status, 0, `${bin} ${args.join(" ")}: ${r.stderr}`);
        assert.is(JSON.parse(r.stdout).bits, v.bits[kernel], `installed binary: ${v.integrand} ${v.domain_text} ${v.nx}x${v.ny} ${kernel}`);
        lines.push([v.integrand, v.domain_text, v.nx, v.ny, kernel].join("\t"));
      }
    }
    // A program of a user's, depending on the unpacked crate: the library API, compiled from the package's
    // sources (as a dependency it is its own unit), with the package's Cargo.lock so nothing is fetched.
    const consumer = join(tmp, "consumer");
    mkdirSync(join(consumer, "src"), { recursive: true });
    writeFileSync(join(consumer, "Cargo.toml"), `[package]
name = "integration2d-consumer"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
integration2d = { path = "../integration2d-${version}" }

[workspace]
`);
    writeFileSync(join(consumer, "src", "main.rs"), `// Reads "integrand\\tdomain\\tnx\\tny\\tkernel" lines, prints each run's bits.
use integration2d::{Integrator, Options};
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut it = Integrator::new()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let f: Vec<&str> = line.split('\\t').collect();
        let o = Options {
            nx: Some(f[2].parse()?),
            ny: Some(f[3].parse()?),
            kernel: Some(f[4].to_string()),
            scheme: Some("threads".to_string()),
            workers: Some(2),
            ..Options::new(f[0], f[1])
        };
        println!("{}", it.integrate(&o)?.bits);
    }
    Ok(())
}
`);
    copyFileSync(join(crate, "Cargo.lock"), join(consumer, "Cargo.lock"));
    cargo(["build", "--release", "--offline"], consumer);
    const run = spawnSync(join(TARGET, "release", "integration2d-consumer"), [], { cwd: tmp, input: lines.join("\n") + "\n", encoding: "utf8", timeout: 300_000 });
    assert.is(run.status, 0, run.stderr);
    const want = vectors.flatMap((v) => [v.bits.simd, v.bits.scalar]);
    assert.equal(run.stdout.trim().split("\n"), want);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("cargo test --release (host/rust): builds against host/rust/kernel (the build's copy of dist/kernel) and passes its whole suite", () => {
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
