"""integrate() and resolve() as a library: every argument checked, with UsageError naming the option (the CLI's
spelling), RunError for a run without a finite result, TypeError for an unknown keyword (Python's convention).
The integrand's and the domain's refusals, the kernel's, are in test_expressions.py."""
import pytest

from conftest import VECTORS
from integration2d import RunError, UsageError, WorkerError, integrate, resolve

def test_a_domain_as_numbers_or_bound_texts():
    v = next(v for v in VECTORS if v["integrand"] == "x*y" and v["nx"] == 7)
    for domain in (v["domain"], tuple(v["domain"]), [str(b) for b in v["domain"]], v["domain_text"], ["-1", 1.0, "-1", 1]):
        r = integrate(integrand="x*y", domain=domain, nx=v["nx"], ny=v["ny"], scheme="serial", kernel="simd")
        assert r.bits == v["bits"]["simd"], domain


@pytest.mark.parametrize("key,value,option", [
    ("n", [10], "-n/--n"), ("n", True, "-n/--n"), ("n", 1.5, "-n/--n"), ("n", "1_000", "-n/--n"),
    ("n", 10**400, "-n/--n"), ("n", "9" * 5000, "-n/--n"), ("nx", {}, "--nx"), ("ny", b"5", "--ny"),
    ("workers", "x" * 5000, "-w/--workers"), ("scheme", 5, "-s/--scheme"), ("scheme", ["serial"], "-s/--scheme"),
    ("kernel", b"simd", "-k/--kernel"), ("integrand", 0, "-f/--integrand"), ("integrand", "x" * 4097, "-f/--integrand"),
    ("domain", "0," * 3000 + "1", "-d/--domain"), ("domain", [0, 1e308, 0, 1e308], "-d/--domain"),
    ("block_timeout", 0, "block_timeout"), ("block_timeout", -1.5, "block_timeout"), ("block_timeout", True, "block_timeout"),
    ("block_timeout", "60", "block_timeout"), ("block_timeout", float("inf"), "block_timeout"),
])
def test_every_argument_is_checked(key, value, option):
    with pytest.raises(UsageError) as e:
        integrate(**{"scheme": "serial", "n": 4, key: value})
    assert e.value.option == option
    assert e.value.message.startswith(f"option {option}")


@pytest.mark.parametrize("key", ["N", "domian", "signal", "onProgress", "progress", "cancelled"])
def test_an_unknown_keyword_is_a_type_error_naming_it(key):
    with pytest.raises(TypeError, match=f"'{key}'"):
        integrate(**{key: 20})
    with pytest.raises(TypeError, match=f"'{key}'"):
        resolve({key: 20})


@pytest.mark.parametrize("scheme", ["serial", "threads", "processes"])
def test_a_value_that_is_not_finite_raises_run_error(scheme):
    """The kernel's diagnosis: the first row whose sum is not finite (x = 14·1.5), its first such point."""
    with pytest.raises(RunError) as e:
        integrate(n=50, integrand="exp(x+y)", domain=[0, 700, 0, 700], scheme=scheme)
    assert str(e.value) == "integrand is not finite at x = 21, y = 693 (value Inf)"
    assert not isinstance(e.value, WorkerError)  # no worker failed
