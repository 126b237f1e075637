"""The WASI command build (dist/kernel/wasi.wasm) under wasmtime: simd bits for every vector, the CLI's
messages, and numbers parsed and printed exactly as JavaScript does."""
import json
import os
import random
import tempfile
import re
import subprocess
import sys

import pytest

from conftest import ROOT, VECTORS, env, run_node, vector_id
from integration2d import wasi
from integration2d.kernel import wasm_path
from integration2d.record import js_number, value_of_bits, bits_of, format_e

try:
    WASI = wasm_path("wasi")
except FileNotFoundError:
    WASI = None
pytestmark = pytest.mark.skipif(WASI is None, reason="dist/kernel/wasi.wasm not built (npm run build)")


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


@pytest.mark.parametrize("v", VECTORS, ids=vector_id)
def test_every_vector_gives_the_simd_bits(v):
    r = run_wasi(["--json", "-f", v["integrand"], f"--domain={v['domain_text']}", "--nx", str(v["nx"]), "--ny", str(v["ny"])])
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["bits"] == v["bits"]["simd"]
    assert rec["value"] == value_of_bits(rec["bits"])
    assert rec["exact"] == v["exact"]
    assert [bits_of(x) for x in rec["domain"]] == [bits_of(x) for x in v["domain"]]
    assert (rec["scheme"], rec["workers"], rec["kernel"], rec["runtime"]["name"]) == ("serial", 1, "simd", "wasi")


def test_json_text_is_what_node_writes():
    args = ["-f", "sin(x)*cos(y)", "--domain=-pi/2,3pi/4,-1,2.5", "--nx", "257", "--ny", "99"]
    w, n = run_wasi(["--json", *args]), run_node(["--json", "-s", "serial", *args])
    strip = lambda s: re.sub(r',"runtime".*', "", s.strip())
    assert strip(w.stdout) == strip(n.stdout)
    assert list(json.loads(w.stdout)) == list(json.loads(n.stdout))


def test_human_lines():
    r = run_wasi(["-n", "1000"])
    lines = r.stdout.rstrip("\n").split("\n")
    v = next(v for v in VECTORS if v["nx"] == 1000 and v["integrand"] == "sin(x+y)")
    assert lines[0] == f"Integral value is {format_e(value_of_bits(v['bits']['simd']))}, Error is {format_e(abs(value_of_bits(v['bits']['simd']) - v['exact']))}"
    assert re.fullmatch(r"Time spent: \d+\.\d\d sec", lines[1])
    assert lines[2] == f"Scheme serial, workers 1, kernel simd, n 1000x1000, integrand sin(x+y), bits {v['bits']['simd']}"


def test_decimal_bounds_parse_to_the_doubles_javascript_gives():
    """AssemblyScript's parseFloat is not correctly rounded; the command corrects it. 400 awkward decimals."""
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
        r = run_wasi(["--json", "-n", "1", "-f", "x*y", f"--domain={doms}"])
        if sorted(values[:2]) != values[:2] or values[0] == values[1] or values[2] >= values[3]:
            assert r.returncode == 2, (doms, r.stdout)
            assert "needs ax < bx and ay < by" in r.stderr
            continue
        assert r.returncode == 0, (doms, r.stderr)
        rec = json.loads(r.stdout)
        assert [bits_of(x) for x in rec["domain"]] == [bits_of(x) for x in values], doms
        # and printed as JSON.stringify prints them (shortest round-trip digits, JS layout)
        assert re.search(r'"domain":\[([^\]]*)\]', r.stdout).group(1) == ",".join(js_number(x) for x in values), doms


WASI_BAD = [
    (["-n", "abc"], 'option -n/--n must be an integer from 1 to 10000000 (got "abc")'),
    (["--nx", "0x10"], 'option --nx must be an integer from 1 to 10000000 (got "0x10")'),
    (["--ny", "99999999999"], 'option --ny must be an integer from 1 to 10000000 (got "99999999999")'),
    (["-w", "2"], 'option -w/--workers must be 1 with --scheme serial (got "2")'),
    (["-w", "0"], 'option -w/--workers must be an integer from 1 to 256 (got "0")'),
    (["-s", "threads"], 'option -s/--scheme must be one of serial (got "threads")'),
    (["-k", "scalar"], 'option -k/--kernel must be one of simd (got "scalar")'),
    (["-f", "cos(x)"], 'option -f/--integrand must be one of sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y) (got "cos(x)")'),
    (["-d", "0,pi/0,0,1"], 'option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got "0,pi/0,0,1")'),
    (["-d", "0,1e400,0,1"], 'option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got "0,1e400,0,1")'),
    (["-d", "1,0,0,1"], 'option -d/--domain needs ax < bx and ay < by (got "1,0,0,1")'),
    (["-f", "1/(1+x+y)", "--domain=-1,0,-1,0"], 'option -d/--domain: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got "-1,0,-1,0")'),
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


def test_list_version_help():
    assert run_wasi(["--list"]).stdout == "sin(x+y)\nsin(x)*cos(y)\nexp(x+y)\nx*y\n1/(1+x+y)\n"
    pkg = json.loads((ROOT / "package.json").read_text())
    assert run_wasi(["--version"]).stdout == f"integration2d {pkg['version']} (kernel ABI 1)\n"
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


def test_an_argument_that_is_not_utf8_is_one_line_exit_2():
    r = subprocess.run([sys.executable, "-m", "integration2d.wasi", "-n", "10", "-f", b"sin(\xff)"], capture_output=True,
                       timeout=120, env=env(), cwd=ROOT)
    assert (r.returncode, r.stdout) == (2, b"")
    assert r.stderr == b"integration2d: argument 4 is not valid UTF-8 (got 'sin(\\xff)')\n"
