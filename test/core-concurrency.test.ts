// Two runs at once in one JS process: each has its own kernel instance, so neither can change the other's problem
// (a shared instance gave sin(x+y) the value of x*y, silently). In Node, Bun and Deno, through the library as a
// user imports it. Then one pool asked for several runs at once: it queues them, first called first run.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate } from "integration2d";
import { type Runtime, runLibraryScript } from "./helpers/library.js";
import { rejection } from "./helpers/promises.js";

const POOLED: Record<Runtime, string[]> = { node: ["threads", "processes"], bun: ["threads", "processes"], deno: ["threads"] };

/** Each problem alone, then beside another run (serial with serial, serial with each pooled scheme). */
const script = (pooled: string[]) => `import { integrate } from "integration2d";
const sin = { n: 3000, scheme: "serial" };
const xy = { n: 3000, integrand: "x*y", scheme: "serial" };
const bits = async (o) => (await integrate(o)).bits;
const pairs = [["serial", xy], ...${JSON.stringify(pooled)}.map((s) => [s, { n: 3000, integrand: "exp(x+y)", domain: "0,1,0,1", scheme: s, workers: 2 }])];
const out = {};
for (const [name, other] of pairs) {
  const solo = [await bits(sin), await bits(other)];
  out[name] = { solo, together: await Promise.all([bits(sin), bits(other)]) };
}
console.log(JSON.stringify(out));
`;

for (const runtime of ["node", "bun", "deno"] as const) {
  test(`${runtime}: a serial run beside a serial or pooled run gives each its own bits`, () => {
    const r = runLibraryScript(runtime, script(POOLED[runtime]));
    assert.is(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, { solo: string[]; together: string[] }>;
    assert.equal(Object.keys(out), ["serial", ...POOLED[runtime]]);
    for (const [name, { solo, together }] of Object.entries(out)) {
      assert.is.not(solo[0], solo[1], "two different problems");
      assert.equal(together, solo, `serial sin(x+y) beside ${name}`);
    }
  });
}

for (const scheme of ["serial", "threads", "processes"] as const) {
  test(`${scheme} pool: runs asked for at once are queued and each returns its own bits, in call order`, async () => {
    const workers = scheme === "serial" ? 1 : 2;
    const problems = [{ n: 3000 }, { n: 3000, integrand: "x*y" }, { n: 2000, integrand: "exp(x+y)", domain: "0,1,0,1" }];
    const solo: string[] = [];
    for (const p of problems) solo.push((await integrate({ ...p, scheme: "serial" })).bits);
    const pool = await createPool({ scheme, workers });
    try {
      const order: number[] = [];
      const records = await Promise.all(problems.map((p, i) => pool.integrate(p).then((r) => (order.push(i), r))));
      assert.equal(records.map((r) => r.bits), solo);
      assert.equal(order, [0, 1, 2]);
    } finally {
      pool.close();
    }
  });
}

test("aborting a queued run rejects it alone: the running one and the next still give their bits", async () => {
  const pool = await createPool({ scheme: "threads", workers: 2 });
  try {
    let runningSettled = false;
    const running = pool.integrate({ n: 30000 }).finally(() => (runningSettled = true));
    const controller = new AbortController();
    const queued = pool.integrate({ n: 3000, signal: controller.signal });
    const next = pool.integrate({ n: 3000, integrand: "x*y" });
    queued.catch(() => {});
    controller.abort(new Error("not needed any more"));
    const error = await rejection(queued);
    assert.is(error.message, "not needed any more");
    assert.not.ok(runningSettled, "the queued run rejected while the first was still running");
    assert.is((await running).bits, (await integrate({ n: 30000, scheme: "threads", workers: 2 })).bits);
    assert.is((await next).bits, (await integrate({ n: 3000, integrand: "x*y", scheme: "serial" })).bits);
    assert.is(pool.alive, 2);
  } finally {
    pool.close();
  }
});

test("closing a pool rejects its running run and every queued one", async () => {
  const pool = await createPool({ scheme: "threads", workers: 2 });
  const running = pool.integrate({ n: 30000 });
  const queued = pool.integrate({ n: 3000 });
  running.catch(() => {});
  queued.catch(() => {});
  await new Promise((r) => setTimeout(r, 200));
  pool.close();
  assert.match((await rejection(running)).message, /closed during the run/);
  assert.match((await rejection(queued)).message, /closed before the run started/);
  assert.match((await rejection(pool.integrate({ n: 10 }))).message, /closed/);
});

test.run();
