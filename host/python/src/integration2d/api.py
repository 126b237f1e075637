"""integrate(): validate → rows by the scheme → one instance combines → the result record."""
from __future__ import annotations

import math
import platform
import threading
import time
from importlib import metadata as _md
from typing import Callable, Literal, Optional, Sequence, Union

from . import kernel as K
from .controls import BLOCK_TIMEOUT_S, Cancelled, Controls, Progress, check_controls
from .options import SCHEMES, Problem, RunError, resolve_options, seconds
from .record import Result, make_record
from .schemes import RUNNERS

Count = Union[int, str, None]  # an int, or its text as the CLI takes it
Scheme = Optional[Literal["serial", "threads", "processes", "mpi"]]
Build = Optional[Literal["simd", "scalar"]]

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


def finish(p: Problem, sums, startup_s: float, compute_s: float) -> Result:
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


def _mpi_size() -> int:
    """The number of ranks (workers must be that many, and is by default); 1 without mpirun (a singleton)."""
    from mpi4py import MPI
    return MPI.COMM_WORLD.Get_size()


def integrate(*, n: Count = None, nx: Count = None, ny: Count = None, workers: Count = None, scheme: Scheme = None,
              kernel: Build = None, integrand: Optional[str] = None,
              domain: Union[str, Sequence[Union[float, str]], None] = None,
              on_progress: Optional[Callable[[Progress], object]] = None, cancel=None,
              block_timeout: Optional[float] = None) -> Result:
    """One run. Options as the CLI's: n, nx, ny, workers, scheme (serial, threads, processes, mpi), kernel,
    integrand, domain (text, or a list or tuple of four numbers). None is the default for every one.
    The integrand and the domain are texts the kernel parses (README § The language); the domain may also be a
    list or tuple of four bounds (finite numbers, or texts), joined with commas.
    on_progress(Progress) is called on this thread every ~50 ms while rows are computed, and once when all are;
    cancel (a threading.Event, or anything with is_set()) stops the run within ~100 ms of being set, workers
    included, and raises Cancelled. block_timeout (processes): seconds a worker process may send nothing (it
    reports every ~50 ms) before the run fails as that worker stopped or hung (WorkerError); default 60.
    Raises UsageError (a ValueError: a bad option, named; for the integrand and the domain with the kernel's
    message), RunError (the run failed: a worker died, or the integral is not finite, with the kernel's
    diagnosis; WorkerError is a RunError), Cancelled, TypeError for an unknown keyword. Returns a Result; its
    to_dict() is the --json record. With scheme="mpi" every rank calls it and rank 0 gets the Result, the
    others None."""
    p = resolve({"n": n, "nx": nx, "ny": ny, "workers": workers, "scheme": scheme, "kernel": kernel,
                 "integrand": integrand, "domain": domain}, mpi_size=_mpi_size() if scheme == "mpi" else None)
    check_controls(on_progress, cancel)
    c = Controls(p.nx, on_progress, cancel, seconds("block_timeout", block_timeout, BLOCK_TIMEOUT_S))
    if p.scheme == "mpi":  # every rank must take part, whatever its own event says: mpi.py stops them together
        from .mpi import run_mpi_record
        return run_mpi_record(p, c)  # type: ignore[return-value]
    if c.cancelled():  # before any worker is started
        raise Cancelled(0, p.nx)
    sums, startup_s, compute_s = RUNNERS[p.scheme](p, c)
    return finish(p, sums, startup_s, compute_s)
