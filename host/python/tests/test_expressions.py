"""ABI 2, the problem as text: the kernel's refusals (test/cases/bad-expressions.json) and the expression vectors
(test/vectors-expr.json), read from the shared files, through the kernel wrapper, the library, the CLI and each
scheme; the run that is not finite fails with the kernel's diagnosis."""
import json
import shutil
import subprocess
import sys

import pytest

from conftest import BAD_EXPRESSIONS, ROOT, VECTORS, VECTORS_EXPR, env, run_py
from integration2d import RunError, UsageError, WorkerError, integrate, resolve
from integration2d.kernel import Kernel
from integration2d.record import bits_of

DEFAULTS = BAD_EXPRESSIONS["defaults"]
CASES = BAD_EXPRESSIONS["cases"]
EXPR = VECTORS_EXPR
KERNELS = ["scalar", "simd"]
OPTION = {"integrand": "-f/--integrand", "domain": "-d/--domain", "nx": "--nx", "ny": "--ny"}
CELLS = {"nx", "ny"}  # the host's own integer check refuses these values first, in its own words


def case_id(c) -> str:
    text = c["text"] if len(c["text"]) <= 30 else f"{c['text'][:20]}…({len(c['text'])})"
    return f"{c['field']}:{text!r}"


def inputs(c) -> dict:
    """The case's field set to its text; every other input from `defaults` or the case's own."""
    o = {k: c.get(k, DEFAULTS[k]) for k in ("integrand", "domain", "nx", "ny")}
    o[c["field"]] = c["text"]
    return o


def host_message(c) -> str:
    return f'option {OPTION[c["field"]]} must be an integer from 1 to 10000000 (got "{c["text"]}")'


def vector_id(v) -> str:
    return f"{v['integrand'][:40]}@{v['domain_text']}:{v['nx']}x{v['ny']}"


def test_the_case_files_are_there():
    assert len(CASES) >= 90 and {c["field"] for c in CASES} == set(OPTION)
    assert len(EXPR) >= 26


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("c", CASES, ids=case_id)
def test_the_kernel_wrapper_gets_each_refusal(c, kernel):
    """define through Kernel: the code, the field, the column and the message, as the file has them."""
    o = inputs(c)
    k = Kernel(kernel)
    code = k.define(o["integrand"], o["domain"], int(o["nx"]), int(o["ny"]))
    assert (code, k.error_field(), k.error_column(), k.message()) == (c["code"], c["field"], c["column"], c["message"])
    assert bits_of(k.bound(0)) == bits_of(float("nan"))  # refused: the instance holds no problem


@pytest.mark.parametrize("c", CASES, ids=case_id)
def test_the_library_raises_usage_error_with_the_kernels_words(c):
    o = inputs(c)
    with pytest.raises(UsageError) as e:
        integrate(scheme="serial", **o)
    assert e.value.option == OPTION[c["field"]]
    if c["field"] in CELLS:
        assert e.value.message == host_message(c)
    else:
        assert e.value.message == f"option {OPTION[c['field']]}: {c['message']}"
        assert e.value.column == c["column"]
        assert str(e.value) == e.value.message


def cli_args(o: dict) -> list:
    # the = form throughout: a text may start with '-' or be empty
    return [f"--integrand={o['integrand']}", f"--domain={o['domain']}", f"--nx={o['nx']}", f"--ny={o['ny']}"]


SPREAD = CASES[::6]  # every sixth case: a spread over integrand, domain and nx, ~16 processes


def test_the_cli_spread_is_wide_enough():
    assert len(SPREAD) >= 15 and {c["field"] for c in SPREAD} >= {"integrand", "domain", "nx"}


@pytest.mark.parametrize("c", SPREAD, ids=case_id)
def test_the_cli_prints_one_line_naming_the_option_exit_2(c):
    r = run_py(["-s", "serial", *cli_args(inputs(c))])
    assert (r.returncode, r.stdout) == (2, ""), r.stderr
    message = host_message(c) if c["field"] in CELLS else f"option {OPTION[c['field']]}: {c['message']}"
    assert r.stderr == f"integration2d: {message}\n"


def test_an_argument_that_is_not_utf8_goes_to_the_kernel_as_bytes():
    r = subprocess.run([sys.executable, "-m", "integration2d", "-n", "2", "-f", b"sin(\xff)"], capture_output=True,
                       env=env(), cwd=ROOT, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (2, b"", b"integration2d: option -f/--integrand: invalid UTF-8 at column 5\n")


def test_a_text_past_both_caps_is_the_kernels_to_refuse():
    """More bytes than the text area holds: not written, define still says how long it was."""
    for key, option in (("integrand", "-f/--integrand"), ("domain", "-d/--domain")):
        with pytest.raises(UsageError) as e:
            integrate(scheme="serial", n=2, **{key: "1+" * 6000 + "1"})
        assert (e.value.option, e.value.message) == (option, f"option {option}: text longer than 4096 bytes (12001 bytes)")


@pytest.mark.parametrize("domain,got", [
    (5, '"5"'), ({}, '"{}"'), (b"0,1,0,1", "\"b'0,1,0,1'\""), (3.5, '"3.5"'),
    ([0, 1, 0, 2**1100], None),  # float() would raise OverflowError
    ([0, 1, 0, float("inf")], '"0,1,0,inf"'), ([0, 1, 0, float("nan")], '"0,1,0,nan"'),
    ([False, True, False, True], '"False,True,False,True"'), ([0, 1, 0, None], '"0,1,0,None"'), ([0, 1, 0, [1]], '"0,1,0,[1]"'),
])
def test_a_domain_that_is_no_text_nor_list_of_bounds_is_refused_by_the_host(domain, got):
    with pytest.raises(UsageError) as e:
        integrate(n=4, scheme="serial", domain=domain)
    assert e.value.option == "-d/--domain"
    head = "option -d/--domain must be a text ax,bx,ay,by or a list of its four bounds, each a finite number or a text (got "
    assert e.value.message.startswith(head)
    if got is not None:
        assert e.value.message == f"{head}{got})"


@pytest.mark.parametrize("domain,message", [
    ([0, 1, 0], "the domain has 3 bounds; it needs 4 (ax,bx,ay,by) at column 12"),  # "0.0,1.0,0.0"
    ((0, 1, "pi", "e"), "ay must be less than by (here ay = 3.141592653589793, by = 2.718281828459045) at column 12"),
])
def test_a_list_becomes_a_text_the_kernel_checks(domain, message):
    with pytest.raises(UsageError) as e:
        integrate(n=4, scheme="serial", domain=domain)
    assert e.value.message == f"option -d/--domain: {message}"


def test_an_integrand_that_is_not_a_text_is_refused_by_the_host():
    with pytest.raises(UsageError) as e:
        integrate(n=4, scheme="serial", integrand=0)
    assert (e.value.option, e.value.message) == ("-f/--integrand", 'option -f/--integrand must be a text, an expression in x and y (got "0")')


# ---- the expression vectors --------------------------------------------------------------------------------

@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", EXPR, ids=vector_id)
def test_expression_vector_serial(v, kernel):
    r = integrate(integrand=v["integrand"], domain=v["domain_text"], nx=v["nx"], ny=v["ny"], scheme="serial", kernel=kernel)
    assert r.bits == v["bits"][kernel]
    assert (r.exact, r.integrand) == (v["exact"], v["integrand"])
    assert (r.error is None) == (v["exact"] is None)
    assert [bits_of(b) for b in r.domain] == [bits_of(b) for b in v["domain"]]
    assert resolve({"integrand": v["integrand"], "domain": v["domain_text"], "kernel": kernel}).catalog == v["catalog"]


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", [v for v in EXPR if v["nx"] >= 3], ids=vector_id)
def test_expression_vector_threads(v, kernel):
    r = integrate(integrand=v["integrand"], domain=v["domain_text"], nx=v["nx"], ny=v["ny"], scheme="threads",
                  workers=3, kernel=kernel)
    assert (r.bits, r.workers) == (v["bits"][kernel], 3)


# a few: every process is a fresh interpreter with wasmtime
FEW = [EXPR[0], EXPR[7], next(v for v in EXPR if v["catalog"] >= 0), EXPR[-2]]


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("v", FEW, ids=vector_id)
def test_expression_vector_processes(v, kernel):
    r = integrate(integrand=v["integrand"], domain=v["domain_text"], nx=v["nx"], ny=v["ny"], scheme="processes",
                  workers=2, kernel=kernel)
    assert r.bits == v["bits"][kernel]


@pytest.mark.parametrize("scheme,kernel", [("serial", "scalar"), ("threads", "simd"), ("processes", "simd")])
@pytest.mark.parametrize("v", FEW[:3], ids=vector_id)
def test_expression_vector_cli(v, scheme, kernel):
    r = run_py(["--json", "-s", scheme, "-k", kernel, f"--integrand={v['integrand']}", f"--domain={v['domain_text']}",
                "--nx", str(v["nx"]), "--ny", str(v["ny"])] + ([] if scheme == "serial" else ["-w", "2"]))
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert (rec["bits"], rec["exact"], rec["integrand"]) == (v["bits"][kernel], v["exact"], v["integrand"])
    assert (f'"exact":null' in r.stdout) == (v["exact"] is None)


MPIRUN = shutil.which("mpirun")


def mpirun(args, timeout=120):
    cmd = [MPIRUN, "--allow-run-as-root", "--oversubscribe", "-x", "PYTHONPATH", "-np", "2", sys.executable, "-m",
           "integration2d", "-s", "mpi", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env(), cwd=ROOT)


@pytest.mark.skipif(MPIRUN is None, reason="mpirun not installed")
@pytest.mark.parametrize("v", FEW[:3], ids=vector_id)
def test_expression_vector_mpi(v):
    r = mpirun(["--json", "-k", "scalar", f"--integrand={v['integrand']}", f"--domain={v['domain_text']}",
                "--nx", str(v["nx"]), "--ny", str(v["ny"])])
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert (rec["bits"], rec["exact"], rec["workers"]) == (v["bits"]["scalar"], v["exact"], 2)


@pytest.mark.skipif(MPIRUN is None, reason="mpirun not installed")
def test_mpi_ranks_refuse_a_bad_expression_with_the_kernels_words():
    c = CASES[2]
    r = mpirun(cli_args(inputs(c)), timeout=60)
    assert (r.returncode, r.stdout) == (2, "")
    line = f"integration2d: option -f/--integrand: {c['message']}\n"
    assert r.stderr.startswith(line) and r.stderr.count("integration2d:") == 1, r.stderr  # then Open MPI's banner


# ---- direct tests -----------------------------------------------------------------------------------------

def test_an_expression_equal_to_a_catalog_entry_gives_its_bits():
    """sin(y + x) is not the catalog's program (no fast path, no closed form) but gives sin(x+y)'s bits."""
    v = next(v for v in VECTORS if v["integrand"] == "sin(x+y)" and v["nx"] == 1000)
    r = run_py(["--json", "-s", "serial", "-f", "sin(y + x)", "-n", "1000"])
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert (rec["bits"], rec["exact"], rec["error"], rec["integrand"]) == (v["bits"]["simd"], None, None, "sin(y + x)")
    assert resolve({"integrand": "sin(y + x)"}).catalog == -1
    assert resolve({"integrand": "sin( x+y )"}).catalog == 0  # the catalog's own program: the fast path


def test_no_closed_form_error_is_unknown():
    args = ["-s", "serial", "-f", "exp(-(x^2 + y^2))", "--domain=-2,2,-2,2", "-n", "200"]
    human, js = run_py(args), run_py(["--json", *args])
    assert human.returncode == 0 and js.returncode == 0, human.stderr + js.stderr
    first = human.stdout.split("\n")[0]
    assert first == "Integral value is 3.112279e+00, Error is unknown (no closed form)"
    assert '"exact":null,"error":null,' in js.stdout
    assert human.stdout.split("\n")[2].endswith(f"integrand exp(-(x^2 + y^2)), bits {json.loads(js.stdout)['bits']}")


FAIL = ["-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"]
FAIL_WORDS = "integrand is not finite at x = 0.25, y = 0.25 (value Inf)"


@pytest.mark.parametrize("scheme", ["serial", "threads", "processes"])
def test_a_point_that_is_not_finite_fails_the_run_with_the_kernels_words(scheme):
    r = run_py(["--json", "-s", scheme, *FAIL] + ([] if scheme == "serial" else ["-w", "2"]))
    assert (r.returncode, r.stdout, r.stderr) == (1, "", f"integration2d: run failed: {FAIL_WORDS}\n")
    with pytest.raises(RunError) as e:
        integrate(scheme=scheme, integrand="1/(x-0.25)", domain="0,1,0,1", nx=2, ny=2)
    assert str(e.value) == FAIL_WORDS and not isinstance(e.value, WorkerError)


@pytest.mark.skipif(MPIRUN is None, reason="mpirun not installed")
def test_a_point_that_is_not_finite_fails_an_mpi_run():
    r = mpirun(FAIL, timeout=60)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr.startswith(f"integration2d: run failed: {FAIL_WORDS}\n"), r.stderr


@pytest.mark.parametrize("integrand,domain,words", [
    ("exp(x+y)", [0, 700, 0, 700], "integrand is not finite at x = 525, y = 525 (value Inf)"),
    ("log(x)", "-1,1,0,1", "integrand is not finite at x = -0.5, y = 0.25 (value NaN)"),
])
def test_run_error_names_the_first_point(integrand, domain, words):
    with pytest.raises(RunError) as e:
        integrate(n=2, integrand=integrand, domain=domain, scheme="serial")
    assert str(e.value) == words


def test_list_is_the_shared_format():
    r = run_py(["--list"])
    assert r.returncode == 0
    assert r.stdout == ("catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)\n"
                        "functions: sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp expm1 log log1p "
                        "log2 log10 sqrt cbrt abs floor ceil sign atan2 pow hypot min max if\n"
                        "constants: pi e\n"
                        "variables: x y\n")


def test_compare_pure_needs_a_catalog_integrand():
    r = run_py(["--compare-pure", "-n", "10", "-f", "x*x"])
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == ('integration2d: option --compare-pure needs a catalog integrand (sin(x+y), sin(x)*cos(y), '
                        'exp(x+y), x*y, 1/(1+x+y)) (got "x*x")\n')
