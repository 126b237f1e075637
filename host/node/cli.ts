#!/usr/bin/env node
// `integration2d` on Node and Bun.

import { getSystemErrorMap } from "node:util";
import { runCli } from "../core/cli.js";
import { createIntegrator } from "../core/integrate.js";
import { nodeHost } from "./host.js";
import { serve } from "./serve.js";
import { bench } from "./bench.js";
import { report } from "./report.js";

declare const __VERSION__: string;

/**
 * The output could not be written (a full disk, a reader that went away): the result is lost, so the run failed —
 * one line and exit 1, as the C, Rust and Go hosts do, never a stack trace. A file or terminal stdout throws from
 * write(); a pipe's stream reports it later as an event.
 */
function outputFailed(e: unknown): never {
  const { errno, message } = e as NodeJS.ErrnoException;
  const known = errno === undefined ? undefined : getSystemErrorMap().get(errno); // [name, description], e.g. EPIPE
  const why = known ? `${known[1]} (${known[0]})` : message;
  process.stderr.write(`integration2d: cannot write the output: ${why}\n`);
  process.exit(1);
}
process.stdout.on("error", outputFailed);

const code = await runCli(process.argv.slice(2), createIntegrator(nodeHost), {
  out: (t) => {
    try {
      process.stdout.write(t);
    } catch (e) {
      outputFailed(e);
    }
  },
  err: (t) => void process.stderr.write(t),
  onInterrupt: (cb) => void process.once("SIGINT", cb),
  version: typeof __VERSION__ === "string" ? __VERSION__ : "dev",
  program: "integration2d",
  stderrIsTerminal: process.stderr.isTTY === true,
}, { serve, bench, report });
process.exitCode = code;
