#!/usr/bin/env python3
"""Tests of the C host (make -C host/c check): runs ./integration2d as a user would and asserts
  - every vector of test/vectors.json and test/vectors-expr.json, bit for bit, with the scalar build (the only
    one wasm2c 1.0.32 can translate), the problem handed over as text: serial, threads, mpi with 2 (and 4) ranks;
  - the library's API (build/library_test: every status and message, a trap, a cancel mid-run); the install
    of the library and a program built against it are test/install_test.py's, which `make check` runs next;
  - the ABI 2 wrappers of src/kernel.c (build/define_test): every case of test/cases/bad-expressions.json (code,
    field, column, message) and every expression vector (catalog, bounds, exact, bits);
  - the record: fields in order, domain and exact as the vectors say (exact null without a closed form), JSON
    numbers as JavaScript prints them;
  - the CLI contract: every bad expression case through the CLI (exit 2, one line naming the option, the case's
    message), other bad inputs with the Node CLI's words (compared with the Node CLI itself where the message
    does not depend on the host's schemes/kernels, and with a fixed text otherwise), a run that is not finite
    fails with the kernel's diagnosis (exit 1);
  - MPI failure paths: bad or differing options or kernels on one rank, a rank killed mid-run: non-zero exit,
    a clear message, no hang; Ctrl-C exits 130.
Exit status 0 only if every check passed. Run from anywhere; INTEGRATION2D_TEST_QUICK=1 skips the n=10000 vector."""

import json
import math
import os
import re
import shutil
import signal
import struct
import subprocess
import time

from mpi_ctrl_c import ctrl_c_on_mpirun, mpirun_ranks

HERE = os.path.dirname(os.path.abspath(__file__))
CDIR = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(CDIR))
CLI = os.environ.get("INTEGRATION2D_C_CLI") or os.path.join(CDIR, "integration2d")
NODE_CLI = os.path.join(ROOT, "dist", "node", "cli.js")
NODE = shutil.which("node") if os.path.exists(NODE_CLI) else None
MPIRUN = shutil.which("mpirun")
MPI = [MPIRUN, "--allow-run-as-root", "--oversubscribe"] if MPIRUN else None
QUICK = os.environ.get("INTEGRATION2D_TEST_QUICK") == "1"

from checks import check, finish


def run(args, timeout=120, cmd=None):
    t0 = time.monotonic()
    r = subprocess.run((cmd or [CLI]) + args, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr, time.monotonic() - t0


def node(args):
    r = subprocess.run([NODE, NODE_CLI] + args, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def problem_args(v):
    return ["--nx", str(v["nx"]), "--ny", str(v["ny"]), f"--integrand={v['integrand']}", f"--domain={v['domain_text']}",
            "-k", "scalar", "--json"]


def record(stdout):
    lines = [l for l in stdout.splitlines() if l.strip()]
    assert len(lines) == 1, f"expected one JSON line, got {stdout!r}"
    return json.loads(lines[0])


FIELDS = ["value", "bits", "exact", "error", "integrand", "domain", "nx", "ny", "scheme", "workers", "kernel",
          "runtime", "time_s", "phases"]


def check_vector(label, v, args, cmd=None, workers=None):
    code, out, err, _ = run(problem_args(v) + args, cmd=cmd)
    name = f"{label} {v['integrand']} [{v['domain_text']}] {v['nx']}x{v['ny']}"
    if code != 0:
        return check(name, False, f"exit {code}: {err.strip()}")
    r = record(out)
    want = v["bits"]["scalar"]
    check(name + " bits", r["bits"] == want, f"got {r['bits']}, want {want}")
    check(name + " domain", r["domain"] == v["domain"], f"got {r['domain']}, want {v['domain']}")
    check(name + " exact", r["exact"] == v["exact"], f"got {r['exact']!r}, want {v['exact']!r}")
    if workers is not None:
        check(name + " workers", r["workers"] == min(workers, v["nx"]), f"record says {r['workers']}")


vectors = json.load(open(os.path.join(ROOT, "test", "vectors.json")))["vectors"]
small = [v for v in vectors if v["nx"] * v["ny"] <= 4_000_000]
big = [v for v in vectors if v["nx"] * v["ny"] > 4_000_000]
expr_vectors = json.load(open(os.path.join(ROOT, "test", "vectors-expr.json")))["vectors"]
bad_cases = json.load(open(os.path.join(ROOT, "test", "cases", "bad-expressions.json")))
OPTION = {"integrand": "-f/--integrand", "domain": "-d/--domain", "nx": "--nx", "ny": "--ny"}

# --- vectors, every scheme -------------------------------------------------------------------------------
for v in vectors if not QUICK else small:
    check_vector("serial", v, ["-s", "serial"], workers=1)
for w in (1, 2, 3, 4):
    for v in small:
        check_vector(f"threads w={w}", v, ["-s", "threads", "-w", str(w)], workers=w)
for v in big if not QUICK else []:
    check_vector("threads w=2", v, ["-s", "threads", "-w", "2"], workers=2)
# The domain as numbers, written as text the shortest way that reads back (Python's repr, C's "%.17g"):
# the same doubles, so the same bits.
for v in small:
    check_vector("serial, domain from its numbers", dict(v, domain_text=",".join(map(repr, map(float, v["domain"])))),
                 ["-s", "serial"], workers=1)

# --- expressions (ABI 2): every vector, serial and threads -----------------------------------------------
for v in expr_vectors:
    check_vector("expr serial", v, ["-s", "serial"], workers=1)
    for w in (2, 3):
        check_vector(f"expr threads w={w}", v, ["-s", "threads", "-w", str(w)], workers=w)

# The wrappers themselves (src/kernel.h), one process for all: what define, errorField, errorColumn, message,
# bound, catalogId, exactValue and combine return.
def define_all(problems):
    """[(integrand, domain, nx, ny)] → one dict per problem from build/define_test."""
    feed = b""
    for f, d, nx, ny in problems:
        fb, db = f.encode(), d.encode()
        feed += f"{nx} {ny} {len(fb)} {len(db)}\n".encode() + fb + db + b"\n"
    r = subprocess.run([os.path.join(CDIR, "build", "define_test")], input=feed, capture_output=True, timeout=300)
    rows = r.stdout.decode().split("\n")[:-1]
    assert r.returncode == 0 and len(rows) == len(problems), f"define_test: exit {r.returncode}, {len(rows)} rows, {r.stderr!r}"
    out = []
    for row in rows:
        code, field, column, catalog, *doubles, message = row.split("\t")
        bits = ["0x" + d for d in doubles]
        as_float = lambda b: struct.unpack(">d", bytes.fromhex(b[2:]))[0]
        out.append({"code": int(code), "field": int(field), "column": int(column), "catalog": int(catalog),
                    "domain": [as_float(b) for b in bits[:4]], "exact": as_float(bits[4]), "bits": bits[5],
                    "message": message})
    return out


defaults = bad_cases["defaults"]


def case_inputs(c):
    """(integrand, domain, nx, ny) texts of a bad-expression case: its field's text, the rest from defaults."""
    i = {"integrand": c.get("integrand", defaults["integrand"]), "domain": c.get("domain", defaults["domain"]),
         "nx": str(defaults["nx"]), "ny": str(defaults["ny"])}
    i[c["field"]] = c["text"]
    return i


FIELD = ["integrand", "domain", "nx", "ny"]
got = define_all([(i["integrand"], i["domain"], int(i["nx"]), int(i["ny"])) for i in map(case_inputs, bad_cases["cases"])])
for c, g in zip(bad_cases["cases"], got):
    want = (c["code"], c["field"], c["column"], c["message"])
    have = (g["code"], FIELD[g["field"]] if 0 <= g["field"] < 4 else g["field"], g["column"], g["message"])
    check(f"kernel_define refuses {c['field']} {c['text'][:40]!r}", have == want, f"got {have}, want {want}")

got = define_all([(v["integrand"], v["domain_text"], v["nx"], v["ny"]) for v in expr_vectors + small])
for v, g in zip(expr_vectors + small, got):
    name = f"kernel_define {v['integrand'][:40]} [{v['domain_text']}] {v['nx']}x{v['ny']}"
    check(name + ": bits", g["code"] == 0 and g["bits"] == v["bits"]["scalar"], f"got {g}, want {v['bits']['scalar']}")
    check(name + ": bounds", g["domain"] == v["domain"], f"got {g['domain']}")
    exact = None if math.isnan(g["exact"]) else g["exact"]
    check(name + ": exact", exact == v["exact"] and g["message"] == "", f"got {g['exact']!r} {g['message']!r}, want {v['exact']!r}")
    if "catalog" in v:
        check(name + ": catalog", g["catalog"] == v["catalog"], f"got {g['catalog']}, want {v['catalog']}")

# --- the record ------------------------------------------------------------------------------------------
code, out, err, _ = run(["-n", "64", "--json", "-s", "serial"])
r = record(out)
check("record fields in the contract's order", list(r) == FIELDS, f"got {list(r)}")
check("record runtime", r["runtime"]["name"] == "c-wasm2c" and re.fullmatch(r"gcc [\d.]+, wabt [\d.]+.*", r["runtime"]["version"]) is not None, f"got {r['runtime']}")
check("record bits format", re.fullmatch(r"0x[0-9a-f]{16}", r["bits"]) is not None, r["bits"])
check("record time_s = startup + compute", abs(r["time_s"] - (r["phases"]["startup_s"] + r["phases"]["compute_s"])) < 1e-12, str(r))
check("record kernel scalar", r["kernel"] == "scalar", r["kernel"])

code, out, err, _ = run(["-n", "300", "-s", "serial"])
lines = out.splitlines()
check("human output: the seed's two lines + settings", code == 0 and len(lines) == 3
      and re.fullmatch(r"Integral value is -?\d\.\d{6}e[+-]\d\d, Error is \d\.\d{6}e[+-]\d\d", lines[0]) is not None
      and re.fullmatch(r"Time spent: \d+\.\d\d sec", lines[1]) is not None
      and re.fullmatch(r"Scheme serial, workers 1, kernel scalar, n 300x300, integrand sin\(x\+y\), bits 0x[0-9a-f]{16}", lines[2]) is not None,
      repr(out))

LIST = ("catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)\n"
        "functions: sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp expm1 log log1p log2 log10 sqrt cbrt "
        "abs floor ceil sign atan2 pow hypot min max if\n"
        "constants: pi e\n"
        "variables: x y\n")
code, out, err, _ = run(["--list"])
check("--list: the kernel's catalog and language, in every host's format", code == 0 and out == LIST and err == "", repr(out + err))
if NODE:
    check("--list: the same text as the Node CLI's", node(["--list"])[1] == out, repr(node(["--list"])))

# An expression equal to a catalog entry, not spelt as one, takes the evaluator and gives the same bits.
code, out, err, _ = run(["-f", "sin(y + x)", "--domain=-pi,pi/2,0,2pi", "--nx", "301", "--ny", "157", "-s", "serial", "--json"])
code2, out2, err2, _ = run(["-f", "sin(x+y)", "--domain=-pi,pi/2,0,2pi", "--nx", "301", "--ny", "157", "-s", "serial", "--json"])
check("sin(y + x) gives the bits of sin(x+y), without its closed form", code == 0 and code2 == 0
      and record(out)["bits"] == record(out2)["bits"] == "0xbc04d5d308be928d" and record(out)["exact"] is None
      and record(out2)["exact"] == 3.4450928483976665e-16, out + err + out2 + err2)

# No closed form: the human line says so, the record has exact and error null.
GAUSS = ["-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "200"]
for scheme in ("serial", "threads"):
    code, out, err, _ = run(GAUSS + ["-s", scheme])
    check(f"no closed form, human ({scheme})", code == 0 and out.splitlines()[0] == "Integral value is 3.112279e+00, Error is unknown (no closed form)"
          and out.splitlines()[2].endswith("integrand exp(-(x^2 + y^2)), bits 0x4008e5f27f955b9b"), repr(out + err))
    code, out, err, _ = run(GAUSS + ["-s", scheme, "--json"])
    r = record(out) if code == 0 else {}
    check(f"no closed form, --json ({scheme})", code == 0 and r["exact"] is None and r["error"] is None and r["bits"] == "0x4008e5f27f955b9b"
          and r["integrand"] == "exp(-(x^2 + y^2))" and r["domain"] == [-2, 2, -2, 2] and '"exact":null,"error":null' in out, repr(out + err))
code, out, err, _ = run(["--version"])
check("--version", code == 0 and re.fullmatch(r"integration2d \S+ \(kernel ABI 2\)\n", out) is not None, repr(out))
code, out, err, _ = run(["-h"])
check("--help", code == 0 and out.startswith("Usage: integration2d") and "mpi" in out and "scalar" in out, out[:200])
code, out, err, _ = run(["start", "-n", "200", "-w", "3"])
check("start: serial then threads, same bits", code == 0 and "# serial" in out and "# threads" in out
      and "All 2 schemes gave the same bits." in out, out + err)

# Same record as the Node CLI (numbers printed as JavaScript prints them), where both run the same build.
if NODE:
    # Problems that the catalog and pi forms of ABI 1 and the language of ABI 2 read alike.
    cases = [["-n", "1000"], ["--nx", "301", "--ny", "157", "--domain=-pi,pi/2,0,2pi"],
             ["-n", "50", "-f", "exp(x+y)", "-d", "0,1,0,1"], ["-n", "7", "-f", "x*y", "--domain=-1,1,-1,1"],
             ["-n", "3", "-d", "0,pi,0,π"], ["-n", "3", "-d", "0.5*pi,2.5pi/3,.5pi,pi/.5"],
             ["-n", "3", "-d", "1e-3,4,+2,3."], ["-n", "3", "-d", " 1e-7 ,1e21,0, 123456789.25 "],
             ["-n", "1", "-f", "sin(x)*cos(y)", "-d", "1000,1001,-2000,-1999"]]
    for c in cases:
        code, out, err, _ = run(c + ["-s", "serial", "--json"])
        ncode, nout, nerr = node(c + ["-s", "serial", "-k", "scalar", "--json"])
        strip = lambda s: re.sub(r',"runtime":.*', "", s.strip())
        check(f"record text equals Node's: {' '.join(c)}", code == 0 and ncode == 0 and strip(out) == strip(nout),
              f"\n     C:    {strip(out)}\n     Node: {strip(nout)}{err}{nerr}")
else:
    print("note: node or dist/node/cli.js missing: skipped the comparisons with the Node CLI")

# --- bad input: exit 2, one line, the contract's message ---------------------------------------------------
fixed = {  # messages that name this host's schemes / kernels / commands
    ("-s", "bogus"): 'option -s/--scheme must be one of serial, threads, mpi (got "bogus")',
    ("-s", "processes"): 'option -s/--scheme must be one of serial, threads, mpi (got "processes")',
    ("-k", "simd"): 'option -k/--kernel must be one of scalar (got "simd")',
    ("foo",): 'unknown command "foo" (commands: start, bench)',
    ("-s", "mpi", "-w", "3"): 'option -w/--workers must be the number of MPI ranks (1) with --scheme mpi (got "3")',
    # Integers: optional ASCII whitespace, optional +, ASCII digits; nothing else (NBSP, other digits, _).
    ("-n", "\u00a010"): 'option -n/--n must be an integer from 1 to 10000000 (got "\u00a010")',
    ("-n", "10\ufeff"): 'option -n/--n must be an integer from 1 to 10000000 (got "10\ufeff")',
    ("--nx", "\uff11\uff10"): 'option --nx must be an integer from 1 to 10000000 (got "\uff11\uff10")',
    ("--ny", "\u0661\u0660"): 'option --ny must be an integer from 1 to 10000000 (got "\u0661\u0660")',
    ("-w", "1_0"): 'option -w/--workers must be an integer from 1 to 256 (got "1_0")',
    # The kernel's refusal behind the option's name (the case file has every message; these show the prefix).
    ("-f", "sin(x+y))"): "option -f/--integrand: unexpected ')' at column 9",
    ("-d", "0,1e308,0,1e308"): "option -d/--domain: the cell area hx*hy is not finite or is zero (hx = 1.0000000000000001e+304, hy = 1.0000000000000001e+304)",
}
shared = {  # the Node CLI's own words (checked against it when it is built)
    ("--foo",): "unknown option --foo (see --help)",
    ("-x",): "unknown option -x (see --help)",
    ("--foo=bar",): "unknown option --foo (see --help)",
    ("-hx",): "unknown option -x (see --help)",
    ("-n",): 'option -n/--n needs a value; for a value starting with "-" write --n=VALUE',
    ("-n", "-5"): 'option -n/--n needs a value; for a value starting with "-" write --n=VALUE',
    ("-d",): 'option -d/--domain needs a value; for a value starting with "-" write --domain=VALUE',
    ("--scheme",): 'option -s/--scheme needs a value; for a value starting with "-" write --scheme=VALUE',
    ("--n=-5",): 'option -n/--n must be an integer from 1 to 10000000 (got "-5")',
    ("-n", "abc"): 'option -n/--n must be an integer from 1 to 10000000 (got "abc")',
    ("-n", "0"): 'option -n/--n must be an integer from 1 to 10000000 (got "0")',
    ("-n", "1.5"): 'option -n/--n must be an integer from 1 to 10000000 (got "1.5")',
    ("-n", "1e3"): 'option -n/--n must be an integer from 1 to 10000000 (got "1e3")',
    ("--nx", "10000001"): 'option --nx must be an integer from 1 to 10000000 (got "10000001")',
    ("--ny=",): 'option --ny must be an integer from 1 to 10000000 (got "")',
    ("-n99999999999999999999",): 'option -n/--n must be an integer from 1 to 10000000 (got "99999999999999999999")',
    ("-nx",): 'option -n/--n must be an integer from 1 to 10000000 (got "x")',
    ("--json=1",): "option --json takes no value",
    ("--help=yes",): "option -h/--help takes no value",
    ("-w", "0", "-s", "serial"): 'option -w/--workers must be an integer from 1 to 256 (got "0")',
    ("-w", "257"): 'option -w/--workers must be an integer from 1 to 256 (got "257")',
    ("-s", "serial", "-w", "2"): 'option -w/--workers must be 1 with --scheme serial (got "2")',
    ("--", "foo"): 'unexpected argument "foo" (see --help)',
    ("-n", "5", "extra"): 'unexpected argument "extra" (see --help)',
    ("-",): 'unexpected argument "-" (see --help)',
    ("start", "--json"): "unknown option --json (see --help)",
    ("-Vn",): 'option -n/--n needs a value; for a value starting with "-" write --n=VALUE',
    ("-hk",): 'option -k/--kernel needs a value; for a value starting with "-" write --kernel=VALUE',
    ("-n=5",): 'option -n/--n must be an integer from 1 to 10000000 (got "=5")',
    ("-s", "serial", "-w2", "-n", "4"): 'option -w/--workers must be 1 with --scheme serial (got "2")',
}
for args, message in list(fixed.items()) + list(shared.items()):
    code, out, err, _ = run(list(args))
    want = f"integration2d: {message}\n"
    check(f"bad input {' '.join(args)!r}: exit 2 + message", code == 2 and err == want and out == "",
          f"exit {code}, stderr {err!r}, want {want!r}")
if NODE:
    for args, message in shared.items():
        ncode, nout, nerr = node(list(args))
        check(f"bad input {' '.join(args)!r}: same words as the Node CLI", ncode == 2 and nerr == f"integration2d: {message}\n",
              f"Node said {nerr!r}")

# Every case of the shared file through the CLI: exit 2, one line naming the option, the kernel's message. nx and
# ny values the CLI's own integer check refuses first get its words (still exit 2, naming the option).
for c in bad_cases["cases"]:
    i = case_inputs(c)
    args = [f"--integrand={i['integrand']}", f"--domain={i['domain']}", f"--nx={i['nx']}", f"--ny={i['ny']}", "-s", "serial"]
    code, out, err, _ = run(args)
    if c["field"] in ("nx", "ny"):
        want = f'integration2d: option {OPTION[c["field"]]} must be an integer from 1 to 10000000 (got "{c["text"]}")\n'
    else:
        want = f"integration2d: option {OPTION[c['field']]}: {c['message']}\n"
    check(f"CLI refuses {c['field']} {c['text'][:40]!r}: exit 2, one line", code == 2 and out == "" and err == want,
          f"exit {code}, stderr {err[:300]!r}, want {want[:300]!r}")

# Texts longer than the kernel's text area (2 x 4096 bytes) cannot be handed over: the host says what the
# kernel says of a text over 4096 bytes (the case file's words, with this length), integrand first.
too_long = {c["field"]: c["message"] for c in bad_cases["cases"] if "text longer than" in c["message"]}
long_f, long_d = "x+" * 4500 + "y", "0,1,0,1" + " " * 9000
for args, field, n in ((["--integrand=" + long_f], "integrand", len(long_f)),
                       (["--integrand=" + long_f, "--domain=" + long_d], "integrand", len(long_f)),
                       (["--integrand=sin(", "--domain=" + long_d], "domain", len(long_d))):
    code, out, err, _ = run(args + ["-n", "10", "-s", "serial"])
    words = re.sub(r"[(]\d+ bytes[)]", f"({n} bytes)", too_long[field])
    want = f"integration2d: option {OPTION[field]}: {words}\n"
    check(f"{field} of {n} bytes (more than the text area holds)", code == 2 and out == "" and err == want,
          f"exit {code}, stderr {err[:200]!r}, want {want!r}")

for args in (["-n", " 12\t"], ["-n", "+12"], ["-n", "\n0012 "]):
    code, out, err, _ = run(args + ["--json", "-s", "serial"])
    check(f"integer {args[1]!r} is 12", code == 0 and record(out)["nx"] == 12, f"exit {code}: {err!r}")

# --- a value that is not finite: the run fails (exit 1) with the kernel's diagnosis, no value printed ---------
NOT_FINITE = [
    (["-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"], "integrand is not finite at x = 0.25, y = 0.25 (value Inf)"),
    (["-f", "log(x - 0.5)", "-d", "0,1,0,1", "--nx", "1", "--ny", "3"], "integrand is not finite at x = 0.5, y = 0.16666666666666666 (value -Inf)"),
    (["-f", "sqrt(x - 0.6)", "-d", "0,1,0,1", "-n", "4"], "integrand is not finite at x = 0.125, y = 0.125 (value NaN)"),
    (["-f", "exp(x+y)", "-d", "0,700,0,700", "-n", "10"], "integrand is not finite at x = 105, y = 665 (value Inf)"),
    (["-f", "x*y", "-d", "0,1e300,0,1e5", "-n", "10"], "the integral overflows: the sum of f over the grid (2.5000000000000003e+306) "
                                                          "times the cell area (1e+303) is beyond the largest double"),
]
for scheme in ("serial", "threads"):
    for args, words in NOT_FINITE:
        for form in ([], ["--json"]):
            code, out, err, _ = run(args + form + ["-s", scheme])
            want = f"integration2d: run failed: {words}\n"
            check(f"not finite: {' '.join(args + form)} -s {scheme}", code == 1 and out == "" and err == want,
                  f"exit {code}, stdout {out!r}, stderr {err!r}")

# --- output that cannot be written: exit 1 and one line, never a result silently lost ----------------------
def with_stdout(args, stdout):
    r = subprocess.run([CLI] + args, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60)
    return r.returncode, r.stderr

for args in (["-n", "100"], ["-n", "100", "--json"], ["--help"], ["--list"], ["--version"], ["start", "-n", "50"]):
    with open("/dev/full", "w") as full:
        code, err = with_stdout(args, full)
    check(f"stdout on /dev/full: {' '.join(args)}", code == 1 and err == "integration2d: cannot write the output: No space left on device\n",
          f"exit {code}, stderr {err!r}")
    r_end, w_end = os.pipe()
    os.close(r_end)  # nobody reads: EPIPE
    code, err = with_stdout(args, w_end)
    os.close(w_end)
    check(f"stdout on a closed pipe: {' '.join(args)}", code == 1 and err == "integration2d: cannot write the output: Broken pipe\n",
          f"exit {code}, stderr {err!r}")

def c_test(name, timeout):
    """build/<name>, a C test program (make check builds it): exit 0 and its summary line '<what>: 0 failed'."""
    path = os.path.join(CDIR, "build", name)
    if not os.path.exists(path):
        return check(f"{name} built (make check builds build/{name})", False, path)
    r = subprocess.run([path], capture_output=True, text=True, timeout=timeout)
    check(f"{name.replace('_', ' ')} (build/{name})", r.returncode == 0 and f"{name.replace('_', ' ')}: 0 failed" in r.stdout,
          r.stdout + r.stderr)


# --- the library's API, every status and message, a trap and a cancel mid-run (test/library_test.c) ----------
c_test("library_test", 120)

# --- a wasm trap returns to the caller (src/kernel.c; test/trap_test.c makes one) ----------------------------
c_test("trap_test", 60)

# Option groups as node:util parseArgs reads them (-abfFILE → -a -b -fFILE): the same action as the Node CLI.
for args, first_line in [(["-hVn-5"], "Usage: integration2d"), (["-Vn100"], "integration2d "), (["-Vw3x"], "integration2d "),
                         (["-hksimd"], "Usage: integration2d"), (["--list", "-n", "5"], "catalog: sin(x+y), ")]:
    code, out, err, _ = run(args)
    check(f"option group {' '.join(args)}", code == 0 and out.startswith(first_line) and err == "", f"exit {code}: {out[:80]!r} {err!r}")
    if NODE:
        ncode, nout, nerr = node(args)
        check(f"option group {' '.join(args)}: Node agrees", ncode == 0 and nout.startswith(first_line), f"Node: {ncode} {nout[:80]!r}")

# --- Ctrl-C ------------------------------------------------------------------------------------------------
for scheme in ("serial", "threads"):
    p = subprocess.Popen([CLI, "-n", "60000", "-s", scheme], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    os.kill(p.pid, signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
        check(f"Ctrl-C ({scheme}) exits 130 with a message", p.returncode == 130
              and err == "integration2d: cancelled: interrupted (Ctrl-C)\n", f"exit {p.returncode}, {err!r}")
    except subprocess.TimeoutExpired:
        p.kill()
        check(f"Ctrl-C ({scheme}) exits 130 with a message", False, "still running 20 s after SIGINT")

# --- MPI ---------------------------------------------------------------------------------------------------
if MPI:
    for np_ in (2, 4):
        for v in small + ([] if QUICK else big):
            check_vector(f"mpi np={np_}", v, ["-s", "mpi"], cmd=MPI + ["-np", str(np_), CLI], workers=np_)
    code, out, err, _ = run(["-n", "3", "-s", "mpi", "--json"], cmd=MPI + ["-np", "4", CLI])
    check("mpi: more ranks than rows still gives the bits, workers = nx", code == 0 and record(out)["workers"] == 3
          and record(out)["bits"] == run(["-n", "3", "-s", "serial", "--json"])[1].split('"bits":"')[1][:18], out + err)

    v = next(v for v in small if v["nx"] == 1000 and v["integrand"] == "sin(x+y)")
    check_vector("mpi without mpirun (singleton, 1 rank)", v, ["-s", "mpi"], workers=1)
    # Each rank defines the problem from the texts: expressions give the vectors' bits over ranks too.
    for v in expr_vectors[::5]:
        check_vector("expr mpi np=2", v, ["-s", "mpi"], cmd=MPI + ["-np", "2", CLI], workers=2)
    code, out, err, _ = run(["--list"], cmd=MPI + ["-np", "3", CLI])
    check("mpi: --list under mpirun prints once", code == 0 and out == LIST, repr(out + err))
    code, out, err, _ = run(["-n", "100", "-s", "serial", "--json"], cmd=MPI + ["-np", "2", CLI])
    check("mpi: a serial run under mpirun runs in each rank", code == 0 and len(out.splitlines()) == 2
          and all(json.loads(l)["bits"] == json.loads(out.splitlines()[0])["bits"] for l in out.splitlines()), repr(out + err))

    def mpi_fails(name, cmd, message, timeout=60):
        t0 = time.monotonic()
        try:
            r = subprocess.run(MPI + cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return check(name, False, f"hung: still running after {timeout} s")
        check(name, r.returncode != 0 and message in r.stderr and r.stdout == "",
              f"exit {r.returncode} after {time.monotonic() - t0:.1f} s; stderr {r.stderr!r}; stdout {r.stdout!r}")

    mpi_fails("mpi: bad input on rank 1 ends the job", ["-np", "1", CLI, "-s", "mpi", "-n", "100", ":", "-np", "1", CLI, "-s", "mpi", "-n", "abc"],
              'integration2d: rank 1: option -n/--n must be an integer from 1 to 10000000 (got "abc")\n')
    mpi_fails("mpi: ranks with different options end the job", ["-np", "1", CLI, "-s", "mpi", "-n", "100", ":", "-np", "1", CLI, "-s", "mpi", "-n", "200"],
              "integration2d: rank 1: its options differ from rank 0's; every MPI rank needs the same options\n")
    mpi_fails("mpi: one rank asking for --help does not hang the others", ["-np", "1", CLI, "-s", "mpi", "-n", "100", ":", "-np", "1", CLI, "--help"],
              "integration2d: rank 1: its options differ from rank 0's")
    mpi_fails("mpi: -w must match the ranks", ["-np", "2", CLI, "-s", "mpi", "-w", "3"],
              'integration2d: option -w/--workers must be the number of MPI ranks (2) with --scheme mpi (got "3")\n')

    for args, words in NOT_FINITE[:2]:
        mpi_fails(f"mpi: a value that is not finite fails the job: {' '.join(args)}", ["-np", "2", CLI, "-s", "mpi"] + args,
                  f"integration2d: run failed: {words}\n")
    mpi_fails("mpi: a bad expression on every rank: rank 0 says it once", ["-np", "2", CLI, "-s", "mpi", "-f", "x +"],
              "integration2d: option -f/--integrand: unexpected end of text at column 4\n")
    mpi_fails("mpi: a bad domain on rank 1 alone", ["-np", "1", CLI, "-s", "mpi", "-n", "10", ":", "-np", "1", CLI, "-s", "mpi", "-n", "10", "-d", "0,1,0"],
              "integration2d: rank 1: option -d/--domain: the domain has 3 bounds; it needs 4 (ax,bx,ay,by) at column 6\n")
    mpi_fails("mpi: ranks given different integrands end the job", ["-np", "1", CLI, "-s", "mpi", "-n", "10", "-f", "x*y", ":", "-np", "1", CLI, "-s", "mpi", "-n", "10", "-f", "y*x"],
              "integration2d: rank 1: its options differ from rank 0's; every MPI rank needs the same options\n")

    # Issue 14: every rank must run the same kernel. The other binary is built from another .wasm (the same code
    # with a custom section appended), so only the sha256 the ranks compare tells them apart.
    OTHER = os.path.join(CDIR, "build", "other-kernel", "integration2d")
    sha = lambda path: subprocess.run(["sha256sum", path], capture_output=True, text=True).stdout[:16]
    ours, theirs = sha(os.path.join(ROOT, "dist", "kernel", "scalar.wasm")), sha(os.path.join(CDIR, "build", "other-kernel", "scalar.wasm"))
    check("the other binary's .wasm differs", len(ours) == len(theirs) == 16 and ours != theirs, f"{ours} {theirs}")
    kernels_differ = (f"integration2d: ranks run different kernels: rank 0 has scalar.wasm {ours}, rank 1 has scalar.wasm {theirs} "
                      "(sha256 of the .wasm each binary was built from); build every rank's binary from the same .wasm\n")
    for name, tail in (("a run", ["-s", "mpi", "-n", "10"]), ("--list", ["--list"]), ("bad options too", ["-s", "mpi", "-n", "abc"])):
        r = subprocess.run(MPI + ["-np", "1", CLI] + tail + [":", "-np", "1", OTHER] + tail, capture_output=True, text=True, timeout=60)
        first_line = r.stderr.splitlines()[0] + "\n" if r.stderr else ""
        check(f"mpi: ranks with different kernels refuse {name}: exit 2, one line from rank 0", r.returncode == 2 and r.stdout == ""
              and first_line == kernels_differ and r.stderr.count("integration2d:") == 1, f"exit {r.returncode}; stderr {r.stderr!r}")
    r = subprocess.run(MPI + ["-np", "2", OTHER, "-s", "mpi", "-n", "10", "--json"], capture_output=True, text=True, timeout=60)
    check("mpi: the other binary runs with itself", r.returncode == 0 and record(r.stdout)["bits"] == run(["-n", "10", "-s", "serial", "--json"])[1].split('"bits":"')[1][:18],
          r.stdout + r.stderr)

    # Ctrl-C on mpirun: rank 0's one line, non-zero exit (mpirun's 1), no rank left (test/mpi_ctrl_c.py).
    ok, detail = ctrl_c_on_mpirun(MPI, CLI)
    check("mpi: Ctrl-C on mpirun: one line from rank 0, non-zero exit, no rank left", ok, detail)

    # A rank killed mid-run: mpirun must end the job (the other rank waits in MPI_Gatherv) and say why.
    p = subprocess.Popen(MPI + ["-np", "2", CLI, "-s", "mpi", "-n", "40000"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    ranks = mpirun_ranks(p, 2)
    time.sleep(1.0)
    if len(ranks) == 2:
        os.kill(max(ranks), signal.SIGKILL)
        try:
            out, err = p.communicate(timeout=30)
            check("mpi: a killed rank ends the job with a message", p.returncode != 0 and out == ""
                  and re.search(r"exited on signal 9|signal 9 \(Killed\)", err) is not None, f"exit {p.returncode}; {err!r}")
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            check("mpi: a killed rank ends the job with a message", False, "hung 30 s after a rank was killed")
    else:
        p.kill()
        p.communicate()
        check("mpi: found the two ranks to kill", False, f"children of mpirun {p.pid}: {ranks}")
else:
    print("note: mpirun missing: skipped the MPI tests")

finish("C host")
