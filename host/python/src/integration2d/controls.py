"""A run's controls, `integrate(on_progress=..., cancel=...)`: progress reported on the calling thread, and a
cancel event after which the run stops and raises Cancelled. The schemes call these between rows (a row is
one kernel call, which nothing here can interrupt: at most ~0.1 s even for ny = 10**7)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple

from .options import UsageError, quote

PROGRESS_INTERVAL_S = 0.05  # as often as the Node host polls its workers' counters
POLL_S = 0.02  # how often a waiting or computing thread looks at the event: well inside the ~100 ms promised
# A worker process that sends nothing (progress, sums) for this long is stopped (SIGSTOP) or hung, not slow: it
# reports every PROGRESS_INTERVAL_S, a row being at most ~0.1 s (ny = 10**7).
BLOCK_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Progress:
    """Rows computed so far, of `rows`; `per_worker` splits rows_done by worker (thread, process; one item in
    serial; under mpi each rank reports its own block)."""
    rows_done: int
    rows: int
    per_worker: Tuple[int, ...]


class Cancelled(Exception):
    """The run was stopped because its cancel event was set: no result. Every worker has stopped by the time
    this is raised."""

    def __init__(self, rows_done: int, rows: int):
        super().__init__(f"the run was cancelled ({rows_done} of {rows} rows done)")
        self.rows_done = rows_done
        self.rows = rows


def check_controls(on_progress, cancel) -> None:
    """The same kind of refusal as every other option's (UsageError naming it), before anything runs."""
    if on_progress is not None and not callable(on_progress):
        raise UsageError("on_progress", f"option on_progress must be a function taking a Progress (got {quote(on_progress)})")
    if cancel is not None and not callable(getattr(cancel, "is_set", None)):
        raise UsageError("cancel", f"option cancel must be a threading.Event, or anything with is_set() (got {quote(cancel)})")


class Controls:
    """One run's on_progress and cancel, as the schemes use them (on the thread that called integrate)."""

    def __init__(self, rows: int, on_progress: Optional[Callable[[Progress], object]] = None, cancel=None,
                 block_timeout: float = BLOCK_TIMEOUT_S):
        self.rows = rows
        self.on_progress = on_progress
        self.cancel = cancel
        self.block_timeout = block_timeout
        self._due = time.perf_counter() + PROGRESS_INTERVAL_S

    def cancelled(self) -> bool:
        return self.cancel is not None and bool(self.cancel.is_set())

    def check(self, per_worker: Sequence[int]) -> None:
        """Raises Cancelled once the event is set; otherwise reports progress, at most every PROGRESS_INTERVAL_S.
        What on_progress raises ends the run too: the scheme stops its workers and lets it through."""
        if self.cancelled():
            raise Cancelled(sum(per_worker), self.rows)
        if self.on_progress is not None:
            now = time.perf_counter()
            if now >= self._due:
                self._due = now + PROGRESS_INTERVAL_S
                self.on_progress(Progress(sum(per_worker), self.rows, tuple(per_worker)))

    def finished(self, per_worker: Sequence[int]) -> None:
        """Every row computed: one last report, rows_done == rows, whatever was reported just before."""
        if self.on_progress is not None:
            self.on_progress(Progress(sum(per_worker), self.rows, tuple(per_worker)))
