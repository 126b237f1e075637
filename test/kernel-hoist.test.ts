// The evaluator's speed-ups change no bit: (1) the row sums, whose programs hoist what depends on y alone into
// column tables and add the last instruction's values straight into the sum, equal the values of the full block
// program (read back through sample() on the problem's own grid) summed in the build's order — for rows that
// fill one y tile, rows longer than a tile (65,536 points: the tables are refilled tile by tile), odd and even
// ny, and trees with more y-only values than there are column tables (not hoisted); (2) the simd build's f64x2
// exp is Math.exp, bit for bit, on every lane: the simd build's exp values equal the scalar build's.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { bitsOf } from "../host/core/record.js";
import { define, rawKernel, VARIANTS } from "./helpers/kernel.js";

/** Knuth's TwoSum step, as assembly/sum.ts: the running pair after adding v. */
const addTo = (p: { s: number; c: number }, v: number) => {
  const t = p.s + v;
  const bp = t - p.s;
  p.c += (p.s - (t - bp)) + (v - bp);
  p.s = t;
};

/** A row's compensated sum of the values f[j], in the order of the build: j in order, or even/odd j in two lanes folded as sum.ts's foldLanes. */
function rowSumOf(f: Float64Array, simd: boolean): number {
  if (!simd) {
    const p = { s: 0, c: 0 };
    for (const v of f) addTo(p, v);
    return p.s + p.c;
  }
  const lane = [{ s: 0, c: 0 }, { s: 0, c: 0 }];
  const pairs = f.length >> 1;
  for (let k = 0; k < pairs; k++) { addTo(lane[0]!, f[2 * k]!); addTo(lane[1]!, f[2 * k + 1]!); }
  if (f.length & 1) addTo(lane[0]!, f[f.length - 1]!);
  const [a, b] = lane as [{ s: number; c: number }, { s: number; c: number }];
  const t = a.s + b.s;
  const bp = t - a.s;
  return t + (((a.s - (t - bp)) + (b.s - bp)) + (a.c + b.c));
}

const HOISTED = [
  "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)", // Genz Gaussian: one column table
  "cos(1.885 + 40*x + 40*y)", // Genz oscillatory
  "1/(0.25 + (x-0.3)^2) * 1/(0.25 + (y-0.6)^2)", // Genz product peak
  "(1 + 3*x + 2*y)^-3", // Genz corner peak
  "sin(y + x)",
  "sin(y)", // y alone: summed from a column table
  "y",
  "x", // x alone: one value per row
  "2.5",
  "if(y <= 0.4, exp(2*x + 3*y), 0) + sqrt(y)*x",
  // more y-only values than column tables (4): the full block program sums it
  "sin(y)*x + cos(y)*x + exp(y)*x + sqrt(y)*x + log1p(y)*x",
];

for (const variant of VARIANTS) {
  test(`${variant}: row sums of the row programs = the full program's values summed in order`, () => {
    const e = rawKernel(variant);
    for (const text of HOISTED) {
      for (const [nx, ny] of [[3, 1001], [2, 1000], [2, 7], [1, 1], [2, 70001]] as const) {
        const r = define(e, text, "0,1,0,1", nx, ny);
        assert.is(r.code, 0, `${text}: ${r.message}`);
        const rows = Array.from({ length: nx }, (_, i) => e.rowSum(i));
        const p = e.sample(nx, ny);
        assert.ok(p !== 0);
        const values = new Float64Array(e.memory.buffer, p, nx * ny).slice();
        for (let i = 0; i < nx; i++) {
          const want = rowSumOf(values.subarray(i * ny, (i + 1) * ny), variant === "simd");
          assert.is(bitsOf(rows[i]!), bitsOf(want), `${text}, ${nx}×${ny}, row ${i}`);
        }
      }
    }
  });
}

test("simd exp = scalar Math.exp on every lane (10⁶ points over its special cases too)", () => {
  const [scalar, simd] = [rawKernel("scalar"), rawKernel("simd")];
  // y from tiny through the main path to overflow and underflow; x scales it through 0 and both signs
  for (const [text, domain] of [["exp(y)", "0,1,-760,760"], ["exp(x*y)", "-1,1,-1e-15,1e-15"], ["exp(x*y)", "-3,3,-250,250"],
    ["exp(y - x)", "0,700,-20,20"]] as const) {
    const values = [scalar, simd].map((e) => {
      assert.is(define(e, text, domain, 1000, 1000).code, 0);
      const p = e.sample(1000, 1000);
      return new BigUint64Array(e.memory.buffer, p, 1000 * 1000).slice();
    }) as [BigUint64Array, BigUint64Array];
    for (let k = 0; k < values[0].length; k++) {
      if (values[0][k] !== values[1][k]) assert.unreachable(`${text} on ${domain}: point ${k}: scalar 0x${values[0][k]!.toString(16)}, simd 0x${values[1][k]!.toString(16)}`);
    }
  }
});

test.run();
