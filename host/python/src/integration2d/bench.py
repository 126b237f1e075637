"""`python -m integration2d bench`: times the kernel through this host's schemes and writes one benchmark
record in the format every host writes (bench/README.md, bench/record.schema.json, schema_version 1).

Phases per configuration (kernel build × scheme × workers): compile_s (wasmtime Module + Instance, fresh each
sample), startup_s (a fresh set of workers and one tiny run: threads up with their instances, or processes up
with theirs), compute_s (rows computed and combined, after `--warmup` untimed runs; every run starts its own
workers, and compute_s excludes that start-up). Strong scaling only (the problem is n×n for every worker
count); no native baseline (`native` is null). Every run's bits are compared; any difference exits 1.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

import wasmtime

from . import api
from . import kernel as K
from .options import FLAG, MAX_WORKERS, UsageError, int_of_text
from .record import bits_of, to_json
from .schemes import RUNNERS

BENCH_SCHEMES = ("serial", "threads", "processes")
OPTIONS = {
    "n": ("string", "n"), "workers": ("string", "w"), "schemes": ("string", None), "kernels": ("string", None),
    "integrand": ("string", "f"), "domain": ("string", "d"), "repeat": ("string", "r"), "warmup": ("string", None),
    "out": ("string", "o"), "help": ("boolean", "h"),
}

HELP = f"""Usage: python -m integration2d bench [options]

Times the kernel on this machine and writes one benchmark record (bench/README.md).
  -n, --n <int>            cells per axis of the strong-scaling problem (default 10000)
  -w, --workers <list>     worker counts, comma-separated, 1..{MAX_WORKERS} (default 1,2)
      --schemes <list>     of serial, threads, processes (default all)
      --kernels <list>     of simd, scalar (default all)
  -f, --integrand <expr>   integrand, an expression in x and y (default sin(x+y))
  -d, --domain <ax,bx,ay,by>  domain, four constant expressions (default 0,pi,0,pi)
  -r, --repeat <int>       compute samples per run, 1..1000 (default 5)
      --warmup <int>       untimed runs before the samples, 0..100 (default 1)
  -o, --out <file>         where the record goes (default results/python.json)
  -h, --help               this text
"""


def summarize(xs: list) -> dict:
    """host/core/stats.ts summarize(): median, min, max, unscaled MAD, order-statistic 95 % CI of the median."""
    s = sorted(xs)
    n = len(s)

    def median(v):
        v = sorted(v)
        m = len(v) >> 1
        return v[m] if len(v) % 2 == 1 else (v[m - 1] + v[m]) / 2

    def cdf(k):  # P(Binomial(n, 1/2) <= k)
        term, total = 0.5 ** n, 0.0
        for i in range(k + 1):
            total += term
            term = term * (n - i) / (i + 1)
        return total

    k = 1
    while k + 1 <= (n + 1) / 2 and cdf(k) <= 0.025:
        k += 1
    med = median(s)
    return {"n": n, "median": med, "min": s[0], "max": s[-1], "mad": median([abs(x - med) for x in s]),
            "ci95": [s[k - 1], s[n - k]], "ci_coverage": 1 - 2 * cdf(k - 1)}


def _list(option: str, raw, allowed=None, lo=1, hi=MAX_WORKERS) -> list:
    flag = {"workers": FLAG["workers"], "schemes": "--schemes", "kernels": "--kernels"}[option]
    items = [x.strip() for x in raw.split(",")]
    if allowed is not None:
        if not items or any(x not in allowed for x in items):
            raise UsageError(flag, f"option {flag} must be a comma-separated list of {', '.join(allowed)} (got {json.dumps(raw)})")
        return list(dict.fromkeys(items))
    values = [int_of_text(x) for x in items]
    if any(v is None or not lo <= v <= hi for v in values):
        raise UsageError(flag, f"option {flag} must be a comma-separated list of integers from {lo} to {hi} (got {json.dumps(raw)})")
    return list(dict.fromkeys(values))


def _int(flag: str, raw, default: int, lo: int, hi: int) -> int:
    if raw is None:
        return default
    v = int_of_text(raw)
    if v is None or not lo <= v <= hi:
        raise UsageError(flag, f"option {flag} must be an integer from {lo} to {hi} (got {json.dumps(raw)})")
    return v


def _machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pretty = ""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = f" ({line.split('=', 1)[1].strip().strip(chr(34))})"
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = None
    return {"cpu": cpu, "logical_cores": os.cpu_count() or 1, "arch": platform.machine(),
            "os": f"{platform.system()} {platform.release()}{pretty}", "memory_bytes": memory}


def _assemblyscript(variant: str) -> str:
    try:
        return json.loads((K.wasm_path(variant).parent / "build.json").read_text())["assemblyscript"]
    except (OSError, ValueError, KeyError):
        return "unknown"


def run_bench(argv: list) -> int:
    from .cli import parse_options, write
    values, positionals = parse_options(argv, OPTIONS)
    if positionals:
        raise UsageError("", f"unexpected argument {json.dumps(positionals[0])} (see --help)")
    if values.get("help"):
        write(sys.stdout, HELP)
        return 0
    workers_list = _list("workers", values.get("workers") or "1,2")
    schemes = _list("schemes", values.get("schemes") or ",".join(BENCH_SCHEMES), allowed=BENCH_SCHEMES)
    kernels = _list("kernels", values.get("kernels") or ",".join(api.kernels()), allowed=api.kernels())
    repeat = _int("-r/--repeat", values.get("repeat"), 5, 1, 1000)
    warmup = _int("--warmup", values.get("warmup"), 1, 0, 100)
    out = values.get("out") or "results/python.json"
    base = api.resolve({"n": values.get("n"), "integrand": values.get("integrand"), "domain": values.get("domain"),
                        "scheme": "serial", "kernel": kernels[0]})
    runs = []
    bad = []
    for kernel in kernels:
        wasm = K.wasm_path(kernel).read_bytes()
        sha = hashlib.sha256(wasm).hexdigest()
        for scheme in schemes:
            for w in ([1] if scheme == "serial" else workers_list):
                p = replace(base, scheme=scheme, workers=min(w, base.nx), kernel=kernel)
                compile_s, startup_s, compute_s, bits = [], [], [], set()
                eng = K.engine()
                for _ in range(repeat):
                    t = time.perf_counter()
                    m = wasmtime.Module(eng, wasm)
                    wasmtime.Instance(wasmtime.Store(eng), m, [])
                    compile_s.append(time.perf_counter() - t)
                    if scheme != "serial":
                        tiny = replace(p, nx=p.workers, ny=1)
                        startup_s.append(RUNNERS[scheme](tiny)[1])
                record = None
                for i in range(warmup + repeat):
                    sums, a, b = RUNNERS[scheme](p)
                    record = api.finish(p, sums, a, b)
                    bits.add(record.bits)
                    if i >= warmup:
                        compute_s.append(record.phases.compute_s)
                evals = p.nx * p.ny
                med = summarize(compute_s)["median"]
                run = {
                    "problem": {"integrand": p.integrand, "domain": list(p.domain), "nx": p.nx, "ny": p.ny},
                    "scheme": scheme, "workers": p.workers,
                    "kernel": {"build": kernel, "sha256": sha, "assemblyscript": _assemblyscript(kernel)},
                    "scaling": "strong", "warmup": warmup,
                    "samples": {"startup_s": startup_s, "compile_s": compile_s, "compute_s": compute_s},
                    "summary": {"startup_s": summarize(startup_s) if startup_s else None,
                                "compile_s": summarize(compile_s), "compute_s": summarize(compute_s)},
                    "evaluations": evals, "ns_per_eval": med / evals * 1e9, "ns_per_eval_core": med / evals * 1e9 * p.workers,
                    "value": record.value, "bits": record.bits, "bits_identical": len(bits) == 1,
                }
                runs.append(run)
                write(sys.stderr, f"bench: {kernel} {scheme} ×{p.workers}: compute median {med:.3f} s, "
                                  f"{run['ns_per_eval_core']:.2f} ns/eval/core, bits {record.bits}\n")
                if len(bits) != 1:
                    bad.append(f"{kernel} {scheme} ×{p.workers}: {sorted(bits)}")
    by_kernel: dict = {}
    for r in runs:
        by_kernel.setdefault(r["kernel"]["build"], set()).add(r["bits"])
    bad += [f"{k}: schemes and worker counts gave {sorted(b)}" for k, b in by_kernel.items() if len(b) > 1]
    rt = api.runtime()
    doc = {
        "schema": "integration2d-bench", "schema_version": 1,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "host": "python", "machine": _machine(),
        "runtime": {"name": rt["name"], "version": rt["version"], "flags": [], "user_agent": None},
        "native": None, "runs": runs,
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(to_json(doc) + "\n")
    write(sys.stdout, f"bench: {len(runs)} runs written to {out}\n")
    if bad:
        write(sys.stderr, "integration2d: BITS DIFFER (this is a bug): " + "; ".join(bad) + "\n")
        return 1
    return 0
