// The library API's arguments: every one checked, each refusal a one-line UsageError naming the option (never a
// TypeError from deep inside); unknown keys refused with the nearest known one suggested; null refused for every
// option (undefined is the default); integers as numbers or as plain ASCII digits only.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { createPool, integrate, resolve, UsageError } from "integration2d";

async function usage(p: Promise<unknown>, option: string, message?: string | RegExp): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  assert.instance(error, UsageError, `expected a UsageError naming ${option}, got ${String(error)}`);
  const u = error as UsageError;
  assert.is(u.option, option, u.message);
  assert.not.match(u.message, /\n/);
  if (typeof message === "string") assert.is(u.message, message);
  else if (message) assert.match(u.message, message);
}

test("domain, signal and onProgress of the wrong type: UsageError naming them", async () => {
  for (const domain of [5, {}, true, () => 1, [0, 1, 0, {}]]) await usage(integrate({ domain: domain as never }), "-d/--domain");
  await usage(integrate({ domain: 5 as never }), "-d/--domain",
    'option -d/--domain must be a string "ax,bx,ay,by" or an array of four bounds, finite numbers or texts (got "5")');
  await usage(integrate({ domain: [0, Infinity, 0, 1] }), "-d/--domain", /^option -d\/--domain must be a string/);
  for (const signal of [{}, "x", 1, { aborted: false }]) {
    await usage(integrate({ n: 10, signal: signal as never }), "signal", /^option signal must be an AbortSignal \(got /);
  }
  await usage(integrate({ n: 10, onProgress: "x" as never }), "onProgress", 'option onProgress must be a function (got "x")');
  await usage(integrate({ n: 10, onProgress: {} as never }), "onProgress", "option onProgress must be a function (got an object)");
  for (const scheme of [1, {}, ["serial"]]) await usage(integrate({ scheme: scheme as never }), "-s/--scheme");
  for (const integrand of [0, {}]) await usage(integrate({ integrand: integrand as never }), "-f/--integrand");
});

test("unknown keys are refused, with the nearest known key suggested", async () => {
  await usage(integrate({ N: 20 } as never), "N", 'unknown option "N" (did you mean "n"?)');
  await usage(integrate({ n: 20, worker: 2 } as never), "worker", 'unknown option "worker" (did you mean "workers"?)');
  await usage(integrate({ integrnd: "x*y" } as never), "integrnd", 'unknown option "integrnd" (did you mean "integrand"?)');
  await usage(integrate({ progress: () => {} } as never), "progress", 'unknown option "progress" (did you mean "onProgress"?)');
  await usage(integrate({ colour: "red" } as never), "colour", /^unknown option "colour" \(integrate takes n, nx, ny, integrand, domain, rule, points, rtol, atol, maxEvals, scheme, kernel, workers, signal, onProgress, blockTimeoutMs\)$/);
  await usage(integrate({ N: undefined } as never), "N");
  await usage(resolve({ nX: 5 } as never), "nX", 'unknown option "nX" (did you mean "nx"?)');
  await usage(createPool({ n: 10 } as never), "n", 'createPool takes no option "n": give it to pool.integrate');
  await usage(createPool({ sheme: "threads" } as never), "sheme", 'unknown option "sheme" (did you mean "scheme"?)');
  const pool = await createPool({ scheme: "serial" });
  try {
    await usage(pool.integrate({ scheme: "threads" } as never), "scheme", 'pool.integrate takes no option "scheme": give it to createPool (a pool has one)');
    await usage(pool.integrate({ nn: 10 } as never), "nn", 'unknown option "nn" (did you mean "n"?)');
  } finally {
    pool.close();
  }
});

test("options that are not an object are refused", async () => {
  await usage(integrate(5 as never), "options", 'integrate takes an object of options (got "5")');
  await usage(integrate(null as never), "options", "integrate takes an object of options (got null)");
  await usage(integrate("n=10" as never), "options");
  await usage(integrate([] as never), "options");
  await usage(createPool(true as never), "options");
});

test("null is refused for every option; undefined is the default for every option", async () => {
  const flags: Record<string, string> = {
    n: "-n/--n", nx: "--nx", ny: "--ny", workers: "-w/--workers", scheme: "-s/--scheme", kernel: "-k/--kernel",
    integrand: "-f/--integrand", domain: "-d/--domain", rule: "--rule", points: "--points", rtol: "--rtol", atol: "--atol",
    maxEvals: "--max-evals", signal: "signal", onProgress: "onProgress", blockTimeoutMs: "blockTimeoutMs",
  };
  for (const [key, name] of Object.entries(flags)) {
    await usage(integrate({ n: 10, [key]: null } as never), name,
      `option ${name} must not be null (leave it out, or pass undefined, for the default)`);
  }
  const all = Object.fromEntries(Object.keys(flags).map((k) => [k, undefined]));
  const p = await resolve(all);
  const defaults = await resolve();
  assert.equal(p, defaults);
  assert.is(p.nx, 10000);
});

test("integers: a safe-integer number, or ASCII digits with an optional '+' and ASCII spaces", async () => {
  for (const ok of ["12", " 12 ", "\t12\n", "+12", "012", 12]) assert.is((await resolve({ n: ok })).nx, 12, JSON.stringify(ok));
  const bad: unknown[] = [
    "\u00a012", "12\u00a0", "\ufeff12", "\u200712", "\u3000" + "12", "１２", "١٢", "12_000", "1e3", "0x10", "1 2", "", " ", "+", "-12", "++12",
    12.5, -12, 0, -0, NaN, Infinity, 2 ** 53, 12n, true, [12], { valueOf: () => 12 },
  ];
  for (const raw of bad) {
    await usage(resolve({ n: raw as never }), "-n/--n", /^option -n\/--n must be an integer from 1 to 10000000 \(got .+\)$/);
  }
  await usage(resolve({ workers: "\u00a02" }), "-w/--workers", 'option -w/--workers must be an integer from 1 to 256 (got "\u00a02")');
  await usage(resolve({ nx: 12n as never }), "--nx", "option --nx must be an integer from 1 to 10000000 (got 12n)");
  for (const t of [0, -1, 1.5, "x", 2 ** 31]) await usage(integrate({ n: 10, blockTimeoutMs: t as never }), "blockTimeoutMs");
  await usage(createPool({ blockTimeoutMs: "soon" as never }), "blockTimeoutMs",
    'option blockTimeoutMs must be an integer from 1 to 2147483647 (got "soon")');
});

test("valid options still run as before", async () => {
  const r = await integrate({ n: "40", nx: undefined, workers: 2, scheme: "threads", domain: [0, 1, 0, 1], integrand: "x*y", blockTimeoutMs: 5000 });
  assert.is(r.value, (await integrate({ n: 40, domain: "0,1,0,1", integrand: "x*y", scheme: "serial" })).value);
});

test.run();
