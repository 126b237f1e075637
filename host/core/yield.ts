// One turn of the event loop, for long computations that must stay interruptible (Ctrl-C, an abort, a worker's
// terminate(), progress): the serial scheme between its slices, the browser worker between slices of a block.

/**
 * Lets the event loop run and comes straight back. Not setTimeout(0): Node clamps it to 1 ms and browsers to 4 ms
 * once nested, which cost the serial scheme ~5 % (Node) of its time in 20 ms slices. setImmediate where the
 * runtime has it (Node, Bun, Deno: 5–15 µs a turn here); else a message to ourselves (browsers).
 */
export const yieldToEvents: () => Promise<void> =
  typeof (globalThis as { setImmediate?: unknown }).setImmediate === "function"
    ? () => new Promise((r) => (globalThis as unknown as { setImmediate(f: () => void): void }).setImmediate(r))
    : typeof MessageChannel === "function"
      ? () =>
          new Promise<void>((r) => {
            // A channel per yield, closed once heard: an open port would keep the worker (or process) alive.
            const { port1, port2 } = new MessageChannel();
            port1.onmessage = () => (port1.close(), r());
            port2.postMessage(null);
          })
      : () => new Promise((r) => setTimeout(r, 0));
