"""The options contract (host/core/options.ts): names, defaults, ranges and the exact wording of each refusal."""
from __future__ import annotations

import json
import math
import numbers
import os
import re
from dataclasses import dataclass
from typing import Optional, Sequence, Union

from .domain import DEFAULT_DOMAIN_TEXT, Domain, parse_bound, parse_domain

SCHEMES = ("serial", "threads", "processes", "mpi")
DEFAULT_N = 10000
DEFAULT_INTEGRAND = "sin(x+y)"
MAX_WORKERS = 256

FLAG = {
    "n": "-n/--n",
    "nx": "--nx",
    "ny": "--ny",
    "workers": "-w/--workers",
    "scheme": "-s/--scheme",
    "kernel": "-k/--kernel",
    "integrand": "-f/--integrand",
    "domain": "-d/--domain",
}

# Every text option (CLI value or API string) is refused beyond this many UTF-8 bytes, before it is parsed:
# the kernel's own cap on an integrand or domain text (ABI 2 maxText) and far more than any valid value needs.
MAX_TEXT = 4096

# An integer as text: ASCII whitespace around, an optional '+', ASCII digits. Not Python's int() grammar, which
# also takes '1_000', Unicode digits and spaces, and refuses more than 4300 digits with an error of its own.
_INT = re.compile(r"[ \t\n\v\f\r]*\+?([0-9]+)[ \t\n\v\f\r]*")


class UsageError(Exception):
    """Bad input: names the option (CLI spelling) and what is allowed. Exit 2."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option
        self.message = message


class RunError(Exception):
    """The run failed (a worker died, or the integral is not finite): no result. Exit 1."""


class WorkerError(RunError):
    """A worker (thread, process or rank) failed. Exit 1."""

    def __init__(self, worker: int, message: str, label: str = "worker"):
        super().__init__(f"{label} {worker}: {message}")
        self.worker = worker


def quote(v) -> str:
    """JSON.stringify(String(v))."""
    return json.dumps("undefined" if v is None else str(v), ensure_ascii=False)


@dataclass(frozen=True)
class Problem:
    integrand: str
    integrand_id: int
    domain: Domain
    nx: int
    ny: int
    scheme: str
    workers: int
    kernel: str


def check_text(flag: str, value: str) -> str:
    """Refuses a text option longer than MAX_TEXT bytes at once, naming the option (not echoing the text)."""
    size = len(value.encode("utf-8", "surrogateescape"))
    if size > MAX_TEXT:
        raise UsageError(flag, f"option {flag} is too long ({size} bytes; at most {MAX_TEXT})")
    return value


def int_of_text(text: str) -> Optional[int]:
    """The integer a text option spells (_INT), or None. Values past 2**53 are None: out of every range."""
    m = _INT.fullmatch(text)
    digits = (m.group(1).lstrip("0") or "0") if m else ""
    return int(digits) if 0 < len(digits) <= 16 else None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _integer(option: str, raw, fallback: int, maximum: int) -> int:
    if raw is None:
        return fallback
    if isinstance(raw, bool):  # an API True is not 1; the message spells it as JavaScript does
        raw = str(raw).lower()
    if isinstance(raw, numbers.Integral):
        v: Union[int, float] = int(raw)
    elif isinstance(raw, numbers.Real):  # an API value: JS accepts 5 (there is no 5.0), refuses 1.5, NaN, Infinity
        f = float(raw)
        v = int(f) if f.is_integer() else math.nan
    elif isinstance(raw, str):
        found = int_of_text(raw)
        v = math.nan if found is None else found
    else:  # a list, a dict, bytes...: the message names the option whatever it was
        v = math.nan
    if not (isinstance(v, int) and 1 <= v <= maximum):
        raise UsageError(FLAG[option], f"option {FLAG[option]} must be an integer from 1 to {maximum} (got {quote(raw)})")
    return v


def _one_of(option: str, raw: Optional[str], allowed: Sequence[str]) -> str:
    if raw is None:
        return allowed[0]
    if not isinstance(raw, str) or raw not in allowed:
        raise UsageError(FLAG[option], f"option {FLAG[option]} must be one of {', '.join(allowed)} (got {quote(raw)})")
    return raw


def _bound_of(v) -> Optional[float]:
    """One bound of an API domain list: a real number (not a bool) or a bound's text; None if not finite."""
    if isinstance(v, str):
        return parse_bound(v)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return None
    try:
        f = float(v)  # an int past the doubles raises OverflowError
    except (OverflowError, ValueError, TypeError):
        return None
    return f if math.isfinite(f) else None


def _domain_of(raw, integrand: str, nx: int, ny: int) -> Domain:
    d: Optional[Domain] = None
    if raw is None:
        text = DEFAULT_DOMAIN_TEXT
        d = parse_domain(text)
    elif isinstance(raw, str):
        text = raw
        d = parse_domain(text)
    elif isinstance(raw, (list, tuple)):  # four numbers (or bounds' texts)
        items = list(raw)
        text = ",".join(str(v) for v in items)
        bounds = [_bound_of(v) for v in items]
        if len(bounds) == 4 and all(b is not None for b in bounds):
            d = tuple(bounds)  # type: ignore[assignment]
    else:  # 5, {}, a set (no order)...
        text = str(raw)
    if d is None:
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']} must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got {quote(text)})")
    ax, bx, ay, by = d
    if not (ax < bx and ay < by):
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']} needs ax < bx and ay < by (got {quote(text)})")
    if integrand == "1/(1+x+y)" and not (1 + ax + ay > 0):
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']}: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got {quote(text)})")
    # The kernel's cell (its setup: hx = (bx - ax)/nx, hy likewise, area hx*hy): bounds so far apart, or so close,
    # that it overflows or vanishes can only give a non-finite or a zero integral. (ABI 2's define refuses it: -7.)
    hx, hy = (bx - ax) / nx, (by - ay) / ny
    area = hx * hy
    if not (math.isfinite(area) and area != 0):
        why = "not finite" if not math.isfinite(area) else "zero"
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']}: the cell area hx·hy is {why} with these bounds and {nx}x{ny} cells (got {quote(text)})")
    return d


def resolve_options(o: dict, *, meta: dict, kernels: Sequence[str], schemes: Sequence[str] = SCHEMES,
                    ncores: Optional[int] = None, mpi_size: Optional[int] = None) -> Problem:
    """Checks every option and fills in the defaults; raises UsageError naming the first bad option.

    `o` holds the CLI's values (strings) or API values, keyed n, nx, ny, workers, scheme, kernel, integrand,
    domain. `mpi_size` is the number of ranks when the scheme is mpi (workers must match it).
    """
    unknown = sorted(set(o) - set(FLAG), key=str)
    if unknown:  # Python's own convention for an unexpected keyword argument
        raise TypeError(f"unknown option {unknown[0]!r} (options: {', '.join(FLAG)})")
    for key, value in o.items():
        if isinstance(value, str):
            check_text(FLAG[key], value)
    ncores = cores() if ncores is None else ncores
    mx = meta["maxCells"]
    n = _integer("n", o.get("n"), DEFAULT_N, mx)
    nx = _integer("nx", o.get("nx"), n, mx)
    ny = _integer("ny", o.get("ny"), n, mx)
    scheme_raw = o.get("scheme")
    if scheme_raw is None:
        scheme_raw = "threads" if "threads" in schemes else schemes[0]
    scheme = _one_of("scheme", scheme_raw, schemes)
    kernel = _one_of("kernel", o.get("kernel"), kernels)
    integrand_raw = o.get("integrand")
    integrand = _one_of("integrand", DEFAULT_INTEGRAND if integrand_raw is None else integrand_raw, meta["integrands"])
    domain = _domain_of(o.get("domain"), integrand, nx, ny)
    if scheme == "serial":
        default_workers = 1
    elif scheme == "mpi":
        default_workers = min(mpi_size or 1, MAX_WORKERS)
    else:
        default_workers = min(ncores, MAX_WORKERS)
    requested = _integer("workers", o.get("workers"), default_workers, MAX_WORKERS)
    if scheme == "serial" and requested != 1:
        raise UsageError(FLAG["workers"], f"option {FLAG['workers']} must be 1 with --scheme serial (got {quote(o.get('workers'))})")
    if scheme == "mpi" and mpi_size is not None and requested != mpi_size:
        raise UsageError(FLAG["workers"], f"option {FLAG['workers']} must be the number of MPI ranks ({mpi_size}) with --scheme mpi (got {quote(o.get('workers'))})")
    return Problem(
        integrand=integrand,
        integrand_id=meta["integrands"].index(integrand),
        domain=domain,
        nx=nx,
        ny=ny,
        scheme=scheme,
        workers=min(requested, nx),
        kernel=kernel,
    )
