// A/B timing of the evaluator in kernel builds, in one process (interleaved rounds): ns per evaluation of rowSum
// for integrands given as text, the catalog's sin(x+y) first as the yardstick.
//   node bench/expr-ab.mjs [--n 10000] [--rows 60] [--rounds 15] [-f "text;text…"] [-d domain] a.wasm b.wasm ...
// Default texts: the bench's expressions section (host/node/bench-expressions.ts). Domain: 0,1,0,1 for exp and
// cos texts, else 0,pi,0,pi. Prints min and median ns/eval and the row sums' total (equal totals across builds:
// the same bits, at a glance). The caveat of kernel-ab.mjs holds: for small differences run each file alone too.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const opt = (name, d) => { const i = args.indexOf(name); if (i < 0) return d; const v = args[i + 1]; args.splice(i, 2); return v; };
const n = Number(opt("--n", 10000)), rows = Number(opt("--rows", 60)), rounds = Number(opt("--rounds", 15));
const texts = opt("-f", "sin(x+y);sin(y + x);exp(-25*(x-0.5)^2 - 25*(y-0.5)^2);cos(1.885 + 40*x + 40*y)").split(";");
const domainOf = (f) => opt("-d", undefined) ?? (/exp|cos/.test(f) ? "0,1,0,1" : "0,pi,0,pi");
const enc = new TextEncoder();
const runs = [];
for (const file of args) {
  for (const f of texts) {
    const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {});
    const fb = enc.encode(f), db = enc.encode(domainOf(f));
    new Uint8Array(e.memory.buffer, e.text(fb.length + db.length), fb.length + db.length).set([...fb, ...db]);
    if (e.define(fb.length, db.length, n, n) !== 0) throw new Error(`${file}: define(${f}) refused`);
    runs.push({ file, f, e, times: [], total: 0, catalog: e.catalogId() });
  }
}
// Warm-up: every row function reaches the engine's optimising tier before the timed rounds.
for (const r of runs) { const until = performance.now() + 400; for (let i = 0; performance.now() < until; i = (i + 1) % n) r.e.rowSum(i); }
for (let round = 0; round < rounds; round++) {
  for (const r of runs) {
    const t0 = process.hrtime.bigint();
    let s = 0;
    for (let i = 0; i < rows; i++) s += r.e.rowSum(Math.floor((i * n) / rows));
    r.times.push(Number(process.hrtime.bigint() - t0) / (rows * n));
    r.total = s;
  }
}
for (const r of runs) {
  const t = [...r.times].sort((a, b) => a - b);
  console.log(`${r.file.padEnd(28)} ${r.f.padEnd(36)} ${r.catalog >= 0 ? "catalog  " : "evaluator"} min ${t[0].toFixed(2)} med ${t[t.length >> 1].toFixed(2)} ns/eval  (Σrows ${r.total})`);
}
