// Deno, for real: the deno CLI (node_modules/.bin/deno) runs dist/deno/cli.js with the narrowest permission
// (read access to the worker module only; the kernel bytes are inlined) and must print the same bits as Node
// for every vector of test/vectors.json with both kernel builds; its errors and exit codes are the Node CLI's.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli as nodeCli } from "./helpers/cli.js";
import { VARIANTS, vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DENO = join(ROOT, "node_modules/.bin/deno");
const DENO_CLI = join(ROOT, "dist/deno/cli.js");
const WORKER = join(ROOT, "dist/deno/worker.js");
/** The one permission the threads scheme needs: to load the worker module. */
const ALLOW = `--allow-read=${WORKER}`;

function deno(args: string[], permissions: string[] = [ALLOW], cwd = ROOT) {
  const r = spawnSync(DENO, ["run", "--no-prompt", ...permissions, DENO_CLI, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const denoVersion = /^deno (\S+)/.exec(spawnSync(DENO, ["--version"], { encoding: "utf8" }).stdout)![1]!;

test("every vector, both kernels: the Deno CLI prints Node's bits (serial and threads alike)", () => {
  let runs = 0;
  vectors.forEach((v, i) => {
    for (const kernel of VARIANTS) {
      // Vary scheme and worker count: small problems run serial or on 3 workers, the 10000² one on 2.
      const scheme = v.nx * v.ny <= 1e6 && i % 2 === 0 ? "serial" : "threads";
      const workers = scheme === "serial" ? "1" : v.nx >= 10000 ? "2" : "3";
      const args = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-k", kernel, "-s", scheme, "-w", workers];
      const r = deno(args);
      assert.is(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      const rec = JSON.parse(r.stdout);
      assert.is(rec.bits, v.bits[kernel], `${v.integrand} ${v.domain_text} ${v.nx}x${v.ny} ${kernel} ${scheme}`);
      assert.equal(rec.domain, v.domain);
      assert.equal([rec.scheme, rec.kernel, rec.nx, rec.ny], [scheme, kernel, v.nx, v.ny]);
      assert.is(rec.workers, Math.min(Number(workers), v.nx));
      assert.equal(rec.runtime, { name: "deno", version: denoVersion });
      runs++;
    }
  });
  assert.is(runs, vectors.length * 2);
});

test("the same record as Node's --json, field for field, apart from runtime and timings", () => {
  const args = ["--json", "-n", "1500", "-w", "2", "-f", "sin(x)*cos(y)", "--domain=-pi,pi/2,0,2pi"];
  const d = deno(args);
  const n = nodeCli(args);
  assert.is(d.code, 0, d.stderr);
  assert.is(n.code, 0, n.stderr);
  const dr = JSON.parse(d.stdout);
  const nr = JSON.parse(n.stdout);
  assert.equal(Object.keys(dr), Object.keys(nr));
  for (const key of ["value", "bits", "exact", "error", "integrand", "domain", "nx", "ny", "scheme", "workers", "kernel"]) {
    assert.equal(dr[key], nr[key], key);
  }
  assert.is(dr.runtime.name, "deno");
  assert.ok(dr.time_s > 0 && dr.phases.compute_s > 0);
});

test("default output: the seed's two lines and the settings line, as Node prints them", () => {
  const v = vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)")!;
  const r = deno(["-n", "1000", "-w", "2"]);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.is(lines.length, 3);
  assert.match(lines[0]!, /^Integral value is -?\d\.\d{6}e[+-]\d{2}, Error is \d\.\d{6}e[+-]\d{2}$/);
  assert.match(lines[1]!, /^Time spent: \d+\.\d\d sec$/);
  assert.is(lines[2], `Scheme threads, workers 2, kernel simd, n 1000x1000, integrand sin(x+y), bits ${v.bits.simd}`);
  assert.is(nodeCli(["-n", "1000", "-w", "2"]).stdout.split("\n")[0], lines[0]);
  assert.is(r.stderr, "");
});

test("the Deno bundles create workers in the literal Web Worker form and carry the kernel inside", () => {
  for (const file of ["dist/deno/cli.js", "dist/deno/index.js"]) {
    const text = readFileSync(join(ROOT, file), "utf8");
    assert.ok(text.includes('new Worker(new URL("./worker.js", import.meta.url), { type: "module" })'), file);
  }
  // The library names no .wasm file (the bytes are inside); the CLI's runs above and below read none either: they
  // have read access to the worker module only. (cli.js also bundles bench, whose Node host names the files.)
  assert.not.ok(/\.wasm["'`]/.test(readFileSync(join(ROOT, "dist/deno/index.js"), "utf8")), "index.js names no .wasm file");
});

test("processes: a usage error that says Deno has none, exit 2", () => {
  const r = deno(["-s", "processes", "-n", "100"]);
  assert.is(r.code, 2);
  assert.is(r.stdout, "");
  assert.is(r.stderr, "integration2d: option -s/--scheme processes is not available on Deno (use serial or threads)\n");
});

test("bad input: the Node CLI's exact one-line message and exit 2", () => {
  const cases = [
    ["-n", "abc"], ["-n", "0"], ["--nx", "1.5"], ["-w", "257"], ["-k", "relaxed"], ["-f", "cos(x"], ["-f", "sin(x + z)"], ["-d", "0,ϖ,0,1"],
    ["-d", "0,1,0"], ["-d", "1,0,0,1"], ["-f", "1/(1+x+y)", "--domain=-1,0,-1,0"], ["--bogus"], ["-n"],
    ["-s", "serial", "-w", "2"], ["-n", "10", "extra"],
  ];
  for (const args of cases) {
    const d = deno(args);
    const n = nodeCli(args);
    assert.is(n.code, 2, `node ${args.join(" ")}`);
    assert.is(d.code, 2, `deno ${args.join(" ")}: ${d.stderr}`);
    assert.is(d.stderr, n.stderr, args.join(" "));
    assert.is(d.stdout, "");
  }
  // The scheme list is the runtime's own.
  const mpi = deno(["-s", "mpi"]);
  assert.is(mpi.code, 2);
  assert.is(mpi.stderr, `integration2d: option -s/--scheme must be one of serial, threads (got "mpi")\n`);
});

test("permissions: serial needs none; threads needs read access to the worker module and says so without it", () => {
  const serial = deno(["--json", "-s", "serial", "-n", "300"], []);
  assert.is(serial.code, 0, serial.stderr);
  assert.is(JSON.parse(serial.stdout).bits, JSON.parse(nodeCli(["--json", "-n", "300", "-w", "2"]).stdout).bits);
  const denied = deno(["-n", "300", "-w", "2"], []);
  assert.is(denied.code, 1);
  assert.match(denied.stderr, /integration2d: run failed: worker \d: threw: .*Requires read access to ".*dist\/deno\/worker\.js"/);
  // Reading anything else is not needed: the kernel is inside the bundle.
  const narrow = deno(["--json", "-n", "300", "-w", "2", "-k", "scalar"]);
  assert.is(narrow.code, 0, narrow.stderr);
});

test("--list, --version, --help; start runs serial and threads (the schemes Deno has) with the same bits", () => {
  assert.is(deno(["--list"]).stdout, nodeCli(["--list"]).stdout);
  assert.is(deno(["--version"]).stdout, nodeCli(["--version"]).stdout);
  const help = deno(["--help"]).stdout;
  assert.match(help, /--integrand/);
  assert.ok(help.includes("-s, --scheme <name>      serial | threads (default threads)"), help);
  assert.not.ok(help.includes("processes"));
  const r = deno(["start", "-n", "400"]);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes("# serial") && r.stdout.includes("# threads"));
  assert.not.ok(r.stdout.includes("# processes"));
  assert.ok(r.stdout.includes("All 2 schemes gave the same bits."));
});

for (const scheme of ["threads", "serial"]) test(`Ctrl-C (${scheme}) stops the run: exit 130 with one line`, async () => {
  // serial: the run yields to the event loop between 20 ms slices, and in Deno only a timer turn hears the signal.
  const args = scheme === "serial" ? ["-s", "serial"] : ["-w", "2"];
  const child = spawn(DENO, ["run", ALLOW, DENO_CLI, "-n", "40000", ...args, "-k", "scalar"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = performance.now();
  child.kill("SIGINT");
  const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  assert.is(code, 130);
  assert.is(stderr, "integration2d: cancelled: interrupted (Ctrl-C)\n");
  assert.ok(performance.now() - t0 < 3000, "stopped promptly");
});

test("bench under Deno (the Node sweep, runtime deno): same bits as Node, with --allow-sys and write access to its output", () => {
  const dir = mkdtempSync(join(tmpdir(), "i2d-deno-bench-"));
  try {
    const out = join(dir, "deno.json");
    const args = ["bench", "-n", "500", "-w", "1,2", "--repeat", "1", "--min-time", "0", "--warmup", "0", "--native", "off", "--scaling", "strong", "-o", out];
    const r = deno(args, [ALLOW, "--allow-sys", `--allow-write=${dir}`]);
    assert.is(r.code, 0, r.stderr);
    const record = JSON.parse(readFileSync(out, "utf8"));
    assert.is(record.runtime.name, "deno");
    const v = vectors.find((v) => v.integrand === "sin(x+y)" && v.nx === 1000)!;
    assert.ok(record.runs.length >= 4);
    for (const run of record.runs) {
      assert.is(run.problem.nx, 500);
      assert.ok(run.bits_identical);
      assert.is(run.bits, JSON.parse(nodeCli(["--json", "-n", "500", "-w", "1", "-k", run.kernel.build]).stdout).bits, `${run.scheme} ${run.workers} ${run.kernel.build}`);
    }
    assert.ok(v); // the reference file is loaded
    // The plain CLI still needs only the worker permission: bench's node: modules load when bench is asked for.
    assert.is(deno(["-n", "300", "-w", "2"]).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('import { integrate } from "integration2d" resolves to the Deno bundle (package.json "deno" condition)', () => {
  const dir = mkdtempSync(join(tmpdir(), "i2d-deno-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules/integration2d"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", dependencies: { integration2d: "*" } }));
    writeFileSync(join(dir, "main.js"), `import { integrate } from "integration2d";
const r = await integrate({ n: 1000, workers: 2, kernel: "scalar" });
console.log(JSON.stringify({ bits: r.bits, runtime: r.runtime, workers: r.workers }));
`);
    const r = spawnSync(DENO, ["run", "--no-prompt", ALLOW, "main.js"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    assert.is(r.status, 0, r.stderr);
    const v = vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)")!;
    assert.equal(JSON.parse(r.stdout), { bits: v.bits.scalar, runtime: { name: "deno", version: denoVersion }, workers: 2 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
