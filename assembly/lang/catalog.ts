// The catalog's fast paths: an integrand whose parsed program is the very program of a catalog entry's name
// (same operations in the same order on the same constants; spacing, parentheses and a unary '+' do not count)
// takes that entry's tuned row function (rule.ts) and its closed form. The evaluator gives the same bits for
// it (each point f(x_i, y_j) by the same operations, summed in the same order); the fast path is only faster.

import { INTEGRAND_COUNT, INTEGRAND_NAMES } from "../integrands";
import { lex } from "./lexer";
import { nodeCount, nodeOp, nodeValue, parseExpression } from "./parser";
import { Op } from "./ops";

const MAX_ENTRY_NODES: i32 = 16;
const ENTRY_OP: usize = memory.data(INTEGRAND_COUNT * MAX_ENTRY_NODES * 4, 16);
const ENTRY_VALUE: usize = memory.data(INTEGRAND_COUNT * MAX_ENTRY_NODES * 8, 16);
const ENTRY_LENGTH: usize = memory.data(INTEGRAND_COUNT * 4, 16);
/** A catalog name as UTF-8 (the names are ASCII), for the lexer. */
const SCRATCH: usize = memory.data(64, 16);
let known = false;

/** Lexes and parses catalog entry `id`'s name into the parser's nodes (the names always parse). */
export function parseEntry(id: i32): void {
  const name = unchecked(INTEGRAND_NAMES[id]);
  const p = changetype<usize>(name);
  for (let i = 0; i < name.length; i++) store<u8>(SCRATCH + <usize>i, <u8>load<u16>(p + (<usize>i << 1)));
  lex(SCRATCH, name.length, 0);
  parseExpression(0);
}

/** The catalog's programs, parsed once (before the first user text is parsed: they share the parser). */
export function learnCatalog(): void {
  if (known) return;
  for (let id = 0; id < INTEGRAND_COUNT; id++) {
    parseEntry(id);
    const n = nodeCount();
    store<i32>(ENTRY_LENGTH + (<usize>id << 2), n);
    for (let k = 0; k < n; k++) {
      store<i32>(ENTRY_OP + (<usize>(id * MAX_ENTRY_NODES + k) << 2), nodeOp(k));
      store<f64>(ENTRY_VALUE + (<usize>(id * MAX_ENTRY_NODES + k) << 3), nodeValue(k));
    }
  }
  known = true;
}

/** The catalog id whose program the parsed nodes are, or −1. learnCatalog() must have run. */
export function matchCatalog(): i32 {
  const n = nodeCount();
  for (let id = 0; id < INTEGRAND_COUNT; id++) {
    if (load<i32>(ENTRY_LENGTH + (<usize>id << 2)) != n) continue;
    let same = true;
    for (let k = 0; k < n && same; k++) {
      const op = nodeOp(k);
      same = op == load<i32>(ENTRY_OP + (<usize>(id * MAX_ENTRY_NODES + k) << 2)) &&
        (op != Op.NUM || reinterpret<u64>(nodeValue(k)) == reinterpret<u64>(load<f64>(ENTRY_VALUE + (<usize>(id * MAX_ENTRY_NODES + k) << 3))));
    }
    if (same) return id;
  }
  return -1;
}
