// `integration2d serve` under whatever a client sends: every Range header, well formed or not, gets the answer
// RFC 9110 §14 gives it (206 with the right bytes, 416, or the whole file where the Range is to be ignored), and
// the server keeps serving — on Node and on Bun, which runs the same dist/node/cli.js.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { byteRange } from "../host/node/range.js";
import { rawGet, startServer } from "./helpers/serve.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BUN = join(ROOT, "node_modules/.bin/bun");
const PAGE = readFileSync(join(ROOT, "dist/index.html"));
const S = PAGE.length;
const HUGE = "99999999999999999999"; // > 2^64

/** [Range header, expected status, expected bytes [start, end] of a 206]. */
const CASES: [string, number, [number, number]?][] = [
  // the four
  ["bytes=100-50", 200], // last < first: an invalid spec, ignored
  ["bytes=5-1", 200],
  [`bytes=0-${HUGE}`, 206, [0, S - 1]], // a last byte past the end is clamped
  ["bytes=-5", 206, [S - 5, S - 1]], // a suffix: the last 5 bytes
  // satisfiable
  ["bytes=0-", 206, [0, S - 1]],
  ["bytes=10-19", 206, [10, 19]],
  [`bytes=${S - 1}-`, 206, [S - 1, S - 1]],
  [`bytes=${S - 1}-${S - 1}`, 206, [S - 1, S - 1]],
  ["bytes=1-1", 206, [1, 1]],
  [`bytes=-${HUGE}`, 206, [0, S - 1]], // a suffix longer than the file: all of it
  [`bytes=-${S}`, 206, [0, S - 1]],
  ["BYTES=2-3", 206, [2, 3]], // the unit is case-insensitive
  // unsatisfiable
  [`bytes=${S}-`, 416],
  [`bytes=${S}-${S + 10}`, 416],
  [`bytes=${HUGE}-`, 416],
  [`bytes=${"9".repeat(5000)}-`, 416],
  ["bytes=-0", 416],
  // ignored: malformed, another unit, several ranges (no multipart), the one sirv cannot say
  ["bytes=", 200],
  ["bytes=-", 200],
  ["bytes=abc", 200],
  ["bytes=5", 200],
  ["bytes=1-2-3", 200],
  ["bytes=-5-", 200],
  ["bytes=--5", 200],
  ["bytes=0x10-", 200],
  ["bytes=+1-", 200],
  ["bytes=1e3-", 200],
  ["bytes=1.5-2", 200],
  ["bytes= 0-5", 200],
  ["bytes=0-1,5-6", 200],
  ["bytes=0-1,", 200],
  ["items=0-5", 200],
  ["0-5", 200],
  ["bytes", 200],
  ["bytes=\u00e9-", 200],
  ["bytes=0-0", 200], // sirv reads an end of 0 as "to the end": served whole, as §14.2 allows
];

test("byteRange: the RFC 9110 answer for each header (size 100, and an empty file)", () => {
  assert.equal(byteRange("bytes=-5", 100), { kind: "part", start: 95, end: 99 });
  assert.equal(byteRange("bytes=100-50", 100), { kind: "full" });
  assert.equal(byteRange(`bytes=0-${HUGE}`, 100), { kind: "part", start: 0, end: 99 });
  assert.equal(byteRange("bytes=0-0", 100), { kind: "part", start: 0, end: 0 });
  assert.equal(byteRange("bytes=100-", 100), { kind: "unsatisfiable" });
  assert.equal(byteRange("bytes=0-5", 100, true), { kind: "full" }); // If-Range: never matches a weak ETag
  assert.equal(byteRange(undefined, 100), { kind: "full" });
  assert.equal(byteRange("bytes=0-", 0), { kind: "unsatisfiable" });
  assert.equal(byteRange("bytes=-5", 0), { kind: "unsatisfiable" });
});

for (const [runtime, exe] of [["node", process.execPath], ["bun", BUN]] as const) {
  test(`serve on ${runtime}: every Range answered by RFC 9110, each followed by a normal request that still succeeds`, async () => {
    const server = await startServer([], exe);
    let stopped: Promise<{ code: number | null }> | undefined;
    try {
      for (const [range, status, bytes] of CASES) {
        const r = await rawGet(server.url, "/index.html", "GET", { Range: range });
        const what = `Range: ${range.slice(0, 40)}`;
        assert.is(r.status, status, what);
        if (status === 206) {
          const [start, end] = bytes!;
          assert.is(r.header("Content-Range"), `bytes ${start}-${end}/${S}`, what);
          assert.is(r.header("Content-Length"), String(end - start + 1), what);
          assert.ok(r.body.equals(PAGE.subarray(start, end + 1)), `${what}: the body is bytes ${start}..${end}`);
        } else if (status === 416) {
          assert.is(r.header("Content-Range"), `bytes */${S}`, what);
        } else {
          assert.ok(r.body.equals(PAGE), `${what}: the whole page`);
        }
        const after = await rawGet(server.url, "/index.html");
        assert.is(after.status, 200, `after ${what}`);
        assert.ok(after.body.equals(PAGE), `after ${what}: the whole page`);
      }
      // Range is for GET only; a conditional range is served whole (our ETags are weak).
      const head = await rawGet(server.url, "/index.html", "HEAD", { Range: "bytes=0-4" });
      assert.is(head.status, 200);
      const conditional = await rawGet(server.url, "/index.html", "GET", { Range: "bytes=0-4", "If-Range": "W/\"x\"" });
      assert.is(conditional.status, 200);
      assert.is(conditional.body.length, S);
      assert.is(server.child.exitCode, null, "still running");
      assert.is(server.stderr(), "");
      assert.is((await (stopped = server.stop())).code, 0);
    } finally {
      if (!stopped) await server.stop();
    }
  });
}

test.run();
