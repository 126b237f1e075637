"""The package as a user installs it: `python -m build` makes the sdist and then the wheel from that sdist (so the
sdist carries the kernel), and each goes into a fresh venv outside the repository (wasmtime from PyPI, pip's
cache reused), where, from a directory outside the repository too, the console script, the library and
`python -m integration2d --scheme processes` give the repository's bits with the package's own copy of the
kernel. One test; its cost is the builds and the installs (~25 s on 2 busy cores, load 11), so:
  * `python -m build --no-isolation`: the backend from this venv (scripts/setup.sh puts setuptools >= 77 and
    build there) instead of two throwaway environments (~14 s); installing the sdist still builds it in
    isolation, as pip does for any user, which checks the sdist's build requirements;
  * the venvs are made --without-pip and this venv's pip installs into each (`pip --python`): ensurepip
    alone took ~10 s a venv here. Nothing else is in them: no system site-packages, nothing from this venv."""
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, VECTORS, run_py

PROJECT = ROOT / "host" / "python"
BUILDS = ["build.json", "scalar.wasm", "simd.wasm", "wasi.wasm"]
V1000 = next(v for v in VECTORS if v["integrand"] == "sin(x+y)" and v["nx"] == 1000)

# In the venv: the package imported from the venv, its kernel from the package, a typed Result.
LIBRARY_RUN = f"""
import dataclasses, json, sys
from pathlib import Path
import integration2d
from integration2d import Result, integrate, wasm_path
package = Path(integration2d.__file__).parent
assert package.is_relative_to(sys.prefix), package
assert wasm_path("simd") == package / "kernel" / "simd.wasm", wasm_path("simd")
assert (package / "py.typed").is_file()
r = integrate(n=1000, scheme="threads", workers=2, kernel="simd")
assert isinstance(r, Result) and dataclasses.is_dataclass(r) and type(r.to_dict()) is dict
print(json.dumps({{"bits": r.bits, "workers": r.workers, "domain": list(r.domain), "record": r.to_dict()["bits"]}}))
"""


def outside_env() -> dict:
    """The user's environment: none of the test suite's pointers into the clone."""
    e = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("INTEGRATION2D_")}
    e["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return e


def run(cmd, cwd, timeout=300):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=outside_env())
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} exited {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def fresh_venv(where: Path, package: Path) -> Path:
    """python -m venv, then pip installs the file into it (an sdist is built into a wheel on the way)."""
    run([sys.executable, "-m", "venv", "--without-pip", where], cwd=where.parent)
    run([sys.executable, "-m", "pip", "--python", where / "bin" / "python", "install", "-q", package], cwd=where.parent)
    return where / "bin"


def test_the_sdist_and_the_wheel_built_from_it_install_and_run_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    try:
        import build  # noqa: F401 - the PyPA's frontend, which scripts/setup.sh puts into .venv
    except ImportError:
        pytest.fail("the 'build' package is missing from this venv: run bash scripts/setup.sh")
    # the sdist, then the wheel from the unpacked sdist
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, PROJECT], cwd=tmp_path)
    sdist, = dist.glob("integration2d-*.tar.gz")
    wheel, = dist.glob("integration2d-*-py3-none-any.whl")
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    assert {f"kernel/{b}" for b in BUILDS} <= names and "src/integration2d/py.typed" in names
    assert not [n for n in names if n.startswith("tests")], "the tests need the clone: not in the sdist"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert {f"integration2d/kernel/{b}" for b in BUILDS} | {"integration2d/py.typed"} <= names
    assert entry_points.split() == ["[console_scripts]", "integration2d", "=", "integration2d.cli:console_main"]

    away = tmp_path / "elsewhere"  # the user's own directory: no clone above it
    away.mkdir()
    with ThreadPoolExecutor(2) as pool:  # the two venvs install side by side (pip waits on the network)
        bins = dict(zip(("sdist", "wheel"), pool.map(fresh_venv, [tmp_path / "venv-sdist", tmp_path / "venv-wheel"], [sdist, wheel])))

    expected_100 = json.loads(run_py(["-n", "100", "--json"]).stdout)["bits"]  # the clone's own host
    expected_200 = json.loads(run_py(["-n", "200", "--json", "-s", "serial"]).stdout)["bits"]
    for kind, bin_dir in bins.items():
        assert not (bin_dir / "integration2d-py").exists(), kind
        r = run([bin_dir / "integration2d", "-n", "100", "--json"], cwd=away)
        record = json.loads(r.stdout)
        assert (record["bits"], record["nx"], record["kernel"], r.stderr) == (expected_100, 100, "simd", ""), kind
        r = run([bin_dir / "python", "-c", LIBRARY_RUN], cwd=away)
        assert json.loads(r.stdout) == {"bits": V1000["bits"]["simd"], "workers": 2, "domain": V1000["domain"],
                                        "record": V1000["bits"]["simd"]}, kind
        r = run([bin_dir / "python", "-m", "integration2d", "--scheme", "processes", "-n", "200"], cwd=away)
        lines = r.stdout.splitlines()
        assert len(lines) == 3 and lines[2].startswith("Scheme processes, workers "), (kind, r.stdout)
        assert lines[2].endswith(f", kernel simd, n 200x200, integrand sin(x+y), bits {expected_200}"), (kind, r.stdout)
