"""The options contract (host/core/options.ts): names, defaults, ranges and the exact wording of each refusal."""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from typing import Optional, Sequence, Union

from .domain import DEFAULT_DOMAIN_TEXT, Domain, js_trim, parse_domain

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

_INT = re.compile(r"[+-]?\d+", re.ASCII)


class UsageError(Exception):
    """Bad input: names the option (CLI spelling) and what is allowed. Exit 2."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option
        self.message = message


class WorkerError(Exception):
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


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _integer(option: str, raw, fallback: int, maximum: int) -> int:
    if raw is None:
        return fallback
    if isinstance(raw, bool):
        raw = str(raw).lower()
    if isinstance(raw, int):
        v: Union[int, float] = raw
    elif isinstance(raw, float):  # an API value: JS accepts 5 (there is no 5.0), refuses 1.5, NaN, Infinity
        v = int(raw) if raw.is_integer() else math.nan
    else:
        text = js_trim(str(raw))
        v = int(text) if _INT.fullmatch(text) else math.nan
    if not (isinstance(v, int) and abs(v) <= 2**53 - 1 and 1 <= v <= maximum):
        raise UsageError(FLAG[option], f"option {FLAG[option]} must be an integer from 1 to {maximum} (got {quote(raw)})")
    return v


def _one_of(option: str, raw: Optional[str], allowed: Sequence[str]) -> str:
    if raw is None:
        return allowed[0]
    if raw not in allowed:
        raise UsageError(FLAG[option], f"option {FLAG[option]} must be one of {', '.join(allowed)} (got {quote(raw)})")
    return raw


def _domain_of(raw, integrand: str) -> Domain:
    if raw is None:
        text = DEFAULT_DOMAIN_TEXT
    elif isinstance(raw, str):
        text = raw
    else:
        text = ",".join(str(v) for v in raw)
    d = None
    if not isinstance(raw, str) and raw is not None and len(raw) == 4 and all(
            isinstance(v, (int, float)) and math.isfinite(v) for v in raw):
        d = tuple(float(v) for v in raw)
    else:
        d = parse_domain(text)
    if d is None:
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']} must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got {quote(text)})")
    ax, bx, ay, by = d
    if not (ax < bx and ay < by):
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']} needs ax < bx and ay < by (got {quote(text)})")
    if integrand == "1/(1+x+y)" and not (1 + ax + ay > 0):
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']}: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got {quote(text)})")
    return d


def resolve_options(o: dict, *, meta: dict, kernels: Sequence[str], schemes: Sequence[str] = SCHEMES,
                    ncores: Optional[int] = None, mpi_size: Optional[int] = None) -> Problem:
    """Checks every option and fills in the defaults; raises UsageError naming the first bad option.

    `o` holds the CLI's values (strings) or API values, keyed n, nx, ny, workers, scheme, kernel, integrand,
    domain. `mpi_size` is the number of ranks when the scheme is mpi (workers must match it).
    """
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
    domain = _domain_of(o.get("domain"), integrand)
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
