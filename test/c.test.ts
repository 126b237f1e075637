// The C host (host/c: the kernel translated by wasm2c, serial / threads / MPI): builds it and runs its own
// suite (`make -C host/c check`: every vector bit for bit in every scheme, MPI with 2 and 4 ranks, failing
// ranks, the CLI contract), then checks a few answers against the Node CLI from here.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli as nodeCli } from "./helpers/cli.js";
import { vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const C_CLI = fileURLToPath(new URL("../host/c/integration2d", import.meta.url));

function tail(text: string, lines = 60) {
  return text.split("\n").slice(-lines).join("\n");
}

test("make -C host/c check: builds from the .wasm and passes its whole suite", () => {
  const r = spawnSync("make", ["-C", "host/c", "check"], { cwd: ROOT, encoding: "utf8", timeout: 900_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.is(r.status, 0, `make -C host/c check failed (status ${r.status}, signal ${r.signal}):\n${tail(output)}`);
  const summary = /C host: (\d+) passed, (\d+) failed/.exec(r.stdout);
  assert.ok(summary, `no summary line in:\n${tail(output)}`);
  assert.is(Number(summary![2]), 0, tail(output));
  assert.ok(Number(summary![1]) >= 400, `only ${summary![1]} checks ran:\n${tail(output)}`);
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

test("the C host runs the scalar build only (wabt 1.0.32's wasm2c cannot translate SIMD) and says so", () => {
  const r = c(["-k", "simd"]);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'integration2d: option -k/--kernel must be one of scalar (got "simd")\n');
  assert.is(r.stdout, "");
});

test.run();
