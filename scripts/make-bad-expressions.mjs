// Regenerates test/cases/bad-expressions.json from the built kernel (npm run build first): the texts below with
// the code, column and message the kernel gives them. Every host checks the file (same code, same words), so a
// change of wording is a change of the contract: run this on purpose, read the diff, say why in the commit.
//   node scripts/make-bad-expressions.mjs

import { readFileSync, writeFileSync } from "node:fs";

const DEFAULT = { integrand: "x*y", domain: "0,1,0,1", nx: 10, ny: 10 };
const deep = (n, open, close, inner) => open.repeat(n) + inner + close.repeat(n);

// [field, text, extra] — extra may set the other text, nx or ny.
const cases = [
  ["integrand", ""],
  ["integrand", "  \t "],
  ["integrand", "sin(x+y))"],
  ["integrand", "sinn(x)"],
  ["integrand", "x + z"],
  ["integrand", "atan2(x)"],
  ["integrand", "sin(x, y)"],
  ["integrand", "if(x < 0.5, 1)"],
  ["integrand", "pow(x)"],
  ["integrand", "hypot(x, y, 1)"],
  ["integrand", "min()"],
  ["integrand", "sin()"],
  ["integrand", "(x + y"],
  ["integrand", "exp(sin(x)"],
  ["integrand", "x +"],
  ["integrand", "* x"],
  ["integrand", "x ** * y"],
  ["integrand", "x +* y"],
  ["integrand", "x y"],
  ["integrand", "2x"],
  ["integrand", "2 pi"],
  ["integrand", "x(2)"],
  ["integrand", "pi(2)"],
  ["integrand", "e(1)"],
  ["integrand", "π(x)"],
  ["integrand", "sin x"],
  ["integrand", "PI * x"],
  ["integrand", "Pi*x"],
  ["integrand", "X + y"],
  ["integrand", "SIN(x)"],
  ["integrand", "sqr(x)"],
  ["integrand", "expp(x + y)"],
  ["integrand", "lg(x)"],
  ["integrand", "xx + y"],
  ["integrand", "x\u00a0+ y"],
  ["integrand", "\ufeffsin(x)"],
  ["integrand", "x + y\u2212 1"],
  ["integrand", "x $ y"],
  ["integrand", "x = y"],
  ["integrand", "x ! y"],
  ["integrand", "0 < x < 1"],
  ["integrand", "x >= = y"],
  ["integrand", "1e"],
  ["integrand", "2e+ x"],
  ["integrand", "1e999 * x"],
  ["integrand", "."],
  ["integrand", "1.2.3"],
  ["integrand", "x, y"],
  ["integrand", "()"],
  ["integrand", "x)"],
  ["integrand", "sin(,x)"],
  ["integrand", "y^"],
  ["integrand", "((x)"],
  ["integrand", "if(x < 1, 2, 3, 4)"],
  ["integrand", "2π x"],
  ["integrand", deep(65, "(", ")", "x")],
  ["integrand", deep(70, "sin(", ")", "x")],
  ["integrand", "-".repeat(65) + "x"],
  ["integrand", "2^".repeat(65) + "2"],
  ["integrand", "x+".repeat(2048) + "y"],
  ["domain", ""],
  ["domain", "0,1,0"],
  ["domain", "0"],
  ["domain", "0,1,0,1,2"],
  ["domain", "0,,0,1"],
  ["domain", "0,1,0,"],
  ["domain", ",1,0,1"],
  ["domain", "0,x,0,1"],
  ["domain", "0,1,y,2"],
  ["domain", "0,PI,0,1"],
  ["domain", "0,pi,0,Pi"],
  ["domain", "0,z,0,1"],
  ["domain", "0,sin(1,0,1"],
  ["domain", "0 1,0,1"],
  ["domain", "0;1;0;1"],
  ["domain", "0,1e999,0,1"],
  ["domain", "0,pi\u00a0,0,1"],
  ["domain", "0,1,0,1)"],
  ["domain", "0,sqrt 2,0,1"],
  ["domain", "1,0,0,1"],
  ["domain", "0,1,1,1"],
  ["domain", "0,pi,pi,3"],
  ["domain", "0,1e308*10,0,1"],
  ["domain", "0,0/0,0,1"],
  ["domain", "0,-log(0),0,1"],
  ["domain", "0,1e-320,0,1e-320"],
  ["domain", "-1e308,1e308,0,1"],
  ["domain", "-1,1,-1,1", { integrand: "1/(1+x+y)" }],
  ["domain", "-0.5,1,-0.5,1", { integrand: "1/( 1 + x + y )" }],
  ["domain", "0,1,0,1".padEnd(4097, " ")],
  ["nx", "0"],
  ["nx", "10000001"],
  ["ny", "-1"],
];

const wasm = (v) => new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL(`../dist/kernel/${v}.wasm`, import.meta.url))), {}).exports;
const enc = new TextEncoder();
const dec = new TextDecoder();
const FIELDS = ["integrand", "domain", "nx", "ny"];

function run(e, p) {
  const f = enc.encode(p.integrand);
  const d = enc.encode(p.domain);
  const at = e.text(f.length + d.length);
  new Uint8Array(e.memory.buffer).set(f, at);
  new Uint8Array(e.memory.buffer).set(d, at + f.length);
  const code = e.define(f.length, d.length, p.nx, p.ny);
  return { code, field: FIELDS[e.errorField()], column: e.errorColumn(), message: dec.decode(new Uint8Array(e.memory.buffer, e.message(), e.messageLength())) };
}

const kernels = ["scalar", "simd"].map(wasm);
const out = [];
for (const [field, text, extra = {}] of cases) {
  const c = { field, text, ...extra };
  const p = { ...DEFAULT, ...extra };
  if (field === "nx" || field === "ny") p[field] = Number(text);
  else p[field] = text;
  const [a, b] = kernels.map((e) => run(e, p));
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the builds disagree on ${JSON.stringify(c)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  if (a.code === 0) throw new Error(`not refused: ${JSON.stringify(c)}`);
  if (a.field !== field) throw new Error(`refused as ${a.field}, not ${field}: ${JSON.stringify(c)} ${a.message}`);
  out.push({ ...c, code: a.code, column: a.column, message: a.message });
  process.stdout.write(`${a.code} ${field} ${JSON.stringify(text.length > 60 ? text.slice(0, 57) + "..." : text)} → ${a.message}\n`);
}

const file = {
  about: "Texts the kernel refuses (ABI 2 define), with the error code, errorColumn (1-based, in code points; 0: none) and the exact message every host must print. `field` names the refused input: integrand or domain (then `text` is that text) or nx / ny (then `text` is the number, in decimal). The other inputs take `defaults` unless the case sets them (`integrand`, `domain`). Regenerate only on purpose: node scripts/make-bad-expressions.mjs",
  defaults: DEFAULT,
  cases: out,
};
writeFileSync(new URL("../test/cases/bad-expressions.json", import.meta.url), JSON.stringify(file, null, 1) + "\n");
process.stdout.write(`${out.length} cases\n`);
