// The Go host (host/go: the kernel under wazero, serial / threads on goroutines): runs its own suite
// (`go test ./...` in host/go: every vector of vectors.json and vectors-expr.json × both builds × serial and
// threads bit for bit, every case of cases/bad-expressions.json through the built command and the library,
// the CLI contract), then checks its CLI against the Node CLI from here: same record, same messages for the
// options the hosts check themselves (-f/-d refusals are the kernel's: the case file is their contract).
// The kernel is embedded (host/go/kernel, copied from dist/kernel by `npm run build`): the command is built
// with -trimpath into a temporary directory and run from there, as a released binary would be.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli as nodeCli } from "./helpers/cli.js";
import { vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const GO_DIR = join(ROOT, "host", "go");
const BIN_DIR = mkdtempSync(join(tmpdir(), "integration2d-go-"));
const BIN = join(BIN_DIR, "integration2d");

const tail = (text: string, lines = 80) => text.split("\n").slice(-lines).join("\n");

test("go test ./... (host/go): passes its whole suite", () => {
  const r = spawnSync("go", ["test", "-count=1", "-v", "./..."], { cwd: GO_DIR, encoding: "utf8", timeout: 900_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  assert.is(r.status, 0, `go test failed (status ${r.status}, signal ${r.signal}):\n${tail(output)}`);
  const passed = (output.match(/^--- PASS: /gm) ?? []).length;
  const failed = (output.match(/^--- FAIL: /gm) ?? []).length;
  assert.is(failed, 0, tail(output));
  assert.ok(passed >= 12, `only ${passed} tests passed:\n${tail(output)}`);
  for (const name of ["TestVectorsBitForBit", "TestExprVectorsBitForBit", "TestExprVectorsThroughTheCommand",
    "TestBadExpressionsThroughTheCommand", "TestBadExpressionsThroughTheLibrary", "TestBadExpressionsThroughTheKernel",
    "TestEmbeddedKernelIsDistKernel", "TestTrimpathBinaryRunsAnywhere", "TestGoInstallFromAModuleProxy", "ExampleIntegrate", "ExampleNew"]) {
    assert.ok(new RegExp(`^--- PASS: ${name} `, "m").test(output), `${name} did not pass:\n${tail(output)}`);
  }
});

test("go vet and gofmt (host/go): nothing to report", () => {
  for (const [cmd, args] of [["go", ["vet", "./..."]], ["gofmt", ["-l", "."]]] as const) {
    const r = spawnSync(cmd, args, { cwd: GO_DIR, encoding: "utf8", timeout: 300_000 });
    assert.equal([r.status, r.stdout, r.stderr], [0, "", ""], `${cmd} ${args.join(" ")}`);
  }
});

test("go build -trimpath ./cmd/integration2d", () => {
  const r = spawnSync("go", ["build", "-trimpath", "-o", BIN, "./cmd/integration2d"], { cwd: GO_DIR, encoding: "utf8", timeout: 300_000 });
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
});

// Run outside the clone, in the binary's own directory: nothing on disk tells it where a kernel is.
function go(args: string[]) {
  const r = spawnSync(BIN, args, { cwd: BIN_DIR, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("the Go CLI and the Node CLI give the same record, both builds, threads vs serial", () => {
  for (const v of vectors.filter((v) => v.nx * v.ny <= 1_000_000).slice(0, 6)) {
    for (const kernel of ["simd", "scalar"] as const) {
      const args = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-k", kernel];
      const fromGo = go([...args, "-s", "threads", "-w", "3"]);
      assert.is(fromGo.code, 0, fromGo.stderr);
      const fromNode = nodeCli([...args, "-s", "serial"]);
      assert.is(fromNode.code, 0, fromNode.stderr);
      const a = JSON.parse(fromGo.stdout), b = JSON.parse(fromNode.stdout);
      assert.is(a.bits, v.bits[kernel], `${v.integrand} ${v.domain_text} ${kernel}`);
      for (const key of ["value", "bits", "exact", "error", "integrand", "domain", "nx", "ny", "kernel"]) assert.equal(a[key], b[key], key);
      assert.is(a.workers, Math.min(3, v.nx));
      assert.is(a.runtime.name, "go-wazero");
      assert.match(a.runtime.version, /^wazero v\d+\.\d+\.\d+, go\d/);
    }
  }
});

test("bad input: the Go CLI's stderr and exit code are the Node CLI's, word for word", () => {
  const cases = [
    ["-n", "abc"], ["--n=-5"], ["--nx", "0x10"], ["-w", "257"], ["-k", "relaxed"], ["--bogus"], ["-n"],
    ["-d", "-pi,0,0,1"], ["--json=yes"], ["-n", "10", "extra"], ["-h=1"], ["--=a=b"], ["-s", "serial", "-w", "2"],
  ];
  for (const args of cases) {
    const a = go(args), b = nodeCli(args);
    assert.is(b.code, 2, `node ${args.join(" ")}`);
    assert.equal([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr], args.join(" "));
  }
});

test("--scheme processes is refused, naming the schemes this host has", () => {
  const r = go(["-s", "processes"]);
  assert.equal([r.code, r.stdout, r.stderr], [2, "", 'integration2d: option -s/--scheme must be one of serial, threads (got "processes")\n']);
});

// `go run` reports a non-zero exit as its own ("exit status 2", exit 1): the README runs the built binary,
// which keeps the contract's codes.
test("the README's Go command is the built binary, and it keeps exit codes 2 and 130", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.ok(readme.includes("`go build -o integration2d ./host/go/cmd/integration2d && ./integration2d -n 10000 -w 2`"), "README's Go row");
  assert.not.match(readme, /`go run \.\/host\/go\/cmd\/integration2d -n/);
  assert.equal([go(["-n", "abc"]).code, go(["-n", "abc"]).stderr], [2, 'integration2d: option -n/--n must be an integer from 1 to 10000000 (got "abc")\n']);
  const child = spawn(BIN, ["-n", "60000", "-s", "threads", "-w", "2"], { cwd: BIN_DIR, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  await new Promise((r) => setTimeout(r, 1000)); // n = 60000 takes many seconds: still computing
  child.kill("SIGINT");
  const code = await new Promise((resolve) => child.on("close", resolve));
  assert.equal([code, stderr], [130, "integration2d: cancelled: interrupted (Ctrl-C)\n"]);
});

test.run();
