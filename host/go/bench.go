package integration2d

// `integration2d bench`: times the kernel through this host's schemes and writes one benchmark record in the
// format every host writes (bench/README.md, bench/record.schema.json, schema_version 1). The Python host's
// bench mode, ported: strong scaling only, no native baseline (`native` is null). Phases per configuration
// (kernel build × scheme × workers): compile_s (wazero CompileModule + instantiate in a fresh runtime, fresh each
// sample), startup_s (fresh goroutines + instances and one tiny run; none for serial), compute_s (rows
// computed and combined, after --warmup untimed runs). Every run's bits are compared; any difference exits 1.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
)

var benchOptions = []optSpec{
	{"n", "n", true}, {"workers", "w", true}, {"schemes", "", true}, {"kernels", "", true},
	{"integrand", "f", true}, {"domain", "d", true}, {"repeat", "r", true}, {"warmup", "", true},
	{"out", "o", true}, {"help", "h", false},
}

func init() {
	flagOf["schemes"] = "--schemes"
	flagOf["kernels"] = "--kernels"
	flagOf["repeat"] = "-r/--repeat"
	flagOf["warmup"] = "--warmup"
	flagOf["out"] = "-o/--out"
}

func benchHelp() string {
	return `Usage: ` + Program + ` bench [options]

Times the kernel on this machine and writes one benchmark record (bench/README.md).
  -n, --n <int>            cells per axis of the strong-scaling problem (default 10000)
  -w, --workers <list>     worker counts, comma-separated, 1..` + fmt.Sprint(MaxWorkers) + ` (default 1,2)
      --schemes <list>     of ` + strings.Join(Schemes, ", ") + ` (default all)
      --kernels <list>     of simd, scalar (default all)
  -f, --integrand <expr>   the integrand, parsed by the kernel (default sin(x+y))
  -d, --domain <ax,bx,ay,by>  four constant expressions (default 0,pi,0,pi)
  -r, --repeat <int>       compute samples per run, 1..1000 (default 5)
      --warmup <int>       untimed runs before the samples, 0..100 (default 1)
  -o, --out <file>         where the record goes (default results/go.json)
  -h, --help               this text
`
}

// Summary is host/core/stats.ts summarize(): median, min, max, unscaled MAD, order-statistic 95 % CI of the
// median and the coverage that interval has.
type Summary struct {
	N          int        `json:"n"`
	Median     float64    `json:"median"`
	Min        float64    `json:"min"`
	Max        float64    `json:"max"`
	MAD        float64    `json:"mad"`
	CI95       [2]float64 `json:"ci95"`
	CICoverage float64    `json:"ci_coverage"`
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	sort.Float64s(s)
	m := len(s) >> 1
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// binomialHalfCdf is P(B ≤ k) for B ~ Binomial(n, ½), summed as stats.ts sums it.
func binomialHalfCdf(n, k int) float64 {
	term := math.Pow(0.5, float64(n))
	sum := 0.0
	for i := 0; i <= k; i++ {
		sum += term
		term = (term * float64(n-i)) / float64(i+1)
	}
	return sum
}

// Summarize needs at least one sample.
func Summarize(xs []float64) Summary {
	s := slices.Clone(xs)
	sort.Float64s(s)
	n := len(s)
	k := 1
	for float64(k+1) <= float64(n+1)/2 && binomialHalfCdf(n, k) <= (1-0.95)/2 {
		k++
	}
	med := medianOf(s)
	dev := make([]float64, n)
	for i, x := range xs {
		dev[i] = math.Abs(x - med)
	}
	return Summary{N: n, Median: med, Min: s[0], Max: s[n-1], MAD: medianOf(dev),
		CI95: [2]float64{s[k-1], s[n-k]}, CICoverage: 1 - 2*binomialHalfCdf(n, k-1)}
}

type benchProblem struct {
	Integrand string     `json:"integrand"`
	Domain    [4]float64 `json:"domain"`
	NX        int        `json:"nx"`
	NY        int        `json:"ny"`
}

type benchKernel struct {
	Build          string `json:"build"`
	SHA256         string `json:"sha256"`
	AssemblyScript string `json:"assemblyscript"`
}

type benchSamples struct {
	StartupS []float64 `json:"startup_s"`
	CompileS []float64 `json:"compile_s"`
	ComputeS []float64 `json:"compute_s"`
}

type benchSummaries struct {
	StartupS *Summary `json:"startup_s"`
	CompileS *Summary `json:"compile_s"`
	ComputeS Summary  `json:"compute_s"`
}

type benchRun struct {
	Problem       benchProblem   `json:"problem"`
	Scheme        string         `json:"scheme"`
	Workers       int            `json:"workers"`
	Kernel        benchKernel    `json:"kernel"`
	Scaling       string         `json:"scaling"`
	Warmup        int            `json:"warmup"`
	Samples       benchSamples   `json:"samples"`
	Summary       benchSummaries `json:"summary"`
	Evaluations   int            `json:"evaluations"`
	NsPerEval     float64        `json:"ns_per_eval"`
	NsPerEvalCore float64        `json:"ns_per_eval_core"`
	Value         *float64       `json:"value"`
	Bits          string         `json:"bits"`
	BitsIdentical bool           `json:"bits_identical"`
}

type benchMachine struct {
	CPU          string `json:"cpu"`
	LogicalCores int    `json:"logical_cores"`
	Arch         string `json:"arch"`
	OS           string `json:"os"`
	MemoryBytes  *int64 `json:"memory_bytes"`
}

type benchRuntime struct {
	Name      string   `json:"name"`
	Version   string   `json:"version"`
	Flags     []string `json:"flags"`
	UserAgent *string  `json:"user_agent"`
}

type benchRecord struct {
	Schema        string       `json:"schema"`
	SchemaVersion int          `json:"schema_version"`
	Date          string       `json:"date"`
	Host          string       `json:"host"`
	Machine       benchMachine `json:"machine"`
	Runtime       benchRuntime `json:"runtime"`
	Native        any          `json:"native"`
	Runs          []benchRun   `json:"runs"`
}

func summaryOrNil(xs []float64) *Summary {
	if len(xs) == 0 {
		return nil
	}
	s := Summarize(xs)
	return &s
}

// machineInfo reads what Node's os module reports: the CPU model (/proc/cpuinfo), logical cores, the
// architecture, "Linux <release> (<PRETTY_NAME>)" and MemTotal.
func machineInfo() benchMachine {
	m := benchMachine{CPU: "unknown", LogicalCores: goruntime.NumCPU(), Arch: goruntime.GOARCH, OS: goruntime.GOOS}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	typ, err1 := os.ReadFile("/proc/sys/kernel/ostype")
	rel, err2 := os.ReadFile("/proc/sys/kernel/osrelease")
	if err1 == nil && err2 == nil {
		m.OS = strings.TrimSpace(string(typ)) + " " + strings.TrimSpace(string(rel))
	}
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
				m.OS += " (" + strings.Trim(strings.TrimSpace(v), `"`) + ")"
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64); err == nil {
					bytes := kb * 1024
					m.MemoryBytes = &bytes
				}
			}
		}
	}
	return m
}

func listOption(name, raw string, allowed []string) ([]string, error) {
	var out []string
	for _, x := range strings.Split(raw, ",") {
		x = strings.TrimSpace(x)
		if !slices.Contains(allowed, x) {
			return nil, &UsageError{Option: flagOf[name], Message: fmt.Sprintf("option %s must be a comma-separated list of %s (got %s)",
				flagOf[name], strings.Join(allowed, ", "), jsQuote(raw))}
		}
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out, nil
}

func workersOption(raw string) ([]int, error) {
	var out []int
	for _, x := range strings.Split(raw, ",") {
		x = strings.TrimPrefix(strings.TrimSpace(x), "+")
		v, err := strconv.Atoi(x)
		if err != nil || x == "" || x[0] == '-' || v < 1 || v > MaxWorkers {
			return nil, &UsageError{Option: Flag["workers"], Message: fmt.Sprintf("option %s must be a comma-separated list of integers from 1 to %d (got %s)",
				Flag["workers"], MaxWorkers, jsQuote(raw))}
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

func intOption(name string, raw *string, fallback, lo, hi int) (int, error) {
	if raw == nil {
		return fallback, nil
	}
	t := strings.TrimPrefix(strings.TrimSpace(*raw), "+")
	v, err := strconv.Atoi(t)
	if err != nil || t == "" || t[0] == '-' || v < lo || v > hi {
		return 0, &UsageError{Option: flagOf[name], Message: fmt.Sprintf("option %s must be an integer from %d to %d (got %s)", flagOf[name], lo, hi, jsQuote(*raw))}
	}
	return v, nil
}

func deref(s *string, fallback string) string {
	if s == nil {
		return fallback
	}
	return *s
}

func bench(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	values, err := parseOptions(args, benchOptions)
	if err != nil {
		return 0, err
	}
	if values["help"] != nil {
		fmt.Fprint(stdout, benchHelp())
		return 0, nil
	}
	workersList, err := workersOption(deref(values["workers"], "1,2"))
	if err != nil {
		return 0, err
	}
	schemes, err := listOption("schemes", deref(values["schemes"], strings.Join(Schemes, ",")), Schemes)
	if err != nil {
		return 0, err
	}
	it, err := New(ctx)
	if err != nil {
		return 0, err
	}
	defer it.Close(context.Background())
	kernels, err := listOption("kernels", deref(values["kernels"], strings.Join(it.Kernels, ",")), it.Kernels)
	if err != nil {
		return 0, err
	}
	repeat, err := intOption("repeat", values["repeat"], 5, 1, 1000)
	if err != nil {
		return 0, err
	}
	warmup, err := intOption("warmup", values["warmup"], 1, 0, 100)
	if err != nil {
		return 0, err
	}
	out := deref(values["out"], "results/go.json")
	base, err := it.Resolve(ctx, RawOptions{N: values["n"], Integrand: values["integrand"], Domain: values["domain"],
		Scheme: strp("serial"), Kernel: strp(kernels[0])})
	if err != nil {
		return 0, err
	}
	asc := "unknown"
	if b, err := fs.ReadFile(it.files, "build.json"); err == nil {
		var bj struct {
			AssemblyScript string `json:"assemblyscript"`
		}
		if json.Unmarshal(b, &bj) == nil && bj.AssemblyScript != "" {
			asc = bj.AssemblyScript
		}
	}
	var runs []benchRun
	var bad []string
	for _, kernel := range kernels {
		wasm, err := fs.ReadFile(it.files, kernel+".wasm")
		if err != nil {
			return 0, err
		}
		sum := sha256.Sum256(wasm)
		sha := hex.EncodeToString(sum[:])
		for _, scheme := range schemes {
			ws := workersList
			if scheme == "serial" {
				ws = []int{1}
			}
			for _, w := range ws {
				p := base
				p.Scheme, p.Kernel, p.Workers = scheme, kernel, min(w, base.NX)
				samples := benchSamples{StartupS: []float64{}, CompileS: []float64{}, ComputeS: []float64{}}
				for range repeat {
					t0 := time.Now()
					rt := wazero.NewRuntime(ctx) // fresh: wazero caches compiled modules per runtime
					c, err := rt.CompileModule(ctx, wasm)
					if err == nil {
						_, err = NewKernel(ctx, rt, c)
					}
					samples.CompileS = append(samples.CompileS, time.Since(t0).Seconds())
					rt.Close(ctx)
					if err != nil {
						return 0, err
					}
					if scheme != "serial" {
						tiny := p
						tiny.NX, tiny.NY = p.Workers, 1
						r, err := it.Run(ctx, tiny)
						if err != nil {
							return 0, err
						}
						samples.StartupS = append(samples.StartupS, r.Phases.StartupS)
					}
				}
				var last *Record
				var bits []string
				for i := range warmup + repeat {
					r, err := it.Run(ctx, p)
					if err != nil {
						return 0, err
					}
					last = r
					if !slices.Contains(bits, r.Bits) {
						bits = append(bits, r.Bits)
					}
					if i >= warmup {
						samples.ComputeS = append(samples.ComputeS, r.Phases.ComputeS)
					}
				}
				evals := p.NX * p.NY
				compute := Summarize(samples.ComputeS)
				ns := compute.Median / float64(evals) * 1e9
				var value *float64
				if finite(last.Value) {
					v := last.Value
					value = &v
				}
				runs = append(runs, benchRun{
					Problem: benchProblem{p.Integrand, p.Domain, p.NX, p.NY}, Scheme: scheme, Workers: p.Workers,
					Kernel: benchKernel{kernel, sha, asc}, Scaling: "strong", Warmup: warmup, Samples: samples,
					Summary:     benchSummaries{summaryOrNil(samples.StartupS), summaryOrNil(samples.CompileS), compute},
					Evaluations: evals, NsPerEval: ns, NsPerEvalCore: ns * float64(p.Workers),
					Value: value, Bits: last.Bits, BitsIdentical: len(bits) == 1,
				})
				fmt.Fprintf(stderr, "bench: %s %s ×%d: compute median %.3f s, %.2f ns/eval/core, bits %s\n",
					kernel, scheme, p.Workers, compute.Median, ns*float64(p.Workers), last.Bits)
				if len(bits) != 1 {
					bad = append(bad, fmt.Sprintf("%s %s ×%d: %v", kernel, scheme, p.Workers, bits))
				}
			}
		}
	}
	for _, kernel := range kernels {
		var bits []string
		for _, r := range runs {
			if r.Kernel.Build == kernel && !slices.Contains(bits, r.Bits) {
				bits = append(bits, r.Bits)
			}
		}
		if len(bits) > 1 {
			bad = append(bad, fmt.Sprintf("%s: schemes and worker counts gave %v", kernel, bits))
		}
	}
	doc := benchRecord{
		Schema: "integration2d-bench", SchemaVersion: 1,
		Date: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), Host: "go", Machine: machineInfo(),
		Runtime: benchRuntime{Name: it.Runtime.Name, Version: it.Runtime.Version, Flags: []string{}},
		Runs:    runs,
	}
	if doc.Runs == nil {
		doc.Runs = []benchRun{}
	}
	text, err := json.Marshal(doc)
	if err != nil {
		return 0, err
	}
	if dir := filepath.Dir(out); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, err
		}
	}
	if err := os.WriteFile(out, append(text, '\n'), 0o644); err != nil {
		return 0, err
	}
	fmt.Fprintf(stdout, "bench: %d runs written to %s\n", len(runs), out)
	if len(bad) > 0 {
		fmt.Fprintf(stderr, "%s: BITS DIFFER (this is a bug): %s\n", Program, strings.Join(bad, "; "))
		return 1, nil
	}
	return 0, nil
}
