// The WASI command build (dist/kernel/wasi.wasm, asconfig target `wasi`, assembly/wasi/) under Node's
// built-in node:wasi, one process per run: the simd build's bits for every vector, the CLI's record and messages.
// (host/python/tests/test_wasi.py runs the same module under wasmtime.)

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { valueOfBits } from "../host/core/record.js";
import { cli, node } from "./helpers/cli.js";
import { root, vectors } from "./helpers/kernel.js";


const module = new WebAssembly.Module(readFileSync(new URL("dist/kernel/wasi.wasm", root)));
const COMMAND = fileURLToPath(new URL("./helpers/wasi-command.mjs", import.meta.url));

/** Runs the command with these args, one process per run (why: test/helpers/wasi-command.mjs). */
const runWasi = (args: string[]) => node(["--no-turbo-fast-api-calls", "--no-warnings", COMMAND, ...args]);

test("a WASI command: imports only wasi_snapshot_preview1, exports _start", () => {
  const imports = WebAssembly.Module.imports(module);
  assert.ok(imports.length > 0);
  assert.ok(imports.every((i) => i.module === "wasi_snapshot_preview1"), JSON.stringify(imports));
  assert.ok(WebAssembly.Module.exports(module).some((e) => e.name === "_start" && e.kind === "function"));
});

test("every vector: the simd build's bits, the vector's exact value and domain", () => {
  for (const v of vectors) {
    const r = runWasi(["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny)]);
    const what = `${v.integrand} ${v.domain_text} ${v.nx}x${v.ny}`;
    assert.is(r.code, 0, r.stderr);
    const rec = JSON.parse(r.stdout);
    assert.is(rec.bits, v.bits.simd, what);
    assert.is(rec.value, valueOfBits(rec.bits), what);
    assert.is(rec.exact, v.exact, what);
    assert.equal(rec.domain, v.domain, what);
    assert.equal([rec.scheme, rec.workers, rec.kernel, rec.runtime.name], ["serial", 1, "simd", "wasi"]);
  }
});

test("the record's text is what the Node CLI writes, runtime and timings aside", () => {
  const args = ["-f", "exp(x+y)", "--domain=-2,0.5,-1,1", "--nx", "123", "--ny", "77"];
  const w = runWasi(["--json", ...args]);
  const n = cli(["--json", "-s", "serial", ...args]);
  const strip = (s: string) => s.trim().replace(/,"runtime".*/, "");
  assert.is(strip(w.stdout), strip(n.stdout));
  assert.equal(Object.keys(JSON.parse(w.stdout)), Object.keys(JSON.parse(n.stdout)));
});

test("the seed's lines", () => {
  const r = runWasi(["-n", "1000"]);
  const n = cli(["-n", "1000", "-s", "serial"]);
  const lines = r.stdout.trimEnd().split("\n");
  const nodeLines = n.stdout.trimEnd().split("\n");
  assert.is(lines.length, 3);
  assert.is(lines[0], nodeLines[0]);
  assert.match(lines[1]!, /^Time spent: \d+\.\d\d sec$/);
  assert.is(lines[2], nodeLines[2]);
});

test("bad input: exit 2 and the Node CLI's message (scheme and kernel list what this build runs)", () => {
  const same = [["-n", "0"], ["--nx", "1.5"], ["-w", "257"], ["-f", "cos(x)"], ["-d", "0,1,0"], ["-d", "1,0,0,1"],
    ["-f", "1/(1+x+y)", "--domain=-1,0,-1,0"], ["--bogus"], ["-x"], ["-n"], ["--json=yes"], ["-n", "10", "extra"]];
  for (const args of same) {
    const r = runWasi(args);
    const n = cli(args);
    assert.is(r.code, 2, args.join(" "));
    assert.is(r.stderr, n.stderr, args.join(" "));
    assert.is(r.stdout, "");
  }
  assert.is(runWasi(["-s", "threads"]).stderr, `integration2d: option -s/--scheme must be one of serial (got "threads")\n`);
  assert.is(runWasi(["-k", "scalar"]).stderr, `integration2d: option -k/--kernel must be one of simd (got "scalar")\n`);
  assert.is(runWasi(["-w", "2"]).stderr, `integration2d: option -w/--workers must be 1 with --scheme serial (got "2")\n`);
});

test("--list and --version", () => {
  assert.is(runWasi(["--list"]).stdout, "sin(x+y)\nsin(x)*cos(y)\nexp(x+y)\nx*y\n1/(1+x+y)\n");
  const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
  assert.is(runWasi(["--version"]).stdout, `integration2d ${pkg.version} (kernel ABI 1)\n`);
});

test.run();
