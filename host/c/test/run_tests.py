#!/usr/bin/env python3
"""Tests of the C host (make -C host/c check): runs ./integration2d as a user would and asserts
  - every vector of test/vectors.json, bit for bit, with the scalar build (the only one wasm2c 1.0.32 can
    translate): serial, threads with workers 1..4, mpi with 2 and 4 ranks;
  - the record: fields in order, domain and exact as the vectors say, JSON numbers as JavaScript prints them;
  - the CLI contract: bad inputs exit 2 with the Node CLI's message (compared with the Node CLI itself
    where the message does not depend on the host's schemes/kernels, and with a fixed text otherwise);
  - MPI failure paths: bad or differing options on one rank, a rank killed mid-run: non-zero exit, a clear
    message, no hang; Ctrl-C exits 130.
Exit status 0 only if every check passed. Run from anywhere; INTEGRATION2D_TEST_QUICK=1 skips the n=10000 vector."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CDIR = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(CDIR))
CLI = os.environ.get("INTEGRATION2D_C_CLI") or os.path.join(CDIR, "integration2d")
NODE_CLI = os.path.join(ROOT, "dist", "node", "cli.js")
NODE = shutil.which("node") if os.path.exists(NODE_CLI) else None
MPIRUN = shutil.which("mpirun")
MPI = [MPIRUN, "--allow-run-as-root", "--oversubscribe"] if MPIRUN else None
QUICK = os.environ.get("INTEGRATION2D_TEST_QUICK") == "1"

passed = 0
failed = []


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(name)
        print(f"FAIL {name}\n     {detail}", flush=True)


def run(args, timeout=120, cmd=None):
    t0 = time.monotonic()
    r = subprocess.run((cmd or [CLI]) + args, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr, time.monotonic() - t0


def node(args):
    r = subprocess.run([NODE, NODE_CLI] + args, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def problem_args(v):
    return ["--nx", str(v["nx"]), "--ny", str(v["ny"]), "-f", v["integrand"], f"--domain={v['domain_text']}",
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

# --- vectors, every scheme -------------------------------------------------------------------------------
for v in vectors if not QUICK else small:
    check_vector("serial", v, ["-s", "serial"], workers=1)
for w in (1, 2, 3, 4):
    for v in small:
        check_vector(f"threads w={w}", v, ["-s", "threads", "-w", str(w)], workers=w)
for v in big if not QUICK else []:
    check_vector("threads w=2", v, ["-s", "threads", "-w", "2"], workers=2)

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

code, out, err, _ = run(["--list"])
check("--list is the kernel's catalog", out.splitlines() == ["sin(x+y)", "sin(x)*cos(y)", "exp(x+y)", "x*y", "1/(1+x+y)"], repr(out))
code, out, err, _ = run(["--version"])
check("--version", code == 0 and re.fullmatch(r"integration2d \S+ \(kernel ABI 2\)\n", out) is not None, repr(out))
code, out, err, _ = run(["-h"])
check("--help", code == 0 and out.startswith("Usage: integration2d") and "mpi" in out and "scalar" in out, out[:200])
code, out, err, _ = run(["start", "-n", "200", "-w", "3"])
check("start: serial then threads, same bits", code == 0 and "# serial" in out and "# threads" in out
      and "All 2 schemes gave the same bits." in out, out + err)

# Same record as the Node CLI (numbers printed as JavaScript prints them), where both run the same build.
if NODE:
    cases = [["-n", "1000"], ["--nx", "301", "--ny", "157", "--domain=-pi,pi/2,0,2pi"],
             ["-n", "50", "-f", "exp(x+y)", "-d", "0,1,0,1"], ["-n", "7", "-f", "x*y", "--domain=-1,1,-1,1"],
             ["-n", "3", "-d", "0,PI,0,π"], ["-n", "3", "-d", "0.5*pi,2.5pi/3,.5pi,pi/.5"],
             ["-n", "3", "-d", "1e-3,4,+2,3."], ["-n", "3", "-d", "*pi,2pi,0, 1 "], ["-n", "3", "-d", "1e-7,1e21,0,123456789.25"],
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
    # A cell area that is not a finite nonzero double: the domain is refused, whatever the integrand.
    ("-d", "0,1e308,0,1e308"): 'option -d/--domain: the cell area hx·hy is not finite with these bounds and 10000x10000 cells (got "0,1e308,0,1e308")',
    ("-f", "x*y", "-d", "0,1e200,0,1e200"): 'option -d/--domain: the cell area hx·hy is not finite with these bounds and 10000x10000 cells (got "0,1e200,0,1e200")',
    ("--domain=-1e308,1e308,0,1", "-n", "1"): 'option -d/--domain: the cell area hx·hy is not finite with these bounds and 1x1 cells (got "-1e308,1e308,0,1")',
    ("-d", "0,1e-200,0,1e-200", "-n", "10"): 'option -d/--domain: the cell area hx·hy is zero with these bounds and 10x10 cells (got "0,1e-200,0,1e-200")',
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
    ("-f", "bogus"): 'option -f/--integrand must be one of sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y) (got "bogus")',
    ("-d", "1,2,3"): 'option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got "1,2,3")',
    ("-d", "1e400,1e401,0,1"): 'option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got "1e400,1e401,0,1")',
    ("--domain=pi/0,1,0,1",): 'option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got "pi/0,1,0,1")',
    ("-d", 'a"b,1,0,1'): 'option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got "a\\"b,1,0,1")',
    ("-d", "2,1,0,1"): 'option -d/--domain needs ax < bx and ay < by (got "2,1,0,1")',
    ("--domain=-1,1,-1,1", "-f", "1/(1+x+y)"): 'option -d/--domain: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got "-1,1,-1,1")',
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

for args in (["-n", " 12\t"], ["-n", "+12"], ["-n", "\n0012 "]):
    code, out, err, _ = run(args + ["--json", "-s", "serial"])
    check(f"integer {args[1]!r} is 12", code == 0 and record(out)["nx"] == 12, f"exit {code}: {err!r}")

# --- a value that is not finite: the run fails (exit 1), no value printed ------------------------------------
for scheme in ("serial", "threads"):
    for args, shown in ((["-f", "exp(x+y)", "-d", "0,700,0,700"], "NaN"), (["-f", "x*y", "-d", "0,1e150,0,1e150", "-n", "10"], "Inf"),
                        (["-f", "x*y", "--domain=-1e150,0,0,1e150", "-n", "10"], "-Inf")):
        for form in ([], ["--json"]):
            code, out, err, _ = run(args + form + ["-s", scheme])
            want = f"integration2d: run failed: the integral is not finite (value {shown})\n"
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

# --- a wasm trap returns to the caller (src/kernel.c; test/trap_test.c makes one) ----------------------------
TRAP_TEST = os.path.join(CDIR, "build", "trap_test")
if os.path.exists(TRAP_TEST):
    r = subprocess.run([TRAP_TEST], capture_output=True, text=True, timeout=60)
    check("trap test (build/trap_test)", r.returncode == 0 and "trap test: 0 failed" in r.stdout, r.stdout + r.stderr)
else:
    check("trap test built (make check builds build/trap_test)", False, TRAP_TEST)

# Option groups as node:util parseArgs reads them (-abfFILE → -a -b -fFILE): the same action as the Node CLI.
for args, first_line in [(["-hVn-5"], "Usage: integration2d"), (["-Vn100"], "integration2d "), (["-Vw3x"], "integration2d "),
                         (["-hksimd"], "Usage: integration2d"), (["--list", "-n", "5"], "sin(x+y)")]:
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
    code, out, err, _ = run(["--list"], cmd=MPI + ["-np", "3", CLI])
    check("mpi: --list under mpirun prints once", code == 0 and out == "sin(x+y)\nsin(x)*cos(y)\nexp(x+y)\nx*y\n1/(1+x+y)\n", repr(out + err))
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

    mpi_fails("mpi: a value that is not finite fails the job", ["-np", "2", CLI, "-s", "mpi", "-f", "exp(x+y)", "-d", "0,700,0,700", "-n", "100"],
              "integration2d: run failed: the integral is not finite (value NaN)\n")

    # Ctrl-C on mpirun: mpirun keeps SIGINT (the ranks have process groups of their own), sends the ranks
    # SIGTERM and exits 1 whatever they do; rank 0 says why, in one line, and no rank is left.
    p = subprocess.Popen(MPI + ["-np", "2", CLI, "-s", "mpi", "-n", "60000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
        check("mpi: Ctrl-C on mpirun: one line from rank 0, non-zero exit", p.returncode != 0 and out == ""
              and err == "integration2d: cancelled: terminated by mpirun (SIGTERM: Ctrl-C, or another rank failed)\n",
              f"exit {p.returncode}; stderr {err!r}")
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        check("mpi: Ctrl-C on mpirun: one line from rank 0, non-zero exit", False, "still running 20 s after SIGINT")

    # A rank killed mid-run: mpirun must end the job (the other rank waits in MPI_Gatherv) and say why.
    p = subprocess.Popen(MPI + ["-np", "2", CLI, "-s", "mpi", "-n", "40000"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    ranks = []
    deadline = time.monotonic() + 20
    while len(ranks) < 2 and time.monotonic() < deadline:  # this mpirun's own children, by parent pid
        time.sleep(0.2)
        ranks = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = open(f"/proc/{pid}/stat").read()
            except OSError:
                continue
            comm, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
            if comm == "integration2d" and int(rest[1]) == p.pid:
                ranks.append(int(pid))
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

print(f"\nC host: {passed} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
