// UTF-8 text → tokens, in static arrays. Whitespace is space, tab, CR and LF only; anything else that is not a
// token is refused with its code point (U+00A0 for a no-break space, U+FEFF for a byte-order mark). Columns count
// code points from 1.

import * as msg from "./message";
import { parseDecimal } from "./decimal";

export const MAX_TEXT: i32 = 4096;

export const enum Tok {
  END = 0, NUMBER, NAME, PLUS, MINUS, STAR, SLASH, CARET, LPAREN, RPAREN, COMMA, LT, LE, GT, GE, EQ, NE,
}

/** At most one token per byte, plus END. */
const MAX_TOKENS: i32 = MAX_TEXT + 1;
const TOK_KIND: usize = memory.data(MAX_TOKENS << 2, 16);
const TOK_START: usize = memory.data(MAX_TOKENS << 2, 16);
const TOK_LEN: usize = memory.data(MAX_TOKENS << 2, 16);
const TOK_COLUMN: usize = memory.data(MAX_TOKENS << 2, 16);
/** 1 when whitespace comes right before the token. */
const TOK_SPACED: usize = memory.data(MAX_TOKENS << 2, 16);
const TOK_VALUE: usize = memory.data(MAX_TOKENS << 3, 16);

let textPtr: usize = 0;
let count: i32 = 0;

export function kind(t: i32): i32 { return load<i32>(TOK_KIND + (<usize>t << 2)); }
/** Byte address of the token's first byte. */
export function start(t: i32): usize { return textPtr + <usize>load<i32>(TOK_START + (<usize>t << 2)); }
export function length(t: i32): i32 { return load<i32>(TOK_LEN + (<usize>t << 2)); }
export function column(t: i32): i32 { return load<i32>(TOK_COLUMN + (<usize>t << 2)); }
export function spaced(t: i32): bool { return load<i32>(TOK_SPACED + (<usize>t << 2)) != 0; }
export function value(t: i32): f64 { return load<f64>(TOK_VALUE + (<usize>t << 3)); }

function push(k: i32, at: i32, len: i32, col: i32, space: bool, v: f64): void {
  store<i32>(TOK_KIND + (<usize>count << 2), k);
  store<i32>(TOK_START + (<usize>count << 2), at);
  store<i32>(TOK_LEN + (<usize>count << 2), len);
  store<i32>(TOK_COLUMN + (<usize>count << 2), col);
  store<i32>(TOK_SPACED + (<usize>count << 2), space ? 1 : 0);
  store<f64>(TOK_VALUE + (<usize>count << 3), v);
  count++;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool { return c - 48 < 10; }
// @ts-ignore: decorator
@inline function isNameStart(c: u32): bool { return (c | 32) - 97 < 26 || c == 95; }
// @ts-ignore: decorator
@inline function isNameByte(c: u32): bool { return isNameStart(c) || isDigit(c); }

/**
 * Length of the valid UTF-8 sequence at p (at most `left` bytes), its code point in `decoded`; 0 if invalid
 * (bad lead or continuation byte, truncated, overlong, a surrogate, beyond U+10FFFF).
 */
let decoded: u32 = 0;
function utf8At(p: usize, left: i32): i32 {
  const b0 = <u32>load<u8>(p);
  let n = 0;
  let cp: u32 = 0;
  let lowest: u32 = 0;
  if (b0 < 0x80) { decoded = b0; return 1; }
  if (b0 >= 0xc2 && b0 <= 0xdf) { n = 2; cp = b0 & 0x1f; lowest = 0x80; }
  else if (b0 >= 0xe0 && b0 <= 0xef) { n = 3; cp = b0 & 0x0f; lowest = 0x800; }
  else if (b0 >= 0xf0 && b0 <= 0xf4) { n = 4; cp = b0 & 0x07; lowest = 0x10000; }
  else return 0;
  if (n > left) return 0;
  for (let i = 1; i < n; i++) {
    const b = <u32>load<u8>(p + <usize>i);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < lowest || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  decoded = cp;
  return n;
}

/** Refusal at column col: `what` then the column. Returns false (for `return fail(...)`). */
function unexpectedChar(cp: u32, col: i32, field: i32): bool {
  msg.begin(field, col);
  msg.text("unexpected character ");
  if (cp > 32 && cp < 127) { msg.text("'"); store<u8>(CHAR, <u8>cp); msg.quote(CHAR, 1); msg.text("'"); }
  else msg.codePoint(cp);
  msg.atColumn();
  if (cp == 61) msg.text(" (did you mean ==?)");
  if (cp == 33) msg.text(" (did you mean !=?)");
  return false;
}
const CHAR: usize = memory.data(8, 8);

/** Tokens of the `len` bytes at ptr; false with the message set (about `field`) if the text is not all tokens. */
export function lex(ptr: usize, len: i32, field: i32): bool {
  textPtr = ptr;
  count = 0;
  let i = 0;
  let col = 1;
  let space = false;
  while (i < len) {
    const c = <u32>load<u8>(ptr + <usize>i);
    if (c == 32 || c == 9 || c == 13 || c == 10) { i++; col++; space = true; continue; }
    const at = i;
    const atCol = col;
    if (isDigit(c) || (c == 46 && i + 1 < len && isDigit(<u32>load<u8>(ptr + <usize>(i + 1))))) {
      while (i < len && isDigit(<u32>load<u8>(ptr + <usize>i))) i++;
      if (i < len && load<u8>(ptr + <usize>i) == 46) {
        i++;
        while (i < len && isDigit(<u32>load<u8>(ptr + <usize>i))) i++;
      }
      if (i < len && (load<u8>(ptr + <usize>i) | 32) == 101) {
        // an exponent if digits follow (after an optional sign); otherwise the number ends before the e
        let k = i + 1;
        if (k < len && (load<u8>(ptr + <usize>k) == 43 || load<u8>(ptr + <usize>k) == 45)) k++;
        if (k < len && isDigit(<u32>load<u8>(ptr + <usize>k))) {
          i = k;
          while (i < len && isDigit(<u32>load<u8>(ptr + <usize>i))) i++;
        } else if (k > i + 1 || k >= len || !isNameByte(<u32>load<u8>(ptr + <usize>k))) {
          msg.begin(field, atCol);
          msg.text("malformed number '");
          msg.quote(ptr + <usize>at, k - at);
          msg.text("' (the exponent has no digits)");
          msg.atColumn();
          return false;
        }
      }
      const v = parseDecimal(ptr + <usize>at, i - at);
      if (!isFinite(v)) {
        msg.begin(field, atCol);
        msg.text("number '");
        msg.quote(ptr + <usize>at, i - at);
        msg.text("' is too large for a double");
        msg.atColumn();
        return false;
      }
      push(Tok.NUMBER, at, i - at, atCol, space, v);
      col += i - at;
      space = false;
      continue;
    }
    if (isNameStart(c)) {
      while (i < len && isNameByte(<u32>load<u8>(ptr + <usize>i))) i++;
      push(Tok.NAME, at, i - at, atCol, space, 0);
      col += i - at;
      space = false;
      continue;
    }
    if (c >= 0x80) {
      const n = utf8At(ptr + <usize>i, len - i);
      if (n == 0) {
        msg.begin(field, atCol);
        msg.text("invalid UTF-8");
        msg.atColumn();
        return false;
      }
      if (decoded == 0x3c0) { // π
        push(Tok.NAME, at, n, atCol, space, 0);
        i += n;
        col++;
        space = false;
        continue;
      }
      return unexpectedChar(decoded, atCol, field);
    }
    const next = i + 1 < len ? <u32>load<u8>(ptr + <usize>(i + 1)) : 0;
    let k = -1;
    let n = 1;
    switch (c) {
      case 43: k = Tok.PLUS; break;
      case 45: k = Tok.MINUS; break;
      case 42: if (next == 42) { k = Tok.CARET; n = 2; } else k = Tok.STAR; break;
      case 47: k = Tok.SLASH; break;
      case 94: k = Tok.CARET; break;
      case 40: k = Tok.LPAREN; break;
      case 41: k = Tok.RPAREN; break;
      case 44: k = Tok.COMMA; break;
      case 60: if (next == 61) { k = Tok.LE; n = 2; } else k = Tok.LT; break;
      case 62: if (next == 61) { k = Tok.GE; n = 2; } else k = Tok.GT; break;
      case 61: if (next == 61) { k = Tok.EQ; n = 2; } break;
      case 33: if (next == 61) { k = Tok.NE; n = 2; } break;
    }
    if (k < 0) return unexpectedChar(c, atCol, field);
    push(k, at, n, atCol, space, 0);
    i += n;
    col += n;
    space = false;
  }
  push(Tok.END, len, 0, col, space, 0);
  return true;
}

/** Code points in the text so far: the column just past its end, minus one. */
export function endColumn(): i32 { return column(count - 1); }
