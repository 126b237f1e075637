// The Deno library as Deno users take it, from a directory outside the repository: the JSR package (deno.json)
// that `deno publish --dry-run` accepts, linked in as `jsr:@integration2d/integration2d`, and the built bundle
// imported by its path (host/deno/README.md) — both type-checked by `deno check` through the bundle's
// @ts-self-types declarations, and run with the one permission threads need.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DENO = join(ROOT, "node_modules/.bin/deno");
const WORKER = join(ROOT, "dist/deno/worker.js");
const config = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

function deno(args: string[], cwd: string) {
  const r = spawnSync(DENO, args, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
  // Deno colours its check and publish reports even with NO_COLOR.
  const plain = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, "");
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

const away = mkdtempSync(join(tmpdir(), "integration2d-deno-"));
test.after(() => rmSync(away, { recursive: true, force: true }));

/** A program that uses the library from `from`, with type errors it must have (a scheme and a kernel not offered). */
const program = (from: string) => `import * as lib from "${from}";
import { integrate, createPool, UsageError, type ResultRecord, type Scheme } from "${from}";
// @ts-expect-error the browser entry's alone
const browserOnly = typeof lib.sharedMemoryAvailable;

const r: ResultRecord = await integrate({ n: 1000, workers: 2, kernel: "scalar" });
const scheme: Scheme = r.scheme;
if (false as boolean) {
  // @ts-expect-error no such scheme
  await integrate({ scheme: "gpu" });
  // @ts-expect-error no such kernel build
  await createPool({ kernel: "avx" });
}
let refused = "";
try {
  await integrate({ scheme: "processes" });
} catch (e) {
  refused = e instanceof UsageError ? e.message : String(e);
}
console.log(JSON.stringify({ bits: r.bits, scheme, runtime: r.runtime.name, refused, browserOnly }));
`;

const expected = {
  bits: vectors.find((v) => v.integrand === "sin(x+y)" && v.nx === 1000)!.bits.scalar,
  scheme: "threads",
  runtime: "deno",
  refused: "option -s/--scheme processes is not available on Deno (use serial or threads)",
  browserOnly: "undefined",
};

test("deno.json: the npm package's version and licence; deno publish --dry-run accepts it, with no warning", () => {
  assert.is(config.version, pkg.version);
  assert.is(config.license, pkg.license);
  assert.is(config.exports, "./dist/deno/index.js");
  const r = deno(["publish", "--dry-run", "--allow-dirty"], ROOT);
  assert.is(r.code, 0, r.stderr);
  const out = r.stdout + r.stderr;
  assert.ok(out.includes(`Simulating publish of ${config.name}@${config.version}`), out);
  assert.ok(out.includes("Dry run complete"), out);
  assert.not.match(out, /warning/i);
  const files = [...out.matchAll(/file:\/\/\S+/g)].map((m) => fileURLToPath(m[0]).slice(ROOT.length)).sort();
  assert.equal(files.filter((f) => !f.startsWith("dist/deno/types/")), ["LICENSE", "README.md", "deno.json", "dist/deno/index.js", "dist/deno/worker.js"]);
  assert.ok(files.includes("dist/deno/types/deno/index.d.ts"));
  assert.is(readFileSync(join(ROOT, "dist/deno/index.js"), "utf8").split("\n")[0], `/* @ts-self-types="./types/deno/index.d.ts" */`);
});

const ways = {
  // What a JSR user writes; "links" stands in for the registry (the package is this directory, as published).
  "jsr:@integration2d/integration2d (linked)": { from: `jsr:${config.name}`, files: { "deno.json": JSON.stringify({ links: [ROOT] }) } },
  // The README's import of a clone's build.
  "the bundle's path": { from: pathToFileURL(join(ROOT, "dist/deno/index.js")).href, files: {} },
};

for (const [name, way] of Object.entries(ways)) {
  test(`from another directory, ${name}: deno check passes (the declarations, literal unions) and it runs`, () => {
    const dir = mkdtempSync(join(away, "use-"));
    for (const [file, text] of Object.entries(way.files)) writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, "main.ts"), program(way.from));
    const check = deno(["check", "main.ts"], dir);
    assert.is(check.code, 0, check.stderr);
    const r = deno(["run", "--no-prompt", `--allow-read=${WORKER}`, "main.ts"], dir);
    assert.is(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), expected);
    // The declarations are what deno check read (not `any`): without the @ts-expect-error lines, those are errors.
    writeFileSync(join(dir, "wrong.ts"), program(way.from).replace(/\/\/ @ts-expect-error.*\n/g, "") + `const n: number = r.bits;\n`);
    const wrong = deno(["check", "wrong.ts"], dir);
    assert.is(wrong.code, 1);
    assert.match(wrong.stderr, /TS2322 \[ERROR\]: Type 'string' is not assignable to type 'number'/);
    assert.ok(wrong.stderr.includes(`Type '"gpu"' is not assignable to type '"serial" | "threads" | "processes" | undefined'`), wrong.stderr);
    assert.ok(wrong.stderr.includes(`Type '"avx"' is not assignable to type 'KernelVariant | undefined'`), wrong.stderr);
    assert.ok(wrong.stderr.includes(`Property 'sharedMemoryAvailable' does not exist`), wrong.stderr);
  });
}

test.run();
