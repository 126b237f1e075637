"""The schemes: serial (calling thread), threads (one wasmtime Store/Instance per thread), processes (one
instance per process). Every instance defines the problem from its texts itself; every scheme only moves rows:
rowSum(i) per row, the sums placed at index i, and one instance combines them with the kernel's combine. The
MPI scheme is in mpi.py."""
from __future__ import annotations

import itertools
import multiprocessing as mp
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from array import array
from typing import Callable, Optional

from . import kernel as K
from .controls import POLL_S, PROGRESS_INTERVAL_S, Controls
from .lifeline import reap, stop_with_parent, subreaper
from .options import Problem, WorkerError
from .record import js_number


def texts(p: Problem) -> tuple:
    """What a worker needs to define the problem itself: define(integrand, domain, nx, ny)."""
    return p.integrand, p.domain_text, p.nx, p.ny


def block_size(nx: int, workers: int) -> int:
    """Rows claimed at once by a thread: about 16 claims per worker. Changes speed, never a row sum."""
    return max(1, nx // (workers * 16))


def run_serial(p: Problem, c: Optional[Controls] = None) -> tuple:
    """→ (sums, startup_s, compute_s)."""
    c = c or Controls(p.nx)
    t0 = time.perf_counter()
    k = K.Kernel(p.kernel)
    t1 = time.perf_counter()
    k.define_checked(*texts(p))
    sums = array("d", bytes(8 * p.nx))
    row, clock, due = k.row_sum, time.perf_counter, t1 + POLL_S
    for i in range(p.nx):
        sums[i] = row(i)
        if clock() >= due:  # one clock read per row: the event and the callback only every POLL_S
            c.check((i + 1,))
            due = clock() + POLL_S
    c.finished((p.nx,))
    return sums, t1 - t0, time.perf_counter() - t1


def run_threads(p: Problem, c: Optional[Controls] = None) -> tuple:
    """Threads claim blocks of rows from a shared counter; each thread has its own Store and Instance. This
    thread waits for them, looking at the cancel event and reporting progress every POLL_S."""
    c = c or Controls(p.nx)
    t0 = time.perf_counter()
    mod = K.module(p.kernel)
    sums = array("d", bytes(8 * p.nx))
    block = block_size(p.nx, p.workers)
    claims = itertools.count(0, block)  # next() is atomic under the GIL
    done = [0] * p.workers  # rows computed, per thread: each thread writes only its own item
    errors: list = []
    ready = threading.Barrier(p.workers + 1)
    stop = threading.Event()

    def work(index: int) -> None:
        try:
            k = K.Kernel(p.kernel, mod)
            k.define_checked(*texts(p))
        except BaseException as e:  # noqa: BLE001 - reported as this worker's failure
            errors.append((index, f"threw {type(e).__name__}: {e}"))
            stop.set()
            ready.abort()
            return
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        row = k.row_sum
        try:
            while not stop.is_set():
                start = next(claims)
                if start >= p.nx:
                    break
                for i in range(start, min(start + block, p.nx)):
                    if stop.is_set():  # checked per row: a block can take seconds, a cancel must not
                        return
                    sums[i] = row(i)
                    done[index] += 1
        except BaseException as e:  # noqa: BLE001
            errors.append((index, f"threw {type(e).__name__}: {e}"))
            stop.set()

    threads = [threading.Thread(target=work, args=(w,), name=f"integration2d-{w}", daemon=True) for w in range(p.workers)]
    for t in threads:
        t.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        pass
    t1 = time.perf_counter()
    interrupted = False
    try:
        for t in threads:
            while t.is_alive():
                t.join(POLL_S)
                if not errors:
                    c.check(done)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        stop.set()
        if not interrupted:  # Cancelled, or what on_progress raised: the threads end after their current row
            for t in threads:
                t.join()
    if errors:
        index, message = sorted(errors)[0]
        raise WorkerError(index, message)
    c.finished(done)
    return sums, t1 - t0, time.perf_counter() - t1


# --- processes --------------------------------------------------------------------------------------------

def _process_main(index: int, conn, variant: str, compiled: bytes, problem: tuple, start: int, stop: int) -> None:
    """A worker process: one instance defined from the texts (`problem`: integrand, domain, nx, ny), rows
    [start, stop), ("rows", done) every PROGRESS_INTERVAL_S, then the sums as one message. It is never asked
    to stop: the parent kills it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and terminates us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # blocked in a parent that is an MPI rank (mpi.py)
    stop_with_parent(conn.fileno())  # a killed parent: this process ends at once, silently
    try:
        hook = os.environ.get("INTEGRATION2D_TEST_KILL_WORKER")  # test hook: this worker kills itself
        if hook is not None and int(hook) == index:
            os.kill(os.getpid(), signal.SIGKILL)
        k = K.Kernel(variant, K.module_from_serialized(variant, compiled))
        k.define_checked(*problem)
        conn.send(("ready", None))
        conn.send(("sums", _rows_reporting(k, start, stop, conn).tobytes()))
    except (BrokenPipeError, EOFError):  # the parent closed the pipe: it no longer wants the sums
        pass
    except BaseException as e:  # noqa: BLE001
        try:
            conn.send(("error", f"threw {type(e).__name__}: {e}"))
        except OSError:
            pass  # nobody to tell
    finally:
        conn.close()


def _rows_reporting(k: K.Kernel, start: int, stop: int, conn) -> array:
    sums = array("d", bytes(8 * (stop - start)))
    row, clock, due = k.row_sum, time.perf_counter, time.perf_counter() + PROGRESS_INTERVAL_S
    for i in range(start, stop):
        sums[i - start] = row(i)
        if clock() >= due:
            conn.send(("rows", i + 1 - start))
            due = clock() + PROGRESS_INTERVAL_S
    return sums


def _context():
    # fork would copy wasmtime's compiler threads' state into the child; forkserver starts children from a
    # clean server process (spawn where there is none).
    method = os.environ.get("INTEGRATION2D_MP_START") or ("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    ctx = mp.get_context(method)
    if method == "forkserver":  # '__main__' is the default preload; ours kills the forkserver with this process
        ctx.set_forkserver_preload(["__main__", "integration2d.forkserver_lifeline"])
    return ctx


def run_processes(p: Problem, c: Optional[Controls] = None) -> tuple:
    """One process per worker, each a contiguous block of rows; a process that dies fails the run (exit 1), and
    so does a forkserver that dies (its workers are then stopped and reaped here), and a worker that sends
    nothing for c.block_timeout seconds (stopped, or hung: it reports its rows every PROGRESS_INTERVAL_S). Workers
    of a killed parent stop by themselves (lifeline.py); a cancelled run kills its workers and waits for them."""
    with subreaper() as adopts:
        return _run_processes(p, c or Controls(p.nx), adopts)


# A script's top level runs again in every new process (multiprocessing imports the main module there, the
# forkserver too): a run started from it would start processes from a process still being started.
MAIN_GUARD = ('a script that uses scheme="processes" must make its runs under `if __name__ == "__main__":` '
              '(every new process imports the main module)')


def _run_processes(p: Problem, c: Controls, adopts: bool) -> tuple:
    if getattr(mp.current_process(), "_inheriting", False):  # what multiprocessing itself looks at
        raise RuntimeError(f"integrate() was called while a new process imported the main module: {MAIN_GUARD}")
    t0 = time.perf_counter()
    ctx = _context()
    compiled = K.module(p.kernel).serialize()
    problem = texts(p)
    procs, conns = [], []
    ended: set = set()  # workers whose pipe reached EOF
    forkserver_died = False
    bounds = [(w * p.nx // p.workers, (w + 1) * p.nx // p.workers) for w in range(p.workers)]
    done = [0] * p.workers  # rows computed, as the workers last reported
    try:
        for w, (a, b) in enumerate(bounds):
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_process_main, args=(w, child, p.kernel, compiled, problem, a, b),
                               name=f"integration2d-{w}", daemon=True)
            try:
                proc.start()
            except (OSError, EOFError) as e:  # the forkserver ended while starting up: typically the guard missing
                raise WorkerError(w, f"its process could not be started ({type(e).__name__}: {e}); {MAIN_GUARD}") from None
            child.close()
            procs.append(proc)
            conns.append(parent)
        sums = array("d", bytes(8 * p.nx))
        pending = {w: "ready" for w in range(p.workers)}
        heard = [time.monotonic()] * p.workers  # when each worker last sent something
        t1 = None
        while pending:
            waitables = [conns[w] for w in pending] + [procs[w].sentinel for w in pending]
            fired = mp.connection.wait(waitables, POLL_S)
            for w in list(pending):
                # Read everything the worker sent before looking at whether it has exited.
                while w in pending and conns[w].poll():
                    try:
                        kind, payload = conns[w].recv()
                    except EOFError:
                        ended.add(w)
                        break
                    heard[w] = time.monotonic()
                    if kind == "ready":
                        pending[w] = "sums"
                    elif kind == "rows":
                        done[w] = payload
                    elif kind == "sums":
                        part = array("d")
                        part.frombytes(payload)
                        a, b = bounds[w]
                        sums[a:b] = part
                        done[w] = b - a
                        del pending[w]
                    else:
                        raise WorkerError(w, payload)
                if t1 is None and all(v == "sums" for v in pending.values()):
                    t1 = time.perf_counter()
                if w in pending and w not in ended and procs[w].sentinel not in fired \
                        and time.monotonic() - heard[w] >= c.block_timeout:
                    raise WorkerError(w, f"no result for {js_number(c.block_timeout)} s from process {procs[w].pid} "
                                         "(stopped or hung?)")
                if w in pending and (w in ended or procs[w].sentinel in fired):  # ended before its sums arrived
                    procs[w].join(1)
                    code = procs[w].exitcode
                    if code == 255 and ctx.get_start_method() == "forkserver":
                        # multiprocessing's code for a status the forkserver never sent: the forkserver itself
                        # ended (killed); the worker may still be running (its pipe is open) until it is stopped
                        forkserver_died = True
                        raise WorkerError(w, f"the forkserver that started process {procs[w].pid} ended; the workers were stopped")
                    if code is not None and code < 0:
                        raise WorkerError(w, f"process {procs[w].pid} was killed by {signal.Signals(-code).name}")
                    raise WorkerError(w, f"process {procs[w].pid} exited with code {code}")
            if pending:
                c.check(done)
        c.finished(done)
        if t1 is None:
            t1 = time.perf_counter()
        return sums, t1 - t0, time.perf_counter() - t1
    finally:
        _stop_workers(procs, conns, ended, forkserver_died, adopts)


def _stop_workers(procs: list, conns: list, ended: set, forkserver_died: bool, adopts: bool) -> None:
    """Kills every worker still running and waits until each has ended; after the forkserver died, reaps them
    (they were handed to this process) and the forkserver too, so that no zombie is left behind."""
    for w, proc in enumerate(procs):
        if w not in ended and proc.pid is not None:
            try:
                os.kill(proc.pid, signal.SIGKILL)  # its pipe is open, so it has not ended: the pid is still its own
            except ProcessLookupError:
                pass
    for w, proc in enumerate(procs):
        if w not in ended:
            try:
                while conns[w].poll(5):  # EOF (or data to skip) follows the kill
                    conns[w].recv_bytes()
            except (EOFError, OSError):
                pass
        if forkserver_died and adopts:
            reap(proc.pid, 1.0)
        elif proc.pid is not None:
            proc.join(5)
        conns[w].close()
    if forkserver_died:  # the dead forkserver is this process's child: reap it now, the next run starts another
        try:
            import multiprocessing.forkserver as fs
            fs._forkserver._stop()  # private, but what the standard library's own tests call
        except Exception:  # noqa: BLE001 - a private method: at worst the zombie waits for the next run
            pass


RUNNERS: dict = {"serial": run_serial, "threads": run_threads, "processes": run_processes}
