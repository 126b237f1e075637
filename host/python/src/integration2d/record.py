"""The result record (host/core/record.ts): the --json object and the seed's human lines, formatted exactly
as the Node host formats them (JSON.stringify numbers, toExponential/toFixed rounding)."""
from __future__ import annotations

import decimal
import json
import math
import struct
from typing import Optional

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


def make_record(p: Problem, value: float, exact: float, runtime: dict, startup_s: float, compute_s: float) -> dict:
    """exact is the kernel's exactValue(): NaN for an integrand with no closed form, which makes exact and
    error null."""
    return {
        "value": _finite_or_none(value),
        "bits": bits_of(value),
        "exact": _finite_or_none(exact),
        "error": _finite_or_none(abs(value - exact)),
        "integrand": p.integrand,
        "domain": list(p.domain),
        "nx": p.nx,
        "ny": p.ny,
        "scheme": p.scheme,
        "workers": p.workers,
        "kernel": p.kernel,
        "runtime": dict(runtime),
        "time_s": startup_s + compute_s,
        "phases": {"startup_s": startup_s, "compute_s": compute_s},
    }


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


def human_lines(r: dict) -> list:
    error = "unknown (no closed form)" if r["exact"] is None else format_e(r["error"])
    return [
        f"Integral value is {format_e(r['value'])}, Error is {error}",
        f"Time spent: {to_fixed2(r['time_s'])} sec",
        f"Scheme {r['scheme']}, workers {r['workers']}, kernel {r['kernel']}, n {r['nx']}x{r['ny']}, "
        f"integrand {r['integrand']}, bits {r['bits']}",
    ]
