// The options contract shared by every host (the CLI flags, the library API and the browser form): names,
// defaults, allowed ranges and the exact wording of each refusal. Other languages' hosts copy these messages;
// test/cli-errors.test.ts pins them.

import { type Domain, DEFAULT_DOMAIN_TEXT, parseDomain } from "./domain.js";
import { UsageError } from "./errors.js";
import type { KernelMetadata, KernelVariant } from "./kernel.js";

export const SCHEMES = ["serial", "threads", "processes"] as const;
export type Scheme = (typeof SCHEMES)[number];

export const DEFAULT_N = 10000;
export const DEFAULT_INTEGRAND = "sin(x+y)";
/** Upper cap on workers: more than any machine this runs on has cores, few enough that a typo cannot fork-bomb. */
export const MAX_WORKERS = 256;

/** What a caller may pass (CLI strings or API values). */
export interface IntegrateOptions {
  n?: number | string;
  nx?: number | string;
  ny?: number | string;
  workers?: number | string;
  scheme?: string;
  kernel?: string;
  integrand?: string;
  domain?: string | readonly number[];
}

/** Validated options, every field filled in; `workers` is the number that will run. */
export interface Problem {
  integrand: string;
  integrandId: number;
  domain: Domain;
  nx: number;
  ny: number;
  scheme: Scheme;
  workers: number;
  kernel: KernelVariant;
}

/** Context the defaults depend on. */
export interface OptionContext {
  meta: KernelMetadata;
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
} as const;

const quote = (v: unknown) => JSON.stringify(String(v));

function integer(option: keyof typeof FLAG, raw: number | string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const v = typeof raw === "number" ? raw : /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < 1 || v > max) {
    throw new UsageError(FLAG[option], `option ${FLAG[option]} must be an integer from 1 to ${max} (got ${quote(raw)})`);
  }
  return v;
}

function oneOf<T extends string>(option: keyof typeof FLAG, raw: string | undefined, allowed: readonly T[]): T {
  if (raw === undefined) return allowed[0]!;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(FLAG[option], `option ${FLAG[option]} must be one of ${allowed.join(", ")} (got ${quote(raw)})`);
  }
  return raw as T;
}

function domainOf(raw: IntegrateOptions["domain"], integrand: string): Domain {
  const text = raw === undefined ? DEFAULT_DOMAIN_TEXT : typeof raw === "string" ? raw : raw.join(",");
  const d = typeof raw === "object" && raw.length === 4 && raw.every(Number.isFinite)
    ? (raw as unknown as Domain)
    : parseDomain(text);
  if (!d) {
    throw new UsageError(FLAG.domain, `option ${FLAG.domain} must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got ${quote(text)})`);
  }
  const [ax, bx, ay, by] = d;
  if (!(ax < bx && ay < by)) {
    throw new UsageError(FLAG.domain, `option ${FLAG.domain} needs ax < bx and ay < by (got ${quote(text)})`);
  }
  if (integrand === "1/(1+x+y)" && !(1 + ax + ay > 0)) {
    throw new UsageError(FLAG.domain, `option ${FLAG.domain}: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got ${quote(text)})`);
  }
  return d;
}

/** Checks every option and fills in the defaults; throws UsageError naming the first bad option. */
export function resolveOptions(o: IntegrateOptions, ctx: OptionContext): Problem {
  const max = ctx.meta.maxCells;
  const n = integer("n", o.n, DEFAULT_N, max);
  const nx = integer("nx", o.nx, n, max);
  const ny = integer("ny", o.ny, n, max);
  const scheme = oneOf("scheme", o.scheme ?? (ctx.schemes.includes("threads") ? "threads" : ctx.schemes[0]), ctx.schemes);
  const kernel = oneOf("kernel", o.kernel, ctx.kernels);
  const integrand = oneOf("integrand", o.integrand ?? DEFAULT_INTEGRAND, ctx.meta.integrands);
  const domain = domainOf(o.domain, integrand);
  const requested = integer("workers", o.workers, scheme === "serial" ? 1 : Math.min(ctx.cores, MAX_WORKERS), MAX_WORKERS);
  if (scheme === "serial" && requested !== 1) {
    throw new UsageError(FLAG.workers, `option ${FLAG.workers} must be 1 with --scheme serial (got ${quote(o.workers)})`);
  }
  return {
    integrand,
    integrandId: ctx.meta.integrands.indexOf(integrand),
    domain,
    nx,
    ny,
    scheme,
    // More workers than rows would idle: run one per row and report that number.
    workers: Math.min(requested, nx),
    kernel,
  };
}
