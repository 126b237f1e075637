// The npm package as a user gets it: `npm pack`, the tarball installed into an empty project outside the
// repository, and used there — the CLI, `bench`, `report`, an ESM import (Node, Bun, Deno), and a strict tsc
// (no skipLibCheck) over a consumer file for each export condition: node, browser, deno.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli as repoCli } from "./helpers/cli.js";
import { vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "node_modules/.bin");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

const run = (cmd: string, args: string[], cwd: string, timeout = 120_000) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
};
const must = (r: ReturnType<typeof run>, what: string) => {
  assert.is(r.code, 0, `${what}: ${r.error ?? ""}${r.stderr}${r.stdout}`);
  return r;
};

// ---- the project: an empty directory outside the repository, with the tarball installed ---------------------------

const project = mkdtempSync(join(tmpdir(), "integration2d-npm-"));
const installed = join(project, "node_modules/integration2d");
let packed: string[] = [];

test.before(() => {
  const pack = must(run("npm", ["pack", "--json", "--pack-destination", project], ROOT), "npm pack");
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path).sort();
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  must(run("npm", ["install", "--no-audit", "--no-fund", `./${info!.filename}`], project), "npm install");
});

test.after(() => rmSync(project, { recursive: true, force: true }));

// As a user types it; the package is in the project, so npx runs it from there without asking the registry.
const npx = (args: string[]) => run("npx", ["integration2d", ...args], project);

// ---- what is in the tarball -----------------------------------------------------------------------------------------

test("the tarball: the bundles, kernels, declarations, LICENSE and what bench and report read; no .map or .wat", () => {
  for (const file of [
    "LICENSE", "README.md", "package.json", "bench/record.schema.json", "bench/native/baseline.c", "bench/numexpr_sum.py",
    "dist/kernel/scalar.wasm", "dist/kernel/simd.wasm", "dist/kernel/wasi.wasm", "dist/kernel/build.json",
    "dist/node/cli.js", "dist/node/index.js", "dist/node/worker.js", "dist/deno/index.js", "dist/deno/worker.js",
    "dist/browser/index.js", "dist/browser/worker.js", "dist/index.html", "dist/browser/page.js",
    "dist/types/host/node/index.d.ts", "dist/types/host/deno/index.d.ts", "dist/types/host/browser/index.d.ts",
    "dist/deno/types/deno/index.d.ts",
  ]) assert.ok(packed.includes(file), `${file} is packed`);
  assert.equal(packed.filter((f) => /\.(map|wat)$/.test(f)), []);
  assert.equal(packed.filter((f) => !/^(dist\/|bench\/|LICENSE$|README\.md$|package\.json$)/.test(f)), []);
  assert.equal(readdirSync(join(installed, "bench")).sort(), ["native", "numexpr_sum.py", "record.schema.json"]);
  assert.match(readFileSync(join(installed, "LICENSE"), "utf8"), /^MIT License\n\nCopyright \(c\) \d{4} the integration2d authors\n/);
});

test("package.json: publishable, MIT, no runtime dependencies, a types entry per export condition", () => {
  assert.is(pkg.private, undefined);
  assert.is(pkg.license, "MIT");
  assert.is(pkg.dependencies, undefined);
  assert.ok(pkg.keywords.includes("webassembly"));
  // npm's page links these; the Go module path (host/go/go.mod) names the same repository
  assert.equal(pkg.repository, { type: "git", url: "git+https://github.com/integration2d/integration2d.git" });
  assert.match(readFileSync(join(ROOT, "host/go/go.mod"), "utf8"), /^module github\.com\/integration2d\/integration2d\/host\/go$/m);
  const root = pkg.exports["."];
  assert.equal(Object.keys(root), ["deno", "browser", "node", "default"]);
  for (const condition of ["deno", "browser", "node"]) {
    assert.equal(root[condition], { types: `./dist/types/host/${condition}/index.d.ts`, default: `./dist/${condition}/index.js` });
  }
});

test("npm publish --dry-run: accepted, with no warning but the one about not being logged in", () => {
  const r = must(run("npm", ["publish", "--dry-run"], ROOT), "npm publish --dry-run");
  assert.ok(r.stdout.includes(`+ integration2d@${pkg.version}`), r.stdout);
  const warnings = r.stderr.split("\n").filter((l) => /^npm warn/i.test(l) && !/requires you to be logged in/.test(l));
  assert.equal(warnings, []);
});

// ---- used from the project --------------------------------------------------------------------------------------------

test("npx integration2d -n 100 --json: the installed CLI prints the repository's bits", () => {
  const mine = npx(["-n", "100", "--json"]);
  assert.is(mine.code, 0, mine.stderr);
  const repo = repoCli(["-n", "100", "--json"]);
  assert.is(JSON.parse(mine.stdout).bits, JSON.parse(repo.stdout).bits);
  assert.is(mine.stderr, "");
  const v = vectors.find((v) => v.integrand === "sin(x+y)" && v.nx === 1000)!;
  for (const kernel of ["simd", "scalar"] as const) {
    assert.is(JSON.parse(npx(["-n", "1000", "-k", kernel, "-s", "processes", "-w", "2", "--json"]).stdout).bits, v.bits[kernel]);
  }
});

test("integration2d bench (tiny) with its native baseline, then integration2d report over its record", () => {
  const args = ["-n", "200", "-w", "1", "--schemes", "serial", "--kernels", "scalar", "--repeat", "1", "--warmup", "0",
    "--min-time", "0", "--scaling", "strong", "-o", "results/tiny.json"];
  const bench = npx(["bench", ...args]);
  assert.is(bench.code, 0, bench.stderr);
  assert.ok(bench.stdout.includes("record written to results/tiny.json"), bench.stdout);
  assert.not.match(bench.stderr, /native baseline skipped/);
  // numexpr is the user's to install: without it the comparison is skipped with the reason, never for a missing file.
  assert.not.match(bench.stderr, /numexpr_sum\.py not found/);
  const record = JSON.parse(readFileSync(join(project, "results/tiny.json"), "utf8"));
  assert.ok(record.native !== null, "the native baseline ran (bench/native/baseline.c is shipped)");
  const serial = JSON.parse(repoCli(["-n", "200", "-s", "serial", "-k", "scalar", "--json"]).stdout);
  assert.equal(record.runs.map((r: { bits: string }) => r.bits), [serial.bits]);

  const report = npx(["report", "results/tiny.json", "--out", "report"]);
  assert.is(report.code, 0, report.stderr);
  assert.ok(report.stdout.startsWith("report written to report/README.md"), report.stdout);
  assert.ok(readFileSync(join(project, "report/README.md"), "utf8").includes(serial.bits));
});

const MAIN = `import { integrate, bitsOf, valueOfBits } from "integration2d";
const r = await integrate({ n: 1000, workers: 2, kernel: "scalar" });
console.log(JSON.stringify({ bits: r.bits, same: bitsOf(valueOfBits(r.bits)) === r.bits, runtime: r.runtime.name,
  entry: import.meta.resolve("integration2d"), wasm: import.meta.resolve("integration2d/kernel/simd.wasm") }));
`;

test("import { integrate } from \"integration2d\" in the project: Node's, Bun's and Deno's entry, the same bits", () => {
  writeFileSync(join(project, "main.js"), MAIN);
  const bits = vectors.find((v) => v.integrand === "sin(x+y)" && v.nx === 1000)!.bits.scalar;
  const worker = "node_modules/integration2d/dist/deno/worker.js";
  const runtimes = {
    node: [process.execPath, ["main.js"], "dist/node/index.js"],
    bun: [join(BIN, "bun"), ["main.js"], "dist/node/index.js"],
    // The Deno README's command: read access to the worker module, nothing else.
    deno: [join(BIN, "deno"), ["run", "--no-prompt", `--allow-read=${worker}`, "main.js"], "dist/deno/index.js"],
  } as const;
  for (const [name, [cmd, args, entry]] of Object.entries(runtimes)) {
    const r = must(run(cmd, [...args], project), name);
    const got = JSON.parse(r.stdout);
    assert.equal(got, { bits, same: true, runtime: name, entry: `file://${join(installed, entry)}`, wasm: got.wasm }, name);
    assert.is(fileURLToPath(got.wasm), join(installed, "dist/kernel/simd.wasm"));
  }
});

// ---- the declarations in a strict consumer -----------------------------------------------------------------------------

/** A consumer per condition: what it imports, and lines that must be type errors (literal unions, per-entry exports). */
const CONSUMERS = {
  node: `import { integrate, createPool, kernel, resolve, UsageError, WorkerError, RunError, bitsOf, valueOfBits, formatE,
  type ResultRecord, type Scheme, type KernelVariant, type IntegrateOptions, type Progress, type Pool } from "integration2d";
// @ts-expect-error the browser entry's alone
import { sharedMemoryAvailable } from "integration2d";

const seen: Progress[] = [];
const r: ResultRecord = await integrate({ n: 100, scheme: "processes", kernel: "scalar", onProgress: (p) => void seen.push(p) });
const scheme: Scheme = r.scheme;
const variant: KernelVariant = r.kernel;
// @ts-expect-error no such scheme
await integrate({ scheme: "gpu" });
// @ts-expect-error no such kernel build
const o: IntegrateOptions = { kernel: "avx" };
// @ts-expect-error a record's scheme is a name, not any string
const loose: ResultRecord["scheme"] = "string";
const pool: Pool = await createPool({ scheme: "threads", workers: 2, blockTimeoutMs: 1000 });
pool.close();
const k = await kernel("simd");
const text: string = k.exports.__getString(k.exports.metadata());
console.log(scheme, variant, bitsOf(valueOfBits(r.bits)), formatE(r.value), k.meta.abi, (await resolve()).nx, text,
  new UsageError("n", "x").option, WorkerError.name, RunError.name, o, loose, sharedMemoryAvailable);
`,
  browser: `import { integrate, createPool, sharedMemoryAvailable, UsageError, type ResultRecord, type Scheme, type Progress } from "integration2d";

const shared: boolean = sharedMemoryAvailable();
const seen: Progress[] = [];
const controller = new AbortController();
const r: ResultRecord = await integrate({ n: 100, scheme: "threads", signal: controller.signal, onProgress: (p) => void seen.push(p) });
const scheme: Scheme = r.scheme;
// @ts-expect-error no such scheme
await integrate({ scheme: "gpu" });
const pool = await createPool({ workers: 2 });
pool.close();
console.log(shared, scheme, UsageError.name);
`,
  deno: `import { integrate, createPool, type ResultRecord, type Scheme } from "integration2d";
// @ts-expect-error the browser entry's alone
import { sharedMemoryAvailable } from "integration2d";

const r: ResultRecord = await integrate({ n: 100, scheme: "serial" });
const scheme: Scheme = r.scheme;
// @ts-expect-error no such kernel build
await integrate({ kernel: "avx" });
(await createPool({ workers: 2 })).close();
console.log(scheme, sharedMemoryAvailable);
`,
};

/** Strict, no skipLibCheck; the node consumer has @types/node (the repository's), the others the DOM library. */
const STRICT = { strict: true, noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, target: "ES2022" };
const TSCONFIG = {
  node: { ...STRICT, lib: ["ES2022"], module: "NodeNext", moduleResolution: "NodeNext", types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")] },
  browser: { ...STRICT, lib: ["ES2022", "DOM"], module: "ESNext", moduleResolution: "Bundler", customConditions: ["browser"], types: [] },
  deno: { ...STRICT, lib: ["ES2022", "DOM"], module: "ESNext", moduleResolution: "Bundler", customConditions: ["deno"], types: [] },
};

for (const condition of ["node", "browser", "deno"] as const) {
  test(`tsc --noEmit, strict, no skipLibCheck: a ${condition} consumer type-checks against the ${condition} declarations`, () => {
    writeFileSync(join(project, `${condition}.ts`), CONSUMERS[condition]);
    writeFileSync(join(project, `tsconfig.${condition}.json`), JSON.stringify({ compilerOptions: TSCONFIG[condition], files: [`${condition}.ts`] }));
    const r = run(process.execPath, [TSC, "-p", `tsconfig.${condition}.json`, "--listFiles"], project);
    const files = r.stdout.split("\n").filter((l) => l.startsWith("/"));
    const errors = r.stdout.split("\n").filter((l) => l && !l.startsWith("/"));
    assert.equal(errors, [], `${condition}: tsc says`);
    assert.is(r.code, 0);
    const ours = files.filter((f) => f.startsWith(installed)).map((f) => relative(installed, f));
    assert.ok(ours.includes(`dist/types/host/${condition}/index.d.ts`), ours.join(" "));
    for (const other of ["node", "browser", "deno"].filter((c) => c !== condition)) {
      assert.not.ok(ours.includes(`dist/types/host/${other}/index.d.ts`), `${condition} reads no ${other} entry`);
    }
    // Nothing from another package in the project (the loader is bundled, not a dependency).
    assert.equal(files.filter((f) => f.startsWith(join(project, "node_modules")) && !f.startsWith(installed)), []);
  });
}

test("the declarations name no package: no @assemblyscript/loader, only relative imports and node: built-ins", () => {
  const specifiers: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".d.ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(/(?:from |import\()"([^"]+)"/g)) specifiers.push(m[1]!);
      }
    }
  };
  walk(join(installed, "dist"));
  assert.ok(specifiers.length > 10);
  assert.equal(specifiers.filter((s) => !s.startsWith(".") && !s.startsWith("node:")), []);
  assert.ok(existsSync(join(installed, "dist/types/host/core/kernel.d.ts")));
});

test.run();
