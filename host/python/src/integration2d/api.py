"""integrate(): validate → rows by the scheme → one instance combines → the result record."""
from __future__ import annotations

import math
import platform
import time
from importlib import metadata as _md
from typing import Optional

from . import kernel as K
from .options import SCHEMES, Problem, RunError, resolve_options
from .record import make_record
from .schemes import RUNNERS

__version__ = "0.1.0"


def runtime() -> dict:
    try:
        wt = _md.version("wasmtime")
    except _md.PackageNotFoundError:
        wt = "unknown"
    return {"name": "python-wasmtime", "version": f"wasmtime {wt}, {platform.python_implementation()} {platform.python_version()}"}


_main_kernel: dict = {}


def main_kernel(variant: Optional[str] = None) -> K.Kernel:
    """The instance on this thread that validates and combines (one per build)."""
    variant = variant or kernels()[0]
    k = _main_kernel.get(variant)
    if k is None:
        k = _main_kernel[variant] = K.Kernel(variant)
    return k


def kernels() -> list:
    """Kernel builds this runtime runs, preferred first."""
    return ["simd", "scalar"] if K.simd_supported() else ["scalar"]


def resolve(options: Optional[dict] = None, *, mpi_size: Optional[int] = None) -> Problem:
    ks = kernels()
    meta = main_kernel(ks[0]).meta
    return resolve_options(options or {}, meta=meta, kernels=ks, schemes=SCHEMES, mpi_size=mpi_size)


def finish(p: Problem, sums, startup_s: float, compute_s: float) -> dict:
    """Combine in one instance set up alike (the kernel adds the row sums in row order)."""
    t = time.perf_counter()
    k = main_kernel(p.kernel)
    k.setup(p.integrand_id, p.domain, p.nx, p.ny)
    value = k.combine(sums)
    if not math.isfinite(value):  # never a NaN or an Inf as a result (ABI 2's combine will also say where)
        raise RunError(f"the integral is not finite (value {'NaN' if math.isnan(value) else '-Inf' if value < 0 else 'Inf'})")
    exact = k.exact(p.integrand_id, p.domain)
    compute_s += time.perf_counter() - t
    return make_record(p, value, exact, runtime(), startup_s, compute_s)


def integrate(*, n=None, nx=None, ny=None, workers=None, scheme=None, kernel=None, integrand=None, domain=None) -> dict:
    """One run. Options as the CLI's: n, nx, ny, workers, scheme (serial, threads, processes, mpi), kernel,
    integrand, domain (text, or a list or tuple of four numbers). None is the default for every one.
    Raises UsageError (a bad option, named), RunError (the run failed: a worker died, or the integral is not
    finite; WorkerError is a RunError), TypeError for an unknown keyword. Returns the JSON record as a dict."""
    p = resolve({"n": n, "nx": nx, "ny": ny, "workers": workers, "scheme": scheme, "kernel": kernel,
                 "integrand": integrand, "domain": domain})
    if p.scheme == "mpi":
        from .mpi import run_mpi_record
        return run_mpi_record(p)
    sums, startup_s, compute_s = RUNNERS[p.scheme](p)
    return finish(p, sums, startup_s, compute_s)
