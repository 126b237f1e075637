// A/B timing of kernel builds in one process (interleaved rounds): ns per evaluation of rowSum.
//   node bench/kernel-ab.mjs [--n 4000] [--rows 400] [--rounds 5] [--f 0] [--native exe] a.wasm b.wasm ...
// Rows are called one by one, as every host does. Prints min and median ns/eval per file. --native runs the
// built bench/native/baseline.c (cc -O2 -ffp-contract=off -o exe bench/native/baseline.c -lm) once per round on
// a 2000×2000 grid in each of its modes (plain: the naive loop; compensated: the kernel's own TwoSum sum), so
// the C loops are timed in the same rounds as the kernels (sin(x+y) only).
// Caveat: several modules in one process can change each other's machine code placement; for small
// differences also run each file in a process of its own.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(name); if (i < 0) return d; const v = args[i + 1]; args.splice(i, 2); return Number(v); };
const nativeIdx = args.indexOf("--native");
const nativeExe = nativeIdx >= 0 ? args.splice(nativeIdx, 2)[1] : undefined;
const native = { plain: [], compensated: [] };
const n = opt("--n", 4000), rows = opt("--rows", 400), rounds = opt("--rounds", 5), f = opt("--f", 0);
const kernels = args.map((file) => {
  const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {});
  if (e.setup(f, 0, Math.PI, 0, Math.PI, n, n) !== 0) throw new Error("setup");
  return { file, e, times: [], sum: 0 };
});
// Warm-up: rows for a second per kernel, so that every engine has moved the row functions to its optimising tier
// before the timed rounds, however late its tiering heuristics do it. (Deno's timings still drift between
// 2.9 and 4 ns/eval from one process to the next; take its figures from several processes.)
for (const k of kernels) {
  const until = performance.now() + 1000;
  for (let i = 0; performance.now() < until; i = (i + 1) % n) k.e.rowSum(i);
}
for (let r = 0; r < rounds; r++) {
  if (nativeExe) {
    for (const mode of ["plain", "compensated"]) {
      native[mode].push((JSON.parse(execFileSync(nativeExe, ["2000", "1", mode], { encoding: "utf8" })).seconds / 4e6) * 1e9);
    }
  }
  for (const k of kernels) {
    const t0 = process.hrtime.bigint();
    let s = 0;
    for (let i = 0; i < rows; i++) s += k.e.rowSum(Math.floor((i * n) / rows));
    const t = Number(process.hrtime.bigint() - t0);
    k.times.push(t / (rows * n));
    k.sum = s;
  }
}
for (const k of kernels) {
  const t = [...k.times].sort((a, b) => a - b);
  console.log(`${k.file.padEnd(40)} min ${t[0].toFixed(2)} med ${t[t.length >> 1].toFixed(2)} ns/eval  (Σrows ${k.sum})`);
}
for (const [mode, times] of Object.entries(native)) {
  if (!times.length) continue;
  const t = [...times].sort((a, b) => a - b);
  console.log(`${`native C ${mode} (2000×2000)`.padEnd(40)} min ${t[0].toFixed(2)} med ${t[t.length >> 1].toFixed(2)} ns/eval`);
}
