"""numexpr's sum(sin(X + Y)) over the bench's midpoint grid, for `integration2d bench` (host/node/bench-expressions.ts).

Usage: python bench/numexpr_sum.py N THREADS [AX BX AY BY]
Prints one JSON line: {"version", "threads", "value", "seconds"}: the second of two evaluations (the first warms
the allocator and numexpr's threads). Exit 3, with the reason on stderr, when numexpr cannot be imported.
"""

import json
import sys
import time

try:
    import numexpr
    import numpy as np
except ImportError as e:  # the bench skips the comparison and says why
    print(f"numexpr not importable: {e}", file=sys.stderr)
    sys.exit(3)

n = int(sys.argv[1])
threads = int(sys.argv[2])
ax, bx, ay, by = (float(v) for v in sys.argv[3:7]) if len(sys.argv) >= 7 else (0.0, np.pi, 0.0, np.pi)
numexpr.set_num_threads(threads)
hx, hy = (bx - ax) / n, (by - ay) / n
X = (ax + hx * (np.arange(n) + 0.5))[:, None]
Y = (ay + hy * (np.arange(n) + 0.5))[None, :]
seconds = 0.0
for _ in range(2):
    t0 = time.perf_counter()
    total = numexpr.evaluate("sum(sin(X + Y))")
    seconds = time.perf_counter() - t0
print(json.dumps({"version": numexpr.__version__, "threads": threads, "value": float(total) * hx * hy, "seconds": seconds}))
