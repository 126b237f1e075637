"""Worker processes never outlive the run: a worker stops at once, silently, when the process that wants its
sums is gone, and the parent reaps every worker it started, even after the forkserver that forked them died.

Why each piece is needed (forkserver start, Linux):
  * A worker's parent is the forkserver, not the main process, and the forkserver only ends when every process
    holding its "alive" pipe has ended, the workers included. So neither the forkserver's exit nor a
    parent-death signal tells a worker that the main process was killed; the worker's own result pipe does:
    the main process holds its only read end, and a pipe whose readers are all gone reports POLLERR to a poll of
    its write end. A thread in each worker waits for that and ends the process (os._exit: no traceback, no
    EPIPE when the sums are sent to nobody).
  * PR_SET_PDEATHSIG (SIGKILL) ends a worker the moment its parent ends: the main process under the spawn or
    fork start methods, the forkserver under forkserver (killed on its own: the run then fails, see schemes.py).
  * PR_SET_CHILD_SUBREAPER on the main process for the length of a run: the workers of a forkserver that died
    become its children instead of PID 1's (which, in a container, may never reap them), so it can wait for them.
"""
from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_PR_GET_CHILD_SUBREAPER = 37


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        f = ctypes.CDLL(None, use_errno=True).prctl
        f.restype = ctypes.c_int
        return f
    except (OSError, AttributeError):
        return None


def set_parent_death_signal() -> None:
    """The kernel SIGKILLs this process when its parent ends (Linux; elsewhere nothing)."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def stop_with_parent(result_fd: int) -> None:
    """In a worker, first thing: end this process when its parent, or the reader of `result_fd`, is gone."""
    set_parent_death_signal()
    fd = os.dup(result_fd)  # the watcher's own copy: closing the connection must not free the number it polls

    def watch() -> None:
        p = select.poll()
        p.register(fd, 0)  # POLLERR (no reader left) and POLLHUP are reported whatever the mask
        while True:
            if any(ev & (select.POLLERR | select.POLLHUP | select.POLLNVAL) for _, ev in p.poll()):
                os._exit(1)  # the parent is gone (or already was before the signal was set): nobody reads this

    threading.Thread(target=watch, name="integration2d-lifeline", daemon=True).start()


@contextmanager
def subreaper() -> Iterator[bool]:
    """The calling process adopts its orphaned descendants while the block runs (Linux; yields whether it does)."""
    prctl = _prctl()
    before = ctypes.c_int(0)
    if prctl is None or prctl(_PR_GET_CHILD_SUBREAPER, ctypes.byref(before), 0, 0, 0) != 0:
        yield False
        return
    adopted = before.value != 0 or prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    try:
        yield adopted
    finally:
        if not before.value:
            prctl(_PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


def reap(pid: int, within_s: float) -> Optional[int]:
    """Waits for `pid` to become this process's child and end (an orphan being handed over by the kernel), then
    reaps it: → its exit code as multiprocessing spells it (−signal when killed), or None if it never became ours."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            pass  # not (yet) our child
        if time.monotonic() > deadline:
            return None
        time.sleep(0.002)


def end_multiprocessing_helpers() -> None:
    """For a program about to exit (the CLI), after its workers have ended: ends and reaps multiprocessing's
    forkserver and resource tracker. Left alone they end just after this process, as orphans, and where PID 1
    does not reap (a container's init, here) stay zombies for ever. They hold nothing of ours to clean up.
    These are private attributes of multiprocessing: whatever is not as expected is left alone."""
    import multiprocessing.forkserver as fs
    import multiprocessing.resource_tracker as rt
    for owner, attr in ((getattr(fs, "_forkserver", None), "_forkserver_pid"),
                        (getattr(rt, "_resource_tracker", None), "_pid")):
        pid = getattr(owner, attr, None)
        if isinstance(pid, int) and pid > 0:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:  # already reaped, or not ours
                pass
