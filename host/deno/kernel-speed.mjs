// The bare kernel, no host code: instantiate dist/kernel/<build>.wasm on this thread and rowSum every row of an
// n×n sin(x+y) problem, three times; prints the seconds of each pass. Runs unchanged in Node, Deno and Bun, to tell
// an engine's speed from a host's:
//   node host/deno/kernel-speed.mjs simd 6000
//   deno run --allow-read=dist/kernel host/deno/kernel-speed.mjs simd 6000
//   bun host/deno/kernel-speed.mjs simd 6000

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [build = "simd", nText = "6000"] = args;
const n = Number(nText);
const url = new URL(`../../dist/kernel/${build}.wasm`, import.meta.url);
const bytes = globalThis.Deno ? Deno.readFileSync(url) : (await import("node:fs")).readFileSync(url);
const { instance } = await WebAssembly.instantiate(bytes, {});
const k = instance.exports;
const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.versions.node}`;
const passes = [];
for (let pass = 0; pass < 3; pass++) {
  if (k.setup(0, 0, Math.PI, 0, Math.PI, n, n) !== 0) throw new Error("setup refused");
  const t0 = performance.now();
  for (let i = 0; i < n; i++) k.rowSum(i);
  passes.push(((performance.now() - t0) / 1e3).toFixed(3));
}
console.log(`${runtime} ${build} n=${n}: ${passes.join(" ")} s`);
