"""Domain bounds as the user writes them (host/core/domain.ts): decimals, or k*pi/m = (k * math.pi) / m,
each step rounded once, so every host hands the kernel the same doubles."""
from __future__ import annotations

import math
import re
from typing import Optional, Tuple

Domain = Tuple[float, float, float, float]
DEFAULT_DOMAIN_TEXT = "0,pi,0,pi"

# JS regexps: \d is ASCII, $ is the end (no trailing newline); /i folds ASCII and π/Π.
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_PI_FORM = re.compile(r"([+-]?)(\d+\.?\d*|\.\d+)?\*?(?:[pP][iI]|[πΠ])(?:/(\d+\.?\d*|\.\d+))?", re.ASCII)

# String.prototype.trim's WhiteSpace + LineTerminator set.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_trim(s: str) -> str:
    return s.strip(_JS_SPACE)


def parse_bound(text: str) -> Optional[float]:
    s = js_trim(text)
    if _DECIMAL.fullmatch(s):
        v = float(s)
        return v if math.isfinite(v) else None
    m = _PI_FORM.fullmatch(s)
    if not m:
        return None
    sign, k, d = m.groups()
    kv = float(k if k is not None else "1")
    dv = float(d if d is not None else "1")
    num = kv * math.pi
    if dv == 0:
        v = math.nan if num == 0 or math.isnan(num) else math.copysign(math.inf, num)
    else:
        v = num / dv
    if not math.isfinite(v):
        return None
    return -v if sign == "-" else v


def parse_domain(text: str) -> Optional[Domain]:
    parts = text.split(",")
    if len(parts) != 4:
        return None
    values = [parse_bound(p) for p in parts]
    if any(v is None for v in values):
        return None
    return tuple(values)  # type: ignore[return-value]
