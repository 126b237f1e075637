// npm run build: the kernel builds (asc, asconfig.json targets), the esbuild bundles, the type declarations.
// Usage: node scripts/build.mjs [--kernel-only]

import asc from "assemblyscript/asc";
import * as esbuild from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const step = (what) => process.stdout.write(`build: ${what}\n`);

for (const target of ["scalar", "simd", "wasi"]) {
  step(`kernel ${target} (asc --target ${target})`);
  // wasi: the WASI command (host/python/README.md) needs its own entry, which an asconfig target cannot add.
  const entry = target === "wasi" ? ["assembly/wasi/main.ts"] : [];
  const { error, stderr } = await asc.main([...entry, "--config", "asconfig.json", "--target", target]);
  if (error) {
    process.stderr.write(stderr.toString());
    throw new Error(`asc ${target} failed: ${error.message}`);
  }
}
// What built the kernels, for benchmark records (bench/README.md); hosts hash the .wasm themselves.
const ascPkg = JSON.parse(readFileSync(new URL("../node_modules/assemblyscript/package.json", import.meta.url), "utf8"));
writeFileSync("dist/kernel/build.json", JSON.stringify({ assemblyscript: ascPkg.version }) + "\n");
// The Go package embeds the kernel (go:embed sees only its own directory); the copies are committed, since
// `go install …@version` builds the tagged tree with no npm step (host/go/embed.go).
step("kernel copies for go:embed (host/go/kernel)");
for (const file of ["simd.wasm", "scalar.wasm", "build.json"]) copyFileSync(`dist/kernel/${file}`, `host/go/kernel/${file}`);
// The Rust crate compiles the kernel in with include_bytes!, which may not reach outside the crate for
// `cargo package` to build on its own: copies, ignored by git, shipped by Cargo.toml's `include`.
step("kernel copies for the Rust crate (host/rust/kernel)");
mkdirSync("host/rust/kernel", { recursive: true });
for (const file of ["simd.wasm", "scalar.wasm", "build.json"]) copyFileSync(`dist/kernel/${file}`, `host/rust/kernel/${file}`);
if (process.argv.includes("--kernel-only")) process.exit(0);

// Maps written next to the bundles but not linked from them: the npm package leaves them out (files in
// package.json), and a link to a missing map makes bundlers and devtools warn in a consumer's project.
const common = { bundle: true, format: "esm", target: "es2022", sourcemap: "external", logLevel: "warning",
  define: { __VERSION__: JSON.stringify(pkg.version) } };

step("node bundles (esbuild)");
await esbuild.build({
  ...common,
  platform: "node",
  entryPoints: { index: "host/node/index.ts", cli: "host/node/cli.ts", worker: "host/node/worker.ts" },
  outdir: "dist/node",
});

step("deno bundles (esbuild; kernel bytes inlined)");
const deno = { ...common, platform: "neutral", mainFields: ["module", "main"], external: ["node:*"], loader: { ".wasm": "binary" }, outdir: "dist/deno" };
await esbuild.build({ ...deno, entryPoints: { cli: "host/deno/cli.ts", worker: "host/deno/worker.ts" } });
// The library (the JSR package's entry, deno.json) names its declarations for Deno and JSR (denoDeclarations).
await esbuild.build({ ...deno, entryPoints: { index: "host/deno/index.ts" }, banner: { js: `/* @ts-self-types="./types/deno/index.d.ts" */` } });

step("browser bundles and page (esbuild)");
await esbuild.build({
  ...common,
  platform: "browser",
  entryPoints: { index: "host/browser/index.ts", worker: "host/browser/worker.ts", page: "host/browser/page.ts" },
  outdir: "dist/browser",
});
for (const file of ["index.html", "page.css", "example.html"]) copyFileSync(`host/browser/${file}`, `dist/${file === "index.html" ? "" : "browser/"}${file}`);

step("type declarations (tsc)");
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });

denoDeclarations();

/**
 * dist/types/host/{core,deno} again under dist/deno/types, with each relative ".js" specifier naming its ".d.ts":
 * Deno (and JSR) resolve a specifier as written, and tsc's declarations name the .js files they describe.
 */
function denoDeclarations() {
  rmSync("dist/deno/types", { recursive: true, force: true });
  for (const dir of ["core", "deno"]) {
    mkdirSync(`dist/deno/types/${dir}`, { recursive: true });
    for (const file of readdirSync(`dist/types/host/${dir}`).filter((f) => f.endsWith(".d.ts"))) {
      const text = readFileSync(`dist/types/host/${dir}/${file}`, "utf8")
        .replace(/((?:from |import\()")(\.\.?\/[^"]+)\.js"/g, '$1$2.d.ts"');
      writeFileSync(`dist/deno/types/${dir}/${file}`, text);
    }
  }
}
