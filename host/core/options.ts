// The options contract shared by every host (the CLI flags, the library API and the browser form): names,
// defaults, allowed ranges and the exact wording of each refusal. Other languages' hosts copy these messages;
// test/cli-errors.test.ts pins them.

import { UsageError } from "./errors.js";
import { type Bounds, type Kernel, type KernelVariant, RULES, type Refusal, type Rule, type Tolerance } from "./kernel.js";
import type { Progress } from "./pool.js";

export const SCHEMES = ["serial", "threads", "processes"] as const;
export type Scheme = (typeof SCHEMES)[number];

export const DEFAULT_N = 10000;
/** Cells per axis of the product rules and of the tolerance mode's first round: one cell, the whole domain. */
export const DEFAULT_RULE_N = 1;
/** Points per axis of --rule gauss: the Gauss half of gk21. */
export const DEFAULT_POINTS = 10;
/** The tolerance mode's evaluation budget: ~1 s of one worker here on a cheap integrand. */
export const DEFAULT_MAX_EVALS = 100_000_000;
export const DEFAULT_INTEGRAND = "sin(x+y)";
export const DEFAULT_DOMAIN = "0,pi,0,pi";
/** Upper cap on workers: more than any machine this runs on has cores, few enough that a typo cannot fork-bomb. */
export const MAX_WORKERS = 256;

/** What the checks take: the CLI's text as typed, or a library caller's values (IntegrateOptions). */
export interface RawOptions {
  n?: number | string;
  nx?: number | string;
  ny?: number | string;
  workers?: number | string;
  scheme?: string;
  kernel?: string;
  integrand?: string;
  /** "ax,bx,ay,by", or four bounds: numbers, or texts of constant expressions. */
  domain?: string | readonly (number | string)[];
  rule?: string;
  points?: number | string;
  rtol?: number | string;
  atol?: number | string;
  maxEvals?: number | string;
}

/** What a library caller may pass: the enumerations as their names, so that a misspelt one is a type error. */
export interface IntegrateOptions extends RawOptions {
  scheme?: Scheme;
  kernel?: KernelVariant;
  rule?: Rule;
}

/** What a run takes besides the problem (library API only: no CLI flag). */
export interface RunControls {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: Progress) => void) | undefined;
  /** A worker that reports no result (a block under messages, a row under shared memory) for this long fails the run. */
  blockTimeoutMs?: number | undefined;
}

/** Validated options, every field filled in; `workers` is the number that will run. */
export interface Problem {
  /** The integrand's text, as given. */
  integrand: string;
  /** The domain's text, as given (or the default's). */
  domainText: string;
  /** The bounds the kernel read from it. */
  domain: Bounds;
  /** The catalog entry whose fast path the integrand takes, or −1. */
  catalogId: number;
  /** Closed form on the domain; NaN where there is none. */
  exact: number;
  nx: number;
  ny: number;
  scheme: Scheme;
  workers: number;
  kernel: KernelVariant;
  rule: Rule;
  /** Points per axis: 1 (midpoint), k (gauss), 21 (gk21). */
  points: number;
  /** The tolerance mode's settings, or null for a fixed rule. */
  tolerance: Tolerance | null;
}

/** Context the defaults depend on. */
export interface OptionContext {
  /** An instance to check the problem with (define: it parses the texts and says what it refuses). */
  kernel: Kernel;
  /** Logical cores the runtime reports. */
  cores: number;
  /** Kernel builds this runtime can run, preferred first (simd first where supported). */
  kernels: readonly KernelVariant[];
  /** Schemes this host offers. */
  schemes: readonly Scheme[];
}

// CLI spelling of each option, used in every message.
export const FLAG = {
  n: "-n/--n",
  nx: "--nx",
  ny: "--ny",
  workers: "-w/--workers",
  scheme: "-s/--scheme",
  kernel: "-k/--kernel",
  integrand: "-f/--integrand",
  domain: "-d/--domain",
  rule: "--rule",
  points: "--points",
  rtol: "--rtol",
  atol: "--atol",
  maxEvals: "--max-evals",
} as const;

const quote = (v: unknown) => JSON.stringify(String(v));

/** A value as a message shows it: text and numbers quoted as the CLI would have them, anything else by kind. */
export function shown(v: unknown): string {
  if (typeof v === "string" || typeof v === "number") return quote(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null || typeof v === "boolean" || v === undefined) return String(v);
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  return Array.isArray(v) ? "an array" : "an object";
}

// ASCII only: JS's \s and String.trim() also take NBSP, BOM and other Unicode spaces, which no other host accepts.
const INTEGER_TEXT = /^[ \t\n\v\f\r]*\+?[0-9]+[ \t\n\v\f\r]*$/;

/** An integer from 1 to max: a safe-integer number, or text of ASCII digits (optional '+' and ASCII spaces). */
function integer(name: string, raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const v = typeof raw === "number" ? raw : typeof raw === "string" && INTEGER_TEXT.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new UsageError(name, `option ${name} must be an integer from 1 to ${max} (got ${shown(raw)})`);
  }
  return v;
}

// A decimal number as the CLI takes it (ASCII; a sign, digits, a point, an exponent): the kernel judges its range.
const NUMBER_TEXT = /^[ \t\n\v\f\r]*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\v\f\r]*$/;

/** A number: an API number, or text of a decimal number; undefined when not given. */
function decimal(name: string, raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "number" || (typeof raw === "string" && NUMBER_TEXT.test(raw))) return Number(raw);
  throw new UsageError(name, `option ${name} must be a number (got ${shown(raw)})`);
}

/** The rule's and the tolerance's options against each other; their values are the kernel's to judge. */
function ruleOptions(o: RawOptions, maxPoints: number): { rule: Rule; points: number; tolerance: Tolerance | null } {
  const rtol = decimal(FLAG.rtol, o.rtol);
  const atol = decimal(FLAG.atol, o.atol);
  const adaptive = rtol !== undefined || atol !== undefined;
  const rule = oneOf("rule", o.rule ?? (adaptive ? "gk21" : "midpoint"), RULES);
  if (o.points !== undefined && rule !== "gauss") {
    throw new UsageError(FLAG.points, `option ${FLAG.points} applies to --rule gauss only (here --rule ${rule})`);
  }
  const points = rule === "gauss" ? integer(FLAG.points, o.points, DEFAULT_POINTS, maxPoints) : rule === "gk21" ? 21 : 1;
  if (adaptive && rule !== "gk21") {
    const flag = rtol !== undefined ? FLAG.rtol : FLAG.atol;
    throw new UsageError(flag, `option ${flag} takes --rule gk21, whose regions the tolerance mode refines (here --rule ${rule})`);
  }
  if (!adaptive && o.maxEvals !== undefined) {
    throw new UsageError(FLAG.maxEvals, `option ${FLAG.maxEvals} applies to the tolerance mode only (give --rtol or --atol)`);
  }
  const maxEvals = integer(FLAG.maxEvals, o.maxEvals, DEFAULT_MAX_EVALS, Number.MAX_SAFE_INTEGER);
  return { rule, points, tolerance: adaptive ? { rtol: rtol ?? 0, atol: atol ?? 0, maxEvals } : null };
}

function oneOf<T extends string>(option: keyof typeof FLAG, raw: unknown, allowed: readonly T[]): T {
  if (raw === undefined) return allowed[0]!;
  if (typeof raw !== "string" || !(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(FLAG[option], `option ${FLAG[option]} must be one of ${allowed.join(", ")} (got ${shown(raw)})`);
  }
  return raw as T;
}

/** The domain as the kernel takes it: text; an API array of four bounds (numbers or texts) joins into one. */
function domainText(raw: RawOptions["domain"]): string {
  if (raw === undefined) return DEFAULT_DOMAIN;
  // String(number) is the shortest text that reads back as the same double: the kernel gets the caller's bounds.
  return typeof raw === "string" ? raw : raw.map(String).join(",");
}

/** The kernel's refusal behind the option's spelling: `option -f/--integrand: unexpected ')' at column 9`. */
const refusedOption = (r: Refusal) => new UsageError(FLAG[r.field], `option ${FLAG[r.field]}: ${r.message}`);

/** Checks every option and fills in the defaults; throws UsageError naming the first bad option. */
export function resolveOptions(o: RawOptions, ctx: OptionContext): Problem {
  const max = ctx.kernel.meta.maxCells;
  const { rule, points, tolerance } = ruleOptions(o, ctx.kernel.meta.maxPoints);
  const n = integer(FLAG.n, o.n, rule === "midpoint" ? DEFAULT_N : DEFAULT_RULE_N, max);
  const nx = integer(FLAG.nx, o.nx, n, max);
  const ny = integer(FLAG.ny, o.ny, n, max);
  const scheme = oneOf("scheme", o.scheme ?? (ctx.schemes.includes("threads") ? "threads" : ctx.schemes[0]), ctx.schemes);
  const kernel = oneOf("kernel", o.kernel, ctx.kernels);
  const integrand = o.integrand ?? DEFAULT_INTEGRAND;
  const text = domainText(o.domain);
  // The kernel parses and checks both texts (README § The language), the rule and the tolerance; its message is
  // every host's.
  const defined = ctx.kernel.define({ integrand, domain: text, nx, ny, rule, points });
  if (!defined.ok) throw refusedOption(defined);
  const refusedTolerance = tolerance && ctx.kernel.checkTolerance(tolerance);
  if (refusedTolerance) throw refusedOption(refusedTolerance);
  const requested = integer(FLAG.workers, o.workers, scheme === "serial" ? 1 : Math.min(ctx.cores, MAX_WORKERS), MAX_WORKERS);
  if (scheme === "serial" && requested !== 1) {
    throw new UsageError(FLAG.workers, `option ${FLAG.workers} must be 1 with --scheme serial (got ${quote(o.workers)})`);
  }
  return {
    integrand,
    domainText: text,
    domain: defined.bounds,
    catalogId: defined.catalogId,
    exact: defined.exact,
    nx,
    ny,
    scheme,
    // More workers than rows would idle: run one per row and report that number. (The tolerance mode's work is
    // its regions, however few rows the first round has.)
    workers: tolerance ? requested : Math.min(requested, nx),
    kernel,
    rule,
    points,
    tolerance,
  };
}

// ---- the library API's own checks: which keys each call takes, null, types of the non-CLI options -------------

/**
 * Default of blockTimeoutMs. A worker reports at least every block (≤ 2^24 cells, pool.ts BLOCK_CELLS) or row:
 * ≤ 0.25 s on a free core here, so 60 s leaves room for a machine ~10× slower shared by ~20 workers a core before
 * a healthy worker could be taken for a stopped one (README § Library).
 */
export const DEFAULT_BLOCK_TIMEOUT_MS = 60_000;
/** The largest delay every runtime's timers honour (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const PROBLEM_KEYS = ["n", "nx", "ny", "integrand", "domain", "rule", "points", "rtol", "atol", "maxEvals"] as const;
/** The keys each API call takes; any other is refused, so a misspelt key never silently runs the default. */
export const API_KEYS = {
  integrate: [...PROBLEM_KEYS, "scheme", "kernel", "workers", "signal", "onProgress", "blockTimeoutMs"],
  resolve: [...PROBLEM_KEYS, "scheme", "kernel", "workers", "signal", "onProgress", "blockTimeoutMs"],
  createPool: ["scheme", "kernel", "workers", "blockTimeoutMs"],
  "pool.integrate": [...PROBLEM_KEYS, "workers", "signal", "onProgress", "blockTimeoutMs"],
} as const satisfies Record<string, readonly string[]>;
export type ApiCall = keyof typeof API_KEYS;

const ALL_KEYS: readonly string[] = API_KEYS.integrate;

/** Edit distance, case-insensitive: "N" is "n", "worker" is one from "workers". */
function distance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  let row = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const next = [i];
    for (let j = 1; j <= t.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[t.length]!;
}

function unknownKey(call: ApiCall, key: string): UsageError {
  const allowed: readonly string[] = API_KEYS[call];
  if (ALL_KEYS.includes(key)) {
    const where = key === "scheme" || key === "kernel" ? "createPool (a pool has one)" : "pool.integrate";
    return new UsageError(key, `${call} takes no option ${quote(key)}: give it to ${where}`);
  }
  const near = allowed.map((k) => [k, distance(key, k)] as const).sort((a, b) => a[1] - b[1])[0]!;
  const hint = near[1] <= Math.max(1, Math.floor(key.length / 3)) ? `did you mean ${quote(near[0])}?` : `${call} takes ${allowed.join(", ")}`;
  return new UsageError(key, `unknown option ${quote(key)} (${hint})`);
}

const isSignal = (v: unknown): v is AbortSignal =>
  typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean" &&
  typeof (v as AbortSignal).addEventListener === "function" && typeof (v as AbortSignal).removeEventListener === "function";

/**
 * The checks that only the library API needs (the CLI hands over text): `o` is an object or undefined, every key
 * is one `call` takes, no value is null (undefined means the default, for every option; null is refused for
 * every option, so there is one rule), and the values of the API-only options have their type. Throws UsageError
 * naming the key; returns the options and the run controls, validated.
 */
export function checkApiOptions(call: ApiCall, o: unknown): { options: IntegrateOptions; controls: RunControls } {
  if (o === undefined) return { options: {}, controls: {} };
  if (typeof o !== "object" || o === null || Array.isArray(o)) {
    throw new UsageError("options", `${call} takes an object of options (got ${shown(o)})`);
  }
  const options = o as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(API_KEYS[call] as readonly string[]).includes(key)) throw unknownKey(call, key);
    if (options[key] === null) {
      const name = key in FLAG ? FLAG[key as keyof typeof FLAG] : key;
      throw new UsageError(name, `option ${name} must not be null (leave it out, or pass undefined, for the default)`);
    }
  }
  const { integrand, domain, signal, onProgress, blockTimeoutMs } = options;
  // The kernel reads the texts; only the type of the values is checked here.
  if (integrand !== undefined && typeof integrand !== "string") {
    throw new UsageError(FLAG.integrand, `option ${FLAG.integrand} must be a string, an expression in x and y (got ${shown(integrand)})`);
  }
  if (domain !== undefined && typeof domain !== "string" &&
      !(Array.isArray(domain) && domain.every((b) => (typeof b === "number" && Number.isFinite(b)) || typeof b === "string"))) {
    throw new UsageError(FLAG.domain, `option ${FLAG.domain} must be a string "ax,bx,ay,by" or an array of four bounds, finite numbers or texts (got ${shown(domain)})`);
  }
  if (signal !== undefined && !isSignal(signal)) {
    throw new UsageError("signal", `option signal must be an AbortSignal (got ${shown(signal)})`);
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new UsageError("onProgress", `option onProgress must be a function (got ${shown(onProgress)})`);
  }
  const controls: RunControls = {
    signal: signal as AbortSignal | undefined,
    onProgress: onProgress as RunControls["onProgress"],
    blockTimeoutMs: blockTimeoutMs === undefined ? undefined : integer("blockTimeoutMs", blockTimeoutMs, 0, MAX_TIMEOUT_MS),
  };
  return { options: options as IntegrateOptions, controls };
}
