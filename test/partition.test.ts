// Guided block sizes: every row handed out exactly once, few blocks, and a tail of single rows so that the
// workers finish together. (Which worker gets which rows never changes bits: test/node-schemes checks that.)

import { test } from "uvu";
import * as assert from "uvu/assert";
import { guidedBlock } from "../host/core/partition.js";

/** The blocks one counter hands out in order, as the pool's main thread and its workers claim them. */
function blocks(nx: number, workers: number): number[] {
  const sizes: number[] = [];
  for (let next = 0; next < nx; ) {
    const size = guidedBlock(next, nx, workers);
    sizes.push(Math.min(size, nx - next));
    next += size;
  }
  return sizes;
}

test("guided blocks cover the rows exactly, shrink, end in single rows, and stay few", () => {
  for (const nx of [1, 2, 7, 100, 1000, 10_000, 10_000_000]) {
    for (let workers = 1; workers <= 7; workers++) {
      const sizes = blocks(nx, workers);
      const where = `nx ${nx}, workers ${workers}`;
      assert.is(sizes.reduce((a, b) => a + b, 0), nx, where);
      assert.ok(sizes.every((s, i) => s >= 1 && (i === 0 || s <= sizes[i - 1]!)), where);
      assert.is(sizes[0], Math.ceil(nx / (2 * workers)), where);
      assert.is(sizes.at(-1), 1, where);
      assert.ok(sizes.length <= 2 * workers * (Math.log(nx) + 2), `${where}: ${sizes.length} blocks`);
    }
  }
});

test.run();
