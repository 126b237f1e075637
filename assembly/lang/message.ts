// The kernel's one message (a refusal of define(), or combine()'s diagnosis of a non-finite result), built in a
// static buffer as UTF-8 — no heap: every piece is a string literal, bytes of the user's text, or a number
// formatted into a static scratch area.

import { itoa_buffered } from "util/number";
import { shortest, shortestDigit, shortestLength, shortestPoint } from "./decimal";

/** Longest message in bytes; longer ones are cut (nothing the kernel writes comes near it). */
const MESSAGE_CAP: i32 = 1024;
const MESSAGE: usize = memory.data(MESSAGE_CAP, 16);
/** Room for the UTF-16 output of itoa (at most 11 units). */
const DIGITS16: usize = memory.data(64, 16);
/** The longest run of the user's text a message quotes; longer runs end in "...". */
const QUOTE_CAP: i32 = 40;

let length: i32 = 0;
let column: i32 = 0;
let field: i32 = 0;

export function messagePtr(): usize { return MESSAGE; }
export function messageLen(): i32 { return length; }
export function messageColumn(): i32 { return column; }
export function messageField(): i32 { return field; }

/** Forget the last message. */
export function clear(): void { length = 0; column = 0; field = 0; }

/** Start a new message about `field_` (0 integrand, 1 domain, 2 nx, 3 ny) at `column_` (0: none). */
export function begin(field_: i32, column_: i32): void { length = 0; field = field_; column = column_; }

function byte(b: u32): void {
  if (length < MESSAGE_CAP) store<u8>(MESSAGE + <usize>(length++), <u8>b);
}

/** An ASCII string literal. */
export function text(s: string): void {
  const p = changetype<usize>(s);
  for (let i = 0; i < s.length; i++) byte(<u32>load<u16>(p + (<usize>i << 1)));
}

/** `len` bytes of UTF-8 at ptr, cut after QUOTE_CAP bytes (at a code point boundary) with "...". */
export function quote(ptr: usize, len: i32): void {
  let n = len;
  if (n > QUOTE_CAP) {
    n = QUOTE_CAP;
    while (n > 0 && (load<u8>(ptr + <usize>n) & 0xc0) == 0x80) n--; // do not split a code point
  }
  for (let i = 0; i < n; i++) byte(<u32>load<u8>(ptr + <usize>i));
  if (n < len) text("...");
}

export function int(v: i32): void {
  const n = itoa_buffered<i32>(DIGITS16, v);
  for (let i: u32 = 0; i < n; i++) byte(<u32>load<u16>(DIGITS16 + (<usize>i << 1)));
}

/**
 * A double as JavaScript's String(v) writes it (the shortest digits that read back as v, the closest of those),
 * except that infinities are Inf and -Inf.
 */
export function num(v: f64): void {
  if (isNaN(v)) { text("NaN"); return; }
  if (!isFinite(v)) { text(v > 0 ? "Inf" : "-Inf"); return; }
  if (v == 0) { byte(48); return; } // String(-0) is "0" too
  if (v < 0) { byte(45); v = -v; }
  shortest(v);
  const k = shortestLength();
  const n = shortestPoint();
  if (k <= n && n <= 21) {
    for (let i = 0; i < k; i++) byte(shortestDigit(i));
    for (let i = k; i < n; i++) byte(48);
  } else if (0 < n && n <= 21) {
    for (let i = 0; i < n; i++) byte(shortestDigit(i));
    byte(46);
    for (let i = n; i < k; i++) byte(shortestDigit(i));
  } else if (-6 < n && n <= 0) {
    byte(48);
    byte(46);
    for (let i = n; i < 0; i++) byte(48);
    for (let i = 0; i < k; i++) byte(shortestDigit(i));
  } else {
    byte(shortestDigit(0));
    if (k > 1) {
      byte(46);
      for (let i = 1; i < k; i++) byte(shortestDigit(i));
    }
    byte(101);
    byte(n - 1 >= 0 ? 43 : 45);
    int(n - 1 >= 0 ? n - 1 : 1 - n);
  }
}

/** U+XXXX (at least four hex digits). */
export function codePoint(cp: u32): void {
  text("U+");
  let digits = 4;
  while (digits < 6 && (cp >> (<u32>digits << 2)) != 0) digits++;
  for (let d = digits - 1; d >= 0; d--) {
    const h = (cp >> (<u32>d << 2)) & 15;
    byte(h < 10 ? 48 + h : 55 + h);
  }
}

/** " at column N" for the message's column. */
export function atColumn(): void { text(" at column "); int(column); }
