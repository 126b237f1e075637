"""integration2d for Python: the shared WebAssembly kernel run through wasmtime (serial, threads, processes, MPI)."""
from .api import __version__, integrate, kernels, resolve, runtime
from .controls import Cancelled, Progress
from .kernel import Kernel, wasm_path
from .options import MAX_TEXT, RunError, UsageError, WorkerError
from .record import Phases, Result, Runtime, bits_of, format_e, value_of_bits

__all__ = ["__version__", "integrate", "kernels", "resolve", "runtime", "Result", "Runtime", "Phases", "Progress",
           "Cancelled", "Kernel", "wasm_path", "UsageError", "RunError", "WorkerError", "MAX_TEXT", "bits_of",
           "format_e", "value_of_bits"]
