// Tokens → a program in postfix order (operands before their operation), in static arrays; or one message.
//
//   expression := sum [ ('<' | '<=' | '>' | '>=' | '==' | '!=') sum ]     comparisons do not chain
//   sum        := product { ('+' | '-') product }
//   product    := unary { ('*' | '/') unary | pi-right-after-a-number }    2pi, 3pi/4: an implicit '*'
//   unary      := ('-' | '+') unary | power
//   power      := primary [ ('^' | '**') unary ]                            right-associative: 2^3^2 = 2^9
//   primary    := number | name | name '(' [ expression { ',' expression } ] ')' | '(' expression ')'
//
// The recursion is bounded by MAX_DEPTH (parentheses, calls, signs and powers each count one level), so a
// deep text is refused with a message, never by overflowing the wasm stack. A unary '+' leaves no node.

import * as lexer from "./lexer";
import { Tok } from "./lexer";
import * as msg from "./message";
import {
  FUNCTION_NAMES, NAME_E, NAME_PI, NAME_X, NAME_Y, VALUE_NAMES, findFunction, findValue, functionArity, functionOp,
  nearestFunction, nearestValue,
} from "./names";
import { Op } from "./ops";

export const MAX_DEPTH: i32 = 64;
/** Postfix nodes of one text: the text cap (4096 bytes) cannot make more. */
export const MAX_NODES: i32 = 4096;

const NODE_OP: usize = memory.data(MAX_NODES << 2, 16);
const NODE_COLUMN: usize = memory.data(MAX_NODES << 2, 16);
const NODE_VALUE: usize = memory.data(MAX_NODES << 3, 16);

let nodes: i32 = 0;
let pos: i32 = 0;
let depth: i32 = 0;
let field: i32 = 0;
/** Parsing a bound of the domain: x and y are not allowed. */
let inBound = false;

export function nodeCount(): i32 { return nodes; }
export function nodeOp(k: i32): i32 { return load<i32>(NODE_OP + (<usize>k << 2)); }
export function nodeColumn(k: i32): i32 { return load<i32>(NODE_COLUMN + (<usize>k << 2)); }
export function nodeValue(k: i32): f64 { return load<f64>(NODE_VALUE + (<usize>k << 3)); }

function emit(op: i32, col: i32, v: f64): bool {
  if (nodes >= MAX_NODES) {
    msg.begin(field, col);
    msg.text("expression too long (more than ");
    msg.int(MAX_NODES);
    msg.text(" operations)");
    msg.atColumn();
    return false;
  }
  store<i32>(NODE_OP + (<usize>nodes << 2), op);
  store<i32>(NODE_COLUMN + (<usize>nodes << 2), col);
  store<f64>(NODE_VALUE + (<usize>nodes << 3), v);
  nodes++;
  return true;
}

// @ts-ignore: decorator
@inline function tok(): i32 { return lexer.kind(pos); }

function quoteToken(t: i32): void {
  msg.text("'");
  msg.quote(lexer.start(t), lexer.length(t));
  msg.text("'");
}

function enter(): bool {
  if (++depth <= MAX_DEPTH) return true;
  msg.begin(field, lexer.column(pos));
  msg.text("nested more than ");
  msg.int(MAX_DEPTH);
  msg.text(" levels deep");
  msg.atColumn();
  return false;
}

/** Token t cannot start an operand. */
function badOperand(t: i32): bool {
  msg.begin(field, lexer.column(t));
  if (lexer.kind(t) == Tok.END) msg.text("unexpected end of text");
  else { msg.text("unexpected "); quoteToken(t); }
  msg.atColumn();
  return false;
}

/** Token t follows a complete operand where it has no place (the caller has handled END where it matters). */
export function badFollower(t: i32): bool {
  const k = lexer.kind(t);
  msg.begin(field, lexer.column(t));
  if (k == Tok.NUMBER || k == Tok.NAME || k == Tok.LPAREN) { msg.text("missing operator before "); quoteToken(t); }
  else if (k == Tok.END) msg.text("unexpected end of text");
  else { msg.text("unexpected "); quoteToken(t); }
  msg.atColumn();
  return false;
}

function unclosed(open: i32): bool {
  msg.begin(field, lexer.column(open));
  msg.text("missing ')' for the '('");
  msg.atColumn();
  return false;
}

// @ts-ignore: decorator
@inline function isComparison(k: i32): bool { return k >= Tok.LT && k <= Tok.NE; }

export function expression(): bool {
  if (!sum()) return false;
  const k = tok();
  if (!isComparison(k)) return true;
  const at = pos++;
  if (!sum()) return false;
  if (isComparison(tok())) {
    msg.begin(field, lexer.column(pos));
    msg.text("comparisons do not chain: put one in parentheses");
    msg.atColumn();
    return false;
  }
  const op = k == Tok.LT ? Op.LT : k == Tok.LE ? Op.LE : k == Tok.GT ? Op.GT : k == Tok.GE ? Op.GE : k == Tok.EQ ? Op.EQ : Op.NE;
  return emit(op, lexer.column(at), 0);
}

function sum(): bool {
  if (!product()) return false;
  for (;;) {
    const k = tok();
    if (k != Tok.PLUS && k != Tok.MINUS) return true;
    const at = pos++;
    if (!product()) return false;
    if (!emit(k == Tok.PLUS ? Op.ADD : Op.SUB, lexer.column(at), 0)) return false;
  }
  return true;
}

/** pi right after a number, with no space: the implicit product of 2pi. */
function implicitPi(): bool {
  if (tok() != Tok.NAME || lexer.spaced(pos) || pos == 0 || lexer.kind(pos - 1) != Tok.NUMBER) return false;
  return findValue(lexer.start(pos), lexer.length(pos)) == NAME_PI;
}

function product(): bool {
  if (!unary()) return false;
  for (;;) {
    const k = tok();
    if (k == Tok.STAR || k == Tok.SLASH) {
      const at = pos++;
      if (!unary()) return false;
      if (!emit(k == Tok.STAR ? Op.MUL : Op.DIV, lexer.column(at), 0)) return false;
    } else if (implicitPi()) {
      const at = pos;
      if (!unary()) return false;
      if (!emit(Op.MUL, lexer.column(at), 0)) return false;
    } else return true;
  }
  return true;
}

function unary(): bool {
  const k = tok();
  if (k != Tok.MINUS && k != Tok.PLUS) return power();
  const at = pos;
  if (!enter()) return false;
  pos++;
  if (!unary()) return false;
  depth--;
  return k == Tok.PLUS || emit(Op.NEG, lexer.column(at), 0);
}

function power(): bool {
  if (!primary()) return false;
  if (tok() != Tok.CARET) return true;
  const at = pos;
  if (!enter()) return false;
  pos++;
  if (!unary()) return false;
  depth--;
  return emit(Op.POW, lexer.column(at), 0);
}

function primary(): bool {
  const t = pos;
  const k = tok();
  if (k == Tok.NUMBER) {
    pos++;
    return emit(Op.NUM, lexer.column(t), lexer.value(t));
  }
  if (k == Tok.LPAREN) {
    if (!enter()) return false;
    pos++;
    if (!expression()) return false;
    if (tok() != Tok.RPAREN) return tok() == Tok.END ? unclosed(t) : badFollower(pos);
    pos++;
    depth--;
    return true;
  }
  if (k == Tok.NAME) return name(t);
  return badOperand(t);
}

function name(t: i32): bool {
  const p = lexer.start(t);
  const n = lexer.length(t);
  const col = lexer.column(t);
  pos++;
  const called = tok() == Tok.LPAREN;
  const f = findFunction(p, n);
  const v = findValue(p, n);
  if (called) {
    if (f < 0) {
      msg.begin(field, col);
      if (v >= 0) {
        quoteToken(t);
        msg.text(v <= NAME_Y ? " is a variable, not a function" : " is a constant, not a function");
        msg.atColumn();
        return false;
      }
      msg.text("unknown function ");
      quoteToken(t);
      msg.atColumn();
      const near = nearestFunction(p, n);
      if (near >= 0) { msg.text(" (did you mean "); msg.text(unchecked(FUNCTION_NAMES[near])); msg.text("?)"); }
      return false;
    }
    return call(t, f);
  }
  if (v == NAME_X || v == NAME_Y) {
    if (inBound) {
      msg.begin(field, col);
      quoteToken(t);
      msg.text(" is not allowed in a bound");
      msg.atColumn();
      return false;
    }
    return emit(v == NAME_X ? Op.X : Op.Y, col, 0);
  }
  if (v == NAME_PI) return emit(Op.NUM, col, Math.PI);
  if (v == NAME_E) return emit(Op.NUM, col, Math.E);
  msg.begin(field, col);
  quoteToken(t);
  if (f >= 0) {
    msg.text(" is a function: write ");
    msg.quote(p, n);
    msg.text("(...)");
    msg.atColumn();
    return false;
  }
  msg.text(inBound ? " is not a constant (a bound may use numbers, pi and e)" : " is not a variable (use x and y)");
  msg.atColumn();
  const near = nearestValue(p, n, !inBound);
  if (near >= 0) { msg.text(" (did you mean "); msg.text(unchecked(VALUE_NAMES[near])); msg.text("?)"); }
  return false;
}

function call(t: i32, f: i32): bool {
  const open = pos;
  if (!enter()) return false;
  pos++;
  let args = 0;
  let more = tok() != Tok.RPAREN;
  if (!more) pos++;
  while (more) {
    if (!expression()) return false;
    args++;
    const k = tok();
    if (k != Tok.COMMA && k != Tok.RPAREN) return k == Tok.END ? unclosed(open) : badFollower(pos);
    more = k == Tok.COMMA;
    pos++;
  }
  depth--;
  const want = functionArity(f);
  if (args != want) {
    msg.begin(field, lexer.column(t));
    msg.text(unchecked(FUNCTION_NAMES[f]));
    msg.text(" takes ");
    msg.int(want);
    msg.text(want == 1 ? " argument, got " : " arguments, got ");
    msg.int(args);
    msg.atColumn();
    return false;
  }
  return emit(functionOp(f), lexer.column(t), 0);
}

/** The integrand: the whole text is one expression. Tokens must be lexed already (field 0 or a scratch text). */
export function parseExpression(field_: i32): bool {
  field = field_;
  inBound = false;
  nodes = 0;
  pos = 0;
  depth = 0;
  if (tok() == Tok.END) {
    msg.begin(field, 0);
    msg.text("empty expression");
    return false;
  }
  if (!expression()) return false;
  return tok() == Tok.END || badFollower(pos);
}

/** Start parsing the domain's bounds (tokens lexed already), one parseBound() call per bound. */
export function startBounds(field_: i32): void {
  field = field_;
  inBound = true;
  pos = 0;
}

export function position(): i32 { return pos; }
export function skipToken(): void { pos++; }

/** One bound, from the current token to (not including) the next top-level ',' or the end; nodes from 0. */
export function parseBound(): bool {
  nodes = 0;
  depth = 0;
  return expression();
}
