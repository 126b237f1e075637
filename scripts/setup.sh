#!/usr/bin/env bash
# Installs, only when missing, what the test suite needs and npm cannot: Debian packages, a Python virtual
# environment, Go modules, Rust crates. Safe to run any number of times; says what it does.
# Used by `npm test` (pretest). Set INTEGRATION2D_SKIP_SETUP=1 to skip it entirely.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${INTEGRATION2D_SKIP_SETUP:-}" = 1 ] && { echo "setup: skipped (INTEGRATION2D_SKIP_SETUP=1)"; exit 0; }

say() { printf 'setup: %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------------------
# command → package that provides it
declare -A NEED=(
  [wasm2c]=wabt
  [mpirun]=openmpi-bin
  [mpicc]=libopenmpi-dev
  [chromium]=chromium
  # the C host (host/c): compiles wasm2c's output and runs its tests with make
  [gcc]=gcc
  [make]=make
)
missing=()
for cmd in "${!NEED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present (wabt, openmpi, chromium)"
fi

# --- Python: a virtual environment inside the clone ---------------------------------------------------------
# build and setuptools: host/python/tests/test_install.py builds the sdist and the wheel (python -m build)
PY_REQS="wasmtime==50.0.1 mpi4py==4.1.2 pytest build setuptools>=77"
if [ ! -x .venv/bin/python ]; then
  say "creating .venv (python3 -m venv)"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import wasmtime, mpi4py, pytest, build, setuptools; assert int(setuptools.__version__.split('.')[0]) >= 77" >/dev/null 2>&1; then
  say "installing Python packages into .venv: $PY_REQS"
  .venv/bin/pip install -q --disable-pip-version-check $PY_REQS
else
  say "Python packages present in .venv (wasmtime, mpi4py, pytest, build, setuptools)"
fi
# numexpr, for the bench's comparison (npm run bench; host/node/bench-expressions.ts). Optional: the bench says
# so and skips the comparison without it, so a failed install is not an error here.
BENCH_PY_REQS="numexpr==2.14.2"
if ! .venv/bin/python -c "import numexpr" >/dev/null 2>&1; then
  say "installing the bench's Python packages into .venv: $BENCH_PY_REQS"
  .venv/bin/pip install -q --disable-pip-version-check $BENCH_PY_REQS || say "numexpr not installed: the bench will skip its comparison"
else
  say "bench Python packages present in .venv (numexpr)"
fi
# The Python host itself, editable: `.venv/bin/python -m integration2d` then finds the repo's dist/kernel.
if ! .venv/bin/python -c "import integration2d" >/dev/null 2>&1; then
  say "installing host/python into .venv (pip install -e host/python)"
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -e host/python
else
  say "host/python present in .venv (integration2d)"
fi

# --- Go and Rust hosts: modules and crates (their tests then build without asking a registry) ------------
if command -v go >/dev/null 2>&1; then
  say "Go modules for host/go (go mod download; a no-op when cached)"
  (cd host/go && go mod download)
else
  say "go not found: test/go.test.ts will fail (Go 1.26 expected)"
fi
if command -v cargo >/dev/null 2>&1; then
  say "Rust crates for host/rust (cargo fetch --locked; a no-op when cached)"
  cargo fetch --locked --quiet --manifest-path host/rust/Cargo.toml
else
  say "cargo not found: test/rust.test.ts will fail (Rust 1.95 expected)"
fi

say "done"
