"""The processes scheme leaves nothing behind: workers of a killed parent stop at once and silently; a killed
forkserver fails the run with a true message; no run leaves a zombie for PID 1 (this test process stands in for
it: it adopts orphans while each test runs, PR_SET_CHILD_SUBREAPER, and counts the ones nobody reaped)."""
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, env
from integration2d.lifeline import reap, subreaper

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _stat(pid: int):
    """(state, ppid) of a process, or None once it is reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return fields[0], int(fields[1])
    except (OSError, IndexError):
        return None


def _running(pid: int) -> bool:
    s = _stat(pid)
    return s is not None and s[0] != "Z"


def _marked(marker: str) -> list:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if f"I2D_TEST_MARKER={marker}".encode() in (d / "environ").read_bytes().split(b"\0"):
                    pids.append(int(d.name))
            except OSError:
                pass
    return pids


def _orphans_of_ours() -> list:
    """Zombies handed to this (subreaper) process: what PID 1 would have been left with."""
    return [int(d.name) for d in Path("/proc").iterdir()
            if d.name.isdigit() and _stat(int(d.name)) == ("Z", os.getpid())]


BIG_RUN = ["-m", "integration2d", "-s", "processes", "-w", "2", "-n", "60000"]


def _start_big_run(marker: str, argv=BIG_RUN):
    """A processes run of several seconds; returns it with its descendants once both workers are computing."""
    e = env()
    e["I2D_TEST_MARKER"] = marker
    p = subprocess.Popen([sys.executable, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e, cwd=ROOT)
    t = time.monotonic()
    while time.monotonic() - t < 30:
        others = [q for q in _marked(marker) if q != p.pid]
        # the forkserver, the resource tracker and two workers (the forkserver's children)
        if len(others) >= 4 and sum(1 for q in others if (_stat(q) or ("", 0))[1] not in (p.pid, 1, os.getpid())) >= 2:
            time.sleep(1.0)  # into the rows: each worker has seconds of work left
            return p, [q for q in _marked(marker) if q != p.pid]
        time.sleep(0.05)
    p.kill()
    p.communicate()
    pytest.fail("the workers never started")


def _reap_all(pids) -> None:
    for q in pids:
        if _stat(q) is not None and _stat(q)[1] == os.getpid():
            reap(q, 2.0)


@contextmanager
def _big_run(argv=BIG_RUN):
    """A big run's process and descendants, in a test process that adopts orphans; whatever the test saw,
    nothing of it is left running or unreaped afterwards."""
    with subreaper() as adopts:
        if not adopts:
            pytest.skip("PR_SET_CHILD_SUBREAPER unavailable")
        p, descendants = _start_big_run(uuid.uuid4().hex, argv)
        try:
            yield p, descendants
        finally:
            for q in descendants:
                if _running(q):
                    os.kill(q, signal.SIGKILL)
            if p.poll() is None:
                p.kill()
                p.communicate()
            _reap_all(descendants)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_parent_leaves_no_worker_running(sig):
    with _big_run() as (p, descendants):
        t = time.monotonic()
        p.send_signal(sig)
        p.wait()
        while any(_running(q) for q in descendants) and time.monotonic() - t < 5:
            time.sleep(0.001)
        lifetime_ms = 1000 * (time.monotonic() - t)
        left = [q for q in descendants if _running(q)]
        _, err = p.communicate(timeout=10)  # the workers share its stderr: nothing may come out of them
    print(f"\n  {signal.Signals(sig).name} of the parent: last of {len(descendants)} descendants gone after {lifetime_ms:.0f} ms")
    assert left == [], f"still running {lifetime_ms:.0f} ms after {signal.Signals(sig).name}: {left}"
    assert lifetime_ms < 1000
    assert err == b""  # no BrokenPipeError traceback from a worker


def test_a_killed_forkserver_fails_the_run_and_leaves_nothing():
    with _big_run() as (p, descendants):
        forkserver = next(q for q in descendants if b"forkserver" in Path(f"/proc/{q}/cmdline").read_bytes()
                          and _stat(q)[1] == p.pid)
        workers = [q for q in descendants if _stat(q)[1] == forkserver]
        os.kill(forkserver, signal.SIGKILL)
        out, err = p.communicate(timeout=20)
        after = {q: _stat(q) for q in descendants}
        zombies = _orphans_of_ours()
    assert p.returncode == 1
    assert re.fullmatch(r"integration2d: run failed: worker \d: the forkserver that started process (\d+) ended; "
                        r"the workers were stopped\n", err.decode()), err
    assert int(re.search(rb"process (\d+)", err).group(1)) in workers
    assert out == b""
    # every worker, the forkserver and the resource tracker ended and were reaped by the CLI itself
    assert after == {q: None for q in descendants}, after
    assert zombies == []


def test_a_run_leaves_no_zombie_for_pid_1():
    """multiprocessing's forkserver and resource tracker end just after the CLI unless it ends them itself."""
    with subreaper() as adopts:
        if not adopts:
            pytest.skip("PR_SET_CHILD_SUBREAPER unavailable")
        before = set(_orphans_of_ours())
        r = subprocess.run([sys.executable, "-m", "integration2d", "-s", "processes", "-w", "2", "-n", "200"],
                           capture_output=True, text=True, env=env(), cwd=ROOT, timeout=60)
        time.sleep(0.3)  # what would be left ends just after the CLI: give it time to become a zombie
        left = [q for q in _orphans_of_ours() if q not in before]
        _reap_all(left)
    assert r.returncode == 0, r.stderr
    assert left == []


def test_a_stopped_worker_fails_the_run_after_block_timeout_naming_it():
    """SIGSTOP: the worker is alive, its pipe open, and it sends nothing more; without a deadline the run waited
    for ever. Each worker sends a block of rows at a time (≤ 2**24 cells), so one second of silence is enough."""
    script = ("import sys\nfrom integration2d import integrate, WorkerError\n"
              "try:\n    integrate(scheme='processes', workers=2, n=60000, block_timeout=1)\n"
              "except WorkerError as e:\n    print(e.worker, e)\n    sys.exit(1)\n")
    with _big_run(["-c", script]) as (p, descendants):
        forkserver = next(q for q in descendants if b"forkserver" in Path(f"/proc/{q}/cmdline").read_bytes())
        victim = min(q for q in descendants if _stat(q)[1] == forkserver)
        os.kill(victim, signal.SIGSTOP)
        t = time.monotonic()
        out, err = p.communicate(timeout=30)
        took = time.monotonic() - t
        gone = not _running(victim)
    print(f"\n  a stopped worker: the run failed {1000 * took:.0f} ms after SIGSTOP")
    assert (p.returncode, err) == (1, b""), err
    worker = out.split()[0].decode()
    assert out.decode() == f"{worker} worker {worker}: no result for 1 s from process {victim} (stopped or hung?)\n"
    assert 0.5 <= took < 15  # 1 s after its last block, which came up to a block's time before the SIGSTOP
    assert gone  # killed by the run (a stopped process takes SIGKILL)
