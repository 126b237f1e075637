// ABI 2: the integrand and the domain as text, parsed, checked and evaluated by the kernel, in both builds.

import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bitsOf } from "../host/core/record.js";
import { define, integrateRows, messageOf, rawKernel, root, VARIANTS, type Vector, vectors } from "./helpers/kernel.js";

const CATALOG = ["sin(x+y)", "sin(x)*cos(y)", "exp(x+y)", "x*y", "1/(1+x+y)"];
/** The same program written differently: still the fast path. */
const SPELLED = ["sin( x+y )", "(sin(x)) * cos(y)", "+exp(x + y)", "(x)*(y)", "1/(1 + x + y)"];
/** Equal at every point, bit for bit (IEEE + and × commute), but another program: the evaluator. */
const MISSED = ["sin(y + x)", "cos(y) * sin(x)", "exp(y+x)", "y*x", "1/(x+1+y)"];

interface BadCase { field: string; text: string; integrand?: string; domain?: string; code: number; column: number; message: string }
const bad = JSON.parse(readFileSync(new URL("test/cases/bad-expressions.json", root), "utf8")) as {
  defaults: { integrand: string; domain: string; nx: number; ny: number };
  cases: BadCase[];
};

const exprVectors = JSON.parse(readFileSync(new URL("test/vectors-expr.json", root), "utf8")).vectors as (Vector & { catalog: number })[];

const constant = (e: ReturnType<typeof rawKernel>, text: string): number => {
  const r = define(e, text, "0,1,0,1", 1, 1);
  assert.is(r.code, 0, `${text}: ${r.message}`);
  return integrateRows(e, 1); // one cell of area 1: the value itself
};

test("the case file has at least 50 refusals, each message once per text", () => {
  assert.ok(bad.cases.length >= 50, `${bad.cases.length} cases`);
  assert.ok(new Set(bad.cases.map((c) => `${c.field}\u0000${c.text}`)).size === bad.cases.length);
});

/**
 * What the hosts' own domain parsers (gone with ABI 2) made of a bound: a decimal as Number() reads it, or a π
 * form [sign][k][*]pi|π[/m] as (k × Math.PI) / m, each step rounded once. The oracle for "the forms keep their doubles".
 */
function oldDomainForm(text: string): number {
  const m = /^([+-]?)(\d+\.?\d*(?:e\d+)?|\.\d+)?\*?(?:pi|π)(?:\/(\d+))?$/.exec(text);
  if (!m) return Number(text);
  const v = (Number(m[2] ?? "1") * Math.PI) / Number(m[3] ?? "1");
  return m[1] === "-" ? -v : v;
}

for (const variant of VARIANTS) {
  test(`${variant}: every case of test/cases/bad-expressions.json: code, field, column and message`, () => {
    const e = rawKernel(variant);
    const fields = ["integrand", "domain", "nx", "ny"];
    for (const c of bad.cases) {
      const p = { ...bad.defaults, ...(c.integrand ? { integrand: c.integrand } : {}), ...(c.domain ? { domain: c.domain } : {}) };
      if (c.field === "nx" || c.field === "ny") p[c.field] = Number(c.text);
      else p[c.field as "integrand" | "domain"] = c.text;
      const r = define(e, p.integrand, p.domain, p.nx, p.ny);
      const what = `${c.field} ${JSON.stringify(c.text.slice(0, 60))}`;
      assert.is(r.message, c.message, what);
      assert.is(r.code, c.code, what);
      assert.is(fields[r.field], c.field, what);
      assert.is(r.column, c.column, what);
      assert.ok(Number.isNaN(e.rowSum(0)), `${what}: the instance is unset`);
      assert.is(e.catalogId(), -1);
    }
  });

  test(`${variant}: invalid UTF-8 is refused with its column`, () => {
    const e = rawKernel(variant);
    for (const [bytes, column] of [[[0x78, 0x2b, 0xff], 3], [[0x78, 0xc3], 2], [[0xcf, 0x80, 0x2a, 0xed, 0xa0, 0x80], 3], [[0xc0, 0x80], 1], [[0xf4, 0x90, 0x80, 0x80], 1]] as const) {
      const r = define(e, new Uint8Array(bytes), "0,1,0,1", 4, 4);
      assert.equal([r.code, r.field, r.column, r.message], [-1, 0, column, `invalid UTF-8 at column ${column}`], `${bytes}`);
      const d = define(e, "x", new Uint8Array(bytes), 4, 4);
      assert.equal([d.code, d.field, d.column], [-8, 1, column]);
    }
    assert.is(e.text(-1), 0);
    assert.is(e.text(8193), 0);
    assert.ok(e.text(8192) > 0);
    assert.is(e.maxText(), 4096);
  });

  test(`${variant}: every vector, through the catalog's fast path and through the evaluator, bit for bit`, () => {
    const e = rawKernel(variant);
    for (const v of vectors) {
      const id = CATALOG.indexOf(v.integrand);
      for (const [text, fast] of [[CATALOG[id]!, true], [SPELLED[id]!, true], [MISSED[id]!, false]] as const) {
        if (!fast && v.nx * v.ny > 2e7 && variant === "scalar") continue; // the 10⁸-point vector: once per build is enough
        const r = define(e, text, v.domain_text, v.nx, v.ny);
        assert.is(r.code, 0, r.message);
        assert.is(e.catalogId(), fast ? id : -1, text);
        assert.equal([0, 1, 2, 3].map((k) => e.bound(k)), v.domain, v.domain_text);
        assert.is(bitsOf(integrateRows(e, v.nx)), v.bits[variant], `${text} ${v.domain_text} ${v.nx}x${v.ny}`);
        if (fast) assert.is(e.exactValue(), v.exact);
        else assert.ok(Number.isNaN(e.exactValue()));
      }
    }
  });

  test(`${variant}: every vector in test/vectors-expr.json, bit for bit`, () => {
    const e = rawKernel(variant);
    assert.ok(exprVectors.length >= 20);
    for (const v of exprVectors) {
      const r = define(e, v.integrand, v.domain_text, v.nx, v.ny);
      assert.is(r.code, 0, r.message);
      assert.equal([0, 1, 2, 3].map((k) => e.bound(k)), v.domain, v.domain_text);
      assert.is(e.catalogId(), v.catalog);
      assert.is(bitsOf(integrateRows(e, v.nx)), v.bits[variant], `${v.integrand} ${v.domain_text} ${v.nx}x${v.ny}`);
      assert.is(Number.isNaN(e.exactValue()) ? null : e.exactValue(), v.exact);
    }
  });

  test(`${variant}: today's domain forms keep their doubles`, () => {
    const e = rawKernel(variant);
    const forms = ["pi", "-pi", "2pi", "3pi/4", "0.5*pi", "pi/2", "-pi/2", "2*pi", "-3pi/4", "π", "2π", "1e-3", "-2.5", ".5", "6.02E23", "+pi", "1e2pi/3"];
    for (const f of forms) {
      const r = define(e, "x", `${f},1e30,0,1`, 1, 1);
      assert.is(r.code, 0, `${f}: ${r.message}`);
      const old = oldDomainForm(f);
      assert.is(bitsOf(e.bound(0)), bitsOf(old), f);
    }
    for (const [text, value] of [["sqrt(2)", Math.SQRT2], ["e^2", Math.E * Math.E], ["-2*pi", -2 * Math.PI], ["atan2(1, 1)*4", null]] as const) {
      assert.is(define(e, "x", `${text},100,0,1`, 1, 1).code, 0);
      if (value !== null) assert.is(e.bound(0), value, text);
    }
    assert.ok(Number.isNaN(e.bound(4)));
  });

  test(`${variant}: numbers are read as Number(text) reads them, for any number of digits`, () => {
    const e = rawKernel(variant);
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const digits = (n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? 1 + rnd(9) : rnd(10))).join("");
    const texts: string[] = [
      "0.1", "1e23", "8.98846567431158e307", "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324",
      "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
      "9007199254740993", "9007199254740992.5", "0.000000000000000000000000000001", "1e-400", "123456789012345678901234567890",
      "5.", "00012.5000", "1.e5", "3.0e-0", "7E+2",
    ];
    for (let k = 0; k < 300; k++) {
      const n = [1, 2, 5, 15, 16, 17, 18, 19, 20, 25, 40, 100, 400, 1200][k % 14]!;
      const d = digits(n);
      const point = rnd(n + 1);
      const ex = rnd(640) - 330;
      texts.push(`${d.slice(0, point) || "0"}.${d.slice(point)}e${ex}`);
    }
    // exact midpoints between neighbouring doubles (ties go to even), and just above and below them
    const view = new DataView(new ArrayBuffer(8));
    for (let k = 0; k < 120; k++) {
      const hi = k % 3 === 0 ? rnd(2047) : k % 3 === 1 ? rnd(4) : 2040 + rnd(6); // ordinary, subnormal, near the top
      view.setUint32(0, ((hi << 20) | rnd(1 << 20)) >>> 0);
      view.setUint32(4, (rnd(65536) << 16) | rnd(65536));
      const bits = view.getBigUint64(0);
      const exp = Number(bits >> 52n);
      const frac = bits & ((1n << 52n) - 1n);
      const m = exp === 0 ? frac : frac | (1n << 52n);
      const e2 = (exp === 0 ? -1074 : exp - 1075) - 1; // mid = (2m+1)·2^e2
      let num = 2n * m + 1n;
      let scale = 0;
      if (e2 >= 0) num <<= BigInt(e2);
      else { num *= 5n ** BigInt(-e2); scale = -e2; }
      for (const [tail, delta] of [["", 0n], ["1", 1n], ["", -1n]] as const) {
        let s = num.toString() + (tail ? "0".repeat(3) : "");
        if (delta !== 0n) s = (BigInt(s + (delta > 0n ? "" : "000")) + delta).toString();
        const sc = scale + (tail ? 3 : 0) + (delta < 0n ? 3 : 0);
        const t = `${s}e-${sc}`;
        if (t.length < 4000) texts.push(t);
      }
    }
    let checked = 0;
    for (const t of texts) {
      const want = Number(t);
      if (!Number.isFinite(want)) continue;
      assert.is(bitsOf(constant(e, t)), bitsOf(want), t.length > 80 ? `${t.slice(0, 40)}…${t.slice(-30)} (${t.length})` : t);
      checked++;
    }
    assert.ok(checked > 600, `${checked}`);
    const r = define(e, "1.7976931348623159e308", "0,1,0,1", 1, 1);
    assert.is(r.message, "number '1.7976931348623159e308' is too large for a double at column 1");
  });

  test(`${variant}: numbers in messages read as JavaScript's String(v) writes them`, () => {
    const e = rawKernel(variant);
    const view = new DataView(new ArrayBuffer(8));
    let seed = 99;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
    const values = [0.1, 0.2 * 1.5, 1 / 3, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 2 ** 53, 0.000001,
      1.5e-6, 100, 1e300, -2.5, 4.35, 0.1 + 0.2, 1 / 6, 2.2250738585072014e-308, 9.5367431640625e-7];
    for (let k = 0; k < 2000; k++) {
      view.setUint32(0, rnd() % 0x7ff00000);
      view.setUint32(4, rnd() * 2 + (rnd() & 1));
      values.push(view.getFloat64(0));
    }
    for (const v of values) {
      const r = define(e, "x", `${v},${v},0,1`, 1, 1);
      assert.is(r.message, `ax must be less than bx (here ax = ${v}, bx = ${v}) at column ${String(v).length + 2}`);
    }
  });

  test(`${variant}: precedence and associativity`, () => {
    const e = rawKernel(variant);
    const cases: [string, number][] = [
      ["2^3^2", 512], ["2**3**2", 512], ["(2^3)^2", 64], ["-2^2", -4], ["(-2)^2", 4], ["2^-1", 0.5], ["-2*3", -6],
      ["2*-3", -6], ["1-2-3", -4], ["8/4/2", 1], ["2+3*4", 14], ["(2+3)*4", 20], ["1 < 2", 1], ["2 < 1", 0], ["1 <= 1", 1],
      ["2 > 1", 1], ["1 >= 2", 0], ["1 == 1", 1], ["1 != 1", 0], ["1 + 1 < 3", 1], ["(1 < 2) + 1", 2], ["- - 3", 3],
      ["+3", 3], ["2pi", 2 * Math.PI], ["3pi/4", (3 * Math.PI) / 4], ["2pi^2", 2 * Math.PI ** 2], ["e", Math.E],
      ["if(1, 2, 3)", 2], ["if(0, 2, 3)", 3], ["if(0/0, 2, 3)", 2], ["if(1 < 2, 5, log(-1))", 5], ["min(2, 3)", 2],
      ["max(2, 3)", 3], ["pow(2, 10)", 1024], ["abs(-2.5)", 2.5], ["floor(-2.5)", -3], ["ceil(2.1)", 3], ["sign(-3)", -1],
      ["sqrt(16)", 4], ["hypot(3, 4)", 5], [".5", 0.5], ["1e-3", 0.001], ["6.02E23", 6.02e23], ["2^0.5", Math.SQRT2],
    ];
    for (const [text, want] of cases) assert.is(constant(e, text), want, text);
  });

  test(`${variant}: every function and operator against JavaScript's Math on a small grid`, () => {
    const e = rawKernel(variant);
    const M = Math;
    const cases: [string, (x: number, y: number) => number, string][] = [
      ["sin(x)*y", (x, y) => M.sin(x) * y, "-2,3,0,1"], ["cos(x+y)", (x, y) => M.cos(x + y), "-2,3,0,1"],
      ["tan(x*y)", (x, y) => M.tan(x * y), "0,1,0,1"], ["asin(x*y)", (x, y) => M.asin(x * y), "-1,1,0,1"],
      ["acos(x-y)", (x, y) => M.acos(x - y), "0,1,0,1"], ["atan(x/y)", (x, y) => M.atan(x / y), "-5,5,1,2"],
      ["sinh(x)+y", (x, y) => M.sinh(x) + y, "-3,3,0,1"], ["cosh(x-y)", (x, y) => M.cosh(x - y), "-3,3,0,1"],
      ["tanh(x*y)", (x, y) => M.tanh(x * y), "-3,3,-1,1"], ["asinh(x+y)", (x, y) => M.asinh(x + y), "-3,3,0,1"],
      ["acosh(x+y)", (x, y) => M.acosh(x + y), "1,3,0,1"], ["atanh(x*y)", (x, y) => M.atanh(x * y), "-0.9,0.9,0,1"],
      ["exp(x-y)", (x, y) => M.exp(x - y), "-3,3,0,1"], ["expm1(x*y)", (x, y) => M.expm1(x * y), "-1,1,-1,1"],
      ["log(x+y)", (x, y) => M.log(x + y), "0,3,0,1"], ["log1p(x*y)", (x, y) => M.log1p(x * y), "0,1,0,1"],
      ["log2(x+y)", (x, y) => M.log2(x + y), "0,3,0,1"], ["log10(x+y)", (x, y) => M.log10(x + y), "0,3,0,1"],
      ["sqrt(x+y)", (x, y) => M.sqrt(x + y), "0,3,0,1"], ["cbrt(x-y)", (x, y) => M.cbrt(x - y), "-3,3,0,1"],
      ["abs(x-y)", (x, y) => M.abs(x - y), "-3,3,0,1"], ["floor(x*y)", (x, y) => M.floor(x * y), "-3,3,0,2"],
      ["ceil(x*y)", (x, y) => M.ceil(x * y), "-3,3,0,2"], ["sign(x-y)", (x, y) => M.sign(x - y), "-3,3,0,1"],
      ["atan2(y, x)", (x, y) => M.atan2(y, x), "-3,3,-1,1"], ["pow(x, y)", (x, y) => M.pow(x, y), "0,3,-1,2"],
      ["x^y", (x, y) => M.pow(x, y), "0,3,-1,2"], ["x^2 + y^3", (x, y) => x * x + M.pow(y, 3), "-1,3,-1,2"],
      ["hypot(x, y)", (x, y) => M.hypot(x, y), "-3,3,-1,2"], ["min(x, y)", (x, y) => M.min(x, y), "-1,1,-1,1"],
      ["max(x, y)", (x, y) => M.max(x, y), "-1,1,-1,1"], ["x - y / 3", (x, y) => x - y / 3, "-1,1,-1,1"],
      ["x < y", (x, y) => +(x < y), "-1,1,-1,1"], ["x <= y", (x, y) => +(x <= y), "-1,1,-1,1"],
      ["x > y", (x, y) => +(x > y), "-1,1,-1,1"], ["x >= y", (x, y) => +(x >= y), "-1,1,-1,1"],
      ["floor(4*x) == floor(4*y)", (x, y) => +(M.floor(4 * x) === M.floor(4 * y)), "0,1,0,1"],
      ["floor(4*x) != floor(4*y)", (x, y) => +(M.floor(4 * x) !== M.floor(4 * y)), "0,1,0,1"],
      ["if(x < y, log(y - x), sqrt(x - y))", (x, y) => (x < y ? M.log(y - x) : M.sqrt(x - y)), "-1,1,-1.05,1"],
      ["-x^2 * e + pi", (x) => -(x * x) * M.E + M.PI, "-1,1,0,1"], ["sin(x)", (x) => M.sin(x), "0,2,0,1"],
      ["7", () => 7, "0,2,0,1"], ["y", (x, y) => y, "0,2,0,3"],
    ];
    for (const [nx, ny] of [[6, 7], [3, 1]] as const) {
      for (const [text, f, domain] of cases) {
        const r = define(e, text, domain, nx, ny);
        assert.is(r.code, 0, `${text}: ${r.message}`);
        const [ax, bx, ay, by] = domain.split(",").map(Number) as [number, number, number, number];
        const hx = (bx - ax) / nx;
        const hy = (by - ay) / ny;
        let sum = 0;
        let size = 0;
        for (let i = 0; i < nx; i++) {
          for (let j = 0; j < ny; j++) {
            const v = f(ax + hx * (i + 0.5), ay + hy * (j + 0.5));
            sum += v;
            size += Math.abs(v);
          }
        }
        const got = integrateRows(e, nx);
        const want = sum * hx * hy;
        assert.ok(Math.abs(got - want) <= 1e-13 * size * hx * hy + 1e-300, `${text} ${nx}x${ny}: ${got} vs ${want}`);
      }
    }
  });

  test(`${variant}: a non-finite point fails the run with the first such point in row order`, () => {
    const e = rawKernel(variant);
    assert.is(define(e, "1/x", "-1,1,0,1", 101, 57).code, 0);
    assert.ok(Number.isNaN(integrateRows(e, 101)));
    assert.is(messageOf(e), "integrand is not finite at x = 0, y = 0.008771929824561403 (value Inf)");
    assert.is(define(e, "log(x - y)", "0,1,0,1", 4, 5).code, 0);
    assert.ok(Number.isNaN(integrateRows(e, 4)));
    assert.is(messageOf(e), "integrand is not finite at x = 0.125, y = 0.30000000000000004 (value NaN)");
    assert.is(define(e, "if(y > 0.8, -1/(x - 0.375), 0)", "0,1,0,1", 4, 5).code, 0);
    assert.ok(!Number.isFinite(integrateRows(e, 4))); // TwoSum turns ±Inf into NaN
    assert.is(messageOf(e), "integrand is not finite at x = 0.375, y = 0.9 (value -Inf)");
    assert.is(define(e, "1e308 + x", "0,1,0,1", 3, 9).code, 0);
    assert.ok(!Number.isFinite(integrateRows(e, 3)));
    assert.match(messageOf(e), /^the integral overflows: the sum of f over the row at x = 0\.16666666666666666 is beyond the largest double$/);
    assert.is(define(e, "1e307", "0,1e3,0,1", 30, 1).code, 0);
    assert.ok(!Number.isFinite(integrateRows(e, 30)));
    assert.is(messageOf(e), "the integral overflows: the row sums add up to more than the largest double");
    assert.is(define(e, "1e300", "0,1e10,0,1e10", 1, 1).code, 0);
    assert.ok(!Number.isFinite(integrateRows(e, 1)));
    assert.is(messageOf(e), "the integral overflows: the sum of f over the grid (1e+300) times the cell area (100000000000000000000) is beyond the largest double");
    // the discarded side of if() does not leak, and a finite run leaves no message
    assert.is(define(e, "if(x < 0.5, 1, if(x < 2, 0, log(-1))) + if(y > 2, 0/0, 0)", "0,1,0,1", 10, 10).code, 0);
    assert.ok(Math.abs(integrateRows(e, 10) - 0.5) < 1e-15);
    assert.is(e.messageLength(), 0);
    // the catalog's fast path too (exp overflows on a large domain)
    assert.is(define(e, "exp(x+y)", "0,800,0,1", 8, 3).code, 0);
    assert.is(e.catalogId(), 2);
    assert.ok(!Number.isFinite(integrateRows(e, 8)));
    assert.match(messageOf(e), /^integrand is not finite at x = 750, y = 0\.16666666666666666 \(value Inf\)$/);
  });

  test(`${variant}: sample() is f on a coarse grid, x outer`, () => {
    const e = rawKernel(variant);
    assert.is(e.sample(2, 2), 0, "nothing defined yet");
    assert.is(define(e, "x + 10*y", "0,1,0,2", 5, 5).code, 0);
    for (const [gx, gy] of [[3, 4], [1, 1], [2, 301]] as const) {
      const p = e.sample(gx, gy);
      assert.ok(p > 0);
      const got = Array.from(new Float64Array(e.memory.buffer, p, gx * gy));
      const want: number[] = [];
      for (let i = 0; i < gx; i++) for (let j = 0; j < gy; j++) want.push((1 / gx) * (i + 0.5) + 10 * ((2 / gy) * (j + 0.5)));
      assert.equal(got, want, `${gx}x${gy}`);
    }
    for (const [gx, gy] of [[0, 3], [3, 0], [-1, 2], [10000, 10000]] as const) assert.is(e.sample(gx, gy), 0);
    assert.is(define(e, "log(x)", "-1,1,0,1", 5, 5).code, 0);
    const p = e.sample(2, 1);
    assert.equal(Array.from(new Float64Array(e.memory.buffer, p, 2)).map(String), ["NaN", "-0.6931471805599453"]);
  });

  test(`${variant}: setup (ABI 1) still works and sets bound, catalogId and exactValue`, () => {
    const e = rawKernel(variant);
    assert.is(e.setup(2, 0, 1, -1, 1, 10, 10), 0);
    assert.equal([e.catalogId(), e.bound(0), e.bound(1), e.bound(2), e.bound(3)], [2, 0, 1, -1, 1]);
    assert.is(e.exactValue(), e.exact(2, 0, 1, -1, 1));
    assert.ok(e.sample(2, 2) > 0);
    assert.is(e.setup(9, 0, 1, 0, 1, 10, 10), -1);
    assert.is(e.catalogId(), -1);
    assert.ok(Number.isNaN(e.bound(0)) && Number.isNaN(e.exactValue()));
  });

  test(`${variant}: define allocates nothing: memory stays the same size over many defines`, () => {
    const e = rawKernel(variant);
    assert.is(define(e, "sin(x)*y", "0,1,0,1", 64, 64).code, 0);
    integrateRows(e, 64);
    e.sample(8, 8);
    const size = e.memory.buffer.byteLength;
    const texts = ["sin(y + x)", "sinn(x)", "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)", "x +", "if(x<y,1,2)", "1/x", "PI", "\u00a0"];
    for (let k = 0; k < 40000; k++) {
      const t = texts[k % texts.length]!;
      const r = define(e, t, k % 3 ? "0,1,0,1" : "0,pi/2,-1,x", 4, 3);
      if (r.code === 0) e.rowSum(k % 4);
    }
    assert.is(e.memory.buffer.byteLength, size);
  });
}

test("both builds give the same bounds (scalar Math in either) and the same messages", () => {
  const [a, b] = VARIANTS.map(rawKernel);
  for (const d of ["sin(1),exp(1),tan(1)-2,cos(1)", "-pi/3,atan2(1,3)*7,log(2),sqrt(7)", "0,1e-3,-cbrt(9),hypot(2,3)", "-e,pi^pi,-1,1"]) {
    assert.is(define(a!, "x", d, 1, 1).code, 0);
    assert.is(define(b!, "x", d, 1, 1).code, 0);
    for (let k = 0; k < 4; k++) assert.is(bitsOf(a!.bound(k)), bitsOf(b!.bound(k)), `${d} bound ${k}`);
  }
});

test.run();
