// The words of a run failure (README § Kernel ABI, "Run failure"), into message(): shared by combine() and the
// adaptive rounds, so a value that is not finite reads the same whichever rule met it.

import * as msg from "./lang/message";

/** "integrand is not finite at x = …, y = … (value …)". */
export function notFiniteAt(x: f64, y: f64, v: f64): void {
  msg.text("integrand is not finite at x = ");
  msg.num(x);
  msg.text(", y = ");
  msg.num(y);
  msg.text(" (value ");
  msg.num(v);
  msg.text(")");
}

/** Every point of the row at x is finite, but their sum is not. */
export function rowOverflows(x: f64): void {
  msg.text("the integral overflows: the sum of f over the row at x = ");
  msg.num(x);
  msg.text(" is beyond the largest double");
}

/** Every row sum is finite: their total is not, or it is and the product with the cell area is not. */
export function gridOverflows(total: f64, cellArea: f64): void {
  if (!isFinite(total)) {
    msg.text("the integral overflows: the row sums add up to more than the largest double");
  } else {
    msg.text("the integral overflows: the sum of f over the grid (");
    msg.num(total);
    msg.text(") times the cell area (");
    msg.num(cellArea);
    msg.text(") is beyond the largest double");
  }
}
