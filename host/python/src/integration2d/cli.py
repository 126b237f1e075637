"""`python -m integration2d`: the Node CLI's contract (host/core/cli.ts) — same options, defaults, messages and
exit codes: 0 done, 1 run failed, 2 bad input, 130 interrupted. Parsing follows node:util parseArgs (strict,
positionals allowed), so the same argv is accepted or refused with the same words."""
from __future__ import annotations

import os
import sys
import time
from typing import Callable, Optional

from .options import DEFAULT_DOMAIN, KERNEL_TEXTS, MAX_WORKERS, SCHEMES, RunError, UsageError, check_text

PROGRAM = "integration2d"

# name → (type, short)
RUN_OPTIONS = {
    "n": ("string", "n"),
    "nx": ("string", None),
    "ny": ("string", None),
    "workers": ("string", "w"),
    "scheme": ("string", "s"),
    "kernel": ("string", "k"),
    "integrand": ("string", "f"),
    "domain": ("string", "d"),
    "json": ("boolean", None),
    "list": ("boolean", None),
    "help": ("boolean", "h"),
    "version": ("boolean", "V"),
    "compare-pure": ("boolean", None),
}
START_OPTIONS = {k: RUN_OPTIONS[k] for k in ("n", "workers", "kernel")}



def help_text() -> str:
    p = PROGRAM
    return f"""Usage: python -m {p} [options]             one run: the seed's lines, or --json
       python -m {p} start [-n N]           the seed's program: serial, threads, processes in turn
       python -m {p} bench --help           times the schemes, writes a benchmark record (bench/README.md)
       mpirun -np 4 python -m {p} --scheme mpi   one run over MPI ranks (rank 0 prints)

Options:
  -n, --n <int>            cells per axis, 1..10000000 (default 10000); sets nx and ny
      --nx <int>, --ny <int>  cells along x / y (default n)
  -w, --workers <int>      workers, 1..{MAX_WORKERS} (default: logical cores; 1 for serial;
                           the number of ranks for mpi; more than nx runs nx)
  -s, --scheme <name>      {' | '.join(SCHEMES)} (default threads)
  -k, --kernel <name>      simd | scalar (default simd where wasm SIMD is supported)
  -f, --integrand <expr>   an expression in x and y, e.g. "exp(-(x^2 + y^2))" (default sin(x+y));
                           the kernel parses it (--list: its functions, constants, catalog)
  -d, --domain <ax,bx,ay,by>  four constant expressions, e.g. -2,2,0,pi/2 (default {DEFAULT_DOMAIN});
                           a value starting with '-' needs --domain=…
      --json               print one JSON record instead of the seed's lines
      --compare-pure       also run the course's pure-Python double loop on the same problem, side by side
                           (a catalog integrand only)
      --list               the catalog (closed forms, fast paths) and the language's names
  -h, --help               this text
  -V, --version            versions of the CLI and kernel ABI
"""


def parse_options(argv: list, options: dict) -> tuple:
    """node:util parseArgs({strict: true, allowPositionals: true}) with its errors as the contract's lines."""
    shorts = {short: name for name, (_, short) in options.items() if short}
    values: dict = {}
    positionals: list = []

    def spelled(name: str) -> str:  # the options' FLAG spelling: -n/--n, --nx
        short = options[name][1]
        return f"-{short}/--{name}" if short else f"--{name}"

    def needs_value(name: str) -> UsageError:
        return UsageError(f"--{name}", f'option {spelled(name)} needs a value; for a value starting with "-" write --{name}=VALUE')

    def unknown(flag: str) -> UsageError:
        return UsageError(flag, f"unknown option {flag} (see --help)")

    def take(name: str, i: int) -> int:
        """A string option written without an inline value: the next argument, unless it looks like an option."""
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if nxt is None or (len(nxt) > 1 and nxt[0] == "-"):
            raise needs_value(name)
        values[name] = nxt
        return i + 2

    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            positionals.extend(argv[i + 1:])
            break
        if arg.startswith("--"):
            name, eq, inline = arg[2:].partition("=")
            if name not in options:
                raise unknown(f"--{name}")
            if options[name][0] == "boolean":
                if eq:
                    raise UsageError(f"--{name}", f"option {spelled(name)} takes no value")
                values[name] = True
                i += 1
            elif eq:
                values[name] = inline
                i += 1
            else:
                i = take(name, i)
            continue
        if len(arg) > 1 and arg[0] == "-":
            first = shorts.get(arg[1])
            if len(arg) > 2 and first is not None and options[first][0] == "string":
                values[first] = arg[2:]  # -n5
                i += 1
                continue
            if len(arg) == 2:
                if first is None:
                    raise unknown(arg)
                if options[first][0] == "boolean":
                    values[first] = True
                    i += 1
                else:
                    i = take(first, i)
                continue
            # a group of short options: -hV; a string option inside takes the rest as its value
            for k, ch in enumerate(arg[1:], start=1):
                name = shorts.get(ch)
                if name is None:
                    raise unknown(f"-{ch}")
                if options[name][0] == "boolean":
                    values[name] = True
                elif k < len(arg) - 1:
                    values[name] = arg[k + 1:]
                    break
                else:
                    i = take(name, i) - 1
                    break
            i += 1
            continue
        positionals.append(arg)
        i += 1
    for name, value in values.items():  # every text value is capped before anything parses it
        if isinstance(value, str) and name not in KERNEL_TEXTS:  # those two are the kernel's to cap
            check_text(spelled(name), value)
    return values, positionals


class Out:
    def __init__(self) -> None:
        self.out: list = []
        self.err: list = []


def plan(argv: list, mpi_size: Optional[int] = None) -> tuple:
    """What this argv asks for, without running anything: ("exit", code, stdout, stderr) or
    ("run", problem, values) or ("start", values). Raises nothing."""
    from . import api
    try:
        first = argv[0] if argv else None
        if first and not first.startswith("-"):
            if first == "start":
                values, positionals = parse_options(argv[1:], START_OPTIONS)
                if positionals:
                    raise UsageError("", f"unexpected argument {_q(positionals[0])} (see --help)")
                return ("start", values)
            if first == "bench":
                return ("bench", argv[1:])
            raise UsageError("", f"unknown command {_q(first)} (commands: start, bench)")
        values, positionals = parse_options(argv, RUN_OPTIONS)
        if positionals:
            raise UsageError("", f"unexpected argument {_q(positionals[0])} (see --help)")
        k = api.main_kernel()
        if values.get("help"):
            return ("exit", 0, help_text(), "")
        if values.get("version"):
            return ("exit", 0, f"{PROGRAM} {api.__version__} (kernel ABI {k.meta['abi']})\n", "")
        if values.get("list"):
            return ("exit", 0, list_text(k.meta), "")
        opts = {key: values.get(key) for key in ("n", "nx", "ny", "workers", "scheme", "kernel", "integrand", "domain")}
        problem = api.resolve(opts, mpi_size=mpi_size if opts.get("scheme") == "mpi" else None)
        if values.get("compare-pure") and problem.catalog < 0:
            raise UsageError("--compare-pure", f"option --compare-pure needs a catalog integrand "
                                               f"({', '.join(k.meta['integrands'])}) (got {_q(problem.integrand)})")
        return ("run", problem, values)
    except UsageError as e:
        return ("exit", 2, "", f"{PROGRAM}: {e.message}\n")
    except Exception as e:  # noqa: BLE001 - e.g. the .wasm is missing
        return ("exit", 1, "", f"{PROGRAM}: {e}\n")


def list_text(meta: dict) -> str:
    """--list, the same text in every host: the catalog, then the language's names, from the kernel's metadata."""
    return (f"catalog: {', '.join(meta['integrands'])}\n"
            f"functions: {' '.join(meta['functions'])}\n"
            f"constants: {' '.join(meta['constants'])}\n"
            f"variables: {' '.join(meta['variables'])}\n")


def _q(s: str) -> str:
    import json
    return json.dumps(s, ensure_ascii=False)


class OutputError(Exception):
    """stdout cannot take the output (a full disk, a reader gone): the result is lost, so the run failed."""


def write(stream, text: str) -> None:
    if not text:
        return
    try:
        stream.write(text)
        stream.flush()
    except OSError as e:
        if stream is not sys.stdout:
            raise
        raise OutputError(e.strerror or str(e)) from None


def with_progress(wanted: bool, problem, runner):
    """runner(problem, controls) with a progress line on stderr when `wanted` and stderr is a terminal, erased
    before anything else is printed (the result, or the error's line: this finally runs first)."""
    from .controls import Controls
    from .progress_line import ProgressLine
    line = ProgressLine(lambda text: write(sys.stderr, text)) if wanted and _stderr_is_terminal() else None
    try:
        return runner(problem, Controls(problem.nx, line.update if line else None))
    finally:
        if line:
            line.clear()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed, or replaced by something without a descriptor
        return False


def run_problem(problem, values: dict) -> int:
    from . import api
    from .record import human_lines
    from .schemes import RUNNERS
    sums, startup_s, compute_s = with_progress(not values.get("json"), problem, RUNNERS[problem.scheme])
    record = api.finish(problem, sums, startup_s, compute_s)
    if values.get("compare-pure"):
        from .pure import compare_pure
        write(sys.stdout, compare_pure(problem, record, values.get("json", False)))
        return 0
    write(sys.stdout, record.to_json() + "\n" if values.get("json") else "\n".join(human_lines(record)) + "\n")
    return 0


def start(values: dict) -> int:
    """The seed's program: each scheme in turn on the same problem, the seed's lines for each, then a table."""
    from . import api
    from .record import human_lines, to_fixed2
    from .schemes import RUNNERS
    records = []
    for scheme in ("serial", "threads", "processes"):
        workers = None if scheme == "serial" else values.get("workers")
        p = api.resolve({"n": values.get("n"), "kernel": values.get("kernel"), "scheme": scheme, "workers": workers})
        sums, a, b = with_progress(True, p, RUNNERS[scheme])
        r = api.finish(p, sums, a, b)
        write(sys.stdout, f"# {scheme}\n" + "\n".join(human_lines(r)[:2]) + "\n")
        records.append(r)
    serial = records[0].time_s
    lines = [f"\n{'scheme':<10} {'workers':>7} {'time (s)':>9} {'speedup':>8}  bits"]
    for r in records:
        lines.append(f"{r.scheme:<10} {r.workers:>7} {r.time_s:>9.3f} {serial / r.time_s:>8.2f}  {r.bits}")
    same = len({r.bits for r in records}) == 1
    lines.append(f"\nAll {len(records)} schemes gave the same bits." if same else "\nBITS DIFFER between schemes: this is a bug.")
    write(sys.stdout, "\n".join(lines) + "\n")
    return 0 if same else 1


def main(argv: list) -> int:
    try:
        return _main(argv)
    finally:
        if "multiprocessing.forkserver" in sys.modules or "multiprocessing.resource_tracker" in sys.modules:
            from .lifeline import end_multiprocessing_helpers
            end_multiprocessing_helpers()  # else they end just after us, unreaped


def _main(argv: list) -> int:
    try:
        from .mpi import mpi_launched
        if mpi_launched():
            from .mpi import main_mpi
            return main_mpi(argv)
        what = plan(argv)
        if what[0] == "exit":
            _, code, out, err = what
            write(sys.stdout, out)
            write(sys.stderr, err)
            return code
        if what[0] == "start":
            return start(what[1])
        if what[0] == "bench":
            from .bench import run_bench
            return run_bench(what[1])
        _, problem, values = what
        if problem.scheme == "mpi":  # not under mpirun: one rank (MPI singleton)
            from .mpi import main_mpi
            return main_mpi(argv)
        return run_problem(problem, values)
    except KeyboardInterrupt:
        write(sys.stderr, f"{PROGRAM}: cancelled: interrupted (Ctrl-C)\n")
        return 130
    except UsageError as e:
        write(sys.stderr, f"{PROGRAM}: {e.message}\n")
        return 2
    except RunError as e:
        write(sys.stderr, f"{PROGRAM}: run failed: {e}\n")
        return 1
    except OutputError as e:
        # What is still buffered would fail again at exit, as a second message ("Exception ignored ...").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        write(sys.stderr, f"{PROGRAM}: cannot write the output: {e}\n")
        return 1
    except Exception as e:  # noqa: BLE001 - one line, never a traceback
        write(sys.stderr, f"{PROGRAM}: {type(e).__name__}: {e}\n")
        return 1


def exit_with(code: int) -> None:
    """Ends the process with `code`. After Ctrl-C at once: the workers are stopped and the line is written, and
    the interpreter's teardown (threads still inside a wasm call, every Store's memory) took 50-90 ms more."""
    if code == 130:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    sys.exit(code)


def console_main() -> None:
    """The `integration2d` console script."""
    exit_with(main(sys.argv[1:]))
