// The domain text "ax,bx,ay,by": four constant expressions of the integrand's language (no x, no y), each
// evaluated with the scalar code (ops.ts scalarOp: AssemblyScript's Math) in both builds, so a bound is the same
// double in either build and `-d 3pi/4` is (3 × π₆₄) / 4 as it always was.

import { Tok, lex, endColumn } from "./lexer";
import * as lexer from "./lexer";
import * as msg from "./message";
import { MAX_NODES, badFollower, nodeCount, nodeOp, nodeValue, parseBound, position, skipToken, startBounds } from "./parser";
import { Op, arity, scalarOp } from "./ops";

const BOUNDS: usize = memory.data(4 << 3, 16);
const COLUMNS: usize = memory.data(4 << 2, 16);
const STACK: usize = memory.data(MAX_NODES << 3, 16);
const NAMES: StaticArray<string> = ["ax", "bx", "ay", "by"];

export function domainBound(k: i32): f64 { return load<f64>(BOUNDS + (<usize>k << 3)); }
/** Column where bound k starts. */
export function domainColumn(k: i32): i32 { return load<i32>(COLUMNS + (<usize>k << 2)); }

/** The parsed nodes' value, operation by operation, in doubles. */
function evaluate(): f64 {
  let top = 0;
  const n = nodeCount();
  for (let k = 0; k < n; k++) {
    const op = nodeOp(k);
    if (op == Op.NUM) { store<f64>(STACK + (<usize>(top++) << 3), nodeValue(k)); continue; }
    const m = arity(op);
    top -= m;
    const a = load<f64>(STACK + (<usize>top << 3));
    const b = m > 1 ? load<f64>(STACK + (<usize>(top + 1) << 3)) : 0.0;
    const c = m > 2 ? load<f64>(STACK + (<usize>(top + 2) << 3)) : 0.0;
    store<f64>(STACK + (<usize>(top++) << 3), scalarOp(op, a, b, c));
  }
  return load<f64>(STACK);
}

/** Parses and evaluates the `len` bytes at ptr; false with the message set (about `field`) if refused. */
export function readDomain(ptr: usize, len: i32, field: i32): bool {
  if (!lex(ptr, len, field)) return false;
  startBounds(field);
  if (lexer.kind(0) == Tok.END) {
    msg.begin(field, 0);
    msg.text("empty domain (expected ax,bx,ay,by)");
    return false;
  }
  for (let k = 0; k < 4; k++) {
    const t = position();
    const col = lexer.column(t);
    store<i32>(COLUMNS + (<usize>k << 2), col);
    const first = lexer.kind(t);
    if (first == Tok.COMMA || first == Tok.END) {
      msg.begin(field, col);
      msg.text("bound ");
      msg.text(unchecked(NAMES[k]));
      msg.text(" is empty");
      msg.atColumn();
      return false;
    }
    if (!parseBound()) return false;
    store<f64>(BOUNDS + (<usize>k << 3), evaluate());
    const next = lexer.kind(position());
    if (k < 3) {
      if (next == Tok.COMMA) { skipToken(); continue; }
      if (next == Tok.END) {
        msg.begin(field, endColumn());
        msg.text("the domain has ");
        msg.int(k + 1);
        msg.text(k == 0 ? " bound; it needs 4 (ax,bx,ay,by)" : " bounds; it needs 4 (ax,bx,ay,by)");
        msg.atColumn();
        return false;
      }
      return badFollower(position());
    }
    if (next == Tok.COMMA) {
      msg.begin(field, lexer.column(position()));
      msg.text("the domain has more than 4 bounds (ax,bx,ay,by)");
      msg.atColumn();
      return false;
    }
    if (next != Tok.END) return badFollower(position());
  }
  return true;
}
