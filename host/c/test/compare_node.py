#!/usr/bin/env python3
"""Side-by-side serial timing of the C host and the Node CLI (the README's figures).
Usage: python3 host/c/test/compare_node.py [n] [rounds]   (defaults 10000, 7)
Runs, in turn each round: C (scalar), Node scalar, Node simd; prints each time_s and the medians, plus user CPU
seconds (less sensitive than wall time to other load on a shared machine)."""

import json
import os
import resource
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
n = sys.argv[1] if len(sys.argv) > 1 else "10000"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
runs = {
    "c-wasm2c scalar": [os.path.join(ROOT, "host/c/integration2d"), "-n", n, "-s", "serial", "--json"],
    "node scalar": ["node", os.path.join(ROOT, "dist/node/cli.js"), "-n", n, "-s", "serial", "-k", "scalar", "--json"],
    "node simd": ["node", os.path.join(ROOT, "dist/node/cli.js"), "-n", n, "-s", "serial", "-k", "simd", "--json"],
}
times = {k: [] for k in runs}
users = {k: [] for k in runs}
bits = {}
for r in range(rounds):
    for name, cmd in runs.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        users[name].append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before)
        rec = json.loads(out)
        times[name].append(rec["time_s"])
        bits[name] = rec["bits"]
    print(f"round {r + 1}: " + "  ".join(f"{k} {times[k][-1]:.3f}s" for k in runs), flush=True)
print(f"\nn = {n}, serial, {rounds} rounds, medians:")
for k in runs:
    print(f"  {k:16} time_s {statistics.median(times[k]):.3f}  min {min(times[k]):.3f}  "
          f"user CPU {statistics.median(users[k]):.3f}s  bits {bits[k]}")
c = statistics.median(times["c-wasm2c scalar"])
print(f"  C / Node scalar = {c / statistics.median(times['node scalar']):.2f}x,"
      f"  C / Node simd = {c / statistics.median(times['node simd']):.2f}x")
