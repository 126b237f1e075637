// Row sums of both kernel builds against a plain JavaScript reference (V8's Math, fdlibm-derived) on random
// problems, including domains far from the origin (the scalar Math large-argument path, the simd fallback) and
// domains placed on multiples of π/2 (the simd reduction's second step). The vectors pin the bits of 18 problems;
// this checks the values of thousands more. (The builds before the row-speed work returned row sums of
// sin(x)*cos(y) off by up to 2× relative once |x| passed ~1.6e6; nothing else noticed.)

import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadKernel, VARIANTS } from "./helpers/kernel.js";

const F: ((x: number, y: number) => number)[] = [
  (x, y) => Math.sin(x + y),
  (x, y) => Math.sin(x) * Math.cos(y),
  (x, y) => Math.exp(x + y),
  (x, y) => x * y,
  (x, y) => 1 / (1 + x + y),
];

function* problems(count: number) {
  let seed = 20261124;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let t = 0; t < count; t++) {
    const id = t % 5;
    const scale = id === 2 ? [0.1, 1, 5][t % 3]! : [1e-3, 1, 3.14, 100, 1e4, 3e5, 6e5, 2e6, 1e7][t % 9]!;
    let ax = (r() - 0.5) * scale;
    let ay = (r() - 0.5) * scale;
    if (t % 7 === 0 && id < 2) {
      ax = Math.round(ax / (Math.PI / 2)) * (Math.PI / 2);
      ay = -ax + (r() - 0.5) * 1e-9;
    }
    if (id === 4) (ax = Math.abs(ax)), (ay = Math.abs(ay));
    const bx = ax + r() * scale + 1e-6;
    const by = ay + r() * scale + 1e-6;
    yield { id, ax, bx, ay, by, nx: 1 + Math.floor(r() * 4), ny: 1 + Math.floor(r() * (t % 4 === 0 ? 3000 : 200)) };
  }
}

for (const variant of VARIANTS) {
  test(`${variant}: row sums match a JavaScript reference on 2500 random problems (relative to Σ|f|, < 1e-13)`, () => {
    const k = loadKernel(variant).exports;
    let worst = 0;
    let where = "";
    let rows = 0;
    for (const p of problems(2500)) {
      if (k.setup(p.id, p.ax, p.bx, p.ay, p.by, p.nx, p.ny) !== 0) continue;
      const hx = (p.bx - p.ax) / p.nx;
      const hy = (p.by - p.ay) / p.ny;
      for (let i = 0; i < p.nx; i++) {
        const x = p.ax + hx * (i + 0.5);
        let ref = 0;
        let mag = 0;
        for (let j = 0; j < p.ny; j++) {
          const v = F[p.id]!(x, p.ay + hy * (j + 0.5));
          ref += v;
          mag += Math.abs(v);
        }
        const d = mag === 0 ? 0 : Math.abs(k.rowSum(i) - ref) / mag;
        rows++;
        if (d > worst) (worst = d), (where = JSON.stringify({ ...p, i }));
      }
    }
    assert.ok(rows > 5000, `${rows} rows`);
    assert.ok(worst < 1e-13, `worst relative difference ${worst} at ${where}`);
  });
}

test("scalar: a one-point row of sin(x+y) is bit for bit the build's Math.sin (mapTrig) of x + y, 10^5 arguments", () => {
  // With ny = 1 the row sum is the one value f(x_i, y_0) exactly, and x_i + y_0 is the same double computed here:
  // the row's sin must be the build's Math.sin, whatever inlining the optimiser does.
  const k = loadKernel("scalar").exports;
  const args: number[] = [];
  const sums: number[] = [];
  const rows = (ax: number, bx: number, ay: number, by: number, nx: number, stride: number) => {
    assert.is(k.setup(0, ax, bx, ay, by, nx, 1), 0);
    const hx = (bx - ax) / nx;
    const y0 = ay + (by - ay) * 0.5;
    for (let i = 0; i < nx; i += stride) {
      args.push(ax + hx * (i + 0.5) + y0);
      sums.push(k.rowSum(i));
    }
  };
  for (const [a, b] of [[-1, 1], [0, 2 * Math.PI], [-20, 20], [-3e3, 3e3], [1.5e6, 1.7e6], [-5e8, 5e8], [-1e-7, 1e-7]] as const) {
    rows(a, b, 0, 1e-3, 15_000, 2);
    rows(a, b, -0.5, 0.25, 15_000, 2);
  }
  // Near multiples of π/2 (the reduction's second and third steps): one row, x_0 = the midpoint of [v − ½, v + ½].
  for (let m = -3000; m <= 3000; m += 7) {
    for (const d of [0, 1e-9, -2e-13, 3e-6]) rows((m * Math.PI) / 2 + d - 0.5, (m * Math.PI) / 2 + d + 0.5, 0, 1e-300, 1, 1);
  }
  const xs = new Float64Array(args);
  const ptr = k.buffer(xs.length);
  new Float64Array(k.memory.buffer, ptr, xs.length).set(xs);
  assert.is(k.mapTrig(0, xs.length), 0);
  const ref = new Float64Array(k.memory.buffer, ptr, xs.length);
  let bad = 0;
  let first = "";
  for (let i = 0; i < xs.length; i++) {
    if (!Object.is(sums[i], ref[i])) {
      if (!bad) first = `sin(${xs[i]}): row ${sums[i]}, Math.sin ${ref[i]}`;
      bad++;
    }
  }
  assert.ok(xs.length > 100_000, `${xs.length} arguments`);
  assert.is(bad, 0, `${bad} differ; first ${first}`);
});

test.run();
