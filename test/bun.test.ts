// Bun, for real: the Node CLI and library (dist/node/) run unchanged under node_modules/.bin/bun and must give
// the bits of test/vectors.json for every vector and both kernels, with threads and processes alike, and the
// Node CLI's messages and exit codes.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CLI, cli as nodeCli } from "./helpers/cli.js";
import { VARIANTS, vectors } from "./helpers/kernel.js";
import { alive, killParentMidRun } from "./helpers/processes.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BUN = join(ROOT, "node_modules/.bin/bun");

function bun(args: string[], cwd = ROOT) {
  const r = spawnSync(BUN, [CLI, ...args], { encoding: "utf8", timeout: 120_000, cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bunVersion = spawnSync(BUN, ["--version"], { encoding: "utf8" }).stdout.trim();

test("every vector, both kernels: Bun prints Node's bits (serial, threads and processes in turn)", () => {
  const schemes = ["threads", "processes", "serial"] as const;
  let k = 0;
  const seen = new Set<string>();
  for (const v of vectors) {
    for (const kernel of VARIANTS) {
      const scheme = v.nx >= 10000 ? "threads" : schemes[k++ % 3]!;
      const workers = scheme === "serial" ? "1" : String(2 + (k % 2));
      const args = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny), "-k", kernel, "-s", scheme, "-w", workers];
      const r = bun(args);
      assert.is(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      const rec = JSON.parse(r.stdout);
      assert.is(rec.bits, v.bits[kernel], `${v.integrand} ${v.domain_text} ${v.nx}x${v.ny} ${kernel} ${scheme}`);
      assert.equal([rec.scheme, rec.kernel, rec.nx, rec.ny, rec.workers], [scheme, kernel, v.nx, v.ny, Math.min(Number(workers), v.nx)]);
      assert.equal(rec.runtime, { name: "bun", version: bunVersion });
      seen.add(scheme);
    }
  }
  assert.equal([...seen].sort(), ["processes", "serial", "threads"]);
});

test("threads and processes on 1..4 workers: one bit pattern, equal to Node's", () => {
  const v = vectors.find((v) => v.integrand === "exp(x+y)" && v.nx === 1000)!;
  const base = ["--json", "-f", v.integrand, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny)];
  const node = JSON.parse(nodeCli([...base, "-w", "2"]).stdout);
  for (const scheme of ["threads", "processes"]) {
    for (const w of [1, 2, 3, 4]) {
      const r = bun([...base, "-s", scheme, "-w", String(w)]);
      assert.is(r.code, 0, r.stderr);
      const rec = JSON.parse(r.stdout);
      assert.is(rec.bits, node.bits, `${scheme} ${w}`);
      assert.is(rec.bits, v.bits.simd);
      assert.is(rec.workers, w);
    }
  }
});

test("the seed's lines and bad input: exactly what the Node CLI prints, same exit codes", () => {
  const ok = bun(["-n", "1000", "-w", "2"]);
  const nodeOk = nodeCli(["-n", "1000", "-w", "2"]);
  assert.is(ok.code, 0, ok.stderr);
  assert.is(ok.stdout.split("\n")[0], nodeOk.stdout.split("\n")[0]);
  assert.is(ok.stdout.split("\n")[2], nodeOk.stdout.split("\n")[2]);
  const cases = [
    ["-n", "abc"], ["-w", "0"], ["-s", "mpi"], ["-k", "relaxed"], ["-f", "cos(x"], ["-f", "sin(x + z)"], ["-d", "0,ϖ,0,1"], ["-d", "0,1,0"],
    ["-d", "1,0,0,1"], ["--bogus"], ["-n"], ["--json=yes"], ["-s", "serial", "-w", "2"], ["extra"],
  ];
  for (const args of cases) {
    const b = bun(args);
    const n = nodeCli(args);
    assert.is(n.code, 2);
    assert.is(b.code, 2, `bun ${args.join(" ")}: ${b.stderr}`);
    assert.is(b.stderr, n.stderr, args.join(" "));
  }
  assert.is(bun(["--list"]).stdout, nodeCli(["--list"]).stdout);
});

// Bun takes the first `--` after the script as its own separator (as `npm run` does): the CLI never sees it, so
// `bun cli.js -- -n 10` runs n = 10 where Node refuses `-- -n 10`. A second `--` reaches the CLI and is refused.
test("`--`: Bun keeps the first one after the script; `bun cli.js -- -- -n 10` is refused as Node refuses `-- -n 10`", () => {
  const refused = [2, "", 'integration2d: unexpected argument "-n" (see --help)\n'];
  const n = nodeCli(["--", "-n", "10"]);
  assert.equal([n.code, n.stdout, n.stderr], refused);
  const b = bun(["--", "--", "-n", "10"]);
  assert.equal([b.code, b.stdout, b.stderr], refused);
  const swallowed = bun(["--", "--json", "-n", "10", "-s", "serial"]); // what the README's Bun section warns of
  assert.equal([swallowed.code, JSON.parse(swallowed.stdout).nx], [0, 10], swallowed.stderr);
});

test("start under Bun: serial, threads, processes, the same bits", () => {
  const r = bun(["start", "-n", "500"]);
  assert.is(r.code, 0, r.stderr);
  for (const s of ["# serial", "# threads", "# processes"]) assert.ok(r.stdout.includes(s), s);
  assert.ok(r.stdout.includes("All 3 schemes gave the same bits."));
});

for (const scheme of ["threads", "processes"]) {
  test(`Ctrl-C under Bun (${scheme}): exit 130, one line, no worker left`, async () => {
    const child = spawn(BUN, [CLI, "-n", "40000", "-w", "2", "-k", "scalar", "-s", scheme], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise((r) => setTimeout(r, 1500));
    const kids = spawnSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).map(Number);
    if (scheme === "processes") assert.ok(kids.length >= 2, `worker processes running: ${kids}`);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    assert.is(code, 130);
    assert.is(stderr, "integration2d: cancelled: interrupted (Ctrl-C)\n");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(kids.filter(alive), [], "no worker process left");
  });
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`Bun killed by ${signal} mid-run: its worker processes stop within a second, silently`, async () => {
    const { gone, output } = await killParentMidRun(BUN, signal);
    assert.ok(gone, "no worker process left computing");
    assert.is(output, "");
  });
}

test('import { integrate } from "integration2d" under Bun: the Node build, runtime "bun"', () => {
  const dir = mkdtempSync(join(tmpdir(), "i2d-bun-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules/integration2d"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", dependencies: { integration2d: "*" } }));
    writeFileSync(join(dir, "main.js"), `import { integrate, createPool } from "integration2d";
const a = await integrate({ n: 1000, workers: 2, scheme: "processes" });
const pool = await createPool({ scheme: "threads", workers: 3 });
const b = await pool.integrate({ n: 1000 });
pool.close();
console.log(JSON.stringify({ bits: [a.bits, b.bits], runtime: a.runtime }));
`);
    const r = spawnSync(BUN, ["main.js"], { cwd: dir, encoding: "utf8" });
    assert.is(r.status, 0, r.stderr);
    const v = vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)")!;
    assert.equal(JSON.parse(r.stdout), { bits: [v.bits.simd, v.bits.simd], runtime: { name: "bun", version: bunVersion } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
