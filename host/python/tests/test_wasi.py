"""The WASI command build (dist/kernel/wasi.wasm) under wasmtime: simd bits for every vector (ABI 1's and the
expression vectors), the kernel's refusal for every case of test/cases/bad-expressions.json, the CLI's messages,
and numbers read and printed exactly as JavaScript does."""
import json
import math
import os
import random
import tempfile
import re
import subprocess
import sys

import pytest

from conftest import ROOT, VECTORS, env, run_node, run_unwritable, vector_id, without_rules_fields
from integration2d import wasi
from integration2d.kernel import Kernel, wasm_path
from integration2d.record import js_number, value_of_bits, bits_of, format_e

try:
    WASI = wasm_path("wasi")
except FileNotFoundError:
    WASI = None
pytestmark = pytest.mark.skipif(WASI is None, reason="dist/kernel/wasi.wasm not built (npm run build)")

EXPR_VECTORS = json.loads((ROOT / "test" / "vectors-expr.json").read_text())["vectors"]
BAD = json.loads((ROOT / "test" / "cases" / "bad-expressions.json").read_text())
FLAG = {"integrand": "-f/--integrand", "domain": "-d/--domain", "nx": "--nx", "ny": "--ny"}


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_wasi(args):
    """In this process (the compiled module is cached), stdout and stderr through files."""
    with tempfile.TemporaryDirectory() as d:
        out, err = os.path.join(d, "out"), os.path.join(d, "err")
        code = wasi.run_wasi(args, stdout=out, stderr=err)
        return Result(code, open(out, encoding="utf-8").read(), open(err, encoding="utf-8").read())


def test_the_module_entry_point_as_a_subprocess():
    r = subprocess.run([sys.executable, "-m", "integration2d.wasi", "-n", "64", "-f", "x*y", "-d", "0,1,0,2", "--json"],
                       capture_output=True, text=True, timeout=120, env=env(), cwd=ROOT)
    assert r.returncode == 0 and json.loads(r.stdout)["value"] == 1.0
    r = subprocess.run([sys.executable, "-m", "integration2d.wasi", "-n", "0"], capture_output=True, text=True,
                       timeout=120, env=env(), cwd=ROOT)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == 'integration2d: option -n/--n must be an integer from 1 to 10000000 (got "0")\n'


def run_vector(v):
    r = run_wasi(["--json", f"--integrand={v['integrand']}", f"--domain={v['domain_text']}", "--nx", str(v["nx"]), "--ny", str(v["ny"])])
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["bits"] == v["bits"]["simd"]
    assert rec["value"] == value_of_bits(rec["bits"])
    assert rec["exact"] == v["exact"]  # None (JSON null) where there is no closed form
    assert rec["error"] == (None if v["exact"] is None else abs(rec["value"] - v["exact"]))
    assert rec["integrand"] == v["integrand"]
    assert [bits_of(x) for x in rec["domain"]] == [bits_of(x) for x in v["domain"]]
    assert (rec["scheme"], rec["workers"], rec["kernel"], rec["runtime"]["name"]) == ("serial", 1, "simd", "wasi")


@pytest.mark.parametrize("v", VECTORS, ids=vector_id)
def test_every_vector_gives_the_simd_bits(v):
    run_vector(v)


@pytest.mark.parametrize("v", EXPR_VECTORS, ids=vector_id)
def test_every_expression_vector_gives_the_simd_bits(v):
    run_vector(v)


def test_an_expression_equal_to_a_catalog_entry_gives_its_bits_without_its_closed_form():
    v = next(v for v in VECTORS if v["nx"] == 1000 and v["integrand"] == "sin(x+y)" and v["domain_text"] == "0,pi,0,pi")
    rec = json.loads(run_wasi(["--json", "-n", "1000", "-f", "sin(y + x)"]).stdout)
    assert (rec["bits"], rec["exact"], rec["error"], rec["integrand"]) == (v["bits"]["simd"], None, None, "sin(y + x)")


def test_no_closed_form_error_is_unknown():
    args = ["-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "200"]
    rec = json.loads(run_wasi(["--json", *args]).stdout)
    assert (rec["exact"], rec["error"], rec["domain"]) == (None, None, [-2, 2, -2, 2])
    assert abs(rec["value"] - 3.1415926535 * math.erf(2) ** 2) < 1e-4  # π·erf(2)²
    lines = run_wasi(args).stdout.split("\n")
    assert lines[0] == f"Integral value is {format_e(rec['value'])}, Error is unknown (no closed form)"


@pytest.mark.parametrize("args,message", [
    (["-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"], "integrand is not finite at x = 0.25, y = 0.25 (value Inf)"),
    (["-f", "log(x - 0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2", "--json"], "integrand is not finite at x = 0.25, y = 0.25 (value -Inf)"),
    (["-f", "if(y > 0.5, 0/0, 1)", "-d", "0,1,0,1", "--nx", "3", "--ny", "4"], "integrand is not finite at x = 0.16666666666666666, y = 0.625 (value NaN)"),
    (["-f", "1e300", "-d", "0,1e10,0,1e10", "-n", "1"], "the integral overflows: the sum of f over the grid (1e+300) times the cell area (100000000000000000000) is beyond the largest double"),
])
def test_a_value_that_is_not_finite_fails_the_run_in_the_kernels_words(args, message):
    r = run_wasi(args)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", f"integration2d: run failed: {message}\n")


def test_json_text_is_what_node_writes():
    args = ["-f", "sin(x)*cos(y)", "--domain=-pi/2,3pi/4,-1,2.5", "--nx", "257", "--ny", "99"]
    w, n = run_wasi(["--json", *args]), run_node(["--json", "-s", "serial", *args])
    strip = lambda s: re.sub(r',"runtime".*', "", s.strip())
    assert strip(w.stdout) == strip(n.stdout)
    assert list(json.loads(w.stdout)) == without_rules_fields(json.loads(n.stdout))  # the WASI command has no rules yet


def test_human_lines():
    r = run_wasi(["-n", "1000"])
    lines = r.stdout.rstrip("\n").split("\n")
    v = next(v for v in VECTORS if v["nx"] == 1000 and v["integrand"] == "sin(x+y)")
    assert lines[0] == f"Integral value is {format_e(value_of_bits(v['bits']['simd']))}, Error is {format_e(abs(value_of_bits(v['bits']['simd']) - v['exact']))}"
    assert re.fullmatch(r"Time spent: \d+\.\d\d sec", lines[1])
    assert lines[2] == f"Scheme serial, workers 1, kernel simd, n 1000x1000, integrand sin(x+y), bits {v['bits']['simd']}"


def test_decimal_bounds_parse_to_the_doubles_javascript_gives():
    """The kernel's own reading of decimals (lang/decimal.ts; AssemblyScript's parseFloat is not correctly
    rounded), through the command: 400 awkward decimals."""
    rng = random.Random(20261124)
    texts = ["2.2250738585072011e-308", "984087040e37", "419574259e36", "279333199e139", "0.1", "1e-3",
             "9007199254740993", "1e23", "5e-324", "2.4703282292062328e-324", "1.7976931348623157e308", "-0.0",
             "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899",
             "1" + "0" * 30 + "1e-31", "0." + "0" * 300 + "123456789012345678901234567890e300",
             "7.2057594037927933e16", "1.00000000000000011102230246251565404236316680908203125",
             "1.00000000000000011102230246251565404236316680908203124", "0.000001", "1e21", "123e-400"]
    while len(texts) < 400:
        k = rng.random()
        if k < 0.4:
            texts.append(f"{rng.randrange(1, 10**9)}e{rng.randrange(-320, 300)}")
        elif k < 0.7:
            texts.append(f"{rng.random() * 10 ** rng.randrange(-20, 20):.{rng.randrange(1, 25)}g}")
        else:
            texts.append(str(rng.randrange(10**15, 10**25)) + "." + str(rng.randrange(10**10)))
    for i in range(0, len(texts), 4):
        group = texts[i:i + 4]
        values = [float(t) for t in group]  # Python's float() is correctly rounded, like Number()
        doms = ",".join(group)
        r = run_wasi(["--json", "-n", "1", "-f", "0", f"--domain={doms}"])  # f = 0: finite on any of these domains
        area = (values[1] - values[0]) * (values[3] - values[2])
        if not (values[0] < values[1] and values[2] < values[3]):
            lo, hi = ("ax", "bx") if not values[0] < values[1] else ("ay", "by")
            assert (r.returncode, r.stdout) == (2, ""), doms
            assert r.stderr.startswith(f"integration2d: option -d/--domain: {lo} must be less than {hi} (here {lo} = "), doms
            continue
        if not (math.isfinite(area) and area != 0):
            assert (r.returncode, r.stdout) == (2, ""), doms
            assert r.stderr.startswith("integration2d: option -d/--domain: the cell area hx*hy is not finite or is zero"), doms
            continue
        assert r.returncode == 0, (doms, r.stderr)
        rec = json.loads(r.stdout)
        assert [bits_of(x) for x in rec["domain"]] == [bits_of(x) for x in values], doms
        # and printed as JSON.stringify prints them (shortest round-trip digits, JS layout)
        assert re.search(r'"domain":\[([^\]]*)\]', r.stdout).group(1) == ",".join(js_number(x) for x in values), doms


# The command's own refusals: integer options and option spelling (-f/-d: the kernel's, the case file below).
WASI_BAD = [
    (["-n", "abc"], 'option -n/--n must be an integer from 1 to 10000000 (got "abc")'),
    (["--nx", "0x10"], 'option --nx must be an integer from 1 to 10000000 (got "0x10")'),
    (["--ny", "99999999999"], 'option --ny must be an integer from 1 to 10000000 (got "99999999999")'),
    (["-w", "2"], 'option -w/--workers must be 1 with --scheme serial (got "2")'),
    (["-w", "0"], 'option -w/--workers must be an integer from 1 to 256 (got "0")'),
    (["-s", "threads"], 'option -s/--scheme must be one of serial (got "threads")'),
    (["-k", "scalar"], 'option -k/--kernel must be one of simd (got "scalar")'),
    (["--bogus"], "unknown option --bogus (see --help)"),
    (["-n"], 'option -n/--n needs a value; for a value starting with "-" write --n=VALUE'),
    (["-d", "-pi,0,0,1"], 'option -d/--domain needs a value; for a value starting with "-" write --domain=VALUE'),
    (["--json=yes"], "option --json takes no value"),
    (["-n", "10", "extra"], 'unexpected argument "extra" (see --help)'),
    (["-n", "\"q\"\t"], 'option -n/--n must be an integer from 1 to 10000000 (got "\\"q\\"\\t")'),
]


@pytest.mark.parametrize("args,message", WASI_BAD, ids=[" ".join(a) for a, _ in WASI_BAD])
def test_bad_input_exit_2(args, message):
    r = run_wasi(args)
    assert (r.returncode, r.stderr, r.stdout) == (2, f"integration2d: {message}\n", "")


def case_args(case):
    """The command line for one case of bad-expressions.json: its field set, the other inputs its own or the defaults."""
    d = {**BAD["defaults"], **{k: case[k] for k in ("integrand", "domain") if k in case}}
    d[case["field"]] = case["text"]
    return [f"--integrand={d['integrand']}", f"--domain={d['domain']}", f"--nx={d['nx']}", f"--ny={d['ny']}"]


def test_every_refused_text_gives_the_kernels_message_exit_2():
    """Every case, in this process: exit 2, one line naming the option, the kernel's message exactly."""
    assert len(BAD["cases"]) >= 90
    for case in BAD["cases"]:
        r = run_wasi(case_args(case))
        flag = FLAG[case["field"]]
        expected = f"integration2d: option {flag}: {case['message']}\n"
        if case["field"] in ("nx", "ny"):  # 0, -1, 10000001: the command's own integer check refuses them first
            expected = f'integration2d: option {flag} must be an integer from 1 to 10000000 (got "{case["text"]}")\n'
        assert (r.returncode, r.stdout, r.stderr) == (2, "", expected), case


def test_refused_texts_through_the_module_entry_point():
    """A few cases (each field) through `python -m integration2d.wasi` as a user runs it: the arguments pass as they are."""
    picks = [next(c for c in BAD["cases"] if c["field"] == f and "longer" not in c["message"]) for f in ("integrand", "domain")]
    picks += [c for c in BAD["cases"] if "U+00A0" in c["message"]][:1] + [c for c in BAD["cases"] if "longer" in c["message"]]
    for case in picks:
        r = subprocess.run([sys.executable, "-m", "integration2d.wasi", *case_args(case)], capture_output=True,
                           text=True, timeout=120, env=env(), cwd=ROOT)
        assert (r.returncode, r.stdout, r.stderr.count("\n")) == (2, "", 1), case
        assert f"option {FLAG[case['field']]}" in r.stderr and case["message"] in r.stderr, case


def test_list_version_help():
    meta = Kernel("simd").meta  # the kernel's metadata JSON: what every host's --list prints
    assert run_wasi(["--list"]).stdout == (
        f"catalog: {', '.join(meta['integrands'])}\nfunctions: {' '.join(meta['functions'])}\n"
        f"constants: {' '.join(meta['constants'])}\nvariables: {' '.join(meta['variables'])}\n")
    assert run_wasi(["--list"]).stdout.startswith("catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)\nfunctions: sin cos tan ")
    pkg = json.loads((ROOT / "package.json").read_text())
    assert run_wasi(["--version"]).stdout == f"integration2d {pkg['version']} (kernel ABI 2)\n"
    assert "--domain" in run_wasi(["--help"]).stdout


def test_ctrl_c_stops_the_command_at_once_with_exit_130():
    """The command runs on a thread and is stopped by an epoch tick; the main thread was stuck in the wasm call."""
    import signal
    import time
    p = subprocess.Popen([sys.executable, "-m", "integration2d.wasi", "-n", "40000"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    time.sleep(1.5)  # compiled and well into a run of several seconds
    assert p.poll() is None
    t = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    elapsed_ms = 1000 * (time.monotonic() - t)
    print(f"\n  WASI command: SIGINT → exit in {elapsed_ms:.0f} ms")
    assert (p.returncode, out, err) == (130, "", "integration2d: cancelled: interrupted (Ctrl-C)\n")
    assert elapsed_ms < 5000


@pytest.mark.parametrize("args", [["-n", "10"], ["--json", "-n", "10"], ["--list"], ["--help"], ["--version"]])
def test_output_that_cannot_be_written_fails_with_one_line(args):
    """The command's own fd_write loop (assembly/wasi/main.ts): the shim's write trapped (`unreachable`)."""
    (_, full_code, full_err), (_, pipe_code, pipe_err) = run_unwritable([sys.executable, "-m", "integration2d.wasi", *args])
    assert (full_code, full_err) == (1, "integration2d: cannot write the output: No space left on device\n")
    # wasmtime gives the guest EIO for a pipe with no reader (node:wasi gives EPIPE)
    assert (pipe_code, pipe_err) == (1, "integration2d: cannot write the output: Input/output error\n")


def test_an_argument_that_is_not_utf8_is_one_line_exit_2():
    r = subprocess.run([sys.executable, "-m", "integration2d.wasi", "-n", "10", "-f", b"sin(\xff)"], capture_output=True,
                       timeout=120, env=env(), cwd=ROOT)
    assert (r.returncode, r.stdout) == (2, b"")
    assert r.stderr == b"integration2d: argument 4 is not valid UTF-8 (got 'sin(\\xff)')\n"
