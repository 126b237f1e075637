#!/usr/bin/env node
// `integration2d` on Node and Bun.

import { runCli } from "../core/cli.js";
import { createIntegrator } from "../core/integrate.js";
import { nodeHost } from "./host.js";
import { serve } from "./serve.js";
import { bench } from "./bench.js";
import { report } from "./report.js";

declare const __VERSION__: string;

// A reader that went away (`… | head`) is not an error worth a stack trace: stop quietly, workers with us.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const code = await runCli(process.argv.slice(2), createIntegrator(nodeHost), {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  onInterrupt: (cb) => void process.once("SIGINT", cb),
  version: typeof __VERSION__ === "string" ? __VERSION__ : "dev",
  program: "integration2d",
}, { serve, bench, report });
process.exitCode = code;
