"""Every known answer in test/vectors.json (ABI 1's catalog problems), bit for bit, through each scheme, now
as text: the catalog's names and the domains as numbers (their repr) or as their texts."""
import struct

import pytest

from conftest import VECTORS, vector_id
from integration2d import integrate, resolve
from integration2d.kernel import Kernel

KERNELS = ["scalar", "simd"]
SMALL = [v for v in VECTORS if v["nx"] * v["ny"] <= 300_000]


def hexbits(x: float) -> str:
    return "0x" + struct.pack(">d", x).hex()


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", VECTORS, ids=vector_id)
def test_serial_bits(v, kernel):
    """The domain as numbers: each bound's repr is the text the kernel reads back to the same double."""
    r = integrate(integrand=v["integrand"], domain=v["domain"], nx=v["nx"], ny=v["ny"], scheme="serial", kernel=kernel)
    assert r.bits == v["bits"][kernel]
    assert hexbits(r.value) == v["bits"][kernel]
    assert r.exact == v["exact"]
    assert [hexbits(x) for x in r.domain] == [hexbits(x) for x in v["domain"]]


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", VECTORS, ids=vector_id)
def test_domain_text_defines_the_domain_and_the_catalog_entry(v, kernel):
    k = Kernel(kernel)
    assert k.define(v["integrand"], v["domain_text"], v["nx"], v["ny"]) == 0, k.message()
    assert [hexbits(x) for x in k.bounds()] == [hexbits(x) for x in v["domain"]]
    catalog = k.meta["integrands"].index(v["integrand"])
    assert (k.catalog_id(), k.exact_value(), k.message()) == (catalog, v["exact"], "")
    assert resolve({"integrand": v["integrand"], "domain": v["domain_text"], "kernel": kernel}).catalog == catalog


@pytest.mark.parametrize("workers", [1, 2, 3, 7])
@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", SMALL, ids=vector_id)
def test_threads_bits(v, kernel, workers):
    r = integrate(integrand=v["integrand"], domain=v["domain_text"], nx=v["nx"], ny=v["ny"], scheme="threads",
                  kernel=kernel, workers=workers)
    assert r.bits == v["bits"][kernel]
    assert r.workers == min(workers, v["nx"])


@pytest.mark.parametrize("workers", [2, 3])
@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", [v for v in SMALL if v["nx"] >= 64 or v["nx"] == 1], ids=vector_id)
def test_processes_bits(v, kernel, workers):
    r = integrate(integrand=v["integrand"], domain=v["domain_text"], nx=v["nx"], ny=v["ny"], scheme="processes",
                  kernel=kernel, workers=workers)
    assert r.bits == v["bits"][kernel]
    assert r.workers == min(workers, v["nx"])


def test_more_workers_than_rows_runs_one_per_row():
    v = next(v for v in VECTORS if v["nx"] == 7)
    r = integrate(integrand=v["integrand"], domain=v["domain_text"], nx=7, ny=v["ny"], scheme="threads", workers=32, kernel="simd")
    assert (r.workers, r.bits) == (7, v["bits"]["simd"])


def test_raw_abi_from_python():
    """The ABI as the README documents it: text + write + define → rowSum per row → buffer + write + combine;
    ABI 1's setup still works alike."""
    k = Kernel("simd")
    assert k.meta["variant"] == "simd" and k.meta["abi"] >= 2 and k.export("variant")() == 1
    v = next(v for v in VECTORS if v["integrand"] == "x*y" and v["nx"] == 7)
    f, d = v["integrand"].encode(), v["domain_text"].encode()
    k.memory.write(k.store, f + d, k.export("text")(len(f) + len(d)))
    assert k.export("define")(len(f), len(d), v["nx"], v["ny"]) == 0
    sums = [k.row_sum(i) for i in range(v["nx"])]
    assert hexbits(k.combine(sums)) == v["bits"]["simd"]
    assert k.export("combine")(6) != k.export("combine")(6)  # NaN: the kernel checks the count
    assert k.export("text")(2 * k.meta["maxText"] + 1) == 0
    assert k.export("define")(len(f), len(d), 0, 5) == -2 and k.error_field() == "nx"
    assert k.export("combine")(7) != k.export("combine")(7)  # NaN: nothing is defined after a refusal
    assert k.export("setup")(4, -1.0, 1.0, -1.0, 1.0, 5, 5) == -6
    assert k.export("setup")(3, *map(float, v["domain"]), v["nx"], v["ny"]) == 0
    assert hexbits(k.combine(sums)) == v["bits"]["simd"] and k.catalog_id() == 3


@pytest.mark.parametrize("kernel", KERNELS)
def test_fast_row_call_and_public_call_agree(monkeypatch, kernel):
    """Kernel.row_sum's preallocated-ctypes fast path against wasmtime-py's public Func call, row by row."""
    v = next(v for v in VECTORS if v["integrand"] == "sin(x+y)" and v["nx"] == 301)
    fast = Kernel(kernel)
    monkeypatch.setenv("INTEGRATION2D_SAFE_CALLS", "1")
    safe = Kernel(kernel)
    assert fast.row_sum.__name__ == "fast" and safe.row_sum.__name__ == "<lambda>"
    for k in (fast, safe):
        k.define_checked(v["integrand"], v["domain_text"], v["nx"], v["ny"])
    a = [hexbits(fast.row_sum(i)) for i in range(-1, v["nx"] + 1)]
    b = [hexbits(safe.row_sum(i)) for i in range(-1, v["nx"] + 1)]
    assert a == b
    assert hexbits(safe.combine([safe.row_sum(i) for i in range(v["nx"])])) == v["bits"][kernel]
