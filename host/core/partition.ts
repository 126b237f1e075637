// How rows are handed out. The kernel's unit of work (the chunk) is one x row, whose sum depends only on the
// problem; a *block* is just a batch of rows sent in one message or claimed by one atomic increment. Block
// size changes speed, never bits, because combine() adds the row sums in row order whoever computed them.
//
// Blocks shrink as the rows run out (guided self-scheduling): large blocks while much is left keep the hand-out
// cheap, small ones at the end mean the workers finish within about one row of each other. (Equal blocks of
// nx / (8·workers) rows left one worker idle for half a block on average: ~5 % of a 2-worker run.)

/** Rows in the block that starts at row `next`: half of the remaining rows' fair share, at least one row. */
export function guidedBlock(next: number, nx: number, workers: number): number {
  return Math.max(1, Math.ceil((nx - next) / (2 * workers)));
}
