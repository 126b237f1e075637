// The kernel's one message (a refusal of define(), or combine()'s diagnosis of a non-finite result), built in a
// static buffer as UTF-8 — no heap: every piece is a string literal, bytes of the user's text, or a number
// formatted into a static scratch area.

import { dtoa_buffered, itoa_buffered } from "util/number";

/** Longest message in bytes; longer ones are cut (nothing the kernel writes comes near it). */
const MESSAGE_CAP: i32 = 1024;
const MESSAGE: usize = memory.data(MESSAGE_CAP, 16);
/** Room for the UTF-16 output of dtoa/itoa (at most 28 units). */
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
 * A double: NaN, Inf, -Inf, or the digits AssemblyScript's dtoa gives (Grisu2: digits that read back as the same
 * double) in JavaScript's layout, without the ".0" it puts after integers.
 */
export function num(v: f64): void {
  if (isNaN(v)) { text("NaN"); return; }
  if (!isFinite(v)) { text(v > 0 ? "Inf" : "-Inf"); return; }
  if (v == 0) { text(1 / v < 0 ? "-0" : "0"); return; }
  let n = <i32>dtoa_buffered<f64>(DIGITS16, v);
  if (n >= 2 && load<u16>(DIGITS16 + (<usize>(n - 2) << 1)) == 46 && load<u16>(DIGITS16 + (<usize>(n - 1) << 1)) == 48) n -= 2;
  for (let i = 0; i < n; i++) byte(<u32>load<u16>(DIGITS16 + (<usize>i << 1)));
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
