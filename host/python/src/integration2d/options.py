"""The options contract (host/core/options.ts): names, defaults, ranges and the exact wording of each refusal."""
from __future__ import annotations

import json
import math
import numbers
import os
import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence, Tuple, Union


SCHEMES = ("serial", "threads", "processes", "mpi")
DEFAULT_N = 10000
DEFAULT_INTEGRAND = "sin(x+y)"
DEFAULT_DOMAIN = "0,pi,0,pi"
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

# The kernel refuses the integrand and the domain (errorField 0..3 → the option it names).
FIELD_OPTION = {"integrand": FLAG["integrand"], "domain": FLAG["domain"], "nx": FLAG["nx"], "ny": FLAG["ny"]}

# Every other text option (CLI value or API string) is refused beyond this many UTF-8 bytes, before it is
# parsed: the kernel's cap on one text (ABI 2 maxText), far more than any valid value needs. The integrand and
# the domain go to the kernel whatever their length; it refuses them in its own words.
MAX_TEXT = 4096
KERNEL_TEXTS = ("integrand", "domain")

# An integer as text: ASCII whitespace around, an optional '+', ASCII digits. Not Python's int() grammar, which
# also takes '1_000', Unicode digits and spaces, and refuses more than 4300 digits with an error of its own.
_INT = re.compile(r"[ \t\n\v\f\r]*\+?([0-9]+)[ \t\n\v\f\r]*")


class UsageError(ValueError):
    """Bad input: names the option (CLI spelling) and what is allowed. Exit 2. For the integrand and the
    domain the message is the kernel's, and `column` its 1-based column in the text (0: none). A ValueError, so
    code that validates its own input the usual way catches it too."""

    def __init__(self, option: str, message: str, column: Optional[int] = None):
        super().__init__(message)
        self.option = option
        self.message = message
        self.column = column


class RunError(Exception):
    """The run failed (a worker died, or the integral is not finite: the kernel's diagnosis): no result. Exit 1."""


class WorkerError(RunError):
    """A worker (thread, process or rank) failed. Exit 1."""

    def __init__(self, worker: int, message: str, label: str = "worker"):
        super().__init__(f"{label} {worker}: {message}")
        self.worker = worker


def quote(v) -> str:
    """JSON.stringify(String(v))."""
    return json.dumps("undefined" if v is None else str(v), ensure_ascii=False)


Domain = Tuple[float, float, float, float]


@dataclass(frozen=True)
class Problem:
    """A problem the kernel accepted. Workers get the texts and define it themselves."""
    integrand: str  # the text as given
    domain_text: str  # the text handed to define
    domain: Domain  # bound(0..3): what the kernel made of domain_text
    catalog: int  # catalogId(): the catalog entry whose fast path it takes, or -1
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


def seconds(option: str, raw, fallback: float) -> float:
    """A duration in seconds (API only): a finite real number above 0, not a bool; None is the default."""
    if raw is None:
        return fallback
    if isinstance(raw, numbers.Real) and not isinstance(raw, bool):
        try:
            v = float(raw)
        except OverflowError:
            v = math.inf
        if math.isfinite(v) and v > 0:
            return v
    raise UsageError(option, f"option {option} must be a number of seconds above 0 (got {quote(raw)})")


def _one_of(option: str, raw: Optional[str], allowed: Sequence[str]) -> str:
    if raw is None:
        return allowed[0]
    if not isinstance(raw, str) or raw not in allowed:
        raise UsageError(FLAG[option], f"option {FLAG[option]} must be one of {', '.join(allowed)} (got {quote(raw)})")
    return raw


def _text_of_bound(v) -> Optional[str]:
    """One item of an API domain list as text: a bound's own text, or a finite real number (not a bool) as its
    shortest round-trip repr, which the kernel reads back to the same double."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return None
    try:
        f = float(v)  # an int past the doubles raises OverflowError
    except (OverflowError, ValueError, TypeError):
        return None
    return repr(f) if math.isfinite(f) else None


def domain_text(raw) -> str:
    """The domain as the kernel's text: a string as given, a list or tuple joined with commas; None is the
    default. Anything else, or a list item that is not a finite number or a text, is refused here (a type)."""
    if raw is None:
        return DEFAULT_DOMAIN
    if isinstance(raw, str):
        return raw
    items = [_text_of_bound(v) for v in raw] if isinstance(raw, (list, tuple)) else [None]
    if any(t is None for t in items):
        shown = ",".join(str(v) for v in raw) if isinstance(raw, (list, tuple)) else raw
        raise UsageError(FLAG["domain"], f"option {FLAG['domain']} must be a text ax,bx,ay,by or a list of its "
                                         f"four bounds, each a finite number or a text (got {quote(shown)})")
    return ",".join(items)  # type: ignore[arg-type]


def integrand_text(raw) -> str:
    if raw is None:
        return DEFAULT_INTEGRAND
    if not isinstance(raw, str):
        raise UsageError(FLAG["integrand"], f"option {FLAG['integrand']} must be a text, an expression in x and y "
                                            f"(got {quote(raw)})")
    return raw


def define(k, integrand: str, domain: str, nx: int, ny: int) -> Tuple[Domain, int]:
    """The kernel's define: on a refusal a UsageError naming the option the kernel names, with its message."""
    if k.define(integrand, domain, nx, ny) != 0:
        option = FIELD_OPTION[k.error_field()]
        raise UsageError(option, f"option {option}: {k.message()}", k.error_column())
    return k.bounds(), k.catalog_id()


def resolve_options(o: dict, *, meta: dict, kernels: Sequence[str], instance: Callable, schemes: Sequence[str] = SCHEMES,
                    ncores: Optional[int] = None, mpi_size: Optional[int] = None) -> Problem:
    """Checks every option and fills in the defaults; raises UsageError naming the first bad option.

    `o` holds the CLI's values (strings) or API values, keyed n, nx, ny, workers, scheme, kernel, integrand,
    domain. The integrand and the domain are the kernel's to check: `instance(kernel)` is the instance that
    defines the problem. `mpi_size` is the number of ranks when the scheme is mpi (workers must match it).
    """
    unknown = sorted(set(o) - set(FLAG), key=str)
    if unknown:  # Python's own convention for an unexpected keyword argument
        raise TypeError(f"unknown option {unknown[0]!r} (options: {', '.join(FLAG)})")
    for key, value in o.items():
        if isinstance(value, str) and key not in KERNEL_TEXTS:
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
    integrand = integrand_text(o.get("integrand"))
    text = domain_text(o.get("domain"))
    bounds, catalog = define(instance(kernel), integrand, text, nx, ny)
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
        domain_text=text,
        domain=bounds,
        catalog=catalog,
        nx=nx,
        ny=ny,
        scheme=scheme,
        workers=min(requested, nx),
        kernel=kernel,
    )
