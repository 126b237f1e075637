package integration2d

// The CLI contract: the Node CLI's messages, word for word, exit codes, and the JSON record.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// commandPath is the real command, built once for every test that runs it as a subprocess, with -trimpath
// as a release would be (TestTrimpathBinaryRunsAnywhere).
var commandPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "integration2d-go-test-")
	if err != nil {
		panic(err)
	}
	commandPath = filepath.Join(dir, "integration2d")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", commandPath, "./cmd/integration2d").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build -trimpath ./cmd/integration2d: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// command is the built command with args, run outside the clone (its kernel is embedded).
func command(stdout io.Writer, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(commandPath, args...)
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &errb
	cmd.Dir = os.TempDir()
	return cmd, &errb
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0
}

// runCommand runs the built command to its end.
func runCommand(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out bytes.Buffer
	cmd, errb := command(&out, args...)
	return exitCode(t, cmd.Run()), out.String(), errb.String()
}

func cli(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func intMsg(flag, got string) string {
	return "option " + flag + ` must be an integer from 1 to 10000000 (got "` + got + `")`
}

var badInputs = []struct {
	args    []string
	message string
}{
	{[]string{"-n", "abc"}, intMsg("-n/--n", "abc")},
	{[]string{"-n", "0"}, intMsg("-n/--n", "0")},
	{[]string{"-n", "1.5"}, intMsg("-n/--n", "1.5")},
	{[]string{"--n=-5"}, intMsg("-n/--n", "-5")},
	{[]string{"-n", "10000001"}, intMsg("-n/--n", "10000001")},
	{[]string{"-n", "1e3"}, intMsg("-n/--n", "1e3")},
	{[]string{"-n", ""}, intMsg("-n/--n", "")},
	{[]string{"--nx", "0x10"}, intMsg("--nx", "0x10")},
	{[]string{"--ny", "99999999999999999999999"}, intMsg("--ny", "99999999999999999999999")},
	{[]string{"-w", "0"}, `option -w/--workers must be an integer from 1 to 256 (got "0")`},
	{[]string{"-w", "257"}, `option -w/--workers must be an integer from 1 to 256 (got "257")`},
	{[]string{"-s", "processes"}, `option -s/--scheme must be one of serial, threads (got "processes")`},
	{[]string{"-s", "mpi"}, `option -s/--scheme must be one of serial, threads (got "mpi")`},
	{[]string{"-s", "serial", "-w", "2"}, `option -w/--workers must be 1 with --scheme serial (got "2")`},
	{[]string{"-k", "relaxed"}, `option -k/--kernel must be one of simd, scalar (got "relaxed")`},
	// The host's integer checks come before the kernel sees the texts.
	{[]string{"-f", "sin(", "--nx", "0"}, intMsg("--nx", "0")},
	{[]string{"--bogus"}, `unknown option --bogus (see --help)`},
	{[]string{"-x"}, `unknown option -x (see --help)`},
	{[]string{"-n"}, `option -n/--n needs a value; for a value starting with "-" write --n=VALUE`},
	{[]string{"-d", "-pi,0,0,1"}, `option -d/--domain needs a value; for a value starting with "-" write --domain=VALUE`},
	{[]string{"-f", "-x*y"}, `option -f/--integrand needs a value; for a value starting with "-" write --integrand=VALUE`},
	{[]string{"--json=yes"}, `option --json takes no value`},
	{[]string{"extra"}, `unknown command "extra" (commands: start, bench)`},
	{[]string{"-n", "10", "extra"}, `unexpected argument "extra" (see --help)`},
	{[]string{"--=a=b"}, `unknown option -- (see --help)`},
	{[]string{"-n", "\"q\"\t"}, intMsg("-n/--n", `\"q\"\t`)},
	{[]string{"start", "--scheme", "threads"}, `unknown option --scheme (see --help)`},
}

func TestBadInputsExit2WithTheContractsMessage(t *testing.T) {
	for _, c := range badInputs {
		code, out, errs := cli(c.args...)
		if code != 2 || errs != "integration2d: "+c.message+"\n" || out != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errs, c.message)
		}
	}
}

// vectorFor is the vectors.json entry for sin(x+y) on [0,pi]², n×n (expected values come from there, so a
// regenerated kernel and vectors file need no edit here).
func vectorFor(t *testing.T, n int) vector {
	t.Helper()
	for _, v := range loadVectors(t) {
		if v.Integrand == "sin(x+y)" && v.DomainText == "0,pi,0,pi" && v.NX == n && v.NY == n {
			return v
		}
	}
	t.Fatalf("no sin(x+y) %dx%d vector", n, n)
	return vector{}
}

func valueOf(t *testing.T, bits string) float64 {
	u, err := strconv.ParseUint(strings.TrimPrefix(bits, "0x"), 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	return math.Float64frombits(u)
}

func TestJSONRecord(t *testing.T) {
	v := vectorFor(t, 1000)
	value := valueOf(t, v.Bits["simd"])
	code, out, errs := cli("-n", "1000", "--json", "-w", "3")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// Keys in the Node host's order, numbers spelled as JSON.stringify spells them.
	want := `{"value":` + jsNumber(value) + `,"bits":"` + v.Bits["simd"] + `","exact":` + jsNumber(*v.Exact) +
		`,"error":` + jsNumber(math.Abs(value-*v.Exact)) + `,"integrand":"sin(x+y)","domain":[0,3.141592653589793,0,3.141592653589793],"nx":1000,"ny":1000,"scheme":"threads","workers":3,"kernel":"simd","runtime":{"name":"go-wazero","version":"wazero v1.12.0, go`
	if !strings.HasPrefix(out, want) {
		t.Fatalf("record:\n%s\nwant prefix\n%s", out, want)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("not one JSON line: %v %q", err, out)
	}
	if r["value"].(float64) != value || r["exact"].(float64) != *v.Exact {
		t.Fatalf("value %v exact %v", r["value"], r["exact"])
	}
	ph := r["phases"].(map[string]any)
	if r["time_s"].(float64) != ph["startup_s"].(float64)+ph["compute_s"].(float64) || ph["compute_s"].(float64) <= 0 {
		t.Fatalf("times %v %v", r["time_s"], ph)
	}
}

func TestSeedLines(t *testing.T) {
	v := vectorFor(t, 1000)
	value := valueOf(t, v.Bits["scalar"])
	code, out, _ := cli("-n", "1000", "-s", "serial", "-k", "scalar")
	lines := strings.Split(out, "\n")
	if code != 0 || len(lines) != 4 || lines[0] != "Integral value is "+FormatE(value, true)+", Error is "+FormatE(math.Abs(value-*v.Exact), true) ||
		!strings.HasPrefix(lines[1], "Time spent: ") || !strings.HasSuffix(lines[1], " sec") ||
		lines[2] != "Scheme serial, workers 1, kernel scalar, n 1000x1000, integrand sin(x+y), bits "+v.Bits["scalar"] {
		t.Fatalf("%d %q", code, out)
	}
	if !regexp.MustCompile(`^Integral value is -?\d\.\d{6}e[+-]\d{2}, Error is \d\.\d{6}e[+-]\d{2}$`).MatchString(lines[0]) ||
		!regexp.MustCompile(`^Time spent: \d+\.\d\d sec$`).MatchString(lines[1]) {
		t.Fatalf("seed lines %q", lines[:2])
	}
}

func TestListVersionHelp(t *testing.T) {
	// Every host prints these lines, from the kernel's metadata.
	if code, out, _ := cli("--list"); code != 0 || out != "catalog: sin(x+y), sin(x)*cos(y), exp(x+y), x*y, 1/(1+x+y)\n"+
		"functions: sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp expm1 log log1p log2 log10 sqrt cbrt abs floor ceil sign atan2 pow hypot min max if\n"+
		"constants: pi e\nvariables: x y\n" {
		t.Fatalf("--list: %d %q", code, out)
	}
	if code, out, _ := cli("-V"); code != 0 || out != "integration2d 0.1.0 (kernel ABI 2)\n" {
		t.Fatalf("-V: %d %q", code, out)
	}
	if code, out, _ := cli("--help", "-n", "abc"); code != 0 || !strings.Contains(out, "  -s, --scheme <name>      serial | threads (default threads)\n") {
		t.Fatalf("--help: %d %q", code, out)
	}
	if _, out, _ := cli("--help"); !strings.Contains(out, "  -f, --integrand <expr>   f(x, y), any expression the kernel parses") || strings.Contains(out, "pi forms") {
		t.Fatalf("--help on -f/-d: %q", out)
	}
}

func TestStart(t *testing.T) {
	code, out, _ := cli("start", "-n", "200", "-w", "2")
	if code != 0 || !strings.HasPrefix(out, "# serial\nIntegral value is") || !strings.Contains(out, "\n# threads\n") ||
		!strings.HasSuffix(out, "\nAll 2 schemes gave the same bits.\n") || strings.Count(out, "0x") != 2 {
		t.Fatalf("%d %s", code, out)
	}
}

// The real command, as a subprocess: exit codes reach the shell, messages reach stderr.
func TestCommandExitCodes(t *testing.T) {
	run := func(args ...string) (int, string, string) { return runCommand(t, args...) }
	for _, c := range badInputs[:8] {
		if code, out, errs := run(c.args...); code != 2 || out != "" || errs != "integration2d: "+c.message+"\n" {
			t.Errorf("%q: exit %d %q %q", c.args, code, out, errs)
		}
	}
	v := vectorFor(t, 1000)
	if code, out, _ := run("-n", "1000", "-k", "scalar", "--json"); code != 0 || !strings.Contains(out, `"bits":"`+v.Bits["scalar"]+`"`) {
		t.Errorf("run: %d %s", code, out)
	}
	t.Run("SIGINT exits 130 with a message", func(t *testing.T) {
		cmd, errb := command(io.Discard, "-n", "60000", "-s", "serial")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second) // n = 60000 serially takes many seconds: still computing
		cmd.Process.Signal(os.Interrupt)
		stuck := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
		defer stuck.Stop()
		if code := exitCode(t, cmd.Wait()); code != 130 || errb.String() != "integration2d: cancelled: interrupted (Ctrl-C)\n" {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
	})
	t.Run("output that cannot be written exits 1 with one line", func(t *testing.T) {
		for _, args := range [][]string{{"-n", "100"}, {"-n", "100", "--json"}, {"--help"}, {"--list"}, {"--version"}, {"start", "-n", "50"}} {
			full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			cmd, errb := command(full, args...)
			if code := exitCode(t, cmd.Run()); code != 1 || errb.String() != "integration2d: cannot write the output: No space left on device\n" {
				t.Errorf("%q on /dev/full: exit %d, stderr %q", args, code, errb.String())
			}
			full.Close()
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			r.Close() // nobody reads: EPIPE, not a silent death by SIGPIPE
			cmd, errb = command(w, args...)
			if code := exitCode(t, cmd.Run()); code != 1 || errb.String() != "integration2d: cannot write the output: Broken pipe\n" {
				t.Errorf("%q on a closed pipe: exit %d, stderr %q", args, code, errb.String())
			}
			w.Close()
		}
	})
	t.Setenv(KernelDirEnv, t.TempDir())
	if code, _, errs := run("-n", "10"); code != 1 || !strings.HasPrefix(errs, "integration2d: INTEGRATION2D_KERNEL_DIR=") {
		t.Errorf("missing kernel: %d %q", code, errs)
	}
}

func TestIntegersAreASCIIDigitsOnly(t *testing.T) {
	// Optional ASCII whitespace, optional '+', ASCII digits: NBSP, BOM, other scripts' digits and '_' are refused.
	for _, c := range []struct{ flag, name, got string }{
		{"-n", "-n/--n", "\u00a010"}, {"-n", "-n/--n", "10\ufeff"}, {"--nx", "--nx", "\uff11\uff10"},
		{"--ny", "--ny", "\u0661\u0660"}, {"-n", "-n/--n", "1_000"},
	} {
		if code, out, errs := cli(c.flag, c.got); code != 2 || out != "" || errs != "integration2d: "+intMsg(c.name, c.got)+"\n" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", c.got, code, out, errs)
		}
	}
	for _, text := range []string{" 12\t", "+12", "\n0012 "} {
		if code, out, errs := cli("-n", text, "--json", "-s", "serial"); code != 0 || !strings.Contains(out, `"nx":12,"ny":12,`) {
			t.Errorf("%q: exit %d, %s %s", text, code, out, errs)
		}
	}
}

func TestARunThatIsNotFiniteFailsWithTheKernelsDiagnosis(t *testing.T) {
	for _, scheme := range []string{"serial", "threads"} {
		for _, c := range []struct {
			args []string
			why  string
		}{
			{[]string{"-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"}, "integrand is not finite at x = 0.25, y = 0.25 (value Inf)"},
			{[]string{"-f", "0/0+x", "-d", "0,1,0,1", "--nx", "2", "--ny", "2"}, "integrand is not finite at x = 0.25, y = 0.25 (value NaN)"},
			{[]string{"-f", "exp(x+y)", "-d", "0,700,0,700", "-n", "100"}, "integrand is not finite at x = 17.5, y = 696.5 (value Inf)"},
			{[]string{"-f", "x*y", "-d", "0,1e150,0,1e150", "-n", "10"}, "the integral overflows: the sum of f over the grid (2.4999999999999997e+301) times the cell area (9.999999999999998e+297) is beyond the largest double"},
			{[]string{"-f", "x*y", "--domain=-1e150,0,0,1e150", "-n", "10"}, "the integral overflows: the sum of f over the grid (-2.4999999999999997e+301) times the cell area (9.999999999999998e+297) is beyond the largest double"},
		} {
			for _, json := range []bool{false, true} {
				args := append(slices.Clone(c.args), "-s", scheme)
				if json {
					args = append(args, "--json")
				}
				want := "integration2d: run failed: " + c.why + "\n"
				if code, out, errs := cli(args...); code != 1 || out != "" || errs != want {
					t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errs)
				}
			}
		}
	}
	if code, out, errs := runCommand(t, "-f", "1/(x-0.25)", "-d", "0,1,0,1", "--nx", "2", "--ny", "2", "-w", "2"); code != 1 || out != "" ||
		errs != "integration2d: run failed: integrand is not finite at x = 0.25, y = 0.25 (value Inf)\n" {
		t.Errorf("command: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	_, err := Integrate(context.Background(), Options{Integrand: "exp(x+y)", Domain: "0,700,0,700", N: 100})
	var re *RunError
	if !errors.Is(err, ErrNotFinite) || !errors.As(err, &re) || re.Message != "integrand is not finite at x = 17.5, y = 696.5 (value Inf)" {
		t.Errorf("Integrate: %v, want a *RunError with the kernel's diagnosis", err)
	}
}
