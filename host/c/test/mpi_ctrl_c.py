#!/usr/bin/env python3
"""Ctrl-C on mpirun, the way a terminal sends it: mpirun alone gets SIGINT (each rank has a process group of its
own), sends the ranks SIGCONT, SIGTERM a second later, and exits 1 whatever they do. Rank 0 must say why in one
line, and no rank may be left. run_tests.py checks it once; run this file to repeat it (the line used to depend
on rank 0 being scheduled within ~2 ms of the SIGTERM; src/main.c, on_mpi_signal):
    python3 host/c/test/mpi_ctrl_c.py [times]"""

import os
import shutil
import signal
import subprocess
import sys
import time

LINE = "integration2d: cancelled: terminated by mpirun (SIGTERM: Ctrl-C, or another rank failed)\n"


def mpirun_ranks(p, n, timeout=20):
    """The pids of mpirun p's own integration2d children (by parent pid), once there are n, or what there is."""
    ranks = []
    deadline = time.monotonic() + timeout
    while len(ranks) < n and time.monotonic() < deadline:
        time.sleep(0.1)
        ranks = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = open(f"/proc/{pid}/stat").read()
            except OSError:
                continue
            comm, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
            if comm == "integration2d" and int(rest[1]) == p.pid:
                ranks.append(int(pid))
    return ranks


def alive(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ctrl_c_on_mpirun(mpi, cli):
    """(ok, detail): SIGINT to `mpi -np 2 cli -s mpi` mid-run; rank 0's one line, nothing on stdout, no rank left."""
    p = subprocess.Popen(mpi + ["-np", "2", cli, "-s", "mpi", "-n", "60000"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    ranks = mpirun_ranks(p, 2)
    time.sleep(1.0)  # both ranks into their rows (n = 60000: tens of seconds of work)
    t = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return False, "still running 20 s after SIGINT"
    ms = 1000 * (time.monotonic() - t)
    # mpirun does not wait for its SIGKILL to finish a rank: a killed process may take a few ms to be gone.
    gone_by = time.monotonic() + 0.5
    while any(map(alive, ranks)) and time.monotonic() < gone_by:
        time.sleep(0.005)
    left = [r for r in ranks if alive(r)]
    lingered = 1000 * (time.monotonic() - t) - ms
    ok = len(ranks) == 2 and p.returncode != 0 and out == "" and err == LINE and not left
    return ok, f"exit {p.returncode} after {ms:.0f} ms, ranks gone {lingered:.0f} ms later; ranks {ranks}, left {left}; stderr {err!r}"


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    cli = os.environ.get("INTEGRATION2D_C_CLI") or os.path.join(os.path.dirname(here), "integration2d")
    mpi = [shutil.which("mpirun"), "--allow-run-as-root", "--oversubscribe"]
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    passes = 0
    for i in range(times):
        ok, detail = ctrl_c_on_mpirun(mpi, cli)
        passes += ok
        print(f"{'ok  ' if ok else 'FAIL'} {i + 1}: {detail} (load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"{passes}/{times} passed")
    sys.exit(0 if passes == times else 1)
