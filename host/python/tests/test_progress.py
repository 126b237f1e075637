"""The CLI's progress line (progress_line.py): its words as the Node CLI's (test/node-cli-progress.test.ts), and
the CLI on a real pseudo-terminal (test/helpers/on_terminal.py)."""
import json
import re
import subprocess
import sys

from conftest import ROOT, env, run_py
from integration2d.controls import Progress
from integration2d.progress_line import ERASE, SHOW_AFTER_S, ProgressLine, duration, progress_text

ON_TERMINAL = ROOT / "test" / "helpers" / "on_terminal.py"
FRAME = re.compile(r"^(\d+)/(\d+) rows \(\d+\.\d %\), (\d+|\d\.\d\d|\d\d\.\d) rows/s, (\d+ s|\d+ min \d\d s) left$")
LONG = ["-n", "40000"]  # several seconds: far past the one-second threshold (as the Node test)


def test_progress_text_and_duration_the_exact_words():
    assert progress_text(Progress(12345, 60000, ()), 3) == "12345/60000 rows (20.6 %), 4115 rows/s, 12 s left"
    assert progress_text(Progress(3, 10_000_000, ()), 50) == "3/10000000 rows (0.0 %), 0.0600 rows/s, 1929 d 00 h left"
    assert progress_text(Progress(0, 100, ()), 2) == "0/100 rows (0.0 %), 0.00 rows/s, time left unknown"
    assert [duration(s) for s in [0.2, 42, 59.5, 60, 185, 3600, 7800, 86400, 360000]] == \
        ["1 s", "42 s", "1 min 00 s", "1 min 00 s", "3 min 05 s", "1 h 00 min", "2 h 10 min", "1 d 00 h", "4 d 04 h"]


def test_progress_line_silent_for_a_second_at_most_10_redraws_erased_only_if_drawn():
    now = [0.0]
    written = []
    line = ProgressLine(written.append, lambda: now[0])

    def at(s, done):
        now[0] = s
        line.update(Progress(done, 1000, (done,)))
    at(0.5, 100)
    at(SHOW_AFTER_S - 0.001, 199)
    assert written == []
    at(SHOW_AFTER_S, 200)
    at(1.05, 210)  # within 100 ms of the last draw
    at(1.1, 220)
    at(1.5, 1000)  # all rows done: the result comes next, no final frame
    assert written == [f"{ERASE}200/1000 rows (20.0 %), 200 rows/s, 4 s left", f"{ERASE}220/1000 rows (22.0 %), 200 rows/s, 4 s left"]
    line.clear()
    line.clear()
    assert written[2:] == [ERASE]
    quiet = []
    short = ProgressLine(quiet.append, lambda: 0.0)
    short.update(Progress(5, 10, (5,)))
    short.clear()
    assert quiet == []


def on_terminal(args):
    r = subprocess.run([sys.executable, str(ON_TERMINAL), "--", sys.executable, "-m", "integration2d", *args],
                       capture_output=True, timeout=180, env=env(), cwd=ROOT)
    return r.returncode, r.stdout.decode()


def test_on_a_terminal_progress_lines_then_erased_before_the_seed_lines():
    code, shown = on_terminal([*LONG, "-s", "threads", "-w", "2"])
    assert code == 0, shown
    parts = shown.split(ERASE)
    before, drawn, after = parts[0], parts[1:-1], parts[-1]
    assert before == ""
    assert len(drawn) >= 1, repr(shown)
    last = 0
    for frame in drawn:
        m = FRAME.match(frame)
        assert m, repr(frame)
        assert int(m[2]) == 40000 and last <= int(m[1]) < 40000
        last = int(m[1])
    lines = after.split("\r\n")
    assert re.match(r"^Integral value is ", lines[0])
    assert re.match(r"^Time spent: \d+\.\d\d sec$", lines[1])
    assert lines[2].startswith("Scheme threads, workers 2, kernel simd, n 40000x40000,")
    assert lines[3:] == [""]
    print(f"\n  {len(drawn)} frames, last {drawn[-1]!r}")


def test_json_on_a_terminal_no_progress_line():
    code, shown = on_terminal([*LONG, "-s", "threads", "-w", "2", "--json"])
    assert code == 0, shown
    assert "\x1b" not in shown and "rows" not in shown
    first, *rest = shown.split("\r\n")
    assert json.loads(first)["nx"] == 40000 and rest == [""]


def test_stderr_not_a_terminal_nothing_on_stderr():
    r = run_py([*LONG, "-s", "threads", "-w", "2"])
    assert r.returncode == 0 and r.stderr == ""
    assert len(r.stdout.split("\n")) == 4
