import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(SRC))
# and for every process the tests start, the forkserver included (it imports its preload list from its own
# sys.path, which an editable install of another checkout would otherwise lead)
os.environ["PYTHONPATH"] = str(SRC) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else "")

VECTORS = json.loads((ROOT / "test" / "vectors.json").read_text())["vectors"]
BAD_EXPRESSIONS = json.loads((ROOT / "test" / "cases" / "bad-expressions.json").read_text())
VECTORS_EXPR = json.loads((ROOT / "test" / "vectors-expr.json").read_text())["vectors"]
NODE_CLI = ROOT / "dist" / "node" / "cli.js"


def env() -> dict:
    return dict(os.environ)


def run_py(args, timeout=120, extra_env=None):
    e = env()
    e.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "integration2d", *args], capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=ROOT)


def run_unwritable(argv, timeout=120):
    """`argv` with stdout on /dev/full, then on a pipe whose reader is gone: [(where, exit code, stderr)]."""
    results = []
    with open("/dev/full", "w") as full:
        r = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, timeout=timeout, env=env(), cwd=ROOT)
        results.append(("/dev/full", r.returncode, r.stderr))
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        r = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=timeout, env=env(), cwd=ROOT)
    finally:
        os.close(write_end)
    results.append(("a closed pipe", r.returncode, r.stderr))
    return results


# The record's fields the rules (issue 11) add, which only the JS hosts have so far: records are compared without them.
RULES_ONLY_FIELDS = ("rule", "points", "error_estimate", "status", "status_message", "regions", "evaluations")


def without_rules_fields(record):
    """The record's field names in order, the rules' fields left out."""
    return [k for k in record if k not in RULES_ONLY_FIELDS]


def run_node(args, timeout=120):
    node = shutil.which("node")
    if node is None or not NODE_CLI.is_file():
        pytest.skip("node or dist/node/cli.js missing (npm run build)")
    return subprocess.run([node, str(NODE_CLI), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def vector_id(v) -> str:
    return f"{v['integrand']}@{v['domain_text']}:{v['nx']}x{v['ny']}"
