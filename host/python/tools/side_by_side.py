"""Times the same problem through the Python host's schemes, the Node CLI and the WASI command, interleaved
round by round so machine load hits them alike. Prints min and median of each record's time_s (and mpirun's
wall time), and checks that every run gave the same bits.

    python host/python/tools/side_by_side.py [-n 10000] [--rounds 3]   (from the repository root)
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SRC = ROOT / "host" / "python" / "src"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated subset of the labels")
    a = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(SRC))
    py = [sys.executable, "-m", "integration2d", "-n", str(a.n), "--json"]
    node = shutil.which("node")
    mpirun = shutil.which("mpirun")
    mpi = [mpirun, "--allow-run-as-root", "--oversubscribe", "-x", "PYTHONPATH"] if mpirun else None
    runs = {
        "python serial": py + ["-s", "serial"],
        "node serial": [node, str(ROOT / "dist/node/cli.js"), "-n", str(a.n), "--json", "-s", "serial"] if node else None,
        "python threads 2": py + ["-s", "threads", "-w", "2"],
        "node threads 2": [node, str(ROOT / "dist/node/cli.js"), "-n", str(a.n), "--json", "-s", "threads", "-w", "2"] if node else None,
        "python processes 2": py + ["-s", "processes", "-w", "2"],
        "python mpi 2 ranks": mpi + ["-np", "2"] + py + ["-s", "mpi"] if mpi else None,
        "python mpi 4 ranks": mpi + ["-np", "4"] + py + ["-s", "mpi"] if mpi else None,
        "wasi under wasmtime": [sys.executable, "-m", "integration2d.wasi", "-n", str(a.n), "--json"],
    }
    only = {s.strip() for s in a.only.split(",") if s.strip()}
    runs = {k: v for k, v in runs.items() if v and (not only or k in only)}
    times = {k: [] for k in runs}
    walls = {k: [] for k in runs}
    bits = set()
    loads = []
    for _ in range(a.rounds):
        for label, cmd in runs.items():
            loads.append(os.getloadavg()[0])
            t = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
            walls[label].append(time.perf_counter() - t)
            if r.returncode != 0:
                print(f"{label}: exit {r.returncode}: {r.stderr.strip()}")
                return 1
            rec = json.loads(r.stdout)
            times[label].append(rec["time_s"])
            bits.add((rec["kernel"], rec["bits"]))
    print(f"n = {a.n}, {a.rounds} rounds interleaved, {len(os.sched_getaffinity(0))} cores, "
          f"load average during the runs {min(loads):.1f}..{max(loads):.1f}")
    print(f"{'run':<22} {'time_s min':>10} {'median':>8} {'process wall median':>19}")
    for label in runs:
        print(f"{label:<22} {min(times[label]):>10.3f} {statistics.median(times[label]):>8.3f} {statistics.median(walls[label]):>19.3f}")
    print("bits:", ", ".join(f"{k} {b}" for k, b in sorted(bits)))
    return 0 if len(bits) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
