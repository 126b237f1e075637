// What the table generators share (make-gauss-legendre.mjs, make-null-rules.mjs): 256-bit fixed-point arithmetic
// on BigInt, the double nearest to such a number, and writing (or, with --check, comparing) the generated file.

import { readFileSync, writeFileSync } from "node:fs";

export const BITS = 256n;
export const ONE = 1n << BITS;
export const mul = (a, b) => (a * b) >> BITS;
export const div = (a, b) => (a << BITS) / b;
export const abs = (a) => (a < 0n ? -a : a);

/**
 * The shortest text of the double nearest to v: v printed to 40 significant digits (within 10^−40 of it), then
 * rounded by Number() — the true value correctly rounded, short of a tie at that distance.
 */
export function nearestDouble(v) {
  if (v === 0n) return "0";
  const sign = v < 0n ? "-" : "";
  const digits = ((abs(v) * 10n ** 60n + (ONE >> 1n)) >> BITS).toString(); // v · 10^60, rounded
  const x = Number(`${sign}0.${digits.slice(0, 40)}e${digits.length - 60}`);
  return Object.is(x, -0) ? "0" : String(x);
}

/** Writes `text` to `target`, or with --check exits 1 (saying so) when the file differs. */
export function writeOrCheck(target, text, name) {
  if (!process.argv.includes("--check")) return writeFileSync(target, text);
  const same = readFileSync(target, "utf8") === text;
  if (!same) process.stderr.write(`${name} is not what its generator writes\n`);
  process.exitCode = same ? 0 : 1;
}
