// Regenerates test/vectors.json (catalog ids, ABI 1) and test/vectors-expr.json (expressions as text, ABI 2)
// from the built kernels (npm run build first). Run it only on purpose: a change in these bits is a change in
// the kernel's promise, and the commit must say why.
//   node scripts/make-vectors.mjs            both files
//   node scripts/make-vectors.mjs --expr     test/vectors-expr.json only

import { readFileSync, writeFileSync } from "node:fs";

const cases = [
  // The seed's problem, and the same at sizes every host can afford in its tests.
  ["sin(x+y)", "0,pi,0,pi", 10000, 10000],
  ["sin(x+y)", "0,pi,0,pi", 1000, 1000],
  ["sin(x+y)", "0,pi,0,pi", 1, 1],
  ["sin(x+y)", "-pi,pi/2,0,2pi", 301, 157],
  ["sin(x+y)", "0,1,0,1", 64, 33],
  ["sin(x)*cos(y)", "0,pi,0,pi", 1000, 1000],
  ["sin(x)*cos(y)", "-pi/2,3pi/4,-1,2.5", 257, 99],
  ["sin(x)*cos(y)", "1000,1001,-2000,-1999", 50, 51],
  ["sin(x)*cos(y)", "0,600000,0,1", 40, 3],
  ["exp(x+y)", "0,1,0,1", 1000, 1000],
  ["exp(x+y)", "-2,0.5,-1,1", 123, 77],
  ["x*y", "0,1,0,2", 500, 500],
  ["x*y", "-1,1,-1,1", 7, 9],
  ["x*y", "-3.5,2.25,1e-3,4", 100, 1],
  ["1/(1+x+y)", "0,1,0,1", 1000, 1000],
  ["1/(1+x+y)", "-0.5,2,-0.25,3", 211, 63],
  // Rows longer than the kernel's table of y values (65536 points), which it then fills tile by tile.
  ["sin(x+y)", "0,pi,0,pi", 3, 140001],
  ["sin(x)*cos(y)", "-1,2,0,100", 2, 65537],
];

const { integrate } = process.argv.includes("--expr") ? {} : await import("../dist/node/index.js");
const vectors = [];
for (const [integrand, domain, nx, ny] of process.argv.includes("--expr") ? [] : cases) {
  const bits = {};
  let record;
  for (const kernel of ["scalar", "simd"]) {
    record = await integrate({ integrand, domain, nx, ny, kernel, scheme: "serial" });
    bits[kernel] = record.bits;
  }
  vectors.push({ integrand, domain_text: domain, domain: record.domain, nx, ny, bits, exact: record.exact });
  process.stdout.write(`${integrand} ${domain} ${nx}x${ny} ${JSON.stringify(bits)}\n`);
}

const file = {
  about: "Known answers of the integration2d kernel (ABI 1). Every host computes each vector with each kernel build it runs and compares the 64-bit pattern of the value (bits: \"0x\" + 16 hex digits, big-endian) for equality; domain_text must parse to exactly `domain`. Regenerate only on purpose: node scripts/make-vectors.mjs",
  abi: 1,
  vectors,
};
if (vectors.length) writeFileSync(new URL("../test/vectors.json", import.meta.url), JSON.stringify(file, null, 2) + "\n");

// ---- expressions (ABI 2: text → define), straight from the raw kernels ----------------------------------------

const terms = Array.from({ length: 24 }, (_, k) => `sin(${k + 1}*x + y/${k + 1})/${k + 1}`).join(" + ");
const exprCases = [
  // [note, integrand, domain, nx, ny]
  ["Genz oscillatory (u1 = 0.3, a = 5, 5)", "cos(2*pi*0.3 + 5*x + 5*y)", "0,1,0,1", 200, 150],
  ["Genz oscillatory, the issue's (a = 40, 40)", "cos(2*pi*0.3 + 40*x + 40*y)", "0,1,0,1", 300, 211],
  ["Genz oscillatory, the speed goal's", "cos(1.885 + 40*x + 40*y)", "0,1,0,1", 128, 97],
  ["Genz product peak (a = 5, 5; u = 0.5, 0.5)", "1/((5^-2 + (x - 0.5)^2) * (5^-2 + (y - 0.5)^2))", "0,1,0,1", 150, 151],
  ["Genz corner peak (a = 5, 5)", "(1 + 5*x + 5*y)^-3", "0,1,0,1", 140, 99],
  ["Genz Gaussian (a = 5, 5; u = 0.5, 0.5)", "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)", "0,1,0,1", 160, 160],
  ["Genz C0 (a = 5, 5; u = 0.5, 0.5)", "exp(-5*abs(x - 0.5) - 5*abs(y - 0.5))", "0,1,0,1", 101, 103],
  ["Genz discontinuous (u = 0.3, 0.4; a = 2, 3), the issue's", "if(x <= 0.3, if(y <= 0.4, exp(2*x + 3*y), 0), 0)", "0,1,0,1", 170, 90],
  ["the issue's first example", "exp(-(x^2 + y^2))", "-2,2,-2,2", 200, 200],
  ["the issue's MPI example: a bound that is an expression", "1/sqrt(1 + x*x + y*y)", "0,sqrt(2),0,1", 120, 80],
  ["sin(x+y) by the evaluator (misses the fast path)", "sin(y + x)", "-pi,pi/2,0,2pi", 301, 157],
  ["the catalog's fast path, spelt with spaces", "sin(x) * cos(y)", "-pi/2,3pi/4,-1,2.5", 257, 99],
  ["trigonometric and inverse", "tan(x*y/4) + atan(x - y) - asin(x*y/2) + acos(y/3)", "0,1,0,1", 64, 65],
  ["hyperbolic", "sinh(x) * cosh(y) - tanh(x - y)", "-1,2,-2,1", 77, 70],
  ["inverse hyperbolic", "asinh(x + y) + acosh(1 + x*y) + atanh(x*y/2)", "0,1,0,1", 66, 67],
  ["exp and log family", "expm1(x - y) + log1p(x*y) + log2(1 + x) * log10(2 + y) + log(3 + x*y)", "0,2,0,2", 90, 45],
  ["roots and hypot", "sqrt(x*x + y*y) - cbrt(x - y) + hypot(x, y)/2", "-1,1,-1,1", 80, 81],
  ["abs floor ceil sign", "abs(x - y) + floor(3*x) - ceil(2*y) + sign(x - 0.5)", "0,1,0,1", 99, 98],
  ["atan2 pow min max", "atan2(y - 0.5, x - 0.5) + pow(x, y) + min(x, y) * max(x, y)", "0,1,0,1", 88, 89],
  ["every comparison", "(x < y) + (x <= 0.5)*2 + (x > y)*3 + (y >= 0.25)*4 + (floor(4*x) == floor(4*y))*5 + (floor(3*x) != 1)*6", "0,1,0,1", 60, 61],
  ["precedence: unary minus, right-associative power, implicit 2pi", "-x^2 + 2^3^0.5*y - e*pi + 2pi*x/3", "-1,1,0,2", 50, 51],
  ["if: the discarded side's NaN does not leak", "if(x < y, log(y - x), sqrt(x - y)) + if(x > 2, 0/0, 1)", "-1,1,-1.05,1", 70, 71],
  ["nesting", "sin(cos(sin(cos(x*y) + y) - x) * 2)^2 + ((((x + 1)*(y + 2))/3)^-0.5)", "0,3,0,3", 75, 76],
  ["a long expression (24 terms)", terms, "0,pi,0,pi", 64, 63],
  ["a row longer than the y table, odd", "cos(x - y) * exp(-y/100)", "-1,2,0,100", 2, 65537],
  ["constant and x-only parts", "3*x^2 + 2 + 0*y", "0,1,-1,1", 33, 7],
];
const kernels = Object.fromEntries(["scalar", "simd"].map((v) => [v, new WebAssembly.Instance(
  new WebAssembly.Module(readFileSync(new URL(`../dist/kernel/${v}.wasm`, import.meta.url))), {}).exports]));
const utf8 = new TextEncoder();
const bitsOf = (v) => {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, v);
  return "0x" + d.getBigUint64(0).toString(16).padStart(16, "0");
};
const exprVectors = [];
for (const [note, integrand, domainText, nx, ny] of exprCases) {
  const bits = {};
  let record;
  for (const [variant, e] of Object.entries(kernels)) {
    const f = utf8.encode(integrand);
    const d = utf8.encode(domainText);
    const p = e.text(f.length + d.length);
    new Uint8Array(e.memory.buffer).set(f, p);
    new Uint8Array(e.memory.buffer).set(d, p + f.length);
    const code = e.define(f.length, d.length, nx, ny);
    if (code !== 0) throw new Error(`${integrand} ${domainText}: define ${code}`);
    const sums = new Float64Array(nx).map((_, i) => e.rowSum(i));
    const at = e.buffer(nx);
    new Float64Array(e.memory.buffer, at, nx).set(sums);
    const value = e.combine(nx);
    if (!Number.isFinite(value)) throw new Error(`${integrand}: not finite`);
    bits[variant] = bitsOf(value);
    const exact = e.exactValue();
    record = { domain: [0, 1, 2, 3].map((k) => e.bound(k)), exact: Number.isNaN(exact) ? null : exact, catalog: e.catalogId() };
  }
  exprVectors.push({ note, integrand, domain_text: domainText, domain: record.domain, nx, ny, bits, exact: record.exact, catalog: record.catalog });
  process.stdout.write(`${integrand.slice(0, 50)} ${domainText} ${nx}x${ny} ${JSON.stringify(bits)}\n`);
}
writeFileSync(new URL("../test/vectors-expr.json", import.meta.url), JSON.stringify({
  about: "Known answers of the integration2d kernel for integrands and domains given as text (ABI 2: text + define). Same fields as vectors.json (integrand and domain_text are the texts to hand to define; domain is what they parse to, bound(0..3)), plus catalog (catalogId(): the fast path taken, or -1) and note. Every host computes each vector with each kernel build it runs and compares the bits. Regenerate only on purpose: node scripts/make-vectors.mjs --expr",
  abi: 2,
  vectors: exprVectors,
}, null, 2) + "\n");
