"""The CLI contract: same options, output, record and messages as the Node CLI."""
import json
import re
import struct

import pytest

import sys

from conftest import VECTORS, run_node, run_py, run_unwritable, without_rules_fields
from integration2d.record import format_e, js_number, to_fixed2, value_of_bits

SEED_LINE = re.compile(r"^Integral value is -?\d\.\d{6}e[+-]\d{2}, Error is \d\.\d{6}e[+-]\d{2}$")


def test_human_output_matches_node():
    py = run_py(["-n", "1000", "-w", "2"])
    node = run_node(["-n", "1000", "-w", "2"])
    assert py.returncode == 0, py.stderr
    assert py.stderr == ""
    lines = py.stdout.rstrip("\n").split("\n")
    assert len(lines) == 3
    assert SEED_LINE.match(lines[0])
    assert re.fullmatch(r"Time spent: \d+\.\d\d sec", lines[1])
    v = next(v for v in VECTORS if v["nx"] == 1000 and v["integrand"] == "sin(x+y)")
    assert lines[2] == f"Scheme threads, workers 2, kernel simd, n 1000x1000, integrand sin(x+y), bits {v['bits']['simd']}"
    nlines = node.stdout.rstrip("\n").split("\n")
    assert lines[0] == nlines[0] and lines[2] == nlines[2]


@pytest.mark.parametrize("args", [
    ["-n", "1000", "-s", "serial"],
    ["-f", "sin(x)*cos(y)", "--domain=-pi/2,3pi/4,-1,2.5", "--nx", "257", "--ny", "99", "-s", "processes", "-w", "3", "-k", "scalar"],
    ["-f", "x*y", "--domain=-3.5,2.25,1e-3,4", "--nx", "100", "--ny", "1", "-s", "threads", "-w", "2"],
    ["-f", "exp(x+y)", "--domain=-2,0.5,-1,1", "--nx=123", "--ny=77", "-s", "serial"],
    ["-f", "1/(1+x+y)", "-d", "0,1,0,1", "-n", "300", "-s", "threads", "-w", "5"],
    ["-n", "3", "-d", "0,1e-300,0,1e300", "-s", "serial"],
])
def test_json_matches_node(args):
    py = run_py(["--json", *args])
    node = run_node(["--json", *args])
    assert py.returncode == 0 and node.returncode == 0, py.stderr + node.stderr
    lines = py.stdout.strip().split("\n")
    assert len(lines) == 1
    r, n = json.loads(lines[0]), json.loads(node.stdout)
    assert list(r) == without_rules_fields(n)  # same fields, same order (the rules' come later to Python)
    assert list(r["phases"]) == ["startup_s", "compute_s"]
    for key in ("value", "bits", "exact", "error", "integrand", "domain", "nx", "ny", "scheme", "workers", "kernel"):
        assert r[key] == n[key], key
    assert r["value"] == value_of_bits(r["bits"])
    assert r["runtime"]["name"] == "python-wasmtime"
    assert re.fullmatch(r"wasmtime \d+\.\d+\.\d+, \w+ \d+\.\d+\.\d+", r["runtime"]["version"])
    assert 0 < r["time_s"] < 60
    # the text itself, apart from runtime and timings, is what JSON.stringify wrote
    strip = lambda s: re.sub(r',"runtime".*', "", s.strip())
    assert strip(py.stdout) == strip(node.stdout)


def test_list_version_help():
    assert run_py(["--list"]).stdout.startswith("catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)\n")
    assert re.fullmatch(r"integration2d \d+\.\d+\.\d+ \(kernel ABI 2\)\n", run_py(["--version"]).stdout)
    h = run_py(["--help"])
    assert h.returncode == 0
    for flag in ["--n", "--nx", "--ny", "--workers", "--scheme", "--kernel", "--integrand", "--domain", "--json", "--list", "mpi"]:
        assert flag in h.stdout, flag


def test_start_runs_three_schemes_with_the_same_bits():
    r = run_py(["start", "-n", "300", "-w", "2"])
    assert r.returncode == 0, r.stderr
    rows = [l for l in r.stdout.split("\n") if re.match(r"^(serial|threads|processes)\s+\d", l)]
    assert len(rows) == 3 and len({l.split()[-1] for l in rows}) == 1
    assert "All 3 schemes gave the same bits." in r.stdout


def test_compare_pure_runs_both_on_the_same_problem():
    r = run_py(["--compare-pure", "--json", "-n", "200", "-s", "serial"])
    assert r.returncode == 0, r.stderr
    o = json.loads(r.stdout)
    assert o["kernel"]["nx"] == 200 and o["kernel"]["ny"] == 200
    # the plain running sum and the compensated kernel agree to well within the rule's own error
    assert abs(o["pure"]["value"] - o["kernel"]["value"]) < 1e-12
    assert o["pure"]["time_s"] > 0 and o["speedup"] > 0
    h = run_py(["--compare-pure", "-n", "100", "-f", "x*y", "-d", "0,1,0,2"])
    assert "# pure Python" in h.stdout and "Kernel speedup over pure Python" in h.stdout
    assert len([l for l in h.stdout.split("\n") if SEED_LINE.match(l)]) == 2


INT = lambda flag, got: f'option {flag} must be an integer from 1 to 10000000 (got "{got}")'
WORKERS = lambda got: f'option -w/--workers must be an integer from 1 to 256 (got "{got}")'
SCHEME = lambda got: f'option -s/--scheme must be one of serial, threads, processes, mpi (got "{got}")'

BAD = [
    (["-n", "abc"], INT("-n/--n", "abc")),
    (["-n", "0"], INT("-n/--n", "0")),
    (["-n", "1.5"], INT("-n/--n", "1.5")),
    (["--n=-5"], INT("-n/--n", "-5")),
    (["-n", "10000001"], INT("-n/--n", "10000001")),
    (["-n", "1e3"], INT("-n/--n", "1e3")),
    (["-n", ""], INT("-n/--n", "")),
    (["--nx", "0x10"], INT("--nx", "0x10")),
    (["--ny", "99999999999"], INT("--ny", "99999999999")),
    (["--ny", "NaN"], INT("--ny", "NaN")),
    (["--nx", "٣"], INT("--nx", "٣")),  # a non-ASCII digit: JS \d refuses it, so must we
    (["-w", "0"], WORKERS("0")),
    (["-w", "257"], WORKERS("257")),
    (["-w", "two"], WORKERS("two")),
    (["--workers=-1"], WORKERS("-1")),
    (["-s", "Threads"], SCHEME("Threads")),
    (["-s", "cuda"], SCHEME("cuda")),
    (["-s", "serial", "-w", "2"], 'option -w/--workers must be 1 with --scheme serial (got "2")'),
    (["-k", "relaxed"], 'option -k/--kernel must be one of simd, scalar (got "relaxed")'),
    (["--bogus"], "unknown option --bogus (see --help)"),
    (["-x"], "unknown option -x (see --help)"),
    (["-n"], 'option -n/--n needs a value; for a value starting with "-" write --n=VALUE'),
    (["-d", "-pi,0,0,1"], 'option -d/--domain needs a value; for a value starting with "-" write --domain=VALUE'),
    (["--json=yes"], "option --json takes no value"),
    (["extra"], 'unknown command "extra" (commands: start, bench)'),
    (["-n", "10", "extra"], 'unexpected argument "extra" (see --help)'),
    (["start", "-n", "0"], INT("-n/--n", "0")),
    (["start", "--scheme", "threads"], "unknown option --scheme (see --help)"),
]


# The integrand's and the domain's refusals are the kernel's: test_expressions.py checks them against the case file.
@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exit_2_one_line(args, message):
    r = run_py(args)
    assert r.returncode == 2, r.stderr
    assert r.stderr == f"integration2d: {message}\n"
    assert r.stdout == ""
    # Python adds mpi to the schemes and has no serve command; everything else is Node's text, word for word
    if "scheme must be one of" not in message and "unknown command" not in message:
        n = run_node(args)
        assert (n.returncode, n.stderr) == (2, r.stderr)


def test_bad_input_count():
    assert len(BAD) >= 10


def test_json_with_bad_input_prints_nothing_on_stdout():
    r = run_py(["--json", "-w", "0"])
    assert (r.returncode, r.stdout) == (2, "")


def test_a_killed_worker_process_fails_the_run_with_exit_1():
    r = run_py(["-s", "processes", "-w", "3", "-n", "500"], extra_env={"INTEGRATION2D_TEST_KILL_WORKER": "1"})
    assert r.returncode == 1
    assert re.fullmatch(r"integration2d: run failed: worker 1: process \d+ was killed by SIGKILL\n", r.stderr)
    assert r.stdout == ""


@pytest.mark.parametrize("args", [["-n", "100"], ["--json", "-n", "100", "-s", "processes", "-w", "2"], ["--list"],
                                  ["--help"], ["--version"], ["start", "-n", "50"]])
def test_output_that_cannot_be_written_fails_with_one_line(args):
    """A full disk or a reader gone: the result is lost, so exit 1 and the other hosts' line, no traceback."""
    (_, full_code, full_err), (_, pipe_code, pipe_err) = run_unwritable([sys.executable, "-m", "integration2d", *args])
    assert (full_code, full_err) == (1, "integration2d: cannot write the output: No space left on device\n")
    assert (pipe_code, pipe_err) == (1, "integration2d: cannot write the output: Broken pipe\n")


def test_formatting_matches_javascript():
    """js_number, format_e and to_fixed2 against Node itself on awkward values (ties, tiny, huge, -0)."""
    import shutil
    import subprocess
    node = shutil.which("node")
    if node is None:
        pytest.skip("node missing")
    values = [0.1, -0.0, 1e21, 1e-7, 123456789012345680000.0, 1.5e-6, 1e-6, 5e-324, 1.7976931348623157e308,
              12345675.0, 12345665.0, 0.125, 1.0000005, 2.5, 0.005, 1.005, 4.898587196589413e-16, 3.0, -28.749998203125003,
              0.015, 0.025, 1.2345e-5, 7.0e22, 100.0, 123.456, 2**53, 2**70]
    script = ("const v=JSON.parse(process.argv[1]);"
              "const fe=(x)=>{const [m,e]=x.toExponential(6).split('e');return `${Object.is(x,-0)?'-':''}${m}e${e.startsWith('-')?'-':'+'}${e.replace(/^[+-]/,'').padStart(2,'0')}`};"
              "console.log(JSON.stringify(v.map(x=>[JSON.stringify(x),fe(x),x.toFixed(2)])))")
    out = json.loads(subprocess.run([node, "-e", script, json.dumps(values)], capture_output=True, text=True).stdout)
    for x, (js, fe, fixed) in zip(values, out):
        assert (js_number(x), format_e(x), to_fixed2(x)) == (js, fe, fixed), x


@pytest.mark.parametrize("scheme", ["serial", "threads", "processes"])
def test_ctrl_c_exits_130_promptly(scheme):
    import signal
    import subprocess
    import sys
    import time
    from conftest import ROOT, env
    args = [sys.executable, "-m", "integration2d", "-n", "60000", "-s", scheme] + ([] if scheme == "serial" else ["-w", "2"])
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    time.sleep(1.5)  # well inside a run of several seconds
    assert p.poll() is None
    t = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    elapsed_ms = 1000 * (time.monotonic() - t)
    print(f"\n  {scheme}: SIGINT → exit in {elapsed_ms:.0f} ms")
    assert (p.returncode, out, err) == (130, "", "integration2d: cancelled: interrupted (Ctrl-C)\n")
    assert elapsed_ms < 5000


TOO_LONG = lambda flag, size: f"option {flag} is too long ({size} bytes; at most 4096)"
# Python's own edges: int()'s grammar and limits, the length cap (the kernel's, in its words, for -f and -d).
PY_BAD = [
    (["-n", "9" * 4301], TOO_LONG("-n/--n", 4301)),  # int() would raise its own 4300-digit error (exit 1)
    (["--nx", "1" * 5000], TOO_LONG("--nx", 5000)),
    (["--ny=" + "0" * 4097], TOO_LONG("--ny", 4097)),
    (["-w", "2" * 4097], TOO_LONG("-w/--workers", 4097)),
    (["-f", "x" * 4097], "option -f/--integrand: text longer than 4096 bytes (4097 bytes)"),
    (["-d", "1" * 10000], "option -d/--domain: text longer than 4096 bytes (10000 bytes)"),  # past the text area
    (["-s", "é" * 2049], TOO_LONG("-s/--scheme", 4098)),  # bytes, not characters
    (["-k", "s" * 4097], TOO_LONG("-k/--kernel", 4097)),
    (["start", "-n", "9" * 5000], TOO_LONG("-n/--n", 5000)),
    (["bench", "-r", "9" * 5000], TOO_LONG("-r/--repeat", 5000)),
    (["-n", "1_000"], INT("-n/--n", "1_000")),  # int() takes it
    (["-n", "\u00a05"], INT("-n/--n", "\u00a05")),  # only ASCII whitespace around an integer
    (["--nx", "5\u2003"], INT("--nx", "5\u2003")),
    (["--ny", "\uff15"], INT("--ny", "\uff15")),  # a fullwidth 5: int() takes it
    (["-n", "1" + "0" * 4000], INT("-n/--n", "1" + "0" * 4000)),
]


@pytest.mark.parametrize("args,message", PY_BAD, ids=[" ".join(a)[:40] for a, _ in PY_BAD])
def test_python_edges_exit_2_naming_the_option(args, message):
    r = run_py(args)
    assert (r.returncode, r.stderr, r.stdout) == (2, f"integration2d: {message}\n", "")


def test_integers_take_ascii_space_a_plus_and_leading_zeros():
    r = run_py(["--json", "-s", "serial", "-n", " +0003\t", "--nx=\n7 "])
    assert r.returncode == 0, r.stderr
    assert (json.loads(r.stdout)["nx"], json.loads(r.stdout)["ny"]) == (7, 3)


OVERFLOW = "the integral overflows: the sum of f over the grid ({}) times the cell area (1e+196) is beyond the largest double"


@pytest.mark.parametrize("scheme", ["serial", "threads", "processes"])
@pytest.mark.parametrize("args,words", [
    (["-f", "exp(x+y)", "-d", "0,700,0,700"], "integrand is not finite at x = 17.5, y = 696.5 (value Inf)"),
    (["-f", "x*y", "-d", "0,1e100,0,1e100"], OVERFLOW.format("2.5e+203")),  # every point finite, the sum overflows
    (["-f", "x*y", "--domain=-1e100,0,0,1e100"], OVERFLOW.format("-2.5e+203")),
])
def test_a_value_that_is_not_finite_fails_the_run(scheme, args, words):
    r = run_py(["--json", "-n", "100", "-s", scheme, *args] + ([] if scheme == "serial" else ["-w", "2"]))
    assert (r.returncode, r.stdout) == (1, "")  # no record
    assert r.stderr == f"integration2d: run failed: {words}\n"
