"""The kernel wrapper: find the .wasm, instantiate it with wasmtime, one method per ABI export.

The only host-side logic is copying texts and row sums into the kernel's memory (text + define, buffer +
combine) and reading its strings. Python parses no expression and sums nothing.
"""
from __future__ import annotations

import json
import os
import struct
import sys
import threading
from array import array
from pathlib import Path
from typing import Iterable, Optional

import wasmtime

ABI_VERSION = 2  # the problem as text: define()
VARIANTS = ("scalar", "simd")

# errorField() after a refused define: which input the kernel refused.
FIELDS = ("integrand", "domain", "nx", "ny")

# One function returning a v128.const: validates only where the engine supports wasm SIMD.
_SIMD_PROBE = bytes([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
])


def kernel_dirs() -> list[Path]:
    """Where the .wasm files are looked up, in order."""
    dirs = []
    env = os.environ.get("INTEGRATION2D_KERNEL_DIR")
    if env:
        dirs.append(Path(env))
    here = Path(__file__).resolve().parent
    dirs.append(here / "kernel")  # package data (pip install copies dist/kernel here)
    for parent in here.parents:  # running from a clone: <repo>/dist/kernel
        if (parent / "package.json").is_file() and (parent / "dist" / "kernel").is_dir():
            dirs.append(parent / "dist" / "kernel")
            break
    return dirs


def wasm_path(name: str) -> Path:
    """Path of dist/kernel/<name>.wasm (scalar, simd or wasi)."""
    dirs = kernel_dirs()
    for d in dirs:
        p = d / f"{name}.wasm"
        if p.is_file():
            return p
    raise FileNotFoundError(
        f"kernel {name}.wasm not found (looked in {', '.join(str(d) for d in dirs)}); "
        "run `npm run build` in the repository, or set INTEGRATION2D_KERNEL_DIR")


_engine: Optional[wasmtime.Engine] = None
_modules: dict = {}
_lock = threading.Lock()


def engine() -> wasmtime.Engine:
    global _engine
    with _lock:
        if _engine is None:
            _engine = wasmtime.Engine()
        return _engine


def simd_supported() -> bool:
    try:
        wasmtime.Module.validate(engine(), _SIMD_PROBE)
        return True
    except Exception:
        return False


def module(variant: str) -> wasmtime.Module:
    """The compiled module for a build, compiled once per process and shared by every Store."""
    eng = engine()
    with _lock:
        m = _modules.get(variant)
        if m is None:
            m = wasmtime.Module(eng, wasm_path(variant).read_bytes())
            _modules[variant] = m
        return m


def module_from_serialized(variant: str, data: bytes) -> wasmtime.Module:
    """A module another process compiled (Module.serialize), so a worker process skips compilation."""
    eng = engine()
    with _lock:
        m = _modules.get(variant)
        if m is None:
            m = wasmtime.Module.deserialize(eng, data)
            _modules[variant] = m
        return m


def utf8(text: str) -> bytes:
    """A text's UTF-8 bytes for the kernel. An argument that was not UTF-8 (Python keeps its bytes as lone
    surrogates) goes as those bytes, any other lone surrogate as its 3 bytes: the kernel refuses both."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


class Kernel:
    """One instance (one wasmtime Store) of a kernel build. Not thread-safe: one per thread."""

    def __init__(self, variant: str, mod: Optional[wasmtime.Module] = None):
        self.variant = variant
        mod = mod or module(variant)
        self.store = wasmtime.Store(mod.engine if hasattr(mod, "engine") else engine())
        inst = wasmtime.Instance(self.store, mod, [])
        ex = inst.exports(self.store)
        self._ex = ex
        self.memory: wasmtime.Memory = ex["memory"]
        s = self.store
        f = {name: ex[name] for name in (
            "abiVersion", "variant", "metadata", "integrandCount", "integrandName", "maxCells",
            "rowSum", "buffer", "combine", "mapTrig", "text", "define", "errorField", "errorColumn", "message",
            "messageLength", "bound", "catalogId", "exactValue")}
        self._f = f
        if f["abiVersion"](s) < ABI_VERSION:
            raise RuntimeError(f"kernel ABI {f['abiVersion'](s)} is not the {ABI_VERSION} this host speaks")
        self.meta = json.loads(self.string(f["metadata"](s)))
        row = f["rowSum"]
        # The per-row call is the hot path: wasmtime-py's Func.__call__ re-reads the function type and converts
        # values on every call (~15-20 µs here). The fast path makes the same C call (wasmtime_func_call, through
        # ctypes, which releases the GIL) with argument and result buffers built once. It uses wasmtime-py
        # internals, so it is checked against the public call and falls back to it if anything differs;
        # INTEGRATION2D_SAFE_CALLS=1 forces the public call.
        self.row_sum = lambda i: row(s, i)
        if os.environ.get("INTEGRATION2D_SAFE_CALLS") != "1":
            fast = self._fast_call_f64_i32(row)
            if fast is not None:
                self.row_sum = fast

    def _fast_call_f64_i32(self, func: wasmtime.Func):
        """A caller for an (i32) -> f64 export with preallocated buffers, or None where unavailable."""
        try:
            import ctypes
            from wasmtime import _bindings as B
            from wasmtime import _ffi as ffi
            ctx = self.store._context()
            params = (ffi.wasmtime_val_t * 1)()
            params[0].kind = ffi.WASMTIME_I32
            results = (ffi.wasmtime_val_t * 1)()
            trap = ctypes.POINTER(ffi.wasm_trap_t)()
            call, fref, tref = B._wasmtime_func_call, ctypes.byref(func._func), ctypes.byref(trap)
            store = self.store

            def fast(i: int) -> float:
                params[0].of.i32 = i
                if call(ctx, fref, params, 1, results, 1, tref) or trap:
                    return func(store, i)  # let the public call raise the error properly
                return results[0].of.f64

            # it must agree with the public call, bit for bit, including on NaN (not set up, bad row)
            probe = [func(store, i) for i in (-1, 0)]
            if [struct.pack("<d", fast(i)) for i in (-1, 0)] != [struct.pack("<d", v) for v in probe]:
                return None
            return fast
        except Exception:  # noqa: BLE001 - any internal difference: use the public call
            return None

    def string(self, ptr: int) -> str:
        """An AssemblyScript string: UTF-16LE at ptr, its byte length as a u32 at ptr - 4."""
        if ptr == 0:
            raise ValueError("null string pointer")
        (length,) = struct.unpack("<I", bytes(self.memory.read(self.store, ptr - 4, ptr)))
        return bytes(self.memory.read(self.store, ptr, ptr + length)).decode("utf-16-le")

    def define(self, integrand: str, domain: str, nx: int, ny: int) -> int:
        """define(): the kernel parses and checks both texts and, on 0, holds the problem; else a code < 0 and
        error_field(), error_column(), message() say why."""
        f, d = utf8(integrand), utf8(domain)
        top = self.meta["maxText"]
        # define() checks both lengths before it reads a byte: an over-long text is the kernel's to refuse, in
        # its words, and text() only has room for two texts of at most maxText.
        if len(f) <= top and len(d) <= top and f + d:
            self.memory.write(self.store, f + d, self._f["text"](self.store, len(f) + len(d)))
        return self._f["define"](self.store, len(f), len(d), nx, ny)

    def define_checked(self, integrand: str, domain: str, nx: int, ny: int) -> None:
        """define() for a problem accepted already (a worker, the combining instance): a refusal is a bug."""
        if self.define(integrand, domain, nx, ny) != 0:
            raise RuntimeError(f"the kernel refused the problem ({self.error_field()}): {self.message()}")

    def error_field(self) -> str:
        """After a refused define: integrand, domain, nx or ny."""
        return FIELDS[self._f["errorField"](self.store)]

    def error_column(self) -> int:
        """After a refused define: 1-based column in code points of the error in that text; 0 where none."""
        return self._f["errorColumn"](self.store)

    def message(self) -> str:
        """The kernel's last message: define's refusal, or the diagnosis of a combine that is not finite."""
        ptr, n = self._f["message"](self.store), self._f["messageLength"](self.store)
        return bytes(self.memory.read(self.store, ptr, ptr + n)).decode("utf-8", "replace") if n else ""

    def bound(self, k: int) -> float:
        """Bound k (0 ax, 1 bx, 2 ay, 3 by) of the defined problem; NaN if none."""
        return self._f["bound"](self.store, k)

    def bounds(self) -> tuple:
        return tuple(self.bound(k) for k in range(4))

    def catalog_id(self) -> int:
        """The catalog entry whose fast path the integrand takes, or -1."""
        return self._f["catalogId"](self.store)

    def exact_value(self) -> float:
        """The closed form on the domain; NaN when there is none (not a catalog entry)."""
        return self._f["exactValue"](self.store)

    def rows(self, start: int, stop: int, step: int = 1) -> array:
        """rowSum(i) for i in range(start, stop, step), as an array of doubles."""
        row = self.row_sum
        return array("d", [row(i) for i in range(start, stop, step)])

    def combine(self, sums) -> float:
        """Writes the row sums (row i at index i) into buffer(n) and returns combine(n): the integral."""
        n = len(sums)
        ptr = self._f["buffer"](self.store, n)
        if ptr == 0:
            raise RuntimeError(f"kernel could not hold {n} row sums")
        data = array("d", sums)
        if sys.byteorder != "little":
            data.byteswap()
        # memory.write after buffer(): wasmtime reads the current memory size, so growth is seen.
        if n:
            self.memory.write(self.store, data.tobytes(), ptr)
        return self._f["combine"](self.store, n)

    def map_trig(self, which: int, values) -> array:
        n = len(values)
        ptr = self._f["buffer"](self.store, n)
        data = array("d", values)
        self.memory.write(self.store, data.tobytes(), ptr)
        if self._f["mapTrig"](self.store, which, n) != 0:
            raise ValueError("mapTrig refused its arguments")
        out = array("d")
        out.frombytes(bytes(self.memory.read(self.store, ptr, ptr + 8 * n)))
        return out

    def export(self, name: str):
        """A raw export, called as kernel.export('maxCells')() ."""
        fn = self._ex[name]
        return lambda *args: fn(self.store, *args)
