// The C host (host/c: the kernel translated by wasm2c, serial / threads / MPI): builds it and runs its own
// suite (`make -C host/c check`: every vector and expression vector bit for bit in every scheme, MPI with 2 and
// 4 ranks, every bad-expression case, failing ranks and kernels, the CLI contract), then checks from here that
// the wasm2c translation says what the .wasm itself says in V8 (bits, refusals, diagnoses) and a few answers
// against the Node CLI.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli as nodeCli } from "./helpers/cli.js";
import { bitsOf } from "../host/core/record.js";
import { badCases, caseProblem, exprVectors } from "./helpers/cases.js";
import { define, integrateRows, messageOf, rawKernel, vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const C_CLI = fileURLToPath(new URL("../host/c/integration2d", import.meta.url));

function tail(text: string, lines = 60) {
  return text.split("\n").slice(-lines).join("\n");
}

test("make -C host/c check: builds from the .wasm and passes its whole suite, the library's install included", () => {
  const r = spawnSync("make", ["-C", "host/c", "check"], { cwd: ROOT, encoding: "utf8", timeout: 900_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.is(r.status, 0, `make -C host/c check failed (status ${r.status}, signal ${r.signal}):\n${tail(output)}`);
  const summary = /C host: (\d+) passed, (\d+) failed/.exec(r.stdout);
  assert.ok(summary, `no summary line in:\n${tail(output)}`);
  assert.is(Number(summary![2]), 0, tail(output));
  assert.ok(Number(summary![1]) >= 1300, `only ${summary![1]} checks ran:\n${tail(output)}`);
  // test/install_test.py: make install into a temporary PREFIX, a program built against it with pkg-config.
  const install = /C library install: (\d+) passed, (\d+) failed/.exec(r.stdout);
  assert.ok(install, `no install summary in:\n${tail(output)}`);
  assert.equal([Number(install![2]), Number(install![1]) >= 15], [0, true], tail(output));
});

function c(args: string[]) {
  const r = spawnSync(C_CLI, args, { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("the C CLI and the Node CLI give the same bits (scalar build), threads and serial", () => {
  for (const v of vectors.filter((v) => v.nx * v.ny <= 1_000_000).slice(0, 6)) {
    const args = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-k", "scalar"];
    const fromC = c([...args, "-s", "threads", "-w", "3"]);
    assert.is(fromC.code, 0, fromC.stderr);
    const fromNode = nodeCli([...args, "-s", "serial"]);
    assert.is(fromNode.code, 0, fromNode.stderr);
    const a = JSON.parse(fromC.stdout), b = JSON.parse(fromNode.stdout);
    assert.is(a.bits, v.bits.scalar, `${v.integrand} ${v.domain_text}`);
    assert.is(a.bits, b.bits);
    assert.is(a.value, b.value);
    assert.is(a.exact, b.exact);
    assert.equal(a.domain, b.domain);
    assert.equal(a.runtime.name, "c-wasm2c");
  }
});

const OPTION = ["-f/--integrand", "-d/--domain", "--nx", "--ny"];

test("the C CLI refuses a text with the words the .wasm itself gives in V8", () => {
  const e = rawKernel("scalar");
  for (const k of badCases.filter((k) => k.field === "integrand" || k.field === "domain").filter((_, i) => i % 4 === 0)) {
    const { integrand: f, domain: d, nx, ny } = caseProblem(k);
    const inV8 = define(e, f, d, Number(nx), Number(ny));
    const r = c([`--integrand=${f}`, `--domain=${d}`, `--nx=${nx}`, `--ny=${ny}`, "-s", "serial"]);
    assert.is(r.code, 2, `${k.text}: ${r.stderr}`);
    assert.is(r.stderr, `integration2d: option ${OPTION[inV8.field]}: ${inV8.message}\n`);
    assert.is(r.stdout, "");
  }
});

test("the C CLI gives V8's bits for expressions (threads), and fails a run with V8's diagnosis", () => {
  const e = rawKernel("scalar");
  for (const v of exprVectors.filter((_, i) => i % 3 === 0)) {
    assert.is(define(e, v.integrand, v.domain_text, v.nx, v.ny).code, 0);
    const inV8 = integrateRows(e, v.nx);
    const r = c([`--integrand=${v.integrand}`, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-s", "threads", "-w", "2", "--json"]);
    assert.is(r.code, 0, r.stderr);
    assert.is(JSON.parse(r.stdout).bits, bitsOf(inV8), v.integrand);
  }
  assert.is(define(e, "1/(x-0.25)", "0,1,0,1", 2, 2).code, 0);
  integrateRows(e, 2);
  const r = c(["-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"]);
  assert.is(r.code, 1);
  assert.is(r.stderr, `integration2d: run failed: ${messageOf(e)}\n`);
  assert.is(r.stdout, "");
});

test("the C host runs the scalar build only (wabt 1.0.32's wasm2c cannot translate SIMD) and says so", () => {
  const r = c(["-k", "simd"]);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'integration2d: option -k/--kernel must be one of scalar (got "simd")\n');
  assert.is(r.stdout, "");
});

test.run();
