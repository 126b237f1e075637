// `deno run --allow-read=<dist/deno/worker.js> dist/deno/cli.js [options]`: the Node CLI's options and output.

import { runCli } from "../core/cli.js";
import { denoHost, denoIntegrator } from "./host.js";

declare const __VERSION__: string;
declare const Deno: {
  args: string[];
  exitCode: number;
  exit(code: number): never;
  stdout: { writeSync(b: Uint8Array): number };
  stderr: { writeSync(b: Uint8Array): number; isTerminal(): boolean };
  addSignalListener(signal: "SIGINT", cb: () => void): void;
  removeSignalListener(signal: "SIGINT", cb: () => void): void;
};

const encoder = new TextEncoder();
const write = (stream: { writeSync(b: Uint8Array): number }, text: string) => {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
};

let interrupt: (() => void) | undefined;
const code = await runCli(Deno.args, denoIntegrator, {
  out: (t) => {
    try {
      write(Deno.stdout, t);
    } catch (e) {
      // The result is lost (a full disk, a reader gone): the run failed, in the words every host uses.
      write(Deno.stderr, `integration2d: cannot write the output: ${e instanceof Error ? e.message : String(e)}\n`);
      Deno.exit(1);
    }
  },
  err: (t) => write(Deno.stderr, t),
  onInterrupt: (cb) => Deno.addSignalListener("SIGINT", (interrupt = cb)),
  version: typeof __VERSION__ === "string" ? __VERSION__ : "dev",
  program: "integration2d",
  stderrIsTerminal: Deno.stderr.isTerminal(),
}, {
  // Loaded only when asked for: the bench module brings node: APIs (os, fs, child_process) and needs more
  // permissions (--allow-sys, --allow-write=results; the native baseline also reads bench/native and runs cc).
  bench: async (argv, io, signal) => {
    const { benchCommand } = await import("../node/bench.js");
    const named = argv.some((a) => a === "-o" || a.startsWith("--out") || /^-o./.test(a));
    return benchCommand(denoHost)(named ? argv : [...argv, "--out", "results/deno.json"], io, signal);
  },
});
// A listener left in place would keep the process waiting for a signal.
if (interrupt) Deno.removeSignalListener("SIGINT", interrupt);
Deno.exitCode = code;
