"""The CLI's progress line on a terminal (host/core/progress-line.ts, the same words): rows done, rate and time
left, redrawn in place and erased at the end. Nothing is drawn in the first second, so a short run leaves the
terminal exactly as a pipe would see it."""
from __future__ import annotations

import math
import time
from typing import Callable

from .controls import Progress

SHOW_AFTER_S = 1.0  # a run shorter than this draws nothing
REDRAW_S = 0.1  # at most 10 redraws a second
ERASE = "\r\x1b[2K"  # back to the line's start, then erase it: the new text may be shorter than the old


class ProgressLine:
    def __init__(self, write: Callable[[str], object], now: Callable[[], float] = time.perf_counter):
        self._write, self._now = write, now
        self._start = now()
        self._drawn_at = None

    def update(self, p: Progress) -> None:
        t = self._now()
        if t - self._start < SHOW_AFTER_S or p.rows_done >= p.rows:
            return
        if self._drawn_at is not None and t - self._drawn_at < REDRAW_S:
            return
        self._drawn_at = t
        self._write(ERASE + progress_text(p, t - self._start))

    def clear(self) -> None:
        """Erases the line if one was drawn; before the result or an error message is printed."""
        if self._drawn_at is not None:
            self._write(ERASE)
        self._drawn_at = None


def progress_text(p: Progress, elapsed_s: float) -> str:
    """"12345/60000 rows (20.6 %), 4115 rows/s, 12 s left": the rate is the run's average so far."""
    rate = p.rows_done / elapsed_s if elapsed_s > 0 else 0.0
    left = f"{duration((p.rows - p.rows_done) / rate)} left" if rate > 0 else "time left unknown"
    percent = f"{100 * p.rows_done / p.rows:.1f}"
    # three significant digits below 100 rows/s, as toPrecision(3): a 10^7-cell row takes seconds
    shown = f"{rate:.0f}" if rate >= 100 else _precision3(rate)
    return f"{p.rows_done}/{p.rows} rows ({percent} %), {shown} rows/s, {left}"


def _precision3(x: float) -> str:
    if x == 0:
        return "0.00"
    digits = max(0, 2 - math.floor(math.log10(abs(x))))
    return f"{x:.{digits}f}"


def duration(s: float) -> str:
    """Whole seconds up to a minute, then the two largest units: "42 s", "3 min 05 s", "2 h 10 min", "4 d 03 h"."""
    total = math.ceil(s)
    if total < 60:
        return f"{total} s"
    if total < 3600:
        return f"{total // 60} min {total % 60:02d} s"
    if total < 86400:
        return f"{total // 3600} h {total // 60 % 60:02d} min"
    return f"{total // 86400} d {total // 3600 % 24:02d} h"
