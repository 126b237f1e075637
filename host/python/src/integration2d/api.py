"""integrate(): validate → rows by the scheme → one instance combines → the result record."""
from __future__ import annotations

import math
import platform
import threading
import time
from importlib import metadata as _md
from typing import Optional

from . import kernel as K
from .options import SCHEMES, Problem, RunError, resolve_options, seconds
from .record import make_record
from .schemes import BLOCK_TIMEOUT_S, RUNNERS, run_processes

__version__ = "0.1.0"


def runtime() -> dict:
    try:
        wt = _md.version("wasmtime")
    except _md.PackageNotFoundError:
        wt = "unknown"
    return {"name": "python-wasmtime", "version": f"wasmtime {wt}, {platform.python_implementation()} {platform.python_version()}"}


_main_kernels = threading.local()  # an instance holds one problem at a time: concurrent runs need their own


def main_kernel(variant: Optional[str] = None) -> K.Kernel:
    """The instance on this thread that checks the problem (define) and combines (one per build)."""
    variant = variant or kernels()[0]
    if not hasattr(_main_kernels, "by_variant"):
        _main_kernels.by_variant = {}
    k = _main_kernels.by_variant.get(variant)
    if k is None:
        k = _main_kernels.by_variant[variant] = K.Kernel(variant)
    return k


def kernels() -> list:
    """Kernel builds this runtime runs, preferred first."""
    return ["simd", "scalar"] if K.simd_supported() else ["scalar"]


def resolve(options: Optional[dict] = None, *, mpi_size: Optional[int] = None) -> Problem:
    ks = kernels()
    meta = main_kernel(ks[0]).meta
    return resolve_options(options or {}, meta=meta, kernels=ks, instance=main_kernel, schemes=SCHEMES, mpi_size=mpi_size)


def finish(p: Problem, sums, startup_s: float, compute_s: float) -> dict:
    """Combine in one instance defined alike (the kernel adds the row sums in row order)."""
    t = time.perf_counter()
    k = main_kernel(p.kernel)
    k.define_checked(p.integrand, p.domain_text, p.nx, p.ny)
    value = k.combine(sums)
    if not math.isfinite(value):  # never a NaN or an Inf as a result: the kernel says where it came from
        raise RunError(k.message())
    exact = k.exact_value()
    compute_s += time.perf_counter() - t
    return make_record(p, value, exact, runtime(), startup_s, compute_s)


def integrate(*, n=None, nx=None, ny=None, workers=None, scheme=None, kernel=None, integrand=None, domain=None,
              block_timeout=None) -> dict:
    """One run. Options as the CLI's: n, nx, ny, workers, scheme (serial, threads, processes, mpi), kernel,
    integrand, domain (text, or a list or tuple of four numbers). None is the default for every one.
    block_timeout (processes): seconds a worker process may send nothing (it sends a block of at most 2**24
    cells at a time) before the run fails as that worker stopped or hung; default 60.
    The integrand and the domain are texts the kernel parses (README § The language); the domain may also be a
    list or tuple of four bounds (finite numbers, or texts), joined with commas.
    Raises UsageError (a bad option, named; for the integrand and the domain with the kernel's message),
    RunError (the run failed: a worker died, or the integral is not finite, with the kernel's diagnosis;
    WorkerError is a RunError), TypeError for an unknown keyword. Returns the JSON record as a dict."""
    p = resolve({"n": n, "nx": nx, "ny": ny, "workers": workers, "scheme": scheme, "kernel": kernel,
                 "integrand": integrand, "domain": domain})
    timeout = seconds("block_timeout", block_timeout, BLOCK_TIMEOUT_S)
    if p.scheme == "mpi":
        from .mpi import run_mpi_record
        return run_mpi_record(p)
    sums, startup_s, compute_s = run_processes(p, timeout) if p.scheme == "processes" else RUNNERS[p.scheme](p)
    return finish(p, sums, startup_s, compute_s)
