// The benchmark record (schema bench/record.schema.json, described in bench/README.md): one JSON document per
// bench session of one host on one machine. Runtime-neutral: the Node bench writes it, the browser page can
// build one, `report` reads any number of them. Building runs, checking bits, and a small validator for the
// subset of JSON Schema the schema file uses (no dependency).

import { type Summary, summarize } from "./stats.js";

export const BENCH_SCHEMA = "integration2d-bench";
export const BENCH_SCHEMA_VERSION = 1;

export interface MachineInfo {
  /** CPU model as the OS reports it. */
  cpu: string;
  logical_cores: number;
  /** x64, arm64, … */
  arch: string;
  /** OS name and kernel release, e.g. "Linux 6.8.0". */
  os: string;
  /** Total memory in bytes; null where the runtime cannot tell (browser). */
  memory_bytes: number | null;
}

export interface BenchRuntime {
  /** node, bun, deno, browser, python, c, rust, go … */
  name: string;
  version: string;
  /** Flags the runtime was started with (execArgv, compiler flags …). */
  flags: string[];
  /** The browser's navigator.userAgent; null elsewhere. */
  user_agent: string | null;
}

export interface KernelInfo {
  /** Build variant: scalar or simd. */
  build: string;
  /** sha256 of the .wasm bytes, lowercase hex. */
  sha256: string;
  /** AssemblyScript version that built it ("unknown" if the host cannot tell). */
  assemblyscript: string;
}

export interface BenchProblem {
  integrand: string;
  domain: [number, number, number, number];
  nx: number;
  ny: number;
}

/** Raw samples in seconds, phase by phase, each measured on its own. */
export interface PhaseSamples {
  /** Workers (threads, processes, ranks) up and ready, on a fresh pool; [] when the scheme has none (serial). */
  startup_s: number[];
  /** Compile + instantiate the kernel module (fresh each sample) on the calling thread. */
  compile_s: number[];
  /** Rows computed and combined, on warm workers. */
  compute_s: number[];
}

export interface BenchRun {
  problem: BenchProblem;
  scheme: string;
  /** Workers that ran. */
  workers: number;
  kernel: KernelInfo;
  /** strong: the problem is fixed as workers vary; weak: the problem grows with the workers. */
  scaling: "strong" | "weak";
  /** Untimed compute runs before the samples. */
  warmup: number;
  samples: PhaseSamples;
  summary: { startup_s: Summary | null; compile_s: Summary | null; compute_s: Summary };
  /** nx·ny. */
  evaluations: number;
  /** Median compute time per integrand evaluation, in ns (wall clock, all workers together). */
  ns_per_eval: number;
  /** ns_per_eval × workers: the cost of one evaluation on one core. */
  ns_per_eval_core: number;
  /** The integral (null if not finite) and its bits, "0x" + 16 hex digits. */
  value: number | null;
  bits: string;
  /** Every sample (warm-ups included) gave these same bits. */
  bits_identical: boolean;
}

/** The samples of one C loop, in seconds, their summary and the median per evaluation. */
export interface NativeTiming {
  samples_s: number[];
  summary: Summary;
  /** Median seconds / (nx·ny), in ns. */
  ns_per_eval: number;
}

/** The naive loop's timing, and the other C loops timed in the same rounds. */
export interface NativeBaseline extends NativeTiming {
  /** What was measured, e.g. "naive C loop, glibc sin". */
  description: string;
  compiler: string;
  flags: string[];
  problem: BenchProblem;
  /**
   * The kernel's own work in C (y_j computed once into a table, TwoSum per row in j order, rows combined by
   * TwoSum in row order), timed in the same rounds: the same work as the scalar build, natively. Absent in
   * records of hosts that do not time it.
   */
  compensated?: NativeTiming;
  /**
   * The same loop as `copies` processes at once (one sample = the slowest copy's seconds), taken between the same
   * runs: how much parallel throughput this machine gives a compute loop that shares nothing. Absent with one
   * logical core or one worker count.
   */
  concurrent?: NativeConcurrent;
}

export interface NativeConcurrent {
  copies: number;
  samples_s: number[];
  summary: Summary;
  /** copies × median single-copy seconds ÷ median concurrent seconds: the ceiling for `copies` workers' speedup. */
  throughput: number;
}

/** One expression of the expressions section, timed at 1 and 2 workers. */
export interface ExpressionTiming {
  /** The integrand text as given to -f. */
  integrand: string;
  domain: [number, number, number, number];
  /** The catalog entry whose tuned row the text takes (catalogId), or −1: the evaluator. */
  catalog_id: number;
  /** One entry per worker count (1, then 2). */
  workers: ExpressionWorkers[];
  /** Median compute time at 1 worker ÷ the section's baseline's (the catalog's sin(x+y)). */
  ratio_to_baseline: number;
  /** Median compute time at 1 worker ÷ at 2 workers. */
  speedup_2: number | null;
  bits: string;
  /** Every sample at every worker count gave these same bits. */
  bits_identical: boolean;
}

export interface ExpressionWorkers {
  workers: number;
  /** Compute phase of each sample, seconds (warm pool). */
  samples_s: number[];
  summary: Summary;
  /** Median compute time ÷ nx·ny, in ns (wall clock, all workers together). */
  ns_per_eval: number;
}

/**
 * The evaluator's speed (issue 10): expressions typed as text against the catalog's tuned row, numexpr on the
 * same grid when it is installed, and the time the kernel takes to parse and compile a text. All timed in the
 * same rounds (interleaved), on one kernel build and scheme.
 */
export interface ExpressionsSection {
  kernel: string;
  scheme: string;
  nx: number;
  ny: number;
  /** The integrand whose 1-worker time the ratios divide by (the catalog's sin(x+y)). */
  baseline: string;
  items: ExpressionTiming[];
  /** define() of a text of `length` characters: lex, parse, check, compile (and the default domain). */
  parse_compile: { integrand: string; length: number; samples_s: number[]; summary: Summary };
  /** numexpr's evaluate("sum(sin(X + Y))") over the same midpoint grid, or null (`note` says why). */
  numexpr: NumexprTiming | null;
  /** Why a part is missing (numexpr not installed, …); null when nothing is. */
  note: string | null;
}

export interface NumexprTiming {
  version: string;
  expression: string;
  threads: number;
  domain: [number, number, number, number];
  nx: number;
  ny: number;
  samples_s: number[];
  summary: Summary;
  ns_per_eval: number;
  /** numexpr's ns/eval ÷ the evaluator's sin(y + x) ns/eval at 1 worker (> 1: the kernel is faster). */
  ratio_to_evaluator: number | null;
}

export interface BenchRecord {
  schema: typeof BENCH_SCHEMA;
  schema_version: number;
  /** ISO 8601, UTC. */
  date: string;
  /** The host program that ran the bench: node, deno, browser, python, c, rust, go … */
  host: string;
  machine: MachineInfo;
  runtime: BenchRuntime;
  /** The naive native loop measured in the same session; null when no compiler was found (or not asked). */
  native: NativeBaseline | null;
  runs: BenchRun[];
  /** The evaluator's speed; absent in records of hosts that do not time it (and with --expressions off). */
  expressions?: ExpressionsSection;
}

/** Builds a run from its samples: summaries, ns per evaluation, the bits check. */
export function makeRun(
  r: Pick<BenchRun, "problem" | "scheme" | "workers" | "kernel" | "scaling" | "warmup" | "samples" | "value"> & {
    /** Bits of every run (warm-ups and samples). */
    allBits: string[];
  },
): BenchRun {
  const evaluations = r.problem.nx * r.problem.ny;
  const compute = summarize(r.samples.compute_s);
  const ns = (compute.median / evaluations) * 1e9;
  const bits = r.allBits[0] ?? "";
  return {
    problem: r.problem,
    scheme: r.scheme,
    workers: r.workers,
    kernel: r.kernel,
    scaling: r.scaling,
    warmup: r.warmup,
    samples: r.samples,
    summary: {
      startup_s: r.samples.startup_s.length ? summarize(r.samples.startup_s) : null,
      compile_s: r.samples.compile_s.length ? summarize(r.samples.compile_s) : null,
      compute_s: compute,
    },
    evaluations,
    ns_per_eval: ns,
    ns_per_eval_core: ns * r.workers,
    value: r.value,
    bits,
    bits_identical: r.allBits.length > 0 && r.allBits.every((b) => b === bits),
  };
}

/** sha256 of bytes as lowercase hex, with WebCrypto (Node ≥ 19, Deno, browsers in secure contexts). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- A validator for the subset of JSON Schema that bench/record.schema.json uses ----------------------------
// Keywords: type (string or list; "integer" included), required, properties, additionalProperties (false),
// items, enum, const, minimum, minItems, maxItems, pattern, $ref to "#/$defs/…", oneOf is not used.

export type JsonSchema = {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  [other: string]: unknown;
};

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  if (t === "integer") return typeof v === "number" && Number.isInteger(v);
  if (t === "number") return typeof v === "number" && Number.isFinite(v);
  return typeOf(v) === t;
}

/** Errors of `value` against `schema` ("path: what"), [] when valid. */
export function validateJson(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = "$"): string[] {
  const errors: string[] = [];
  if (schema.$ref) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? root.$defs?.[name] : undefined;
    if (!target) return [`${path}: unresolvable $ref ${schema.$ref}`];
    errors.push(...validateJson(value, target, root, path));
    if (errors.length) return errors;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) return [...errors, `${path}: expected ${types.join(" or ")}, got ${typeOf(value)}`];
  }
  if ("const" in schema && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (typeof value === "number" && schema.minimum !== undefined && !(value >= schema.minimum)) errors.push(`${path}: must be ≥ ${schema.minimum}`);
  if (typeof value === "string" && schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: must match ${schema.pattern}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: needs at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: allows at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validateJson(v, schema.items!, root, `${path}[${i}]`)));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}: missing ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) errors.push(...validateJson(v, sub, root, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${key}`);
    }
  }
  return errors;
}

/** Checks a parsed record beyond the schema: the schema name/version this code reads, and bits consistency. */
export function checkRecord(value: unknown, schema: JsonSchema): string[] {
  const errors = validateJson(value, schema);
  if (errors.length) return errors;
  const r = value as BenchRecord;
  if (r.schema_version > BENCH_SCHEMA_VERSION) errors.push(`$.schema_version: ${r.schema_version} is newer than ${BENCH_SCHEMA_VERSION}, which this reader knows`);
  return errors;
}
