"""--compare-pure: the course's double loop in pure Python, side by side with the wasm kernel."""
from __future__ import annotations

import math
import time

from .record import Result, bits_of, format_e, human_lines, to_fixed2, to_json

# The catalog's entries (by name, as metadata lists them): the pure loop runs only what the kernel says is one
# (catalogId); any other expression would need a parser of the language in Python.
FUNCTIONS = {
    "sin(x+y)": lambda x, y: math.sin(x + y),
    "sin(x)*cos(y)": lambda x, y: math.sin(x) * math.cos(y),
    "exp(x+y)": lambda x, y: math.exp(x + y),
    "x*y": lambda x, y: x * y,
    "1/(1+x+y)": lambda x, y: 1 / (1 + x + y),
}


def catalog_name(catalog: int) -> str:
    from .api import main_kernel
    return main_kernel().meta["integrands"][catalog]


def integrate_pure(f, ax: float, bx: float, ay: float, by: float, nx: int, ny: int) -> float:
    """The course page's midpoint rule: two nested loops, a plain running sum."""
    hx = (bx - ax) / nx
    hy = (by - ay) / ny
    s = 0.0
    for i in range(nx):
        x = ax + hx * (i + 0.5)
        for j in range(ny):
            y = ay + hy * (j + 0.5)
            s += f(x, y)
    return s * hx * hy


def compare_pure(p, record: Result, as_json: bool) -> str:
    t = time.perf_counter()
    value = integrate_pure(FUNCTIONS[catalog_name(p.catalog)], *p.domain, p.nx, p.ny)
    pure_s = time.perf_counter() - t
    exact = record.exact if record.exact is not None else math.nan
    error = abs(value - exact)
    speedup = pure_s / record.time_s if record.time_s > 0 else math.inf
    if as_json:
        pure = {"value": value if math.isfinite(value) else None, "bits": bits_of(value),
                "error": error if math.isfinite(error) else None, "time_s": pure_s}
        return to_json({"pure": pure, "kernel": record.to_dict(), "speedup": speedup}) + "\n"
    lines = [
        f"# pure Python (the course's double loop), n {p.nx}x{p.ny}",
        f"Integral value is {format_e(value)}, Error is {format_e(error)}",
        f"Time spent: {to_fixed2(pure_s)} sec",
        f"# wasm kernel ({record.kernel}, scheme {record.scheme}, workers {record.workers})",
        *human_lines(record)[:2],
        f"Kernel speedup over pure Python: {speedup:.1f}x (pure bits {bits_of(value)}, kernel bits {record.bits})",
    ]
    return "\n".join(lines) + "\n"
