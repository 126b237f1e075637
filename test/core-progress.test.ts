// onProgress is the caller's code. Not a function: a UsageError naming it, before anything runs. A function that
// throws: the run rejects with what it threw and its workers stop; it was an uncaught exception that ended the
// whole process under threads and processes (it ran in a worker's message handler, or a timer).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate } from "integration2d";
import { type Runtime, runLibraryScript } from "./helpers/library.js";

const SCHEMES: Record<Runtime, string[]> = {
  node: ["serial", "threads", "processes"],
  bun: ["serial", "threads", "processes"],
  deno: ["serial", "threads"],
};

const script = (schemes: string[]) => `import { integrate } from "integration2d";
const out = {};
for (const scheme of ${JSON.stringify(schemes)}) {
  const workers = scheme === "serial" ? 1 : 2;
  const said = (e) => [e.name, e.option, e.message];
  const bad = await integrate({ n: 10, scheme, workers, onProgress: "x" }).then(() => "resolved", said);
  let calls = 0;
  const thrower = () => {
    calls++;
    throw new RangeError("progress boom");
  };
  const thrown = await integrate({ n: 8000, scheme, workers, onProgress: thrower }).then(() => "resolved", said);
  // The process is still here, and still computes right.
  const after = (await integrate({ n: 500, scheme, workers })).bits === (await integrate({ n: 500, scheme: "serial" })).bits;
  out[scheme] = { bad, thrown, calls, after };
}
console.log(JSON.stringify(out));
`;

for (const runtime of ["node", "bun", "deno"] as const) {
  test(`${runtime}: a bad onProgress is a UsageError, a throwing one rejects the run, in every scheme`, () => {
    const r = runLibraryScript(runtime, script(SCHEMES[runtime]));
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stderr, "");
    const out = JSON.parse(r.stdout);
    assert.equal(Object.keys(out), SCHEMES[runtime]);
    for (const scheme of SCHEMES[runtime]) {
      assert.equal(out[scheme], {
        bad: ["UsageError", "onProgress", 'option onProgress must be a function (got "x")'],
        thrown: ["RangeError", null, "progress boom"], // the callback's own error (JSON makes .option null)
        calls: 1,
        after: true,
      }, scheme);
    }
  });
}

for (const scheme of ["threads", "processes"] as const) {
  test(`${scheme}: a throwing onProgress stops the pool's workers; the next run gets fresh ones`, async () => {
    const pool = await createPool({ scheme, workers: 2 });
    try {
      const thrown = "not an Error";
      let caught: unknown;
      await pool.integrate({ n: 20000, onProgress: () => { throw thrown; } }).catch((e) => (caught = e));
      assert.is(caught, thrown, "rejects with exactly what onProgress threw");
      assert.is(pool.alive, 0);
      const again = await pool.integrate({ n: 700 });
      assert.is(again.bits, (await integrate({ n: 700, scheme: "serial" })).bits);
      assert.is(pool.alive, 2);
    } finally {
      pool.close();
    }
  });
}

test.run();
