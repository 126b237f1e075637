// The kernel as any runtime sees it: its imports and exports, its argument checks, its known answers, and
// its values against the closed forms within the midpoint rule's error bound.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { bitsOf } from "../host/core/record.js";
import type { Kernel } from "../host/core/kernel.js";
import { loadKernel, VARIANTS, vectors, wasmBytes } from "./helpers/kernel.js";

const NAMES = ["sin(x+y)", "sin(x)*cos(y)", "exp(x+y)", "x*y", "1/(1+x+y)"];
const FUNCTIONS = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "exp",
  "expm1", "log", "log1p", "log2", "log10", "sqrt", "cbrt", "abs", "floor", "ceil", "sign", "atan2", "pow", "hypot", "min",
  "max", "if"];

/** define() on a catalog name and numeric bounds (String(b) reads back as b); returns the closed form. */
function define(k: Kernel, integrand: string, d: readonly number[], nx: number, ny: number): number {
  const r = k.define({ integrand, domain: d.map(String).join(","), nx, ny });
  if (!r.ok) throw new Error(`define refused ${integrand} on [${d}]: ${r.message}`);
  assert.equal(r.bounds, [...d], "the bounds read back as given");
  return r.exact;
}
const rows = (k: Kernel, nx: number) => k.combine(new Float64Array(nx).map((_, i) => k.rowSum(i)));

for (const variant of VARIANTS) {
  test(`${variant}: imports nothing, exports only numeric functions and memory`, () => {
    const m = new WebAssembly.Module(wasmBytes(variant) as Uint8Array<ArrayBuffer>);
    assert.is(WebAssembly.Module.imports(m).length, 0);
    const exports = WebAssembly.Module.exports(m);
    assert.equal(exports.filter((e) => e.kind !== "function").map((e) => `${e.kind}:${e.name}`), ["memory:memory"]);
    assert.equal(exports.map((e) => e.name).sort(), [
      "abiVersion", "adaptiveBegin", "adaptiveError", "adaptiveRound", "adaptiveValue", "bound", "buffer", "catalogId",
      "checkTolerance", "combine", "combineError", "define", "defineRule", "errorColumn", "errorField", "evaluatePending",
      "evaluationCount", "evaluationsPerCell", "exact", "exactValue", "integrandCount", "integrandName", "mapTrig",
      "maxCells", "maxRegions", "maxText", "memory", "message", "messageLength", "metadata", "pendingCount",
      "pendingRects", "pendingResults", "regionAbs", "regionCount", "regionError", "regionRule", "regionSplit", "regions",
      "roundCount", "rowError", "rowSum", "ruleId", "sample", "setup", "text", "variant",
    ]);
  });

  test(`${variant}: metadata, names and variant agree`, () => {
    const k = loadKernel(variant);
    const e = k.exports;
    assert.equal(k.meta, {
      abi: 2, variant, maxCells: 10_000_000, maxText: 4096, maxDepth: 64, rules: ["midpoint", "gauss", "gk21"], maxPoints: 20, maxRegions: 1_048_576,
      integrands: NAMES, functions: FUNCTIONS,
      constants: ["pi", "e"], variables: ["x", "y"],
    });
    assert.is(e.abiVersion(), 2);
    assert.is(e.variant(), variant === "simd" ? 1 : 0);
    assert.is(e.integrandCount(), NAMES.length);
    NAMES.forEach((name, id) => assert.is(e.__getString(e.integrandName(id)), name));
    assert.is(e.integrandName(-1), 0);
    assert.is(e.integrandName(5), 0);
  });

  test(`${variant}: setup refuses bad problems with its documented codes and unsets the instance`, () => {
    const e = loadKernel(variant).exports;
    const ok = [0, 0, 1, 0, 1, 10, 10] as const;
    assert.is(e.setup(...ok), 0);
    assert.ok(Number.isFinite(e.rowSum(0)));
    const bad: [number[], number][] = [
      [[-1, 0, 1, 0, 1, 10, 10], -1],
      [[5, 0, 1, 0, 1, 10, 10], -1],
      [[0, 0, 1, 0, 1, 0, 10], -2],
      [[0, 0, 1, 0, 1, -3, 10], -2],
      [[0, 0, 1, 0, 1, 10_000_001, 10], -2],
      [[0, 0, 1, 0, 1, 10, 0], -3],
      [[0, NaN, 1, 0, 1, 10, 10], -4],
      [[0, 0, Infinity, 0, 1, 10, 10], -4],
      [[0, 0, 1, -Infinity, 1, 10, 10], -4],
      [[0, 1, 1, 0, 1, 10, 10], -5],
      [[0, 0, 1, 2, 1, 10, 10], -5],
      [[4, -1, 1, 0, 1, 10, 10], -6],
      [[4, -0.5, 1, -0.5, 1, 10, 10], -6],
    ];
    for (const [args, code] of bad) {
      assert.is(e.setup(...(args as Parameters<typeof e.setup>)), code, `setup(${args})`);
      assert.ok(Number.isNaN(e.rowSum(0)), "rowSum after a refused setup is NaN");
      assert.ok(Number.isNaN(e.combine(10)), "combine after a refused setup is NaN");
      assert.ok(Number.isNaN(e.exact(...(args.slice(0, 5) as [number, number, number, number, number]))) || code === -2 || code === -3);
    }
  });

  test(`${variant}: rowSum and combine refuse indices and counts outside the grid`, () => {
    const e = loadKernel(variant).exports;
    assert.is(e.setup(3, 0, 1, 0, 1, 4, 4), 0);
    for (const i of [-1, 4, 1 << 30]) assert.ok(Number.isNaN(e.rowSum(i)), `rowSum(${i})`);
    e.buffer(4);
    assert.ok(Number.isNaN(e.combine(3)));
    assert.ok(Number.isNaN(e.combine(5)));
    assert.is(e.buffer(-1), 0);
    assert.is(e.buffer(10_000_001), 0);
    assert.is(e.mapTrig(2, 1), -1);
  });

  test(`${variant}: every vector in test/vectors.json, bit for bit`, () => {
    const k = loadKernel(variant);
    for (const v of vectors) {
      const what = `${v.integrand} ${v.domain_text} ${v.nx}x${v.ny}`;
      // ABI 2: the texts, as every host now hands them over.
      const d = k.define({ integrand: v.integrand, domain: v.domain_text, nx: v.nx, ny: v.ny });
      assert.ok(d.ok, `${what}: ${d.ok || d.message}`);
      if (!d.ok) continue;
      assert.equal(d.bounds, v.domain, `${v.domain_text} reads as the vector's doubles`);
      assert.is(d.exact, v.exact);
      assert.is(bitsOf(rows(k, v.nx)), v.bits[variant], what);
      // ABI 1 keeps working: the catalog id and the doubles.
      const id = NAMES.indexOf(v.integrand);
      assert.is(k.exports.setup(id, ...(v.domain as [number, number, number, number]), v.nx, v.ny), 0);
      assert.is(bitsOf(rows(k, v.nx)), v.bits[variant], `${what} (ABI 1 setup)`);
      assert.is(k.exports.exact(id, ...(v.domain as [number, number, number, number])), v.exact);
    }
  });

  test(`${variant}: rows combine the same in any order of computation`, () => {
    const k = loadKernel(variant);
    define(k, "sin(x)*cos(y)", [0, 2, -1, 3], 37, 41);
    const forward = new Float64Array(37).map((_, i) => k.rowSum(i));
    const backward = new Float64Array(37);
    for (let i = 36; i >= 0; i--) backward[i] = k.rowSum(i);
    assert.is(bitsOf(k.combine(forward)), bitsOf(k.combine(backward)));
  });
}

// Midpoint rule on a rectangle: |E| ≤ (bx−ax)(by−ay)/24 · (hx²·max|f_xx| + hy²·max|f_yy|), plus rounding.
const secondDerivativeBound: Record<string, (d: number[]) => number> = {
  "sin(x+y)": () => 1,
  "sin(x)*cos(y)": () => 1,
  "exp(x+y)": ([, bx, , by]) => Math.exp(bx! + by!),
  "x*y": () => 0,
  "1/(1+x+y)": ([ax, , ay]) => 2 / (1 + ax! + ay!) ** 3,
};
const maxAbs: Record<string, (d: number[]) => number> = {
  "sin(x+y)": () => 1,
  "sin(x)*cos(y)": () => 1,
  "exp(x+y)": ([, bx, , by]) => Math.exp(bx! + by!),
  "x*y": ([ax, bx, ay, by]) => Math.max(Math.abs(ax!), Math.abs(bx!)) * Math.max(Math.abs(ay!), Math.abs(by!)),
  "1/(1+x+y)": ([ax, , ay]) => 1 / (1 + ax! + ay!),
};
const DOMAINS: Record<string, number[][]> = {
  "sin(x+y)": [[0, Math.PI, 0, Math.PI], [-1, 2, 0.5, 4], [-Math.PI, Math.PI / 2, 0, 2 * Math.PI]],
  "sin(x)*cos(y)": [[0, Math.PI, 0, Math.PI], [-2, 1, -3, 3], [10, 12, -1, 0.5]],
  "exp(x+y)": [[0, 1, 0, 1], [-2, 0.5, -1, 1], [1, 3, 0, 2]],
  "x*y": [[0, 1, 0, 2], [-3, 1, -2, 5], [0.5, 0.75, 100, 101]],
  "1/(1+x+y)": [[0, 1, 0, 1], [-0.5, 2, -0.25, 3], [2, 10, 5, 6]],
};

for (const variant of VARIANTS) {
  test(`${variant}: every integrand within the midpoint error bound of its closed form`, () => {
    const k = loadKernel(variant);
    NAMES.forEach((name) => {
      for (const d of DOMAINS[name]!) {
        for (const [nx, ny] of [[16, 16], [100, 37], [400, 400]] as const) {
          const exact = define(k, name, d, nx, ny);
          const value = rows(k, nx);
          const [ax, bx, ay, by] = d as [number, number, number, number];
          const area = (bx - ax) * (by - ay);
          const hx = (bx - ax) / nx;
          const hy = (by - ay) / ny;
          const bound = (area / 24) * (hx * hx + hy * hy) * secondDerivativeBound[name]!(d);
          const rounding = 1e-13 * (area * maxAbs[name]!(d) + Math.abs(exact));
          const err = Math.abs(value - exact);
          assert.ok(err <= bound + rounding, `${name} on [${d}] ${nx}x${ny}: |${value} − ${exact}| = ${err} > ${bound} + ${rounding}`);
        }
      }
    });
  });

  test(`${variant}: the error shrinks as h² (ratio ≈ 4 per halving) where f'' ≠ 0`, () => {
    const k = loadKernel(variant);
    for (const [id, d] of [[2, [0, 1, 0, 1]], [4, [0, 1, 0, 1]], [1, [0.3, 1.2, 0.1, 0.9]]] as const) {
      const err = (n: number) => {
        const exact = define(k, NAMES[id]!, d, n, n);
        return Math.abs(rows(k, n) - exact);
      };
      const ratio = err(100) / err(200);
      assert.ok(ratio > 3.9 && ratio < 4.1, `${NAMES[id]}: err(100)/err(200) = ${ratio}`);
    }
  });
}

test("simd and scalar agree to the last bit where no sin/cos is involved", () => {
  const same = vectors.filter((v) => ["x*y", "1/(1+x+y)", "exp(x+y)"].includes(v.integrand));
  assert.ok(same.length >= 5);
  // Compensated sums make the lane order irrelevant at these sizes: the two builds must agree exactly.
  for (const v of same) assert.is(v.bits.simd, v.bits.scalar, `${v.integrand} ${v.domain_text}`);
});

test.run();
