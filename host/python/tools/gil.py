"""Does a wasmtime call release the GIL? Three measurements (python tools/gil.py [n]):

1. CPU/wall ratio of the threads scheme with 1 and 2 threads: a ratio near 2 with 2 threads means both threads
   ran wasm at the same time (the GIL was released during the calls); near 1 means they took turns.
2. The same ratio for a control: 2 threads running the pure-Python double loop (holds the GIL).
3. One long wasm call (a single row of 10^7 cells, tens of ms) while a Python thread records timestamps in a
   loop: if the call held the GIL, that thread would stop for the whole call (its longest gap ≥ the call);
   if the call released it, the thread keeps running (its longest gap is a scheduler slice, ≪ the call).
4. A pure-Python counter thread's rate alone, then while another thread calls rowSum in a loop: if the wasm
   thread released the GIL, the counter keeps most of its rate.
"""
import math
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from integration2d import integrate  # noqa: E402
from integration2d.kernel import Kernel  # noqa: E402
from integration2d.pure import integrate_pure  # noqa: E402


def cpu_wall(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def main(n: int = 4000) -> None:
    print(f"cores available: {len(os.sched_getaffinity(0))}, load average {os.getloadavg()[0]:.2f}")
    integrate(n=8, scheme="threads", workers=2)  # compile the module once
    for w in (1, 2):
        r = {}
        runs = sorted(cpu_wall(lambda: r.update(integrate(n=n, scheme="threads", workers=w).to_dict())) for _ in range(3))
        cpu, wall = min(runs, key=lambda t: t[1])
        print(f"wasm threads, {w} thread(s), n={n}: best wall of 3 {wall:.3f} s, cpu {cpu:.3f} s, cpu/wall {cpu / wall:.2f}, bits {r['bits']}")
    m = 600
    def two_pure():
        ts = [threading.Thread(target=integrate_pure, args=(lambda x, y: math.sin(x + y), 0, math.pi, 0, math.pi, m, m)) for _ in range(2)]
        [t.start() for t in ts]
        [t.join() for t in ts]
    cpu1, wall1 = cpu_wall(lambda: integrate_pure(lambda x, y: math.sin(x + y), 0, math.pi, 0, math.pi, m, m))
    cpu2, wall2 = cpu_wall(two_pure)
    print(f"pure-Python control, n={m}: 1 thread wall {wall1:.3f} s; 2 threads (twice the work) wall {wall2:.3f} s, "
          f"cpu/wall {cpu2 / wall2:.2f}")

    kern = Kernel("simd")
    kern.define_checked("sin(x+y)", "0,pi,0,pi", 4, 10_000_000)
    kern.row_sum(0)  # warm
    for label, call in [("one rowSum call", lambda: kern.row_sum(1))] * 3 + [
            ("control: sum(range(3*10**7)), a C call that keeps the GIL,", lambda: sum(range(3 * 10**7)))]:
        stamps, done = [], threading.Event()

        def ticker():
            while not done.is_set():
                stamps.append(time.perf_counter())

        tk = threading.Thread(target=ticker)
        tk.start()
        time.sleep(0.02)
        t0 = time.perf_counter()
        call()
        t1 = time.perf_counter()
        done.set()
        tk.join()
        inside = [t for t in stamps if t0 <= t <= t1]
        gaps = [b - a for a, b in zip(stamps, stamps[1:]) if b >= t0 and a <= t1]
        print(f"{label} of {1e3 * (t1 - t0):.1f} ms: the Python thread ticked {len(inside):,} times during it, "
              f"longest gap {1e3 * max(gaps, default=t1 - t0):.1f} ms")

    def count(seconds, out):
        k, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            k += 1
        out.append(k)

    alone = []
    count(1.0, alone)
    stop = threading.Event()

    def wasm_rows():
        kern = Kernel("simd")
        kern.define_checked("sin(x+y)", "0,pi,0,pi", n, n)
        i = 0
        while not stop.is_set():
            kern.row_sum(i % n)
            i += 1
        wasm_calls.append(i)

    wasm_calls = []
    t = threading.Thread(target=wasm_rows)
    t.start()
    time.sleep(0.1)
    together = []
    count(1.0, together)
    stop.set()
    t.join()
    print(f"counter thread: {alone[0]:,} iterations/s alone, {together[0]:,}/s while another thread calls rowSum "
          f"({100 * together[0] / alone[0]:.0f}%); the wasm thread made {wasm_calls[0]:,} rowSum calls (n={n})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
