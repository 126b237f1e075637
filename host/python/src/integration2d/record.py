"""The result record (host/core/record.ts): the --json object and the seed's human lines, formatted exactly
as the Node host formats them (JSON.stringify numbers, toExponential/toFixed rounding)."""
from __future__ import annotations

import decimal
import json
import math
import struct
from dataclasses import dataclass
from typing import Optional, Tuple

from .options import Problem


def bits_of(value: float) -> str:
    """'0x' + 16 lowercase hex digits of the binary64 pattern, big-endian; NaN canonical."""
    if math.isnan(value):
        return "0x7ff8000000000000"
    return "0x" + struct.pack(">d", value).hex()


def value_of_bits(bits: str) -> float:
    return struct.unpack(">d", int(bits, 16).to_bytes(8, "big"))[0]


def js_number(v: float) -> str:
    """A double as JSON.stringify / Number.prototype.toString writes it (shortest round-trip digits)."""
    if isinstance(v, bool):
        raise TypeError("bool")
    if isinstance(v, int):
        v = float(v)
    if not math.isfinite(v):
        return "null"
    if v == 0:
        return "0"
    sign = "-" if v < 0 else ""
    r = repr(abs(v))  # Python's repr is the shortest string that round-trips, like JS.
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    intpart, _, frac = mant.partition(".")
    digits = (intpart + frac).lstrip("0")
    # position of the decimal point relative to the first significant digit
    lead_zeros = len(intpart + frac) - len((intpart + frac).lstrip("0"))
    n = len(intpart) - lead_zeros + e
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        x = n - 1
        out = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if x > 0 else "-") + str(abs(x))
    return sign + out


_CTX = decimal.Context(prec=2000, rounding=decimal.ROUND_HALF_UP)


def format_e(v: Optional[float]) -> str:
    """C/Python %e layout, rounded as JS toExponential(6) rounds (exact value, ties away from zero)."""
    if v is None or math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return ("-" if math.copysign(1.0, v) < 0 else "") + "0.000000e+00"
    d = decimal.Decimal(abs(v))
    e = d.adjusted()
    q = _CTX.scaleb(d, -e).quantize(decimal.Decimal("1.000000"), context=_CTX)
    if q >= 10:
        e += 1
        q = _CTX.scaleb(d, -e).quantize(decimal.Decimal("1.000000"), context=_CTX)
    return f"{'-' if v < 0 else ''}{q}e{'+' if e >= 0 else '-'}{abs(e):02d}"


def to_fixed2(v: float) -> str:
    """JS toFixed(2): exact value, ties away from zero (and toString from 1e21 up)."""
    if not math.isfinite(v) or abs(v) >= 1e21:
        return js_number(v) if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
    q = decimal.Decimal(v).quantize(decimal.Decimal("0.01"), context=_CTX)
    s = str(q)
    return "0.00" if s == "-0.00" else s


def _finite_or_none(v: float) -> Optional[float]:
    return v if math.isfinite(v) else None


@dataclass(frozen=True)
class Runtime:
    name: str  # "python-wasmtime"
    version: str  # "wasmtime 50.0.1, CPython 3.11.7"


@dataclass(frozen=True)
class Phases:
    startup_s: float  # instances, threads or processes started, up to the first row
    compute_s: float  # the rows and the combine


@dataclass(frozen=True)
class Result:
    """One run's outcome: the fields of the CLI's --json record, in its order; `to_dict()` is that record."""
    value: Optional[float]  # the integral; never None from integrate() (a value that is not finite raises RunError)
    bits: str  # "0x" + the 16 hex digits of value's binary64 pattern: what every host agrees on
    exact: Optional[float]  # the closed form on the domain; None when the integrand has none
    error: Optional[float]  # |value - exact|; None when exact is
    integrand: str
    domain: Tuple[float, float, float, float]  # the bounds the kernel read: ax, bx, ay, by
    nx: int
    ny: int
    scheme: str
    workers: int  # the number that ran (at most nx)
    kernel: str  # "simd" or "scalar"
    runtime: Runtime
    time_s: float  # startup_s + compute_s
    phases: Phases

    def to_dict(self) -> dict:
        """The --json record: JSON types only (domain a list), keys in the record's order."""
        return {
            "value": self.value, "bits": self.bits, "exact": self.exact, "error": self.error,
            "integrand": self.integrand, "domain": list(self.domain), "nx": self.nx, "ny": self.ny,
            "scheme": self.scheme, "workers": self.workers, "kernel": self.kernel,
            "runtime": {"name": self.runtime.name, "version": self.runtime.version},
            "time_s": self.time_s,
            "phases": {"startup_s": self.phases.startup_s, "compute_s": self.phases.compute_s},
        }

    def to_json(self) -> str:
        """The record as the CLI prints it with --json (JSON.stringify's spelling of numbers), without the newline."""
        return to_json(self.to_dict())


def make_record(p: Problem, value: float, exact: float, runtime: dict, startup_s: float, compute_s: float) -> Result:
    """exact is the kernel's exactValue(): NaN for an integrand with no closed form, which makes exact and
    error None."""
    return Result(
        value=_finite_or_none(value),
        bits=bits_of(value),
        exact=_finite_or_none(exact),
        error=_finite_or_none(abs(value - exact)),
        integrand=p.integrand,
        domain=tuple(p.domain),  # type: ignore[arg-type]
        nx=p.nx,
        ny=p.ny,
        scheme=p.scheme,
        workers=p.workers,
        kernel=p.kernel,
        runtime=Runtime(runtime["name"], runtime["version"]),
        time_s=startup_s + compute_s,
        phases=Phases(startup_s, compute_s),
    )


def to_json(x) -> str:
    """JSON.stringify(x) for records: compact, JS number spelling, keys in insertion order."""
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, (int, float)):
        return js_number(x)
    if isinstance(x, str):
        return json.dumps(x, ensure_ascii=False)
    if isinstance(x, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{to_json(v)}" for k, v in x.items()) + "}"
    if isinstance(x, (list, tuple)):
        return "[" + ",".join(to_json(v) for v in x) + "]"
    raise TypeError(f"cannot encode {type(x).__name__}")


def human_lines(r: Result) -> list:
    error = "unknown (no closed form)" if r.exact is None else format_e(r.error)
    return [
        f"Integral value is {format_e(r.value)}, Error is {error}",
        f"Time spent: {to_fixed2(r.time_s)} sec",
        f"Scheme {r.scheme}, workers {r.workers}, kernel {r.kernel}, n {r.nx}x{r.ny}, "
        f"integrand {r.integrand}, bits {r.bits}",
    ]
