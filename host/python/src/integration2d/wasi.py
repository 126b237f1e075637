"""Runs the WASI command build (dist/kernel/wasi.wasm) under wasmtime: `python -m integration2d.wasi [options]`.

Same options and output as the CLI, serial scheme only; the record's runtime.name is "wasi". stdout and
stderr are the WASI program's own; the exit code is the one it passes to proc_exit.
"""
from __future__ import annotations

import sys
from typing import Optional

import wasmtime

from .kernel import engine, module, wasm_path


def run_wasi(args: list, stdout: Optional[str] = None, stderr: Optional[str] = None) -> int:
    """Runs the command with argv ["integration2d", *args]; stdout/stderr go to the given files or are inherited."""
    eng = engine()
    compiled = module("wasi")  # compiled once per process
    linker = wasmtime.Linker(eng)
    linker.define_wasi()
    store = wasmtime.Store(eng)
    config = wasmtime.WasiConfig()
    config.argv = ["integration2d", *args]
    if stdout:
        config.stdout_file = stdout
    else:
        config.inherit_stdout()
    if stderr:
        config.stderr_file = stderr
    else:
        config.inherit_stderr()
    store.set_wasi(config)
    instance = linker.instantiate(store, compiled)
    start = instance.exports(store)["_start"]
    try:
        start(store)
    except wasmtime.ExitTrap as e:
        return e.code
    return 0


def main() -> int:
    sys.stdout.flush()
    try:
        return run_wasi(sys.argv[1:])
    except FileNotFoundError as e:
        sys.stderr.write(f"integration2d: {e}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
