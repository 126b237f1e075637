// The CLI's progress line on a terminal: rows done, rate and time left, redrawn in place and cleared at the end.
// Nothing is drawn in the first second, so a short run leaves the terminal exactly as a pipe would see it.

import type { Progress } from "./pool.js";

/** A run shorter than this draws nothing. */
export const SHOW_AFTER_MS = 1000;
/** At most this many redraws a second: the pool reports far more often (every slice, block or poll). */
const REDRAWS_PER_S = 10;
// Back to the line's start, then erase it: the new text may be shorter than the old.
const ERASE = "\r\x1b[2K";

export interface ProgressLine {
  update(p: Progress): void;
  /** Erases the line if one was drawn; before the result or an error message is printed. */
  clear(): void;
}

export function progressLine(write: (text: string) => void, now: () => number = () => performance.now()): ProgressLine {
  const start = now();
  let drawnAt: number | undefined;
  return {
    update(p) {
      const t = now();
      if (t - start < SHOW_AFTER_MS || p.rowsDone >= p.rows) return;
      if (drawnAt !== undefined && t - drawnAt < 1000 / REDRAWS_PER_S) return;
      drawnAt = t;
      write(ERASE + progressText(p, (t - start) / 1e3));
    },
    clear() {
      if (drawnAt !== undefined) write(ERASE);
      drawnAt = undefined;
    },
  };
}

/**
 * "12345/60000 rows (20.6 %), 4120 rows/s, 12 s left": the rate is the run's average so far, start-up included;
 * a tolerance run's "round 7: 1234/5000 regions (24.7 %)".
 */
export function progressText(p: Progress, elapsed_s: number): string {
  // A tolerance run: how many rounds are left is the kernel's decision, unknown before each one ends.
  if (p.round !== undefined) return `round ${p.round}: ${p.rowsDone}/${p.rows} regions (${((100 * p.rowsDone) / p.rows).toFixed(1)} %)`;
  const rate = elapsed_s > 0 ? p.rowsDone / elapsed_s : 0;
  const left = rate > 0 ? `${duration((p.rows - p.rowsDone) / rate)} left` : "time left unknown";
  const percent = ((100 * p.rowsDone) / p.rows).toFixed(1);
  // Three significant digits below 100 rows/s: a 10^7-cell row takes seconds, and "0 rows/s" would say nothing.
  const shownRate = rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3);
  return `${p.rowsDone}/${p.rows} rows (${percent} %), ${shownRate} rows/s, ${left}`;
}

/** Whole seconds up to a minute, then the two largest units: "42 s", "3 min 05 s", "2 h 10 min", "4 d 03 h". */
export function duration(s: number): string {
  const total = Math.ceil(s);
  const two = (v: number) => String(v).padStart(2, "0");
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${two(total % 60)} s`;
  if (total < 86400) return `${Math.floor(total / 3600)} h ${two(Math.floor(total / 60) % 60)} min`;
  return `${Math.floor(total / 86400)} d ${two(Math.floor(total / 3600) % 24)} h`;
}
