// Numbers printed exactly as the JavaScript hosts print them: Number.prototype.toString (JSON.stringify),
// toExponential(6) in the C %e layout (host/core/record.ts formatE), toFixed(2). AssemblyScript's own dtoa is
// Grisu2 (not always the shortest digits, and "1.0" for 1) and it has no toExponential/toFixed; the kernel's
// language code has exact conversions (lang/decimal.ts), so these use them.

import { expandExact, exactDigit, exactLength, exactPoint } from "../lang/decimal";
import * as msg from "../lang/message";

/**
 * String(v) for a finite v, by the kernel's own formatter (the one its messages use). It writes through the
 * kernel's message buffer: read message() before formatting numbers.
 */
export function jsNumber(v: f64): string {
  msg.begin(0, 0);
  msg.num(v);
  return String.UTF8.decodeUnsafe(msg.messagePtr(), <usize>msg.messageLen());
}

/** |v| = 0.d1d2… × 10^point exactly (finite v ≠ 0), no trailing zeros. */
class Expansion {
  constructor(public digits: string, public point: i32) {}
}

function expand(v: f64): Expansion {
  expandExact(Math.abs(v));
  let digits = "";
  for (let k = 0; k < exactLength(); k++) digits += String.fromCharCode(exactDigit(k));
  return new Expansion(digits, exactPoint());
}

/** digits (decimal string) + 1 in the last place; "999" → "1000". */
function incrementDigits(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && s.charCodeAt(i) == 57) i--;
  if (i < 0) return "1" + "0".repeat(s.length);
  return s.substring(0, i) + String.fromCharCode(s.charCodeAt(i) + 1) + "0".repeat(s.length - 1 - i);
}

/** C/Python %e layout, rounded as toExponential(6): exact value, ties away from zero; nan/inf as C spells them. */
export function formatE(v: f64): string {
  if (isNaN(v)) return "nan";
  if (!isFinite(v)) return v > 0 ? "inf" : "-inf";
  const negative = v < 0 || (v == 0 && 1 / v < 0);
  if (v == 0) return (negative ? "-" : "") + "0.000000e+00";
  const x = expand(v);
  let head = x.digits.length >= 7 ? x.digits.substring(0, 7) : x.digits + "0".repeat(7 - x.digits.length);
  let point = x.point;
  if (x.digits.length > 7 && x.digits.charCodeAt(7) >= 53) {
    head = incrementDigits(head);
    if (head.length > 7) { head = head.substring(0, 7); point++; }
  }
  const e = point - 1;
  const ae = e < 0 ? -e : e;
  return (negative ? "-" : "") + head.substring(0, 1) + "." + head.substring(1) + "e" + (e < 0 ? "-" : "+") +
    (ae < 10 ? "0" : "") + ae.toString();
}

/** toFixed(2) of a finite value below 1e21 (a duration): exact value, ties away from zero. */
export function toFixed2(v: f64): string {
  if (v == 0) return "0.00";
  const negative = v < 0;
  const x = expand(v);
  const wanted = x.point + 2; // digits before the cut
  let head: string;
  if (wanted < 0) head = "0";
  else {
    head = wanted == 0 ? "0" : (x.digits.length >= wanted ? x.digits.substring(0, wanted) : x.digits + "0".repeat(wanted - x.digits.length));
    if (x.digits.length > wanted && x.digits.charCodeAt(wanted) >= 53) head = incrementDigits(head);
  }
  while (head.length < 3) head = "0" + head;
  let s = head.substring(0, head.length - 2) + "." + head.substring(head.length - 2);
  while (s.length > 4 && s.charCodeAt(0) == 48) s = s.substring(1);
  return (negative && s != "0.00" ? "-" : "") + s;
}
