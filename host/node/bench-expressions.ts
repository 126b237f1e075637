// The bench's expressions section (issue 10 § Speed): integrands typed as text, evaluated by the kernel's
// evaluator, against the catalog's tuned row for sin(x+y); numexpr's sum(sin(X + Y)) on the same grid when a
// Python with numexpr is found; and the kernel's parse + compile time for a 200-character text. Every figure is
// taken in the same rounds, interleaved (one sample of each expression at each worker count, then numexpr, per
// round), so all see the same machine load. Never part of a timing test: the tests check the shape only.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import process from "node:process";
import type { ExpressionsSection, ExpressionTiming, NumexprTiming } from "../core/bench-record.js";
import type { Host, Integrator, Pool } from "../core/integrate.js";
import { instantiateKernel, type KernelVariant } from "../core/kernel.js";
import { summarize } from "../core/stats.js";

/** The section's baseline: the catalog entry's tuned row. */
export const BASELINE = "sin(x+y)";

/** What is timed: the baseline, the same values through the evaluator, and the two Genz families the goals name. */
export const EXPRESSIONS: readonly { integrand: string; domain: string }[] = [
  { integrand: BASELINE, domain: "0,pi,0,pi" },
  { integrand: "sin(y + x)", domain: "0,pi,0,pi" },
  { integrand: "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)", domain: "0,1,0,1" },
  { integrand: "cos(1.885 + 40*x + 40*y)", domain: "0,1,0,1" },
];

/** The expression numexpr's figure is compared with (the same values as the baseline, through the evaluator). */
const EVALUATOR_SIN = "sin(y + x)";

/** A 200-character text for the parse + compile time: the Genz families and `if`, summed. */
export const PARSE_TEXT =
  "exp(-25*(x-0.5)^2 - 25*(y-0.5)^2) + cos(1.885 + 40*x + 40*y) + 1/(0.25 + (x-0.3)^2) * 1/(0.25 + (y-0.6)^2)" +
  " + (1 + 3*x + 2*y)^-3 + if(x <= 0.3, if(y <= 0.4, exp(2*x + 3*y), 0), 0) + sqrt(x*y + 1) + 0.5";
const WORKER_COUNTS = [1, 2] as const;
/** define() calls per parse + compile sample (one call is tens of µs: a batch is well above the timer's grain). */
const DEFINES_PER_SAMPLE = 20;

export interface ExpressionsOptions {
  n: number;
  repeat: number;
  warmup: number;
  kernels: readonly KernelVariant[];
}

/** The Python that runs the numexpr comparison: $INTEGRATION2D_BENCH_PYTHON, else the clone's .venv, else python3. */
function benchPython(): string {
  const chosen = process.env["INTEGRATION2D_BENCH_PYTHON"];
  if (chosen) return chosen;
  const venv = fileURLToPath(new URL("../../.venv/bin/python", import.meta.url));
  return existsSync(venv) ? venv : "python3";
}

/**
 * numexprRunner, or the reason it cannot run here: Deno without --allow-env/--allow-read/--allow-run refuses to read
 * the environment, look for the Python or start it — the comparison is skipped then, the bench goes on.
 */
function numexprOrWhy(n: number): ReturnType<typeof numexprRunner> {
  try {
    return numexprRunner(n);
  } catch (e) {
    return { why: `numexpr comparison skipped: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** One numexpr sample per call (bench/numexpr_sum.py), or the reason there is none. */
function numexprRunner(n: number) {
  const script = fileURLToPath(new URL("../../bench/numexpr_sum.py", import.meta.url));
  const python = benchPython();
  if (!existsSync(script)) return { why: "numexpr comparison skipped: bench/numexpr_sum.py not found" };
  const probe = spawnSync(python, [script, "1", "1"], { encoding: "utf8", timeout: 60_000 });
  if (probe.status !== 0) {
    const reason = probe.error ? `${python} did not start (${probe.error.message})` : (probe.stderr.trim().split("\n").pop() ?? `exit ${probe.status}`);
    return { why: `numexpr comparison skipped: ${reason} (scripts/setup.sh installs numexpr into .venv; or set INTEGRATION2D_BENCH_PYTHON)` };
  }
  let version = "";
  const samples: number[] = [];
  return {
    why: undefined,
    sample(): string | undefined {
      const r = spawnSync(python, [script, String(n), "1"], { encoding: "utf8", timeout: 600_000 });
      if (r.status !== 0) return `numexpr run failed (${r.status ?? r.signal}): ${r.stderr.trim().split("\n").pop() ?? ""}`;
      const j = JSON.parse(r.stdout.trim()) as { version: string; seconds: number };
      version = j.version;
      samples.push(j.seconds);
      return undefined;
    },
    finish(evaluatorNs: number | null): NumexprTiming | null {
      if (samples.length === 0) return null;
      const summary = summarize(samples);
      const ns = (summary.median / (n * n)) * 1e9;
      return {
        version, expression: "sum(sin(X + Y))", threads: 1, domain: [0, Math.PI, 0, Math.PI], nx: n, ny: n,
        samples_s: samples, summary, ns_per_eval: ns, ratio_to_evaluator: evaluatorNs ? ns / evaluatorNs : null,
      };
    },
  };
}

/** The kernel's define() of PARSE_TEXT, per call, in seconds: `count` samples of DEFINES_PER_SAMPLE calls each. */
async function parseCompileSamples(host: Host, kernel: KernelVariant, count: number): Promise<number[]> {
  const k = instantiateKernel(await WebAssembly.compile((await host.wasmBytes(kernel)) as Uint8Array<ArrayBuffer>));
  const problem = { integrand: PARSE_TEXT, domain: "0,1,0,1", nx: 1000, ny: 1000 };
  const first = k.define(problem);
  if (!first.ok) throw new Error(`the bench's parse text is refused: ${first.message}`);
  for (let i = 0; i < 50; i++) k.define(problem); // warm-up: the engine's optimising tier
  const samples: number[] = [];
  for (let s = 0; s < count; s++) {
    const t0 = performance.now();
    for (let i = 0; i < DEFINES_PER_SAMPLE; i++) k.define(problem);
    samples.push((performance.now() - t0) / 1e3 / DEFINES_PER_SAMPLE);
  }
  return samples;
}

export async function runExpressions(o: ExpressionsOptions, integrator: Integrator, host: Host, signal: AbortSignal,
  note: (s: string) => void, step: (label: string) => void): Promise<ExpressionsSection> {
  const kernel: KernelVariant = o.kernels.includes("simd") ? "simd" : o.kernels[0]!;
  const scheme = (integrator.schemes ?? host.schemes).includes("threads") ? "threads" : "serial";
  const counts = scheme === "serial" ? [1] : [...WORKER_COUNTS];
  const n = o.n;
  const notes: string[] = [];
  const numexpr = numexprOrWhy(n);
  let numexprOn = numexpr.why === undefined;
  if (numexpr.why) notes.push(numexpr.why), note(numexpr.why);

  const pools = new Map<number, Pool>();
  const samples = EXPRESSIONS.map(() => counts.map(() => [] as number[]));
  const bits = EXPRESSIONS.map(() => [] as string[]);
  try {
    for (const w of counts) pools.set(w, await integrator.createPool({ scheme, kernel, workers: w }));
    const rounds = Math.max(1, o.warmup) + o.repeat;
    for (let round = 0; round < rounds; round++) {
      const timed = round >= rounds - o.repeat;
      step(`expressions: round ${round + 1}/${rounds}${timed ? "" : " (warm-up)"}`);
      for (const [e, expr] of EXPRESSIONS.entries()) {
        for (const [c, w] of counts.entries()) {
          if (signal.aborted) throw signal.reason;
          const r = await pools.get(w)!.integrate({ nx: n, ny: n, integrand: expr.integrand, domain: expr.domain, workers: w, signal });
          bits[e]!.push(r.bits);
          if (timed) samples[e]![c]!.push(r.phases.compute_s);
        }
      }
      if (timed && numexprOn && numexpr.sample) {
        const failed = numexpr.sample();
        if (failed) notes.push(failed), note(failed), (numexprOn = false);
      }
    }
  } finally {
    for (const pool of pools.values()) pool.close();
  }
  const k = await integrator.kernel(kernel);
  const median1 = (e: number) => summarize(samples[e]![0]!).median;
  const base = median1(0);
  const items: ExpressionTiming[] = EXPRESSIONS.map((expr, e) => {
    // the bounds as the kernel read them, and whether the text took a catalog row (what the runs did)
    const defined = k.define({ integrand: expr.integrand, domain: expr.domain, nx: n, ny: n });
    if (!defined.ok) throw new Error(`the bench's integrand ${expr.integrand} is refused: ${defined.message}`);
    const perWorkers = counts.map((w, c) => {
      const summary = summarize(samples[e]![c]!);
      return { workers: w, samples_s: samples[e]![c]!, summary, ns_per_eval: (summary.median / (n * n)) * 1e9 };
    });
    const two = perWorkers.find((p) => p.workers === 2);
    return {
      integrand: expr.integrand,
      domain: [...defined.bounds] as [number, number, number, number],
      catalog_id: defined.catalogId,
      workers: perWorkers,
      ratio_to_baseline: median1(e) / base,
      speedup_2: two ? median1(e) / two.summary.median : null,
      bits: bits[e]![0]!,
      bits_identical: bits[e]!.every((b) => b === bits[e]![0]),
    };
  });
  const evaluator = items.find((i) => i.integrand === EVALUATOR_SIN)?.workers[0]?.ns_per_eval ?? null;
  const parse = await parseCompileSamples(host, kernel, Math.max(5, 3 * o.repeat));
  return {
    kernel, scheme, nx: n, ny: n, baseline: BASELINE, items,
    parse_compile: { integrand: PARSE_TEXT, length: PARSE_TEXT.length, samples_s: parse, summary: summarize(parse) },
    numexpr: numexpr.finish ? numexpr.finish(evaluator) : null,
    note: notes.length ? notes.join("; ") : null,
  };
}

/** The section's lines for the bench's stdout summary. */
export function expressionsTable(x: ExpressionsSection): string[] {
  const lines = [`expressions (${x.kernel} kernel, ${x.scheme}, ${x.nx}×${x.ny}; ratio = 1-worker time ÷ the catalog's ${x.baseline}):`];
  lines.push(`  ${"integrand".padEnd(36)} ${"path".padEnd(9)} ${"ns/eval".padStart(8)} ${"1 worker s".padStart(10)} ${"2 workers s".padStart(11)} ${"2/1".padStart(5)} ${"ratio".padStart(6)}`);
  for (const i of x.items) {
    const two = i.workers.find((w) => w.workers === 2);
    lines.push(`  ${i.integrand.padEnd(36)} ${(i.catalog_id >= 0 ? "catalog" : "evaluator").padEnd(9)} ${i.workers[0]!.ns_per_eval.toFixed(2).padStart(8)} ${i.workers[0]!.summary.median.toFixed(3).padStart(10)} ${(two ? two.summary.median.toFixed(3) : "–").padStart(11)} ${(i.speedup_2 === null ? "–" : i.speedup_2.toFixed(2)).padStart(5)} ${i.ratio_to_baseline.toFixed(2).padStart(6)}${i.bits_identical ? "" : "  BITS VARIED"}`);
  }
  if (x.numexpr) lines.push(`  numexpr ${x.numexpr.version} ${x.numexpr.expression}, 1 thread: ${x.numexpr.ns_per_eval.toFixed(2)} ns/eval (${x.numexpr.ratio_to_evaluator === null ? "–" : x.numexpr.ratio_to_evaluator.toFixed(2)}× the evaluator's ${EVALUATOR_SIN})`);
  if (x.note) lines.push(`  ${x.note}`);
  lines.push(`  parse + compile of a ${x.parse_compile.length}-character text: ${(x.parse_compile.summary.median * 1e3).toFixed(3)} ms (median of ${x.parse_compile.samples_s.length})`);
  return lines;
}
