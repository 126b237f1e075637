"""The check-and-count helpers test/run_tests.py and test/install_test.py share: every failure printed at once,
one summary line at the end ("<label>: N passed, M failed"), exit status 0 only if nothing failed."""

import sys

passed = 0
failed = []


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(name)
        print(f"FAIL {name}\n     {detail}", flush=True)


def finish(label):
    print(f"\n{label}: {passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)
