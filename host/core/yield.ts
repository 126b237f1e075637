// One turn of the event loop, for long computations that must stay interruptible (Ctrl-C, an abort, a worker's
// terminate(), progress): the serial scheme between its slices, the browser worker between slices of a block.

/**
 * Lets the event loop run and comes straight back. Not setTimeout(0) everywhere: Node clamps it to 1 ms and browsers
 * to 4 ms once nested, which cost the serial scheme ~5 % (Node) of its time in 20 ms slices. setImmediate where the
 * runtime has it (Node, Bun: 5–15 µs a turn here); else a message to ourselves (browsers).
 *
 * Deno is the exception: neither its setImmediate nor a message polls the signal op, so Ctrl-C waited 0.2–1.3 s;
 * only a timer turn hears it (3–24 ms here), and a timer turn costs Deno ~2.5 ms. So in Deno one turn in
 * DENO_TIMER_MS is a timer, the others setImmediate: Ctrl-C within ~70 ms for ≤ 5 % of a serial run.
 */
const DENO_TIMER_MS = 50;
const hasImmediate = typeof (globalThis as { setImmediate?: unknown }).setImmediate === "function";
const immediate = () => new Promise<void>((r) => (globalThis as unknown as { setImmediate(f: () => void): void }).setImmediate(r));
const timer = () => new Promise<void>((r) => setTimeout(r, 0));
let lastTimer = 0;

export const yieldToEvents: () => Promise<void> =
  "Deno" in globalThis
    ? () => {
        const now = performance.now();
        if (now - lastTimer < DENO_TIMER_MS) return immediate();
        lastTimer = now;
        return timer();
      }
    : hasImmediate
      ? immediate
      : typeof MessageChannel === "function"
        ? () =>
            new Promise<void>((r) => {
              // A channel per yield, closed once heard: an open port would keep the worker (or process) alive.
              const { port1, port2 } = new MessageChannel();
              port1.onmessage = () => (port1.close(), r());
              port2.postMessage(null);
            })
        : timer;
