// The simd rows take sin/cos by two paths: blocks where every lane uses one polynomial with no branch, and the
// checked functions for the groups those blocks cannot take (a lane near a multiple of π/2, or a quadrant of the
// other parity). The promise is that the path never shows: each row sum must equal, bit for bit, the sum of the
// checked vsin/vcos values (the kernel's mapTrig) added in the documented lane order. Rows here are long enough
// for many blocks and cross many quadrants, some domains sit on multiples of π/2, and a few rows are longer than
// the table of y values, so that blocks meet its tile boundaries.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { bitsOf } from "../host/core/record.js";
import { loadKernel } from "./helpers/kernel.js";

const k = loadKernel("simd").exports;

/** The checked simd sin (which = 0) or cos (1) of each value, through the kernel's mapTrig. */
function trig(which: 0 | 1, xs: Float64Array): Float64Array {
  const ptr = k.buffer(xs.length);
  new Float64Array(k.memory.buffer, ptr, xs.length).set(xs);
  assert.is(k.mapTrig(which, xs.length), 0);
  return new Float64Array(k.memory.buffer, k.buffer(xs.length), xs.length).slice();
}

function twoSumError(s: number, v: number, t: number): number {
  const bp = t - s;
  return s - (t - bp) + (v - bp);
}

/** The simd row's order: even j in lane 0, odd j in lane 1, TwoSum in each; an odd last point joins lane 0; fold. */
function laneSum(values: Float64Array): number {
  const s = [0, 0];
  const c = [0, 0];
  const add = (lane: number, v: number) => {
    const t = s[lane]! + v;
    c[lane]! += twoSumError(s[lane]!, v, t);
    s[lane] = t;
  };
  const pairs = values.length >> 1;
  for (let p = 0; p < pairs; p++) add(0, values[2 * p]!), add(1, values[2 * p + 1]!);
  if (values.length & 1) add(0, values[values.length - 1]!);
  const t = s[0]! + s[1]!;
  return t + (twoSumError(s[0]!, s[1]!, t) + (c[0]! + c[1]!));
}

function* problems(count: number) {
  let seed = 424242;
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let t = 0; t < count; t++) {
    const id = t % 2; // 0 sin(x+y), 1 sin(x)*cos(y)
    const span = [0.5, 3.2, 12, 40][t % 4]!;
    let ax = (r() - 0.5) * 50;
    let ay = (r() - 0.5) * 50;
    if (t % 3 === 0) {
      // rows whose arguments fall on multiples of π/2 (the second reduction step) at block-relevant positions
      ay = Math.round(ay / (Math.PI / 2)) * (Math.PI / 2) - (id === 0 ? ax : 0);
    }
    // Every 50th row is longer than the kernel's table of y values (65536 points), so it runs tile by tile.
    const ny = t % 50 === 7 ? 65536 * (1 + (t % 3)) + Math.floor(r() * 300) : 1 + Math.floor(r() * 1500);
    yield { id, ax, bx: ax + span * r() + 1e-3, ay, by: ay + span, nx: 3, ny };
  }
}

/** Points the rows' blocks cover (64 pairs each; leftovers take the checked functions anyway). */
const blockPoints = (ny: number) => 128 * Math.floor((ny >> 1) / 64);

test("simd rows equal the checked sin/cos values summed in lane order, bit for bit (300 problems)", () => {
  let rows = 0;
  // What the rows put in front of the blocks, counted so that the test cannot quietly stop covering it: quadrants
  // of both parities, and arguments within 2^-12 of a multiple of π/2 (the second reduction step).
  let bothParities = 0;
  let nearMultiple = 0;
  let longRows = 0;
  for (const p of problems(300)) {
    assert.is(k.setup(p.id, p.ax, p.bx, p.ay, p.by, p.nx, p.ny), 0);
    const hx = (p.bx - p.ax) / p.nx;
    const hy = (p.by - p.ay) / p.ny;
    const ys = Float64Array.from({ length: p.ny }, (_, j) => p.ay + hy * (j + 0.5));
    for (let i = 0; i < p.nx; i++) {
      const x = p.ax + hx * (i + 0.5);
      const args = p.id === 0 ? ys.map((y) => x + y) : ys;
      let values: Float64Array;
      if (p.id === 0) values = trig(0, args);
      else {
        const sx = trig(0, new Float64Array([x, x]))[0]!;
        values = trig(1, ys).map((cy) => sx * cy);
      }
      const inBlocks = Array.from(args.subarray(0, blockPoints(p.ny)), (a) => a * (2 / Math.PI));
      if (new Set(inBlocks.map((q) => Math.round(q) & 1)).size === 2) bothParities++;
      if (inBlocks.some((q) => Math.abs(q - Math.round(q)) * (Math.PI / 2) < 2 ** -12)) nearMultiple++;
      const want = laneSum(values);
      const got = k.rowSum(i);
      assert.is(bitsOf(got), bitsOf(want), `${JSON.stringify(p)} row ${i}: ${got} vs ${want}`);
      rows++;
      if (p.ny > 65536) longRows++;
    }
  }
  assert.is(rows, 900);
  assert.ok(longRows >= 15, `${longRows} rows longer than the y table`);
  assert.ok(bothParities >= 500, `${bothParities} rows with both parities in their blocks`);
  assert.ok(nearMultiple >= 100, `${nearMultiple} rows with an argument near a multiple of π/2 in their blocks`);
});

test.run();
