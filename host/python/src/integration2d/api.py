"""integrate(): validate → rows by the scheme → one instance combines → the result record."""
from __future__ import annotations

import platform
import time
from importlib import metadata as _md
from typing import Optional

from . import kernel as K
from .options import SCHEMES, Problem, resolve_options
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
    exact = k.exact(p.integrand_id, p.domain)
    compute_s += time.perf_counter() - t
    return make_record(p, value, exact, runtime(), startup_s, compute_s)


def integrate(**options) -> dict:
    """One run. Options as the CLI's: n, nx, ny, workers, scheme (serial, threads, processes), kernel,
    integrand, domain (text or four numbers). Raises UsageError / WorkerError. Returns the JSON record as a dict."""
    p = resolve(options)
    if p.scheme == "mpi":
        from .mpi import run_mpi_record
        return run_mpi_record(p)
    sums, startup_s, compute_s = RUNNERS[p.scheme](p)
    return finish(p, sums, startup_s, compute_s)
