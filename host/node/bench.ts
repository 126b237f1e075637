// `integration2d bench`: the sweep on Node (and Bun). Schemes × workers × kernel builds, strong and weak scaling,
// raw samples per phase (start-up on fresh pools, compile + instantiate, compute on warm pools), the naive C loop
// as the native baseline when a C compiler is present, one record (bench/record.schema.json) written to --out,
// and a summary table on stdout. A progress bar on stderr when it is a terminal.
//
// Sampling (hyperfine style): after --warmup untimed runs, at least --repeat samples, and more while the samples
// so far took less than --min-time seconds, up to --max-repeat.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, availableParallelism, cpus, release, tmpdir, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchRecord, type BenchRun, type KernelInfo, type NativeBaseline, type NativeTiming, BENCH_SCHEMA, BENCH_SCHEMA_VERSION, makeRun, sha256Hex } from "../core/bench-record.js";
import { type CliIO, parseOptions, type Subcommand } from "../core/cli.js";
import { UsageError } from "../core/errors.js";
import { createIntegrator, type Host, type Integrator } from "../core/integrate.js";
import { instantiateKernel, type KernelVariant } from "../core/kernel.js";
import { MAX_WORKERS, type Problem, type Scheme } from "../core/options.js";
import { summarize } from "../core/stats.js";
import { expressionsTable, runExpressions } from "./bench-expressions.js";
import { nodeHost } from "./host.js";
import process from "node:process";

const OPTIONS = {
  n: { type: "string", short: "n" },
  workers: { type: "string", short: "w" },
  schemes: { type: "string" },
  kernels: { type: "string" },
  integrand: { type: "string", short: "f" },
  domain: { type: "string", short: "d" },
  repeat: { type: "string", short: "r" },
  warmup: { type: "string" },
  "min-time": { type: "string" },
  "max-repeat": { type: "string" },
  scaling: { type: "string" },
  native: { type: "string" },
  expressions: { type: "string" },
  out: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

const help = (program: string, cores: number, schemes: readonly string[], kernels: readonly string[]) => `Usage: ${program} bench [options]

Times the kernel on this machine and writes one benchmark record (bench/README.md).
  -n, --n <int>            cells per axis of the strong-scaling problem (default 10000)
  -w, --workers <list>     worker counts, comma-separated, 1..${MAX_WORKERS} (default 1,${cores})
      --schemes <list>     of ${schemes.join(", ")} (default all)
      --kernels <list>     of ${kernels.join(", ")} (default all)
  -f, --integrand <name>   integrand (default sin(x+y))
  -d, --domain <ax,bx,ay,by>  domain (default 0,pi,0,pi)
  -r, --repeat <int>       at least this many compute samples per run, 1..1000 (default 5)
      --warmup <int>       untimed runs before the samples, 0..100 (default 1)
      --min-time <s>       keep sampling until the samples took this long, 0..3600 (default 2)
      --max-repeat <int>   never more samples than this (default 3 × repeat)
      --scaling <list>     strong, weak or both (default strong,weak); weak: nx = n·workers
      --native <mode>      auto (the naive C loop when a C compiler is found) or off (default auto)
      --expressions <mode> on (the evaluator's speed: expressions against the catalog, numexpr, parse time) or off (default on)
  -o, --out <file>         where the record goes (default results/node.json)
  -h, --help               this text
`;

interface BenchOptions {
  n: number;
  workers: number[];
  schemes: Scheme[];
  kernels: KernelVariant[];
  integrand: string | undefined;
  domain: string | undefined;
  repeat: number;
  warmup: number;
  minTime: number;
  maxRepeat: number;
  scaling: ("strong" | "weak")[];
  native: "auto" | "off";
  expressions: "on" | "off";
  out: string;
}

const quote = (v: unknown) => JSON.stringify(String(v));

function intOption(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const v = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(flag, `option ${flag} must be an integer from ${min} to ${max} (got ${quote(raw)})`);
  return v;
}

function listOption<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], fallback: readonly T[]): T[] {
  if (raw === undefined) return [...fallback];
  const items = raw.split(",").map((s) => s.trim());
  if (items.length === 0 || items.some((s) => !(allowed as readonly string[]).includes(s))) {
    throw new UsageError(flag, `option ${flag} must be a comma-separated list of ${allowed.join(", ")} (got ${quote(raw)})`);
  }
  return [...new Set(items)] as T[];
}

/** Parses and checks every option; throws UsageError naming the first bad one. */
export async function parseBenchOptions(argv: string[], integrator: Integrator, cores: number, host: Host = nodeHost): Promise<BenchOptions | "help"> {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError("", `unexpected argument ${quote(positionals[0])} (see bench --help)`);
  if (values.help) return "help";
  const kernel = await integrator.kernel();
  const schemes = integrator.schemes ?? host.schemes;
  const n = intOption("-n/--n", values.n, 10000, 1, kernel.meta.maxCells);
  let workers: number[];
  if (values.workers === undefined) workers = [...new Set([1, cores])];
  else {
    const items = values.workers.split(",").map((s) => s.trim());
    workers = items.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
    if (workers.length === 0 || workers.some((w) => !Number.isSafeInteger(w) || w < 1 || w > MAX_WORKERS)) {
      throw new UsageError("-w/--workers", `option -w/--workers must be a comma-separated list of integers from 1 to ${MAX_WORKERS} (got ${quote(values.workers)})`);
    }
    workers = [...new Set(workers)].sort((a, b) => a - b);
  }
  const repeat = intOption("-r/--repeat", values.repeat, 5, 1, 1000);
  const minTimeRaw = values["min-time"];
  const minTime = minTimeRaw === undefined ? 2 : /^\s*\d+(\.\d+)?\s*$/.test(minTimeRaw) ? Number(minTimeRaw) : NaN;
  if (!(minTime >= 0 && minTime <= 3600)) throw new UsageError("--min-time", `option --min-time must be a number of seconds from 0 to 3600 (got ${quote(minTimeRaw)})`);
  const native = values.native ?? "auto";
  if (native !== "auto" && native !== "off") throw new UsageError("--native", `option --native must be one of auto, off (got ${quote(native)})`);
  const expressions = values.expressions ?? "on";
  if (expressions !== "on" && expressions !== "off") throw new UsageError("--expressions", `option --expressions must be one of on, off (got ${quote(expressions)})`);
  if (values.out !== undefined && values.out.trim() === "") throw new UsageError("-o/--out", `option -o/--out needs a file name (got "")`);
  const o: BenchOptions = {
    n,
    workers,
    schemes: listOption("--schemes", values.schemes, schemes, schemes),
    kernels: listOption("--kernels", values.kernels, host.kernels, host.kernels),
    integrand: values.integrand,
    domain: values.domain,
    repeat,
    warmup: intOption("--warmup", values.warmup, 1, 0, 100),
    minTime,
    maxRepeat: intOption("--max-repeat", values["max-repeat"], 3 * repeat, repeat, 10000),
    scaling: listOption("--scaling", values.scaling, ["strong", "weak"] as const, ["strong", "weak"]),
    native,
    expressions,
    out: values.out ?? "results/node.json",
  };
  // The problems themselves, through the same contract as a run (bad integrand, domain, too large a weak n).
  const wMax = Math.max(...o.workers);
  await integrator.resolve({ n: o.n, integrand: o.integrand, domain: o.domain, scheme: "serial", workers: 1 });
  if (o.scaling.includes("weak") && o.n * wMax > kernel.meta.maxCells) {
    throw new UsageError("-n/--n", `option -n/--n times the largest worker count must stay within ${kernel.meta.maxCells} for weak scaling (got ${o.n} × ${wMax})`);
  }
  return o;
}

// ---- machine, runtime, kernel -----------------------------------------------------------------------------------

export function machineInfo(): BenchRecord["machine"] {
  const cpu = cpus()[0]?.model ?? "unknown";
  let os = `${type()} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) os += ` (${pretty})`;
  } catch {
    // Not Linux, or no os-release: the kernel name and release say enough.
  }
  return { cpu, logical_cores: availableParallelism(), arch: arch(), os, memory_bytes: totalmem() };
}

function runtimeInfo(host: Host): BenchRecord["runtime"] {
  return { name: host.runtime.name, version: host.runtime.version, flags: [...(process.execArgv ?? [])], user_agent: null };
}

/** The AssemblyScript version that built dist/kernel (written by scripts/build.mjs), else "unknown". */
function ascVersion(): string {
  for (const file of ["../kernel/build.json", "../../node_modules/assemblyscript/package.json"]) {
    try {
      const j = JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8")) as { assemblyscript?: string; version?: string };
      const v = j.assemblyscript ?? j.version;
      if (v) return v;
    } catch {
      // Try the next source.
    }
  }
  return "unknown";
}

// ---- native baseline --------------------------------------------------------------------------------------------

const NATIVE_FLAGS = ["-O2", "-ffp-contract=off", "-fno-fast-math"];

function findSource(): string | undefined {
  for (const rel of ["../../bench/native/baseline.c"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * The C loops (bench/native/baseline.c), built once; `sample()` times one run of the naive loop on the n × n
 * problem, one of the kernel's compensated sum, and the naive loop as `copies` processes at once. The bench
 * takes its samples between the wasm runs, so all see the same machine load. Undefined when there is no source
 * or no compiler (the note says which).
 */
function nativeRunner(n: number, copies: number, note: (s: string) => void) {
  const source = findSource();
  if (!source) return note("native baseline skipped: bench/native/baseline.c not found"), undefined;
  const cc = ["cc", "gcc", "clang"].find((c) => spawnSync(c, ["--version"], { encoding: "utf8" }).status === 0);
  if (!cc) return note("native baseline skipped: no C compiler (cc, gcc, clang) found"), undefined;
  const compiler = spawnSync(cc, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0]?.trim() ?? cc;
  const exe = join(tmpdir(), `integration2d-baseline-${process.pid}`);
  const built = spawnSync(cc, [...NATIVE_FLAGS, "-o", exe, source, "-lm"], { encoding: "utf8" });
  if (built.status !== 0) return note(`native baseline skipped: ${cc} failed: ${built.stderr.split("\n")[0]}`), undefined;
  const samples: number[] = [];
  const compensated: number[] = [];
  const together: number[] = [];
  let failed = false;
  let concurrent = copies >= 2;
  const seconds = (line: string) => (JSON.parse(line) as { seconds: number }).seconds;
  return {
    /** Each loop alone, then (with copies ≥ 2) `copies` naive loops at once through sh, each timing itself. */
    sample(): void {
      if (failed) return;
      for (const [mode, into] of [["plain", samples], ["compensated", compensated]] as const) {
        const ran = spawnSync(exe, [String(n), "1", mode], { encoding: "utf8", timeout: 600_000 });
        if (ran.status !== 0) return void ((failed = true), note(`native baseline: it exited with ${ran.status ?? ran.signal}`));
        into.push(seconds(ran.stdout.trim()));
      }
      if (!concurrent) return;
      const script = 'i=0; while [ "$i" -lt "$1" ]; do "$2" "$3" 1 & i=$((i + 1)); done; wait';
      const all = spawnSync("sh", ["-c", script, "sh", String(copies), exe, String(n)], { encoding: "utf8", timeout: 600_000 });
      const lines = all.status === 0 ? all.stdout.trim().split("\n") : [];
      if (lines.length !== copies) return void ((concurrent = false), note(`native baseline: ${copies} copies at once did not run (sh: ${all.status ?? all.signal}); measured alone only`));
      together.push(Math.max(...lines.map(seconds)));
    },
    get count(): number {
      return failed ? Infinity : samples.length;
    },
    /** The baseline from the samples after the first `drop` (warm-up). */
    finish(drop: number): NativeBaseline | undefined {
      rmSync(exe, { force: true });
      samples.splice(0, drop);
      compensated.splice(0, drop);
      together.splice(0, drop);
      if (failed || samples.length === 0) return undefined;
      const timing = (seconds: number[]): NativeTiming => {
        const summary = summarize(seconds);
        return { samples_s: seconds, summary, ns_per_eval: (summary.median / (n * n)) * 1e9 };
      };
      const naive = timing(samples);
      const both = concurrent && together.length > 0 ? summarize(together) : undefined;
      return {
        description: "naive C loop, glibc sin, plain sum",
        compiler,
        flags: NATIVE_FLAGS,
        problem: { integrand: "sin(x+y)", domain: [0, Math.PI, 0, Math.PI], nx: n, ny: n },
        ...naive,
        compensated: timing(compensated),
        ...(both && {
          concurrent: { copies, samples_s: together, summary: both, throughput: (copies * naive.summary.median) / both.median },
        }),
      };
    },
  };
}

// ---- progress ---------------------------------------------------------------------------------------------------

class ProgressBar {
  #done = 0;
  #last = 0;
  constructor(readonly total: number, readonly enabled: boolean, readonly write: (s: string) => void) {}
  step(label: string, fraction = 0, advance = false) {
    if (advance) this.#done++;
    if (!this.enabled) return;
    const now = performance.now();
    if (!advance && now - this.#last < 100) return;
    this.#last = now;
    const f = Math.min(1, (this.#done + fraction) / this.total);
    const width = 30;
    const full = Math.round(f * width);
    this.write(`\r\x1b[2K[${"#".repeat(full)}${".".repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}% ${label}`);
  }
  clear() {
    if (this.enabled) this.write("\r\x1b[2K");
  }
}

// ---- the sweep --------------------------------------------------------------------------------------------------

interface Config {
  scheme: Scheme;
  workers: number;
  kernel: KernelVariant;
  scaling: "strong" | "weak";
  nx: number;
  ny: number;
}

function configs(o: BenchOptions): Config[] {
  const list: Config[] = [];
  for (const kernel of o.kernels) {
    for (const scheme of o.schemes) {
      for (const workers of scheme === "serial" ? [1] : o.workers) {
        if (o.scaling.includes("strong") || workers === 1) list.push({ scheme, workers, kernel, scaling: "strong", nx: o.n, ny: o.n });
        if (o.scaling.includes("weak") && workers > 1) list.push({ scheme, workers, kernel, scaling: "weak", nx: o.n * workers, ny: o.n });
      }
    }
  }
  return list;
}

export async function runBench(o: BenchOptions, integrator: Integrator, io: CliIO, signal: AbortSignal, progressEnabled: boolean, host: Host = nodeHost): Promise<BenchRecord> {
  const list = configs(o);
  const bar = new ProgressBar(list.length * (o.warmup + o.repeat + 1) + 1, progressEnabled, io.err);
  const asc = ascVersion();
  const kernelInfo = new Map<KernelVariant, { info: KernelInfo; bytes: Uint8Array }>();
  for (const k of o.kernels) {
    const bytes = await host.wasmBytes(k);
    kernelInfo.set(k, { bytes, info: { build: k, sha256: await sha256Hex(bytes), assemblyscript: asc } });
  }
  const note = (s: string) => {
    bar.clear();
    io.err(`${io.program} bench: ${s}\n`);
  };
  // The concurrent native runs match the largest worker count the sweep uses, up to the cores there are.
  const copies = Math.min(Math.max(...o.workers), availableParallelism());
  const native = o.native === "auto" ? nativeRunner(o.n, copies, note) : undefined;
  native?.sample(); // untimed in spirit: page faults, frequency ramp — dropped below
  const nativeWarm = native ? 1 : 0;
  const runs: BenchRun[] = [];
  for (const c of list) {
    if (signal.aborted) throw signal.reason;
    const label = `${c.scheme} ×${c.workers} ${c.kernel} ${c.scaling} ${c.nx}×${c.ny}`;
    const { info, bytes } = kernelInfo.get(c.kernel)!;
    const problem = { n: undefined, nx: c.nx, ny: c.ny, integrand: o.integrand, domain: o.domain };
    const resolved: Problem = await integrator.resolve({ ...problem, scheme: c.scheme, kernel: c.kernel, workers: c.workers });

    // Compile + instantiate on this thread, fresh each sample (V8 may serve later samples from its module cache).
    const compile_s: number[] = [];
    for (let i = 0; i < o.repeat; i++) {
      const t0 = performance.now();
      instantiateKernel(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
      compile_s.push((performance.now() - t0) / 1e3);
    }

    // Start-up: a fresh pool each sample, one tiny run (one row per worker) to bring the workers up.
    const startup_s: number[] = [];
    if (c.scheme !== "serial" && c.scaling === "strong") {
      for (let i = 0; i < o.repeat; i++) {
        const pool = await integrator.createPool({ scheme: c.scheme, kernel: c.kernel, workers: c.workers });
        try {
          const r = await pool.integrate({ nx: c.workers, ny: 1, integrand: o.integrand, domain: o.domain, workers: c.workers, signal });
          startup_s.push(r.phases.startup_s);
        } finally {
          pool.close();
        }
      }
    }
    bar.step(`${label}: start-up`, 0, true);

    // Compute on one warm pool.
    const pool = await integrator.createPool({ scheme: c.scheme, kernel: c.kernel, workers: c.workers });
    const compute_s: number[] = [];
    const allBits: string[] = [];
    let value: number | null = null;
    try {
      const once = async (what: string) => {
        const r = await pool.integrate({
          ...problem, workers: c.workers, signal,
          onProgress: (p) => bar.step(`${label}: ${what}`, p.rowsDone / p.rows),
        });
        allBits.push(r.bits);
        value = r.value;
        return r;
      };
      for (let i = 0; i < o.warmup; i++) {
        await once(`warm-up ${i + 1}/${o.warmup}`);
        bar.step(label, 0, true);
      }
      let spent = 0;
      while (compute_s.length < o.repeat || (spent < o.minTime && compute_s.length < o.maxRepeat)) {
        const r = await once(`sample ${compute_s.length + 1}/${o.repeat}`);
        compute_s.push(r.phases.compute_s);
        spent += r.time_s;
        if (compute_s.length <= o.repeat) bar.step(label, 0, true);
      }
    } finally {
      pool.close();
    }
    runs.push(makeRun({
      problem: { integrand: resolved.integrand, domain: [...resolved.domain], nx: resolved.nx, ny: resolved.ny },
      scheme: c.scheme,
      workers: resolved.workers,
      kernel: info,
      scaling: c.scaling,
      warmup: o.warmup,
      samples: { startup_s, compile_s, compute_s },
      allBits,
      value,
    }));
    // One native sample after each configuration: native and wasm samples see the same machine load.
    if (native) {
      bar.step("native baseline (C), one sample", 0);
      native.sample();
    }
  }
  const expressions = o.expressions === "on"
    ? await runExpressions(o, integrator, host, signal, note, (label) => bar.step(label, 0))
    : undefined;
  if (native) while (native.count < 3 + nativeWarm) native.sample();
  const baseline = native?.finish(nativeWarm) ?? null;
  bar.step("done", 0, true);
  bar.clear();
  return {
    schema: BENCH_SCHEMA,
    schema_version: BENCH_SCHEMA_VERSION,
    date: new Date().toISOString(),
    host: host.runtime.name,
    machine: machineInfo(),
    runtime: runtimeInfo(host),
    native: baseline,
    runs,
    ...(expressions && { expressions }),
  };
}

/** The summary printed on stdout after a bench. */
export function benchTable(r: BenchRecord): string {
  const lines: string[] = [];
  const nat = r.native?.ns_per_eval;
  lines.push(`${"scheme".padEnd(10)} ${"workers".padStart(7)} ${"kernel".padEnd(6)} ${"scaling".padEnd(7)} ${"n".padStart(12)} ${"median s".padStart(9)} ${"ns/eval/core".padStart(12)} ${"× native".padStart(8)}  bits`);
  for (const run of r.runs) {
    lines.push(`${run.scheme.padEnd(10)} ${String(run.workers).padStart(7)} ${run.kernel.build.padEnd(6)} ${run.scaling.padEnd(7)} ${`${run.problem.nx}×${run.problem.ny}`.padStart(12)} ${run.summary.compute_s.median.toFixed(3).padStart(9)} ${run.ns_per_eval_core.toFixed(2).padStart(12)} ${(nat ? (run.ns_per_eval_core / nat).toFixed(2) : "–").padStart(8)}  ${run.bits}${run.bits_identical ? "" : " (VARIED between samples)"}`);
  }
  if (r.native) lines.push(`native: ${r.native.description}, ${r.native.compiler} ${r.native.flags.join(" ")}: ${r.native.ns_per_eval.toFixed(2)} ns/eval (median of ${r.native.samples_s.length})`);
  const same = r.native?.compensated;
  if (same) lines.push(`native, the kernel's own work in C (y table, TwoSum, same order): ${same.ns_per_eval.toFixed(2)} ns/eval (median of ${same.samples_s.length})`);
  const both = r.native?.concurrent;
  if (both) lines.push(`native, ${both.copies} copies at once: ${both.throughput.toFixed(2)}× the throughput of one (this machine's ceiling for ${both.copies} workers' speedup on a loop that shares nothing)`);
  if (r.expressions) lines.push(...expressionsTable(r.expressions));
  return lines.join("\n") + "\n";
}

/**
 * The bench subcommand for a host: Node's below; Deno (node: modules available) can register
 * benchCommand(denoHost) the same way.
 */
export const benchCommand = (host: Host): Subcommand => async (argv, io, signal) => {
  const integrator = createIntegrator(host);
  const cores = host.cores;
  const o = await parseBenchOptions(argv, integrator, cores, host);
  if (o === "help") return io.out(help(io.program, cores, integrator.schemes ?? host.schemes, host.kernels)), 0;
  const record = await runBench(o, integrator, io, signal, process.stderr?.isTTY === true, host);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(record, null, 2) + "\n");
  io.out(benchTable(record));
  io.out(`record written to ${o.out}\n`);
  // the evaluator's sin(y + x) must give the catalog's sin(x+y) bits (issue 10), and every sample the same bits
  const items = record.expressions?.items ?? [];
  const sinBits = new Set(items.filter((i) => i.integrand === "sin(x+y)" || i.integrand === "sin(y + x)").map((i) => i.bits));
  const varied = record.runs.filter((r) => !r.bits_identical).length + items.filter((i) => !i.bits_identical).length + (sinBits.size > 1 ? 1 : 0);
  const distinct = new Set(record.runs.map((r) => `${r.kernel.build}|${r.problem.nx}|${r.problem.ny}|${r.bits}`));
  const problems = new Set(record.runs.map((r) => `${r.kernel.build}|${r.problem.nx}|${r.problem.ny}`));
  if (varied || distinct.size !== problems.size) {
    io.err(`${io.program} bench: BITS DIFFER between samples or schemes — this is a bug\n`);
    return 1;
  }
  return 0;
};

export const bench: Subcommand = benchCommand(nodeHost);
