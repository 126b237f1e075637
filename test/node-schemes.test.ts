// Bit identity across the Node host's schemes, worker counts 1..7 and both kernels, on every catalog
// integrand; and the vectors through every scheme.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate, type Pool } from "integration2d";
import { VARIANTS, vectors } from "./helpers/kernel.js";

const INTEGRANDS: [string, string][] = [
  ["sin(x+y)", "0,pi,0,pi"],
  ["sin(x)*cos(y)", "-pi/2,3pi/4,-1,2.5"],
  ["exp(x+y)", "-2,0.5,-1,1"],
  ["x*y", "-3,1,-2,5"],
  ["1/(1+x+y)", "-0.5,2,-0.25,3"],
];

for (const kernel of VARIANTS) {
  test(`${kernel}: serial, threads and processes × workers 1..7 give identical bits on every integrand`, async () => {
    const pools: Pool[] = [];
    try {
      for (const scheme of ["threads", "processes"] as const) pools.push(await createPool({ scheme, kernel, workers: 7 }));
      for (const [integrand, domain] of INTEGRANDS) {
        // 97 rows: blocks of uneven size for every worker count.
        const problem = { integrand, domain, nx: 97, ny: 61 };
        const reference = await integrate({ ...problem, kernel, scheme: "serial" });
        for (const pool of pools) {
          for (let workers = 1; workers <= 7; workers++) {
            const r = await pool.integrate({ ...problem, workers });
            assert.is(r.workers, workers);
            assert.is(r.bits, reference.bits, `${integrand} ${pool.scheme} ×${workers}`);
          }
        }
      }
    } finally {
      for (const p of pools) p.close();
    }
  });
}

test("every vector through threads and processes matches its known bits", async () => {
  for (const kernel of VARIANTS) {
    for (const scheme of ["threads", "processes"] as const) {
      const pool = await createPool({ scheme, kernel, workers: 3 });
      try {
        for (const v of vectors.filter((v) => v.nx * v.ny <= 1_000_000)) {
          const r = await pool.integrate({ integrand: v.integrand, domain: v.domain_text, nx: v.nx, ny: v.ny });
          assert.is(r.bits, v.bits[kernel], `${kernel} ${scheme} ${v.integrand} ${v.domain_text} ${v.nx}x${v.ny}`);
          assert.equal(r.domain, v.domain);
        }
      } finally {
        pool.close();
      }
    }
  }
});

test("the seed's problem (n = 10000) gives the vector's bits on 2 threads", async () => {
  const seed = vectors.find((v) => v.nx === 10000)!;
  const r = await integrate({ n: 10000, workers: 2, scheme: "threads", kernel: "simd" });
  assert.is(r.bits, seed.bits.simd);
  assert.is(r.workers, 2);
  assert.ok(r.error! < 1e-15, `error ${r.error}`);
});

test("workers above the row count run one per row and say so", async () => {
  const r = await integrate({ nx: 3, ny: 50, workers: 8, scheme: "threads" });
  assert.is(r.workers, 3);
  const serial = await integrate({ nx: 3, ny: 50, scheme: "serial" });
  assert.is(r.bits, serial.bits);
});

test("a single cell and a single row work on every scheme", async () => {
  for (const [nx, ny] of [[1, 1], [1, 999], [999, 1]] as const) {
    const bits = new Set<string>();
    for (const scheme of ["serial", "threads", "processes"] as const) {
      bits.add((await integrate({ nx, ny, scheme, workers: scheme === "serial" ? 1 : 2 })).bits);
    }
    assert.is(bits.size, 1, `${nx}x${ny}`);
  }
});

test("progress reaches every row and is reported per worker", async () => {
  for (const scheme of ["serial", "threads", "processes"] as const) {
    const seen: number[] = [];
    let last = { rowsDone: 0, rows: 0, perWorker: [] as number[] };
    await integrate({
      n: 3000,
      scheme,
      workers: scheme === "serial" ? 1 : 2,
      onProgress: (p) => {
        seen.push(p.rowsDone);
        last = p;
      },
    });
    assert.ok(seen.length >= 1, scheme);
    assert.is(last.rowsDone, 3000, scheme);
    assert.is(last.rows, 3000);
    assert.is(last.perWorker.reduce((a, b) => a + b, 0), 3000);
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]!), "monotone");
  }
});

test.run();
