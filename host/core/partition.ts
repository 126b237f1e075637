// How rows are handed out. The kernel's unit of work (the chunk) is one x row, whose sum depends only on the
// problem; a *block* is just a batch of rows sent in one message or claimed by one atomic increment. Block
// size changes speed, never bits, because combine() adds the row sums in row order whoever computed them.

/** Rows per block: about 8 blocks per worker (dynamic balance) but never below one row. */
export function blockSize(nx: number, workers: number): number {
  return Math.max(1, Math.ceil(nx / (workers * 8)));
}

/** Row range [start, end) of block b. */
export function blockRows(b: number, size: number, nx: number): [start: number, end: number] {
  const start = b * size;
  return [start, Math.min(nx, start + size)];
}

/** Number of blocks covering nx rows. */
export function blockCount(nx: number, size: number): number {
  return Math.ceil(nx / size);
}
