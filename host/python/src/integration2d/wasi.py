"""Runs the WASI command build (dist/kernel/wasi.wasm) under wasmtime: `python -m integration2d.wasi [options]`.

Same options and output as the CLI, serial scheme only; the record's runtime.name is "wasi". The command hands
-f/-d to the kernel compiled into it, which parses and checks them. stdout and stderr are the WASI program's
own; the exit code is the one it passes to proc_exit (0, 1 a run that failed, 2 bad input).

Ctrl-C: the command runs on a thread, so that the main thread stays free to take KeyboardInterrupt (a Python
signal handler cannot run while the main thread is inside a wasm call); it then ends the run through wasmtime's
epoch interruption (the engine is built with it, each store traps at the first epoch tick), and exits 130.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Optional

import wasmtime

from .kernel import wasm_path

_engine: Optional[wasmtime.Engine] = None
_module: Optional[wasmtime.Module] = None


def _compiled() -> tuple:
    """The engine (with epoch interruption) and the command compiled for it, once per process."""
    global _engine, _module
    if _module is None:
        config = wasmtime.Config()
        config.epoch_interruption = True
        _engine = wasmtime.Engine(config)
        _module = wasmtime.Module(_engine, wasm_path("wasi").read_bytes())
    return _engine, _module


def run_wasi(args: list, stdout: Optional[str] = None, stderr: Optional[str] = None) -> int:
    """Runs the command with argv ["integration2d", *args]; stdout/stderr go to the given files or are inherited.
    KeyboardInterrupt in the calling thread stops the command within one epoch check and is raised again."""
    eng, compiled = _compiled()
    linker = wasmtime.Linker(eng)
    linker.define_wasi()
    store = wasmtime.Store(eng)
    store.set_epoch_deadline(1)  # the next increment_epoch() traps this store's code
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
    outcome: dict = {}

    def call() -> None:
        try:
            start(store)
            outcome["code"] = 0
        except wasmtime.ExitTrap as e:
            outcome["code"] = e.code
        except BaseException as e:  # noqa: BLE001 - raised again in the calling thread
            outcome["error"] = e

    runner = threading.Thread(target=call, name="integration2d-wasi", daemon=True)
    runner.start()
    try:
        runner.join()
    except KeyboardInterrupt:
        eng.increment_epoch()
        runner.join()
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["code"]


def _not_utf8(args: list) -> Optional[int]:
    """The 1-based position of the first argument that is not UTF-8 (Python keeps such bytes as surrogates)."""
    for i, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


def main() -> int:
    sys.stdout.flush()
    args = sys.argv[1:]
    bad = _not_utf8(args)
    if bad is not None:
        shown = os.fsencode(args[bad - 1])
        sys.stderr.write(f"integration2d: argument {bad} is not valid UTF-8 (got {str(shown)[1:]})\n")
        return 2
    try:
        return run_wasi(args)
    except KeyboardInterrupt:
        sys.stderr.write("integration2d: cancelled: interrupted (Ctrl-C)\n")
        return 130
    except FileNotFoundError as e:
        sys.stderr.write(f"integration2d: {e}\n")
        return 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # no interpreter teardown: the store of an interrupted run may still be unwinding on its thread
