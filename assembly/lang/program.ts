// The parsed postfix → two register programs (numexpr's design), in static memory:
//   the row program   what depends on x alone (and constants): run once per row, one element each;
//   the block program what depends on y: each instruction runs over a block of y values (a tile of a row).
// Registers: Y (points into the y table at the current block), X (a slot holding x), slots (one element, read
// with step 0: constants and values of x alone) and block registers (BLOCK points each, reused once dead).
//
// Constants are folded by running the very instruction the evaluator would run, on one element of this build
// (the pair form in the simd build), so a folded value is bit for bit what evaluating it at each point gives.
// Likewise hoisting: a value of x alone is computed once per row from the same x with the same code. x^2 (a
// constant exponent 2) becomes SQUARE, a·a, which is what Math.pow(a, 2) returns (AssemblyScript's pow).

import * as msg from "./message";
import { ELEMENT, Op, arity, execute, executeSum } from "./ops";
import { MAX_NODES, nodeColumn, nodeCount, nodeOp, nodeValue } from "./parser";

/** Points per block (a multiple of 2; 2 KiB of doubles per block register). */
export const BLOCK: i32 = 256;
/** Elements per block: points, or pairs of points in the simd build. */
export const BLOCK_ELEMENTS: i32 = ASC_FEATURE_SIMD ? BLOCK >> 1 : BLOCK;
/** Block registers a program may hold at once. */
export const MAX_BLOCK_REGS: i32 = 96;
const MAX_SLOTS: i32 = MAX_NODES + 1;

export const REG_Y: i32 = 0;
export const REG_X: i32 = 1;
const FIRST_BLOCK_REG: i32 = 2;
const FIRST_SLOT_REG: i32 = FIRST_BLOCK_REG + MAX_BLOCK_REGS;
const REGS: i32 = FIRST_SLOT_REG + MAX_SLOTS;

const BLOCK_REGS: usize = memory.data(MAX_BLOCK_REGS * BLOCK * 8, 16);
const SLOTS: usize = memory.data(MAX_SLOTS << 4, 16);
/** Address and step of each register (the step is 0 for slots); REG_Y's address is set per block. */
const REG_PTR: usize = memory.data(REGS << 2, 16);
const REG_STEP: usize = memory.data(REGS << 2, 16);

/** Instructions: op, d, a, b, c (register indices), 32 bytes each. */
const INSTRUCTION: i32 = 32;
const ROW_PROGRAM: usize = memory.data(MAX_NODES * INSTRUCTION, 16);
const BLOCK_PROGRAM: usize = memory.data(MAX_NODES * INSTRUCTION, 16);
let rowLength: i32 = 0;
let blockLength: i32 = 0;
let resultReg: i32 = 0;

// Compile-time operand stack and the free block registers.
const STACK_REG: usize = memory.data(MAX_NODES << 2, 16);
const STACK_CLASS: usize = memory.data(MAX_NODES << 2, 16);
const FREE: usize = memory.data(MAX_BLOCK_REGS << 2, 16);
const CONSTANT: i32 = 0;
const ROW: i32 = 1;
const BLOCKWISE: i32 = 2;

let initialised = false;
let slotCount: i32 = 0;
let freeCount: i32 = 0;
let blockRegsUsed: i32 = 0;

function init(): void {
  for (let r = 0; r < REGS; r++) {
    let p: usize = 0;
    let step = 0;
    if (r == REG_X) p = SLOTS;
    else if (r >= FIRST_SLOT_REG) p = SLOTS + (<usize>(r - FIRST_SLOT_REG + 1) << 4);
    else if (r >= FIRST_BLOCK_REG) { p = BLOCK_REGS + <usize>(r - FIRST_BLOCK_REG) * <usize>(BLOCK * 8); step = ELEMENT; }
    else step = ELEMENT; // REG_Y
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

/** The row program, for the x in the X slot. */
export function runRow(): void { runProgram(ROW_PROGRAM, rowLength, 1); }

/** The block program over the n elements of y at yPtr (after runRow for this x). */
export function runBlock(yPtr: usize, n: i32): void {
  setY(yPtr);
  runProgram(BLOCK_PROGRAM, blockLength, n);
}

/**
 * The block program over the n elements of y at yPtr, its last instruction's values added in order into the
 * row's running TwoSum pair (s, c) at `state` instead of stored (ops.ts executeSum). Only when sumFused().
 */
export function runBlockSum(yPtr: usize, n: i32, state: usize): void {
  setY(yPtr);
  const last = blockLength - 1;
  runProgram(BLOCK_PROGRAM, last, n);
  const p = BLOCK_PROGRAM + <usize>(last * INSTRUCTION);
  const a = load<i32>(p, 8);
  const b = load<i32>(p, 12);
  const c = load<i32>(p, 16);
  executeSum(load<i32>(p), state, regPtr(a), regStep(a), regPtr(b), regStep(b), regPtr(c), regStep(c), n);
}

/** Whether f's value is the block program's last instruction's (so runBlockSum can sum it). */
export function sumFused(): bool { return blockLength > 0 && regStep(resultReg) != 0; }

/** Where f's values are after runBlock (step 0: the same value at every point). */
export function resultPtr(): usize { return regPtr(resultReg); }
export function resultStep(): usize { return regStep(resultReg); }

/**
 * Compiles the parsed nodes. false (message set, about `field`) if the program needs more block registers than
 * there are.
 */
export function compile(field: i32): bool {
  if (!initialised) init();
  rowLength = 0;
  blockLength = 0;
  slotCount = 0;
  freeCount = 0;
  blockRegsUsed = 0;
  let top = 0;
  const n = nodeCount();
  for (let k = 0; k < n; k++) {
    const op = nodeOp(k);
    if (op == Op.NUM) {
      const s = newSlot();
      const v = nodeValue(k);
      store<f64>(regPtr(s), v);
      store<f64>(regPtr(s), v, 8);
      push(top++, s, CONSTANT);
      continue;
    }
    if (op == Op.X) { push(top++, REG_X, ROW); continue; }
    if (op == Op.Y) { push(top++, REG_Y, BLOCKWISE); continue; }
    const m = arity(op);
    top -= m;
    let a = stackReg(top);
    let b = m > 1 ? stackReg(top + 1) : a;
    const c = m > 2 ? stackReg(top + 2) : a;
    let cls = stackClass(top);
    if (m > 1) cls = max(cls, stackClass(top + 1));
    if (m > 2) cls = max(cls, stackClass(top + 2));
    let code = op;
    if (op == Op.POW && stackClass(top + 1) == CONSTANT && load<f64>(regPtr(b)) == 2.0) { code = Op.SQUARE; b = a; }
    if (cls != BLOCKWISE) {
      const d = newSlot();
      if (cls == CONSTANT) execute(code, regPtr(d), regPtr(a), 0, regPtr(b), 0, regPtr(c), 0, 1);
      else emitTo(ROW_PROGRAM, rowLength++, code, d, a, b, c);
      push(top++, d, cls);
      continue;
    }
    // free the operands' block registers first: d may reuse one (every element is read before it is written)
    for (let i = 0; i < m; i++) release(stackReg(top + i));
    const d = allocate();
    if (d < 0) {
      msg.begin(field, nodeColumn(k));
      msg.text("expression too complex (it needs more than ");
      msg.int(MAX_BLOCK_REGS);
      msg.text(" intermediate values at once)");
      msg.atColumn();
      return false;
    }
    emitTo(BLOCK_PROGRAM, blockLength++, code, d, a, b, c);
    push(top++, d, BLOCKWISE);
  }
  resultReg = stackReg(0);
  return true;
}

function push(at: i32, reg: i32, cls: i32): void {
  store<i32>(STACK_REG + (<usize>at << 2), reg);
  store<i32>(STACK_CLASS + (<usize>at << 2), cls);
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
