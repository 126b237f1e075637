// The simd build's own f64x2 sin/cos against the scalar build's Math.sin/cos (musl): ≤ 2 ulp on ≥ 10^6
// points over the arguments the catalog meets, including the hard ones (near multiples of π/2, tiny, large).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadKernel, ulpDistance } from "./helpers/kernel.js";

const BOUND = 2n;

/** Runs mapTrig over `xs` in a kernel and returns the results. */
function mapTrig(variant: "scalar" | "simd", which: 0 | 1, xs: Float64Array): Float64Array {
  const e = loadKernel(variant).exports;
  const ptr = e.buffer(xs.length);
  new Float64Array(e.memory.buffer, ptr, xs.length).set(xs);
  assert.is(e.mapTrig(which, xs.length), 0);
  return new Float64Array(e.memory.buffer, ptr, xs.length).slice();
}

function points(): Float64Array {
  const xs: number[] = [];
  const span = (a: number, b: number, count: number) => {
    for (let i = 0; i < count; i++) xs.push(a + ((b - a) * (i + 0.5)) / count);
  };
  span(0, 2 * Math.PI, 600_000); // sin(x+y) on the seed's domain
  span(-4 * Math.PI, 4 * Math.PI, 200_000);
  span(-1e3, 1e3, 150_000);
  span(4.9e5, 5.1e5, 50_000); // across the switch to the scalar reduction
  // Around k·π/2 (k up to 10^4): results near 0 where the reduction must not lose bits.
  for (let k = -2000; k <= 10_000; k += 1) {
    const c = (k * Math.PI) / 2;
    for (const d of [0, 1e-12, -1e-9, 3e-6]) xs.push(c + d);
    let u = c;
    for (let s = 0; s < 4; s++) xs.push((u = nextUp(u)));
  }
  // Tiny and subnormal-adjacent arguments.
  for (let e = -1070; e < 0; e += 1) xs.push(2 ** e, -(2 ** e) * 1.5);
  return new Float64Array(xs);
}

function nextUp(x: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const u = v.getBigInt64(0);
  v.setBigInt64(0, x >= 0 ? u + 1n : u - 1n);
  return v.getFloat64(0);
}

for (const [which, name] of [[0, "sin"], [1, "cos"]] as const) {
  test(`simd ${name} is within ${BOUND} ulp of the scalar build on ≥ 10^6 points`, () => {
    const xs = points();
    assert.ok(xs.length >= 1_000_000, `${xs.length} points`);
    const simd = mapTrig("simd", which, xs);
    const scalar = mapTrig("scalar", which, xs);
    let worst = 0n;
    let at = 0;
    for (let i = 0; i < xs.length; i++) {
      const d = ulpDistance(simd[i]!, scalar[i]!);
      if (d > worst) (worst = d), (at = i);
    }
    assert.ok(worst <= BOUND, `max ${worst} ulp at x = ${xs[at]} (simd ${simd[at]}, scalar ${scalar[at]})`);
  });
}

test("simd sin/cos keep sin(-0) = -0, and NaN for NaN and ±Inf", () => {
  const xs = new Float64Array([-0, 0, NaN, Infinity, -Infinity, 1e300]);
  const s = mapTrig("simd", 0, xs);
  assert.ok(Object.is(s[0], -0) && Object.is(s[1], 0));
  assert.ok(Number.isNaN(s[2]!) && Number.isNaN(s[3]!) && Number.isNaN(s[4]!));
  assert.is(s[5], mapTrig("scalar", 0, xs)[5]);
  const c = mapTrig("simd", 1, xs);
  assert.is(c[0], 1);
  assert.ok(Number.isNaN(c[3]!));
});

test.run();
