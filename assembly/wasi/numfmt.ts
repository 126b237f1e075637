// Numbers in and out exactly as the JavaScript hosts handle them: Number(decimal), Number.prototype.toString
// (JSON.stringify), toExponential(6) in the C %e layout (host/core/record.ts formatE), toFixed(2).

import { exactDecimalToDouble, expand, incrementDigits, roundsTo } from "./bignum";

function isDigit(c: i32): bool { return c >= 48 && c <= 57; }

/** Number(s) for s matching /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i (the caller checks the form). */
export function parseDecimal(s: string): f64 {
  let i = 0;
  let negative = false;
  const c0 = s.charCodeAt(0);
  if (c0 == 43 || c0 == 45) { negative = c0 == 45; i = 1; }
  let digits = "";
  let frac = 0;
  let seenPoint = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 46) { seenPoint = true; continue; }
    if (!isDigit(c)) break;
    digits += String.fromCharCode(c);
    if (seenPoint) frac++;
  }
  let exp: i64 = 0;
  if (i < s.length) { // e or E
    i++;
    let eneg = false;
    const c = s.charCodeAt(i);
    if (c == 43 || c == 45) { eneg = c == 45; i++; }
    for (; i < s.length; i++) {
      if (exp < 100000000) exp = exp * 10 + <i64>(s.charCodeAt(i) - 48);
    }
    if (eneg) exp = -exp;
  }
  const E = <i32>(exp - <i64>frac);
  const v = exactDecimalToDouble(digits, E, parseFloat(s));
  return negative ? -v : v;
}

/** Number.prototype.toString(): the shortest digits that round-trip, the closest of those, JS layout. */
export function jsNumber(v: f64): string {
  if (isNaN(v)) return "NaN";
  if (!isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return "0";
  const sign = v < 0 ? "-" : "";
  const a = Math.abs(v);
  const x = expand(a);
  const D = x.digits;
  let n = D;
  let point = x.point;
  for (let k = 1; k <= 17; k++) {
    if (k >= D.length) { n = D; point = x.point; break; }
    const down = D.substring(0, k);
    const rest = D.substring(k);
    let up = incrementDigits(down);
    let upPoint = x.point;
    if (up.length > k) { upPoint++; up = up.substring(0, k); }
    const downOk = roundsTo(down, x.point - k, a);
    const upOk = roundsTo(up, upPoint - k, a);
    if (!downOk && !upOk) continue;
    let pickUp = upOk && !downOk;
    if (downOk && upOk) {
      const r = rest.charCodeAt(0);
      if (r > 53 || (r == 53 && rest.length > 1)) pickUp = true;
      else if (r == 53) pickUp = ((down.charCodeAt(k - 1) - 48) & 1) == 1; // a tie: the even one
      else pickUp = false;
    }
    n = pickUp ? up : down;
    point = pickUp ? upPoint : x.point;
    break;
  }
  // drop trailing zeros of the chosen digits
  let end = n.length;
  while (end > 1 && n.charCodeAt(end - 1) == 48) end--;
  n = n.substring(0, end);
  const k = n.length;
  let out: string;
  if (k <= point && point <= 21) {
    out = n + "0".repeat(point - k);
  } else if (0 < point && point <= 21) {
    out = n.substring(0, point) + "." + n.substring(point);
  } else if (-6 < point && point <= 0) {
    out = "0." + "0".repeat(-point) + n;
  } else {
    const e = point - 1;
    out = n.substring(0, 1) + (k > 1 ? "." + n.substring(1) : "") + "e" + (e > 0 ? "+" : "-") + (e < 0 ? -e : e).toString();
  }
  return sign + out;
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
  const ae = Math.abs(<f64>e);
  return (negative ? "-" : "") + head.substring(0, 1) + "." + head.substring(1) + "e" + (e < 0 ? "-" : "+") +
    (ae < 10 ? "0" : "") + (<i32>ae).toString();
}

/** toFixed(2) of a finite value below 1e21 (a duration): exact value, ties away from zero. */
export function toFixed2(v: f64): string {
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
