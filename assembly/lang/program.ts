// The parsed postfix → register programs (numexpr's design), in static memory:
//   the row program     what depends on x alone (and constants): run once per row, one element each;
//   the block program   what depends on y: each instruction runs over a block of y values (a tile of a row).
// Registers: Y (points into the y table at the current block), X (a slot holding x), slots (one element, read
// with step 0: constants and values of x alone) and block registers (BLOCK points each, reused once dead).
//
// The row sums take a second compilation of the same tree, which also hoists what depends on y alone:
//   the column program  the y-only values (and constants), run once per y tile of a problem (eval.ts), over
//                       blocks like the block program; each y-only value that a (x, y) instruction reads is
//                       kept in a column table, one element per y of the tile (MAX_COLUMNS tables);
//   the hoisted program the rest: what needs x and y, reading the column tables as it reads Y.
// So `exp(-25*(x-0.5)^2 - 25*(y-0.5)^2)` costs one subtraction and the exp per point. The full block program
// stays for what evaluates single points or other y values (the odd last point, firstNonFinite, sample).
//
// Constants are folded by running the very instruction the evaluator would run, on one element of this build
// (the pair form in the simd build), so a folded value is bit for bit what evaluating it at each point gives.
// Likewise hoisting: a value of x alone is computed once per row, a value of y alone once per tile, from the
// same x or y with the same code. x^2 (a constant exponent 2) becomes SQUARE, a·a, which is what Math.pow(a, 2)
// returns (AssemblyScript's pow).

import * as msg from "./message";
import { ELEMENT, FUSED, Op, arity, execute, executeSum, fusedIndex } from "./ops";
import { MAX_NODES, nodeColumn, nodeCount, nodeOp, nodeValue } from "./parser";
import { Y_TABLE_POINTS, yTableBase } from "../rule";

/** Points per block (a multiple of 2; 2 KiB of doubles per block register). */
export const BLOCK: i32 = 256;
/** Elements per block: points, or pairs of points in the simd build. */
export const BLOCK_ELEMENTS: i32 = ASC_FEATURE_SIMD ? BLOCK >> 1 : BLOCK;
/** Block registers a program may hold at once. */
export const MAX_BLOCK_REGS: i32 = 96;
/** Column tables (y-only values a hoisted program reads), 512 KiB each; a tree that needs more is not hoisted. */
const MAX_COLUMNS: i32 = 4;
const MAX_SLOTS: i32 = MAX_NODES + 1;

export const REG_Y: i32 = 0;
export const REG_X: i32 = 1;
const FIRST_COLUMN_REG: i32 = 2;
const FIRST_BLOCK_REG: i32 = FIRST_COLUMN_REG + MAX_COLUMNS;
const FIRST_SLOT_REG: i32 = FIRST_BLOCK_REG + MAX_BLOCK_REGS;
const REGS: i32 = FIRST_SLOT_REG + MAX_SLOTS;

const BLOCK_REGS: usize = memory.data(MAX_BLOCK_REGS * BLOCK * 8, 16);
const COLUMN_BYTES: i32 = Y_TABLE_POINTS * 8;
const COLUMN_TABLES: usize = memory.data(MAX_COLUMNS * COLUMN_BYTES, 16);
const SLOTS: usize = memory.data(MAX_SLOTS << 4, 16);
/** Address and step of each register (the step is 0 for slots); Y's and the columns' addresses are set per block. */
const REG_PTR: usize = memory.data(REGS << 2, 16);
const REG_STEP: usize = memory.data(REGS << 2, 16);

/** Instructions: op, d, a, b, c (register indices), 32 bytes each. */
const INSTRUCTION: i32 = 32;
const ROW_PROGRAM: usize = memory.data(MAX_NODES * INSTRUCTION, 16);
const BLOCK_PROGRAM: usize = memory.data(MAX_NODES * INSTRUCTION, 16);
const COLUMN_PROGRAM: usize = memory.data(MAX_NODES * INSTRUCTION, 16);
const HOISTED_PROGRAM: usize = memory.data(MAX_NODES * INSTRUCTION, 16);
let rowLength: i32 = 0;
let blockLength: i32 = 0;
let columnLength: i32 = 0;
let hoistedLength: i32 = 0;
let resultReg: i32 = 0;
let hoistedResultReg: i32 = 0;
/** Whether the hoisted pair of programs exists for the tree compiled last. */
let hoisted = false;
/** Bumped by every compile: the column tables belong to one program (and one tile, see columnsFor). */
let generation: i32 = 0;

// Compile-time operand stack and the free block registers.
const STACK_REG: usize = memory.data(MAX_NODES << 2, 16);
const STACK_CLASS: usize = memory.data(MAX_NODES << 2, 16);
/** For a y-only value on the stack: the column-program instruction that computes it (−1 for Y itself). */
const STACK_AT: usize = memory.data(MAX_NODES << 2, 16);
const FREE: usize = memory.data(MAX_BLOCK_REGS << 2, 16);
// Classes are bit sets: what a value depends on (x, y); an operation's class is the union of its operands'.
const CONSTANT: i32 = 0;
const ROW: i32 = 1;
const COLUMN: i32 = 2;
const BLOCKWISE: i32 = 3;

let initialised = false;
let slotCount: i32 = 0;
let freeCount: i32 = 0;
let blockRegsUsed: i32 = 0;
let columnsUsed: i32 = 0;

function init(): void {
  for (let r = 0; r < REGS; r++) {
    let p: usize = 0;
    let step = ELEMENT;
    if (r == REG_X) { p = SLOTS; step = 0; }
    else if (r >= FIRST_SLOT_REG) { p = SLOTS + (<usize>(r - FIRST_SLOT_REG + 1) << 4); step = 0; }
    else if (r >= FIRST_BLOCK_REG) p = BLOCK_REGS + <usize>(r - FIRST_BLOCK_REG) * <usize>(BLOCK * 8);
    // REG_Y and the columns: set per block
    store<u32>(REG_PTR + (<usize>r << 2), <u32>p);
    store<i32>(REG_STEP + (<usize>r << 2), step);
  }
  initialised = true;
}

// @ts-ignore: decorator
@inline export function regPtr(r: i32): usize { return <usize>load<u32>(REG_PTR + (<usize>r << 2)); }
// @ts-ignore: decorator
@inline export function regStep(r: i32): usize { return <usize>load<i32>(REG_STEP + (<usize>r << 2)); }
// @ts-ignore: decorator
@inline export function setY(p: usize): void { store<u32>(REG_PTR, <u32>p); }

/** Y at p, a pointer into the y table (rule.ts), and each column table at the same element of the tile. */
function setYInTable(p: usize): void {
  setY(p);
  const offset = p - yTableBase();
  for (let t = 0; t < columnsUsed; t++) {
    store<u32>(REG_PTR + (<usize>(FIRST_COLUMN_REG + t) << 2), <u32>(COLUMN_TABLES + <usize>(t * COLUMN_BYTES) + offset));
  }
}

/** Put x (in both lanes) in the X slot. */
export function setX(x: f64): void {
  store<f64>(SLOTS, x);
  store<f64>(SLOTS, x, 8);
}

function newSlot(): i32 { return FIRST_SLOT_REG + slotCount++; }

function emitTo(program: usize, at: i32, op: i32, d: i32, a: i32, b: i32, c: i32): void {
  const p = program + <usize>(at * INSTRUCTION);
  store<i32>(p, op);
  store<i32>(p, d, 4);
  store<i32>(p, a, 8);
  store<i32>(p, b, 12);
  store<i32>(p, c, 16);
}

function runProgram(program: usize, length: i32, n: i32): void {
  for (let i = 0; i < length; i++) {
    const p = program + <usize>(i * INSTRUCTION);
    const a = load<i32>(p, 8);
    const b = load<i32>(p, 12);
    const c = load<i32>(p, 16);
    execute(load<i32>(p), regPtr(load<i32>(p, 4)), regPtr(a), regStep(a), regPtr(b), regStep(b), regPtr(c), regStep(c), n);
  }
}

/** The program's instruction `last` with its values added into the running row sum at `state` (ops.ts). */
function runSum(program: usize, last: i32, n: i32, state: usize): void {
  runProgram(program, last, n);
  const p = program + <usize>(last * INSTRUCTION);
  const a = load<i32>(p, 8);
  const b = load<i32>(p, 12);
  const c = load<i32>(p, 16);
  executeSum(load<i32>(p), state, regPtr(a), regStep(a), regPtr(b), regStep(b), regPtr(c), regStep(c), n);
}

/** The row program, for the x in the X slot. */
export function runRow(): void { runProgram(ROW_PROGRAM, rowLength, 1); }

/** The full block program over the n elements of y at yPtr, anywhere in memory (after runRow for this x). */
export function runBlock(yPtr: usize, n: i32): void {
  setY(yPtr);
  runProgram(BLOCK_PROGRAM, blockLength, n);
}

/** Where f's values are after runBlock (step 0: the same value at every point). */
export function resultPtr(): usize { return regPtr(resultReg); }
export function resultStep(): usize { return regStep(resultReg); }

// ---- the row sums' programs: hoisted when the tree allows, else the full block program ------------------------
// eval.ts calls columnsFor once per y tile, then rowBlock or rowBlockSum per block of the tile (yPtr in the table).

let columnsAy: u64 = 0;
let columnsHy: u64 = 0;
let columnsE0: i32 = 0;
let columnsE1: i32 = -1;
let columnsGeneration: i32 = -1;

/**
 * The column tables for elements e0 ≤ e < e1 of the problem with these bits of ay and hy, whose y values are at
 * ys + e·ELEMENT (a yTile pointer): computed unless they already hold them.
 */
export function columnsFor(ay: f64, hy: f64, ys: usize, e0: i32, e1: i32): void {
  if (!hoisted || columnLength == 0) return;
  if (reinterpret<u64>(ay) == columnsAy && reinterpret<u64>(hy) == columnsHy && e0 == columnsE0 && e1 == columnsE1 &&
    generation == columnsGeneration) return;
  for (let b = e0; b < e1; b += BLOCK_ELEMENTS) {
    setYInTable(ys + <usize>b * <usize>ELEMENT);
    runProgram(COLUMN_PROGRAM, columnLength, min(BLOCK_ELEMENTS, e1 - b));
  }
  columnsAy = reinterpret<u64>(ay);
  columnsHy = reinterpret<u64>(hy);
  columnsE0 = e0;
  columnsE1 = e1;
  columnsGeneration = generation;
}

/** The row sum's program over the n elements of y at yPtr (in the y table, after columnsFor and runRow). */
export function rowBlock(yPtr: usize, n: i32): void {
  if (!hoisted) { runBlock(yPtr, n); return; }
  setYInTable(yPtr);
  runProgram(HOISTED_PROGRAM, hoistedLength, n);
}

/** rowBlock with its last instruction's values added into the row's running TwoSum pair at `state`; only when rowSumFused(). */
export function rowBlockSum(yPtr: usize, n: i32, state: usize): void {
  if (!hoisted) { setY(yPtr); runSum(BLOCK_PROGRAM, blockLength - 1, n, state); return; }
  setYInTable(yPtr);
  runSum(HOISTED_PROGRAM, hoistedLength - 1, n, state);
}

/** Whether f's value is the row program's last instruction's (so rowBlockSum can add it up). */
export function rowSumFused(): bool {
  return hoisted ? hoistedLength > 0 && hoistedResultReg == lastDestination(HOISTED_PROGRAM, hoistedLength)
    : blockLength > 0 && regStep(resultReg) != 0;
}

/** Where f's values are after rowBlock (step 0: the same value at every point). */
export function rowResultPtr(): usize { return regPtr(hoisted ? hoistedResultReg : resultReg); }
export function rowResultStep(): usize { return regStep(hoisted ? hoistedResultReg : resultReg); }

function lastDestination(program: usize, length: i32): i32 { return load<i32>(program + <usize>((length - 1) * INSTRUCTION), 4); }

/**
 * Compiles the parsed nodes. false (message set, about `field`) if the program needs more block registers than
 * there are.
 */
export function compile(field: i32): bool {
  if (!initialised) init();
  generation++;
  hoisted = false;
  if (!compileTree(false, field)) return false;
  hoisted = compileTree(true, field);
  // a hoisting that gave up midway left the row program unfinished: the full compilation again (it succeeds)
  if (!hoisted) compileTree(false, field);
  return true;
}

/**
 * One compilation of the tree: the row program and the block program (hoist false: BLOCK_PROGRAM, resultReg), or
 * the row program again (the same instructions) and the column and hoisted programs (hoist true; false, with no
 * message, if it needs more column tables or block registers than there are).
 */
function compileTree(hoist: bool, field: i32): bool {
  rowLength = 0;
  let length = 0;
  columnLength = 0;
  slotCount = 0;
  freeCount = 0;
  blockRegsUsed = 0;
  columnsUsed = 0;
  const program = hoist ? HOISTED_PROGRAM : BLOCK_PROGRAM;
  let top = 0;
  const n = nodeCount();
  for (let k = 0; k < n; k++) {
    const op = nodeOp(k);
    if (op == Op.NUM) {
      const s = newSlot();
      const v = nodeValue(k);
      store<f64>(regPtr(s), v);
      store<f64>(regPtr(s), v, 8);
      push(top++, s, CONSTANT, -1);
      continue;
    }
    if (op == Op.X) { push(top++, REG_X, ROW, -1); continue; }
    if (op == Op.Y) { push(top++, REG_Y, hoist ? COLUMN : BLOCKWISE, -1); continue; }
    const m = arity(op);
    top -= m;
    let cls = 0;
    for (let i = 0; i < m; i++) cls |= stackClass(top + i);
    // a (x, y) instruction reads its y-only operands from column tables
    if (cls == BLOCKWISE) for (let i = 0; i < m; i++) if (!toColumn(top + i)) return false;
    let a = stackReg(top);
    let b = m > 1 ? stackReg(top + 1) : a;
    const c = m > 2 ? stackReg(top + 2) : a;
    let code = op;
    if (op == Op.POW && stackClass(top + 1) == CONSTANT && load<f64>(regPtr(b)) == 2.0) { code = Op.SQUARE; b = a; }
    if (cls == CONSTANT || cls == ROW) {
      const d = newSlot();
      if (cls == CONSTANT) execute(code, regPtr(d), regPtr(a), 0, regPtr(b), 0, regPtr(c), 0, 1);
      else emitTo(ROW_PROGRAM, rowLength++, code, d, a, b, c);
      push(top++, d, cls, -1);
      continue;
    }
    // free the operands' block registers first: d may reuse one (every element is read before it is written)
    for (let i = 0; i < m; i++) release(stackReg(top + i));
    const d = allocate();
    if (d < 0) {
      if (hoist) return false;
      msg.begin(field, nodeColumn(k));
      msg.text("expression too complex (it needs more than ");
      msg.int(MAX_BLOCK_REGS);
      msg.text(" intermediate values at once)");
      msg.atColumn();
      return false;
    }
    if (cls == COLUMN) {
      if (fuse(COLUMN_PROGRAM, columnLength, code, d, a)) push(top++, d, COLUMN, columnLength - 1);
      else { emitTo(COLUMN_PROGRAM, columnLength, code, d, a, b, c); push(top++, d, COLUMN, columnLength++); }
    } else {
      if (!fuse(program, length, code, d, a)) emitTo(program, length++, code, d, a, b, c);
      push(top++, d, BLOCKWISE, -1);
    }
  }
  // f of y alone: its values are summed from a column table
  if (hoist && stackClass(0) == COLUMN && !toColumn(0)) return false;
  if (hoist) { hoistedLength = length; hoistedResultReg = stackReg(0); }
  else { blockLength = length; resultReg = stackReg(0); }
  return true;
}

/**
 * sin, cos or exp of a block register that the program's last instruction (an add, subtract or multiply) has
 * just computed: that instruction becomes the fused one (ops.ts), writing d, and true. The register is the
 * unary operation's one operand and dead after it, so nothing else reads it.
 */
function fuse(program: usize, length: i32, op: i32, d: i32, a: i32): bool {
  if (length == 0 || a < FIRST_BLOCK_REG || a >= FIRST_SLOT_REG) return false;
  const p = program + <usize>((length - 1) * INSTRUCTION);
  const pre = load<i32>(p);
  if (load<i32>(p, 4) != a || pre >= FUSED) return false;
  const k = fusedIndex(op, pre);
  if (k < 0) return false;
  store<i32>(p, FUSED + k);
  store<i32>(p, d, 4);
  return true;
}

/**
 * Moves the y-only value at stack position `at` into a column table: the column-program instruction computing it
 * writes the table instead of its block register (which is freed). Y itself, constants and x values stay.
 */
function toColumn(at: i32): bool {
  if (stackClass(at) != COLUMN) return true;
  const i = load<i32>(STACK_AT + (<usize>at << 2));
  if (i < 0) return true;
  if (columnsUsed >= MAX_COLUMNS) return false;
  const t = FIRST_COLUMN_REG + columnsUsed++;
  release(stackReg(at));
  store<i32>(COLUMN_PROGRAM + <usize>(i * INSTRUCTION), t, 4);
  push(at, t, COLUMN, -1);
  return true;
}

function push(at: i32, reg: i32, cls: i32, instruction: i32): void {
  store<i32>(STACK_REG + (<usize>at << 2), reg);
  store<i32>(STACK_CLASS + (<usize>at << 2), cls);
  store<i32>(STACK_AT + (<usize>at << 2), instruction);
}
function stackReg(at: i32): i32 { return load<i32>(STACK_REG + (<usize>at << 2)); }
function stackClass(at: i32): i32 { return load<i32>(STACK_CLASS + (<usize>at << 2)); }

function release(r: i32): void {
  if (r < FIRST_BLOCK_REG || r >= FIRST_SLOT_REG) return;
  for (let i = 0; i < freeCount; i++) if (load<i32>(FREE + (<usize>i << 2)) == r) return; // an operand used twice
  store<i32>(FREE + (<usize>(freeCount++) << 2), r);
}

function allocate(): i32 {
  if (freeCount > 0) return load<i32>(FREE + (<usize>(--freeCount) << 2));
  if (blockRegsUsed >= MAX_BLOCK_REGS) return -1;
  return FIRST_BLOCK_REG + blockRegsUsed++;
}

/** The whole program is one value for every point (it does not depend on y). */
export function resultIsUniform(): bool { return regStep(resultReg) == 0; }
