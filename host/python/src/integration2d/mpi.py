"""--scheme mpi: every rank loads the kernel and computes its own block of rows; the row sums are gathered to
rank 0 in row order, and rank 0 combines them with the kernel's combine and prints.

Failure handling (never a hang):
  * Every rank parses and validates locally (no communication), then all ranks exchange one status
    (allgather). If any rank refused its input or could not load the kernel, rank 0 prints the message(s)
    and every rank exits with that code (2 for bad input); ranks that disagree on the problem are refused too.
  * A rank that fails after that (an exception while computing) prints `rank r: ...` and calls comm.Abort(1),
    which ends every rank.
  * A rank that is killed: Open MPI's launcher sees it die and ends the job (exit non-zero, naming the rank).
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from array import array

PROGRAM = "integration2d"

_LAUNCH_VARS = ("OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MV2_COMM_WORLD_SIZE")


def mpi_launched() -> bool:
    """Started by mpirun/mpiexec/srun (so every rank must go through the status exchange)."""
    return any(v in os.environ for v in _LAUNCH_VARS)


def _write(stream, text: str) -> None:
    if text:
        stream.write(text)
        stream.flush()


_CANCELLED = {
    signal.SIGTERM: f"{PROGRAM}: cancelled: terminated by mpirun (SIGTERM: Ctrl-C, or another rank failed)\n",
    signal.SIGINT: f"{PROGRAM}: cancelled: interrupted (Ctrl-C)\n",
}


def _end_on_signal(me: dict) -> None:
    """Ctrl-C under mpirun: mpirun alone gets the terminal's SIGINT (every rank has a process group of its own)
    and passes it on as SIGCONT, then SIGTERM about 1 s later (Open MPI 4.1; it exits 1 whatever the ranks do).
    A rank must end at once then, even inside a collective or a kernel call, where a Python handler would wait
    for the call to return: so SIGTERM and SIGINT are blocked in every thread (before MPI starts its own) and
    one thread takes them with sigwait, prints one line on rank 0 and exits 130.

    The other ranks on rank 0's node do not exit on SIGTERM: they wait to be killed. After its SIGTERM mpirun
    sleeps odls_base_sigkill_timeout (1 s) before SIGKILL, but the first of its ranks to exit cuts the sleep short
    (its SIGCHLD interrupts it), so a rank 1 that exits at once leaves rank 0 a few ms to write its line, and
    under load it often wrote nothing. Ranks on other nodes (their own daemon's children) exit at once. The wait
    is bounded, so a SIGTERM that is not mpirun's still ends the rank.

    `me`: "rank" (None until known: then this process speaks as rank 0) and "beside_rank0" (True until known)."""
    signals = set(_CANCELLED)
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)

    def wait() -> None:
        sig = signal.sigwait(signals)
        if me["rank"] in (0, None):
            os.write(2, _CANCELLED[sig].encode())
        elif sig == signal.SIGTERM and me["beside_rank0"]:
            time.sleep(2.0)
        os._exit(130)

    threading.Thread(target=wait, name="integration2d-signals", daemon=True).start()


def main_mpi(argv: list) -> int:
    t0 = time.perf_counter()
    me = {"rank": None, "beside_rank0": True}
    _end_on_signal(me)
    try:
        from mpi4py import MPI
    except Exception as e:  # noqa: BLE001
        _write(sys.stderr, f"{PROGRAM}: --scheme mpi needs mpi4py and an MPI library: {type(e).__name__}: {e}\n")
        return 1
    from .cli import plan, run_problem, start
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    me["rank"] = rank

    what = plan(argv, mpi_size=size)  # local only: no communication before the status exchange
    if what[0] == "exit":  # the answer itself is the signature: --help on one rank and --list on another disagree
        status = ("exit", what[1], what[3], what[2] if what[1] == 0 else None, None)
    elif what[0] in ("start", "bench"):
        status = (what[0], 0, "", None, None)
    else:
        p = what[1]
        status = ("run", 0, "", (p.integrand, p.domain_text, p.nx, p.ny, p.scheme, p.workers, p.kernel), _kernel_hash(p.kernel))
    here = MPI.Get_processor_name()
    statuses = comm.allgather(status + (here,))  # every rank reaches this: validation above is local and bounded
    me["beside_rank0"] = statuses[0][5] == here

    failed = [(r, s) for r, s in enumerate(statuses) if s[1] != 0]
    if failed:
        code = failed[0][1][1]
        if rank == 0:
            messages = {}
            for r, s in failed:
                messages.setdefault(s[2], []).append(r)
            if len(messages) == 1 and len(failed) == size:
                _write(sys.stderr, next(iter(messages)))
            else:
                for text, ranks in messages.items():
                    who = "rank" if len(ranks) == 1 else "ranks"
                    body = text[len(PROGRAM) + 2:] if text.startswith(PROGRAM + ": ") else text
                    _write(sys.stderr, f"{PROGRAM}: {who} {', '.join(map(str, ranks))} of {size}: {body}")
        return _end(comm, rank, code)
    kinds = {s[0] for s in statuses}
    signatures = {s[3] for s in statuses}
    if len(kinds) > 1 or len(signatures) > 1:
        if rank == 0:
            odd = [r for r, s in enumerate(statuses) if s[3] != statuses[0][3] or s[0] != statuses[0][0]]
            _write(sys.stderr, f"{PROGRAM}: ranks disagree on the problem (rank 0 and rank {odd[0]} were given different options); "
                               f"give every rank the same options\n")
        return _end(comm, rank, 2)
    hashes = {s[4] for s in statuses}
    if len(hashes) > 1:
        if rank == 0:
            odd = next(r for r, s in enumerate(statuses) if s[4] != statuses[0][4])
            _write(sys.stderr, f"{PROGRAM}: ranks loaded different kernel files: rank 0 has {statuses[0][4]}, rank {odd} has "
                               f"{statuses[odd][4]} (sha256 of the .wasm); put the same build on every node\n")
        return _end(comm, rank, 2)
    # Only now, when every rank knows that every rank was asked the same: a rank that answered --help alone
    # would leave the others waiting for it in _end's barrier.
    if what[0] == "exit":  # --help, --version, --list: rank 0 answers once
        if rank == 0:
            _write(sys.stdout, what[2])
        return 0
    if what[0] == "start":
        return start(what[1])
    if what[0] == "bench":  # the bench's own schemes, on rank 0 only (every rank would write the same file)
        from .bench import run_bench
        return run_bench(what[1]) if rank == 0 else 0
    problem, values = what[1], what[2]
    if problem.scheme != "mpi":  # e.g. --scheme threads under mpirun: each rank runs on its own
        return run_problem(problem, values)
    return _run(comm, rank, size, problem, values, t0)


def _kernel_hash(variant: str) -> str:
    """sha256 (first 16 hex digits) of the .wasm this rank runs: ranks on different nodes must run the same build."""
    import hashlib
    from .kernel import wasm_path
    return f"{variant}.wasm {hashlib.sha256(wasm_path(variant).read_bytes()).hexdigest()[:16]}"


def _end(comm, rank: int, code: int) -> int:
    """Every rank stops with rank 0's verdict: the others wait until rank 0 has printed, then exit 0, and rank
    0 exits with the code, so mpirun reports that code (not a rank killed while rank 0 was still writing)."""
    comm.Barrier()
    return code if rank == 0 else 0


def _rows_of(rank: int, size: int, nx: int) -> tuple:
    """Rank r's contiguous block of rows; blocks are in rank order, so gathering in rank order is row order."""
    return rank * nx // size, (rank + 1) * nx // size


def _run(comm, rank: int, size: int, p, values: dict, t0: float) -> int:
    from . import api
    from .record import human_lines
    t1 = time.perf_counter()
    try:
        hook = os.environ.get("INTEGRATION2D_TEST_FAIL_RANK")  # test hook: this rank raises while computing
        k = api.main_kernel(p.kernel)
        k.define_checked(p.integrand, p.domain_text, p.nx, p.ny)
        a, b = _rows_of(rank, size, p.nx)
        if hook is not None and int(hook) == rank:
            raise RuntimeError(f"test hook INTEGRATION2D_TEST_FAIL_RANK={hook}")
        mine = k.rows(a, b)
    except Exception as e:  # noqa: BLE001
        _write(sys.stderr, f"{PROGRAM}: run failed: rank {rank} of {size}: {type(e).__name__}: {e}; aborting every rank\n")
        comm.Abort(1)
        return 1
    parts = comm.gather(mine.tobytes(), root=0)
    if rank != 0:
        return 0
    sums = array("d")
    for part in parts:  # rank order = row order
        sums.frombytes(part)
    record = api.finish(p, sums, t1 - t0, time.perf_counter() - t1)
    _write(sys.stdout, record.to_json() + "\n" if values.get("json") else "\n".join(human_lines(record)) + "\n")
    return 0


_TAG_STOP = 1  # "stop computing": a rank whose cancel event was set (or whose on_progress raised) tells the others


def run_mpi_record(p, c):
    """integrate(scheme="mpi") from the library: every rank calls it; rank 0 gets the Result, others None.

    Cancelling: a rank that stops early (its own event, or what its on_progress raised) tells every other rank
    (_TAG_STOP), which looks for that message every POLL_S between rows; then all ranks learn who stopped
    (allgather), each receives exactly the messages sent to it (so none is left for a later run), and every rank
    raises: Cancelled, or its own exception on the rank whose on_progress raised. The messages travel on a
    duplicate of COMM_WORLD, apart from the caller's own."""
    from mpi4py import MPI
    from . import api
    from .controls import POLL_S, Cancelled, Controls
    comm = MPI.COMM_WORLD.Dup()
    try:
        rank, size = comm.Get_rank(), comm.Get_size()
        t1 = time.perf_counter()
        k = api.main_kernel(p.kernel)
        k.define_checked(p.integrand, p.domain_text, p.nx, p.ny)
        a, b = _rows_of(rank, size, p.nx)
        c = Controls(b - a, c.on_progress, c.cancel)  # each rank reports, and counts, its own block
        mine = array("d", bytes(8 * (b - a)))
        row, clock, due = k.row_sum, time.perf_counter, t1 + POLL_S
        stopped_by = None  # this rank's reason to stop, if it has one
        done = 0
        try:
            for i in range(a, b):
                mine[i - a] = row(i)
                done += 1
                if clock() >= due:
                    c.check((done,))
                    if comm.Iprobe(source=MPI.ANY_SOURCE, tag=_TAG_STOP):  # another rank stopped
                        break
                    due = clock() + POLL_S
            else:
                c.finished((done,))
        except Exception as e:  # noqa: BLE001 - Cancelled, or what on_progress raised: every rank must hear of it
            stopped_by = e
        sent = [comm.isend(None, dest=r, tag=_TAG_STOP) for r in range(size) if r != rank] if stopped_by else []
        stoppers = [r for r, s in enumerate(comm.allgather(stopped_by is not None)) if s]
        for _ in range(len([r for r in stoppers if r != rank])):
            comm.recv(source=MPI.ANY_SOURCE, tag=_TAG_STOP)
        MPI.Request.waitall(sent)
        if stopped_by is not None:
            raise stopped_by
        if stoppers:
            raise Cancelled(done, b - a)
        parts = comm.gather(mine.tobytes(), root=0)
    finally:
        comm.Free()
    if rank != 0:
        return None
    sums = array("d")
    for part in parts:
        sums.frombytes(part)
    return api.finish(p, sums, 0.0, time.perf_counter() - t1)
