"""`python -m integration2d bench`: a record the shared report accepts (bench/record.schema.json), real samples,
the bits of the runs."""
import json
import shutil
import subprocess

import pytest

from conftest import BAD_EXPRESSIONS, ROOT, NODE_CLI, run_py
from integration2d import integrate
from integration2d.bench import summarize


def test_bench_writes_a_record_the_report_accepts(tmp_path):
    out = tmp_path / "python.json"
    r = run_py(["bench", "-n", "120", "-w", "1,2", "--schemes", "serial,threads,processes", "-r", "3", "--warmup", "1", "-o", str(out)])
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text())
    assert (doc["schema"], doc["schema_version"], doc["host"], doc["native"]) == ("integration2d-bench", 1, "python", None)
    assert doc["runtime"]["name"] == "python-wasmtime"
    configs = {(x["kernel"]["build"], x["scheme"], x["workers"]) for x in doc["runs"]}
    assert configs == {(k, s, w) for k in ("scalar", "simd") for s, w in
                       [("serial", 1), ("threads", 1), ("threads", 2), ("processes", 1), ("processes", 2)]}
    for x in doc["runs"]:
        expected = integrate(n=120, scheme="serial", kernel=x["kernel"]["build"]).bits
        assert (x["bits"], x["bits_identical"]) == (expected, True)
        assert len(x["samples"]["compute_s"]) == 3 and all(t > 0 for t in x["samples"]["compute_s"])
        assert len(x["samples"]["startup_s"]) == (0 if x["scheme"] == "serial" else 3)
        assert x["summary"]["compute_s"] == summarize(x["samples"]["compute_s"])
        assert x["evaluations"] == 120 * 120
        assert len(x["kernel"]["sha256"]) == 64
    node = shutil.which("node")
    if node is None or not NODE_CLI.is_file():
        pytest.skip("node CLI not built: cannot run the shared report/validator")
    rep = subprocess.run([node, str(NODE_CLI), "report", str(out), "--out", str(tmp_path / "report")],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert rep.returncode == 0, rep.stderr + rep.stdout
    assert (tmp_path / "report" / "README.md").is_file()


def test_summary_matches_the_reference_definitions():
    s = summarize([5.0, 1.0, 4.0, 2.0, 3.0, 9.0, 7.0])
    assert (s["n"], s["median"], s["min"], s["max"], s["mad"]) == (7, 4.0, 1.0, 9.0, 2.0)
    assert s["ci95"] == [1.0, 9.0] and s["ci_coverage"] == 1 - 2 * 0.5 ** 7  # k = 1 for n = 7
    s = summarize([float(i) for i in range(1, 11)])
    assert s["median"] == 5.5 and s["ci95"] == [2.0, 9.0]  # n = 10: k = 2


OPTION = {"integrand": "-f/--integrand", "domain": "-d/--domain"}
# the first case of the file refusing that field with that code (on the default other inputs)
KERNEL_SAYS = lambda field, code: next(c for c in BAD_EXPRESSIONS["cases"]
                                       if (c["field"], c["code"]) == (field, code) and "integrand" not in c)


@pytest.mark.parametrize("args,message", [
    (["bench", "-w", "0"], 'option -w/--workers must be a comma-separated list of integers from 1 to 256 (got "0")'),
    (["bench", "--schemes", "gpu"], 'option --schemes must be a comma-separated list of serial, threads, processes (got "gpu")'),
    (["bench", "-r", "0"], 'option -r/--repeat must be an integer from 1 to 1000 (got "0")'),
    (["bench", "--bogus"], "unknown option --bogus (see --help)"),
    *[(["bench", "-n", "10", f"--{c['field']}={c['text']}"], f"option {OPTION[c['field']]}: {c['message']}")
      for c in (KERNEL_SAYS("integrand", -1), KERNEL_SAYS("domain", -5))],
])
def test_bench_bad_options(args, message):
    r = run_py(args)
    assert (r.returncode, r.stderr) == (2, f"integration2d: {message}\n")
