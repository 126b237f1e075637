// The WASI command build (dist/kernel/wasi.wasm, asconfig target `wasi`, assembly/wasi/) under Node's
// built-in node:wasi, one process per run: the simd build's bits for every vector (ABI 1's and the expression
// vectors), the kernel's refusal for every case of test/cases/bad-expressions.json, the CLI's record and messages.
// (host/python/tests/test_wasi.py runs the same module under wasmtime.)

import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { valueOfBits } from "../host/core/record.js";
import { cli, node } from "./helpers/cli.js";
import { loadKernel, root, type Vector, vectors } from "./helpers/kernel.js";

const module = new WebAssembly.Module(readFileSync(new URL("dist/kernel/wasi.wasm", root)));
const COMMAND = fileURLToPath(new URL("./helpers/wasi-command.mjs", import.meta.url));
const NODE_ARGS = ["--no-turbo-fast-api-calls", "--no-warnings", COMMAND];

interface BadCase { field: "integrand" | "domain" | "nx" | "ny"; text: string; integrand?: string; domain?: string; message: string }
const bad = JSON.parse(readFileSync(new URL("test/cases/bad-expressions.json", root), "utf8")) as {
  defaults: { integrand: string; domain: string; nx: number; ny: number };
  cases: BadCase[];
};
const exprVectors = JSON.parse(readFileSync(new URL("test/vectors-expr.json", root), "utf8")).vectors as Vector[];
const FLAG = { integrand: "-f/--integrand", domain: "-d/--domain", nx: "--nx", ny: "--ny" };

/** Runs the command with these args, one process per run (why: test/helpers/wasi-command.mjs). */
const runWasi = (args: string[]) => node([...NODE_ARGS, ...args]);

type Run = { code: number | null; stdout: string; stderr: string };

/** Many runs, still one process each, two at a time (a process mostly waits for its start-up). */
async function runMany(argsList: string[][]): Promise<Run[]> {
  const out: Run[] = new Array(argsList.length);
  let next = 0;
  const one = () => new Promise<void>((done) => {
    const k = next++;
    if (k >= argsList.length) return done();
    const p = spawn(process.execPath, [...NODE_ARGS, ...argsList[k]!]);
    let stdout = "";
    let stderr = "";
    p.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    p.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    p.on("close", (code) => {
      out[k] = { code, stdout, stderr };
      one().then(done);
    });
  });
  await Promise.all([one(), one()]);
  return out;
}

const vectorArgs = (v: Vector) =>
  ["--json", `--integrand=${v.integrand}`, `--domain=${v.domain_text}`, "--nx", String(v.nx), "--ny", String(v.ny)];

test("a WASI command: imports only wasi_snapshot_preview1, exports _start", () => {
  const imports = WebAssembly.Module.imports(module);
  assert.ok(imports.length > 0);
  assert.ok(imports.every((i) => i.module === "wasi_snapshot_preview1"), JSON.stringify(imports));
  assert.ok(WebAssembly.Module.exports(module).some((e) => e.name === "_start" && e.kind === "function"));
});

test("every vector (ABI 1's through text, and the expression vectors): the simd bits, exact value and domain", async () => {
  const all = [...vectors, ...exprVectors];
  assert.ok(exprVectors.length >= 20);
  const runs = await runMany(all.map(vectorArgs));
  all.forEach((v, k) => {
    const r = runs[k]!;
    const what = `${v.integrand} ${v.domain_text} ${v.nx}x${v.ny}`;
    assert.is(r.code, 0, r.stderr);
    const rec = JSON.parse(r.stdout);
    assert.is(rec.bits, v.bits.simd, what);
    assert.is(rec.value, valueOfBits(rec.bits), what);
    assert.is(rec.exact, v.exact, what); // null where there is no closed form
    assert.is(rec.error, v.exact === null ? null : Math.abs(rec.value - v.exact), what);
    assert.is(rec.integrand, v.integrand, what);
    assert.equal(rec.domain, v.domain, what);
    assert.equal([rec.scheme, rec.workers, rec.kernel, rec.runtime.name], ["serial", 1, "simd", "wasi"]);
  });
});

// Every third case: a process each costs ~0.25 s here; test_wasi.py runs every case, in one process (wasmtime).
const someCases = bad.cases.filter((_, k) => k % 3 === 0);

test("refused texts (every third case): exit 2, one line naming the option, the kernel's message", async () => {
  assert.ok(someCases.length >= 30);
  const args = someCases.map((c) => {
    const p: Record<string, string | number> = { ...bad.defaults, ...(c.integrand ? { integrand: c.integrand } : {}), ...(c.domain ? { domain: c.domain } : {}) };
    p[c.field] = c.text;
    return [`--integrand=${p.integrand}`, `--domain=${p.domain}`, `--nx=${p.nx}`, `--ny=${p.ny}`];
  });
  const runs = await runMany(args);
  someCases.forEach((c, k) => {
    const r = runs[k]!;
    const what = `${c.field} ${JSON.stringify(c.text.slice(0, 60))}`;
    // nx/ny 0, -1, 10000001: the command's own integer check refuses them before the kernel sees them
    const expected = c.field === "nx" || c.field === "ny"
      ? `integration2d: option ${FLAG[c.field]} must be an integer from 1 to 10000000 (got "${c.text}")\n`
      : `integration2d: option ${FLAG[c.field]}: ${c.message}\n`;
    assert.equal([r.code, r.stdout, r.stderr], [2, "", expected], what);
  });
});

test("an expression equal to a catalog entry: its bits, no closed form; none at all: Error is unknown", () => {
  const v = vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)" && v.domain_text === "0,pi,0,pi")!;
  const rec = JSON.parse(runWasi(["--json", "-n", "1000", "-f", "sin(y + x)"]).stdout);
  assert.equal([rec.bits, rec.exact, rec.error, rec.integrand], [v.bits.simd, null, null, "sin(y + x)"]);
  const lines = runWasi(["-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "200"]).stdout.split("\n");
  const json = JSON.parse(runWasi(["--json", "-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "200"]).stdout);
  assert.equal([json.exact, json.error, json.domain], [null, null, [-2, 2, -2, 2]]);
  const formatE = (x: number) => x.toExponential(6).replace(/e([+-])(\d)$/, "e$10$2");
  assert.is(lines[0], `Integral value is ${formatE(json.value)}, Error is unknown (no closed form)`);
});

test("a value that is not finite fails the run: exit 1, the kernel's diagnosis", () => {
  const r = runWasi(["-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"]);
  assert.equal([r.code, r.stdout, r.stderr], [1, "", "integration2d: run failed: integrand is not finite at x = 0.25, y = 0.25 (value Inf)\n"]);
  const o = runWasi(["--json", "-f", "1e300", "-d", "0,1e10,0,1e10", "-n", "1"]);
  assert.equal([o.code, o.stdout, o.stderr], [1, "", "integration2d: run failed: the integral overflows: the sum of f over the grid (1e+300) times the cell area (100000000000000000000) is beyond the largest double\n"]);
});

test("the record's text is what the Node CLI writes, runtime and timings aside", () => {
  const args = ["-f", "exp(x+y)", "--domain=-2,0.5,-1,1", "--nx", "123", "--ny", "77"];
  const w = runWasi(["--json", ...args]);
  const n = cli(["--json", "-s", "serial", ...args]);
  const strip = (s: string) => s.trim().replace(/,"runtime".*/, "");
  assert.is(strip(w.stdout), strip(n.stdout));
  // The rules' seven fields (rule … evaluations) close the Node record; the WASI command has no rules yet (issue 11).
  assert.equal(Object.keys(JSON.parse(w.stdout)), Object.keys(JSON.parse(n.stdout)).slice(0, -7));
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

test("bad options: exit 2 and the Node CLI's message (scheme and kernel list what this build runs)", () => {
  // integer options and option spelling only: -f/-d refusals are the kernel's (the case file above)
  const same = [["-n", "0"], ["--nx", "1.5"], ["-w", "257"], ["--bogus"], ["-x"], ["-n"], ["-d", "-pi,0,0,1"],
    ["--json=yes"], ["-n", "10", "extra"], ["-n", "\u00a010"], ["--nx", "\ufeff10"], ["-n", "10\u3000"]];
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

test("output that cannot be written: exit 1, one line (the shim's own write trapped with `unreachable`)", () => {
  const command = [process.execPath, ...NODE_ARGS].map((a) => `'${a}'`).join(" ");
  for (const args of ["-n 10", "--json -n 10", "--list", "--help", "--version"]) {
    const full = spawnSync("bash", ["-c", `${command} ${args} > /dev/full`], { encoding: "utf8" });
    assert.equal([full.status, full.stderr], [1, "integration2d: cannot write the output: No space left on device\n"], args);
    const gone = spawnSync("bash", ["-c", `${command} ${args} | (exec 0<&-; sleep 1); echo "status \${PIPESTATUS[0]}"`], { encoding: "utf8" });
    assert.equal([gone.stdout, gone.stderr], ["status 1\n", "integration2d: cannot write the output: Broken pipe\n"], args);
  }
});

test("--list (the kernel's metadata, four lines) and --version", () => {
  // the metadata JSON's lists (typed here: the core's KernelMetadata need not name them all)
  const meta = loadKernel("simd").meta as unknown as Record<"integrands" | "functions" | "constants" | "variables", string[]>;
  assert.is(runWasi(["--list"]).stdout, `catalog: ${meta.integrands.join(", ")}\nfunctions: ${meta.functions.join(" ")}\n` +
    `constants: ${meta.constants.join(" ")}\nvariables: ${meta.variables.join(" ")}\n`);
  assert.match(runWasi(["--list"]).stdout, /^catalog: sin\(x\+y\), sin\(x\)\*cos\(y\), exp\(x\+y\), x\*y, 1\/\(1\+x\+y\)\nfunctions: sin cos tan /);
  const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
  assert.is(runWasi(["--version"]).stdout, `integration2d ${pkg.version} (kernel ABI 2)\n`);
});

test.run();
