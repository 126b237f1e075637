// The command line shared by the Node, Bun and Deno CLIs (all three provide node:util): parse, validate,
// run, print. Exit codes: 0 done, 1 run failed (a worker died, bits disagree), 2 bad input, 130 interrupted.

import { type ParseArgsConfig, parseArgs } from "node:util";
import { RunError, UsageError, WorkerError } from "./errors.js";
import type { Integrator, RunOptions } from "./integrate.js";
import type { KernelMetadata } from "./kernel.js";
import {
  DEFAULT_DOMAIN, DEFAULT_INTEGRAND, DEFAULT_MAX_EVALS, DEFAULT_POINTS, FLAG, MAX_WORKERS, type RawOptions, SCHEMES,
} from "./options.js";
import { progressLine } from "./progress-line.js";
import { humanLines, type ResultRecord } from "./record.js";

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Calls `cb` on Ctrl-C (SIGINT). */
  onInterrupt(cb: () => void): void;
  version: string;
  /** Name the user typed, for messages. */
  program: string;
  /** stderr is a terminal: a run that lasts draws a progress line there (never with --json). */
  stderrIsTerminal?: boolean;
}

/** Extra subcommands a host adds (bench, report, serve): argv after the subcommand → exit code. */
export type Subcommand = (argv: string[], io: CliIO, signal: AbortSignal) => Promise<number>;

export const RUN_OPTIONS = {
  n: { type: "string", short: "n" },
  nx: { type: "string" },
  ny: { type: "string" },
  workers: { type: "string", short: "w" },
  scheme: { type: "string", short: "s" },
  kernel: { type: "string", short: "k" },
  integrand: { type: "string", short: "f" },
  domain: { type: "string", short: "d" },
  rule: { type: "string" },
  points: { type: "string" },
  rtol: { type: "string" },
  atol: { type: "string" },
  "max-evals": { type: "string" },
  json: { type: "boolean" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

const FLAG_OF: Record<string, string> = {
  ...FLAG, "max-evals": FLAG.maxEvals, json: "--json", list: "--list", help: "-h/--help", version: "-V/--version",
};

function helpText(program: string, subcommands: string[], schemes: readonly string[] = SCHEMES): string {
  return `Usage: ${program} [options]             one run: the seed's lines, or --json
       ${program} start [-n N]           the seed's program: ${schemes.join(", ")} in turn
${subcommands.map((c) => `       ${program} ${c} --help\n`).join("")}
Options:
  -n, --n <int>            cells per axis, 1..10000000 (default 10000); sets nx and ny
      --nx <int>, --ny <int>  cells along x / y (default n)
  -w, --workers <int>      workers, 1..${MAX_WORKERS} (default: logical cores; 1 for serial;
                           more than nx runs nx)
  -s, --scheme <name>      ${schemes.join(" | ")} (default threads)
  -k, --kernel <name>      simd | scalar (default simd where wasm SIMD is supported)
  -f, --integrand <expr>   f(x, y), e.g. "exp(-(x^2 + y^2))" (default ${DEFAULT_INTEGRAND}; see --list)
  -d, --domain <ax,bx,ay,by>  four constant expressions, e.g. 0,pi/2,-1,sqrt(2)
                           (default ${DEFAULT_DOMAIN}); a value starting with '-' needs --domain=…
      --rule <name>        midpoint | gauss | gk21: the rule in each cell (default midpoint;
                           gk21 with --rtol/--atol); -n defaults to 1 for gauss and gk21
      --points <int>       points per axis of --rule gauss, 1..20 (default ${DEFAULT_POINTS})
      --rtol <x>, --atol <x>  the tolerance mode: gk21 regions refined until the error
                           estimate ≤ max(atol, rtol·|value|) (defaults 0)
      --max-evals <int>    the tolerance mode's budget of evaluations (default ${DEFAULT_MAX_EVALS})
      --json               print one JSON record instead of the seed's lines
      --list               the catalog (integrands with a closed form) and the language's names
  -h, --help               this text
  -V, --version            versions of the CLI and kernel ABI
`;
}

/** parseArgs with its errors turned into the contract's one-line UsageErrors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    const error = e as Error & { code?: string };
    const named = /'(-[^' ,]+)(?:, (--[^' ]+))?/.exec(error.message)?.slice(1).filter(Boolean) ?? [];
    // The option as parseArgs saw it (-d or --domain) → its long name → the contract's spelling.
    const long = Object.entries(options).find(([name, o]) =>
      named.some((f) => f === `--${name}` || (o.short !== undefined && f === `-${o.short}`)))?.[0];
    const option = long ? `--${long}` : named.at(-1) ?? "";
    const spelled = long ? (FLAG_OF[long] ?? option) : option;
    switch (error.code) {
      case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
        throw new UsageError(option, `unknown option ${named[0] ?? option} (see --help)`);
      case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
        throw new UsageError(option, /does not take/.test(error.message)
          ? `option ${spelled} takes no value`
          : `option ${spelled} needs a value; for a value starting with "-" write ${option}=VALUE`);
      default:
        throw new UsageError("", error.message);
    }
  }
}

/** Runs the CLI; returns the exit code. */
export async function runCli(
  argv: string[],
  integrator: Integrator,
  io: CliIO,
  subcommands: Record<string, Subcommand> = {},
): Promise<number> {
  const controller = new AbortController();
  io.onInterrupt(() => controller.abort(new Error("interrupted (Ctrl-C)")));
  try {
    const first = argv[0];
    if (first && !first.startsWith("-")) {
      if (first === "start") return await start(argv.slice(1), integrator, io, controller.signal);
      const sub = subcommands[first];
      if (!sub) throw new UsageError("", `unknown command ${JSON.stringify(first)} (commands: start${Object.keys(subcommands).map((c) => `, ${c}`).join("")})`);
      return await sub(argv.slice(1), io, controller.signal);
    }
    const { values, positionals } = parseOptions(argv, RUN_OPTIONS);
    if (positionals.length > 0) throw new UsageError("", `unexpected argument ${JSON.stringify(positionals[0])} (see --help)`);
    const kernel = await integrator.kernel();
    if (values.help) return io.out(helpText(io.program, Object.keys(subcommands), integrator.schemes)), 0;
    if (values.version) return io.out(`integration2d ${io.version} (kernel ABI ${kernel.meta.abi})\n`), 0;
    if (values.list) return io.out(listing(kernel.meta)), 0;
    const { json: _json, ...run } = values; // the library refuses keys it does not take
    const record = await withProgress(io.stderrIsTerminal === true && !values.json, io, (onProgress) =>
      integrator.integrate({ ...cliOptions(run), signal: controller.signal, onProgress }));
    // Not converged is a result (exit 0), but one to hear about even when stdout goes to a file.
    if (record.status === "not_converged") io.err(`${io.program}: not converged: ${record.status_message}\n`);
    io.out(values.json ? JSON.stringify(record) + "\n" : humanLines(record).join("\n") + "\n");
    return 0;
  } catch (e) {
    return reportError(e, io, controller.signal);
  }
}

/**
 * The flags' text as the library's options (--max-evals is maxEvals there): the library checks every value, and
 * refuses it in the CLI's words.
 */
const cliOptions = ({ "max-evals": maxEvals, ...o }: RawOptions & { "max-evals"?: string }) =>
  (maxEvals === undefined ? o : { ...o, maxEvals }) as RunOptions;

/** A run with a progress line on stderr when `shown`, erased before anything else is printed. */
async function withProgress<T>(shown: boolean, io: CliIO, run: (onProgress: RunOptions["onProgress"]) => Promise<T>): Promise<T> {
  const line = shown ? progressLine(io.err) : undefined;
  try {
    return await run(line?.update);
  } finally {
    line?.clear();
  }
}

/** --list: every host prints these four lines (README § The language). */
export function listing(meta: KernelMetadata): string {
  return [
    `catalog: ${meta.integrands.join(", ")}`,
    `functions: ${meta.functions.join(" ")}`,
    `constants: ${meta.constants.join(" ")}`,
    `variables: ${meta.variables.join(" ")}`,
  ].join("\n") + "\n";
}

/** One line on stderr, never a stack trace; the exit code by kind. */
export function reportError(e: unknown, io: CliIO, signal?: AbortSignal): number {
  if (signal?.aborted) return io.err(`${io.program}: cancelled: ${(e as Error).message}\n`), 130;
  if (e instanceof UsageError) return io.err(`${io.program}: ${e.message}\n`), 2;
  if (e instanceof WorkerError || e instanceof RunError) return io.err(`${io.program}: run failed: ${e.message}\n`), 1;
  return io.err(`${io.program}: ${e instanceof Error ? e.message : String(e)}\n`), 1;
}

/** The seed's program: each scheme in turn on the same problem, the seed's lines for each, then a table. */
async function start(argv: string[], integrator: Integrator, io: CliIO, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseOptions(argv, { n: RUN_OPTIONS.n, workers: RUN_OPTIONS.workers, kernel: RUN_OPTIONS.kernel });
  if (positionals.length > 0) throw new UsageError("", `unexpected argument ${JSON.stringify(positionals[0])} (see --help)`);
  const records: ResultRecord[] = [];
  for (const scheme of integrator.schemes ?? SCHEMES) {
    const workers = scheme === "serial" ? 1 : values.workers;
    const r = await withProgress(io.stderrIsTerminal === true, io, (onProgress) =>
      integrator.integrate({ ...cliOptions({ n: values.n, kernel: values.kernel, scheme, workers }), signal, onProgress }));
    io.out(`# ${scheme}\n${humanLines(r).slice(0, 2).join("\n")}\n`);
    records.push(r);
  }
  const serial = records[0]!.time_s;
  io.out(`\n${"scheme".padEnd(10)} ${"workers".padStart(7)} ${"time (s)".padStart(9)} ${"speedup".padStart(8)}  bits\n`);
  for (const r of records) {
    io.out(`${r.scheme.padEnd(10)} ${String(r.workers).padStart(7)} ${r.time_s.toFixed(3).padStart(9)} ${(serial / r.time_s).toFixed(2).padStart(8)}  ${r.bits}\n`);
  }
  const same = records.every((r) => r.bits === records[0]!.bits);
  io.out(same ? `\nAll ${records.length} schemes gave the same bits.\n` : `\nBITS DIFFER between schemes: this is a bug.\n`);
  return same ? 0 : 1;
}
