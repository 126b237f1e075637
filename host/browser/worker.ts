// Entry of every Web Worker (browser and Deno, a module worker): the runtime-neutral worker loop on postMessage.
//
// One addition for the message transport (pages that are not cross-origin isolated): a block of rows is computed
// in slices of about SLICE_MS, returning to the worker's event loop between slices. Browsers carry out
// Worker.terminate() as a task on the worker's own thread and only force it after a delay (2 s in Chromium), so a
// worker busy in one long block would keep a core busy well after Cancel; between slices the termination runs at
// once. The reply is still one message per block, and every row sum is the kernel's, so the bits do not change.
// (The shared transport needs none of this: its workers check a cancel flag in shared memory at every row.)

import { serveWorker } from "../core/worker-serve.js";
import { yieldToEvents } from "../core/yield.js";
import type { FromWorker, ToWorker } from "../core/protocol.js";

const SLICE_MS = 50;

const scope = self as unknown as {
  postMessage(m: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

/** While a block is sliced, the core's replies for each slice land here instead of going to the main thread. */
let sink: ((m: FromWorker) => void) | undefined;
const handle = serveWorker((m, transfer) => (sink ? sink(m) : scope.postMessage(m, transfer ?? [])));

async function rowsInSlices(start: number, end: number): Promise<void> {
  const sums = new Float64Array(end - start);
  let failure: FromWorker | undefined;
  let chunk = 1;
  let sliceStart = performance.now();
  for (let i = start; i < end && !failure;) {
    const stop = Math.min(end, i + chunk);
    const t0 = performance.now();
    sink = (m) => {
      if (m.type === "rows") sums.set(m.sums, m.start - start);
      else failure = m;
    };
    try {
      handle({ type: "rows", start: i, end: stop });
    } finally {
      sink = undefined;
    }
    const dt = performance.now() - t0;
    // Aim each call at about a tenth of a slice, growing at most 4× at a time.
    chunk = Math.max(1, Math.min(chunk * 4, Math.floor(((stop - i) * SLICE_MS) / 10 / Math.max(dt, 0.01))));
    i = stop;
    if (i < end && performance.now() - sliceStart >= SLICE_MS) {
      await yieldToEvents();
      sliceStart = performance.now();
    }
  }
  if (failure) scope.postMessage(failure);
  else scope.postMessage({ type: "rows", start, sums } satisfies FromWorker, [sums.buffer]);
}

let queue = Promise.resolve();
scope.onmessage = (e) => {
  const m = e.data;
  // In order: a slice in progress finishes (or the worker is terminated) before the next message is handled.
  queue = queue
    .then(() => (m.type === "rows" ? rowsInSlices(m.start, m.end) : handle(m)))
    .catch((error: unknown) => scope.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) } satisfies FromWorker));
};
