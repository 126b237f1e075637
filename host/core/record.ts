// The result record: the `--json` object every host prints, and the seed's two human lines.

import type { KernelVariant, Rule } from "./kernel.js";
import type { Problem, Scheme } from "./options.js";

export interface RuntimeInfo {
  name: string;
  version: string;
}

export interface ResultRecord {
  value: number | null;
  /** "0x" + 16 lowercase hex digits of the IEEE-754 binary64 encoding, most significant first (NaN canonical). */
  bits: string;
  exact: number | null;
  error: number | null;
  integrand: string;
  domain: [number, number, number, number];
  nx: number;
  ny: number;
  scheme: Scheme;
  workers: number;
  kernel: KernelVariant;
  runtime: RuntimeInfo;
  time_s: number;
  /** Wall time split: workers up + kernels compiled, then rows computed and combined. */
  phases: { startup_s: number; compute_s: number };
  /** The rule (README § Rules) and its points per axis (1 midpoint, k gauss, 21 gk21). */
  rule: Rule;
  points: number;
  /** The kernel's error estimate (gk21, fixed or in the tolerance mode); null for a rule without one. */
  error_estimate: number | null;
  /** How a tolerance run ended; null for a fixed rule. */
  status: RunStatus | null;
  /** Why a tolerance run did not converge, in the kernel's words; null otherwise. */
  status_message: string | null;
  /** Cells of the grid (a fixed rule), or regions at the end (the tolerance mode). */
  regions: number;
  /** Evaluations of f. */
  evaluations: number;
}

export type RunStatus = "converged" | "not_converged";

/** What a run measured besides its value: the estimate, a tolerance run's end, the work done. */
export interface Outcome {
  error_estimate: number;
  status: RunStatus | null;
  status_message: string | null;
  regions: number;
  evaluations: number;
}

/** The bit pattern of a double, NaN canonicalised (engines may differ in NaN payloads, never in numbers). */
export function bitsOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Number.isNaN(value) ? NaN : value);
  return "0x" + view.getBigUint64(0).toString(16).padStart(16, "0");
}

/** The double a bits string encodes. */
export function valueOfBits(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(bits));
  return view.getFloat64(0);
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function makeRecord(
  p: Problem,
  value: number,
  runtime: RuntimeInfo,
  phases: { startup_s: number; compute_s: number },
  outcome: Outcome,
): ResultRecord {
  return {
    value: finiteOrNull(value),
    bits: bitsOf(value),
    exact: finiteOrNull(p.exact),
    error: finiteOrNull(Math.abs(value - p.exact)),
    integrand: p.integrand,
    domain: [...p.domain],
    nx: p.nx,
    ny: p.ny,
    scheme: p.scheme,
    workers: p.workers,
    kernel: p.kernel,
    runtime,
    time_s: phases.startup_s + phases.compute_s,
    phases,
    rule: p.rule,
    points: p.points,
    error_estimate: finiteOrNull(outcome.error_estimate),
    status: outcome.status,
    status_message: outcome.status_message,
    regions: outcome.regions,
    evaluations: outcome.evaluations,
  };
}

/** C/Python `%e`: six decimals, exponent sign and at least two digits; nan/inf spelled as C does. */
export function formatE(v: number | null): string {
  if (v === null || Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const [mantissa, exponent] = v.toExponential(6).split("e") as [string, string];
  const sign = exponent.startsWith("-") ? "-" : "+";
  return `${Object.is(v, -0) ? "-" : ""}${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
}

/**
 * The seed's two lines plus the run's settings. "Error is" gives the true error where a closed form exists, else
 * the kernel's estimate (two digits: more would claim what an estimate does not know), else says it is unknown.
 */
export function humanLines(r: ResultRecord): string[] {
  const error = r.exact !== null ? formatE(r.error)
    : r.error_estimate !== null ? `${r.error_estimate.toExponential(1)} (estimated)`
    : "unknown (no closed form)";
  const settings = `scheme ${r.scheme}, workers ${r.workers}, kernel ${r.kernel}, n ${r.nx}x${r.ny}, integrand ${r.integrand}, bits ${r.bits}`;
  const rule = r.rule === "gauss" ? `gauss ${r.points}` : r.status !== null ? `${r.rule} adaptive` : r.rule;
  return [
    `Integral value is ${formatE(r.value)}, Error is ${error}${r.status === "not_converged" ? ", not converged" : ""}`,
    `Time spent: ${r.time_s.toFixed(2)} sec`,
    r.rule === "midpoint"
      ? `S${settings.slice(1)}`
      : `Rule ${rule}, ${r.regions} region${r.regions === 1 ? "" : "s"}, ${r.evaluations} evaluations${r.status !== null ? `, status ${r.status}` : ""}, ${settings}`,
  ];
}
