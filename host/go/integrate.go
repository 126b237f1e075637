package integration2d

// The run every host shares: load the kernel → hand out rows (one row per claim, an atomic counter) to
// instances → row sums into an array, row i at index i → buffer + write + combine(nx) in one instance.
// The host never adds row sums itself: the kernel's combine fixes the order, so any worker count gives
// the same 64 bits.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	goruntime "runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
)

// Version is this host's version (the npm package's).
const Version = "0.1.0"

// wazeroVersion is the wazero the module requires (go.mod); build info overrides it when present.
const wazeroVersion = "v1.12.0"

// RuntimeInfo names the runtime in the record.
type RuntimeInfo struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

func runtimeInfo() RuntimeInfo {
	v := wazeroVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/tetratelabs/wazero" {
				v = d.Version
			}
		}
	}
	return RuntimeInfo{Name: "go-wazero", Version: "wazero " + v + ", " + goruntime.Version()}
}

// Integrator holds the compiled kernel builds and one instance of each on the calling goroutine (metadata,
// exact values, combine). Methods must not be called concurrently.
type Integrator struct {
	rt       wazero.Runtime
	files    fs.FS
	compiled map[string]wazero.CompiledModule
	main     map[string]*Kernel
	// Kernels are the builds this runtime runs, preferred first: simd, scalar where wazero validates and
	// compiles wasm SIMD (its compiler does on amd64 and arm64; its interpreter elsewhere), else scalar.
	Kernels []string
	// SimdProblem says why simd is not offered (empty when it is).
	SimdProblem string
	Meta        Meta
	Cores       int
	Runtime     RuntimeInfo
}

// New compiles the embedded kernel builds (EmbeddedKernel), or those in $INTEGRATION2D_KERNEL_DIR when set.
func New(ctx context.Context) (*Integrator, error) {
	files, err := kernelFiles()
	if err != nil {
		return nil, err
	}
	return NewFromFS(ctx, files)
}

// NewFromFS compiles files' simd.wasm, and its scalar.wasm when first asked for; build.json is read by bench.
func NewFromFS(ctx context.Context, files fs.FS) (*Integrator, error) {
	it := &Integrator{
		rt:       wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig()),
		files:    files,
		compiled: map[string]wazero.CompiledModule{},
		main:     map[string]*Kernel{},
		Cores:    goruntime.NumCPU(),
		Runtime:  runtimeInfo(),
	}
	if _, err := it.kernel(ctx, "simd"); err == nil {
		it.Kernels = []string{"simd", "scalar"}
	} else {
		it.SimdProblem = err.Error()
		it.Kernels = []string{"scalar"}
	}
	k, err := it.kernel(ctx, it.Kernels[0])
	if err != nil {
		it.rt.Close(ctx)
		return nil, err
	}
	if it.Meta, err = k.Meta(ctx); err != nil {
		it.rt.Close(ctx)
		return nil, err
	}
	return it, nil
}

// Close frees every instance and compiled module.
func (it *Integrator) Close(ctx context.Context) error { return it.rt.Close(ctx) }

func (it *Integrator) compile(ctx context.Context, variant string) (wazero.CompiledModule, error) {
	if c, ok := it.compiled[variant]; ok {
		return c, nil
	}
	bytes, err := fs.ReadFile(it.files, variant+".wasm")
	if err != nil {
		return nil, err
	}
	c, err := it.rt.CompileModule(ctx, bytes)
	if err != nil {
		return nil, fmt.Errorf("wazero cannot compile the %s kernel: %w", variant, err)
	}
	it.compiled[variant] = c
	return c, nil
}

// kernel is the calling goroutine's instance of a build.
func (it *Integrator) kernel(ctx context.Context, variant string) (*Kernel, error) {
	if k, ok := it.main[variant]; ok {
		return k, nil
	}
	c, err := it.compile(ctx, variant)
	if err != nil {
		return nil, err
	}
	k, err := NewKernel(ctx, it.rt, c)
	if err != nil {
		return nil, err
	}
	it.main[variant] = k
	return k, nil
}

// Kernel returns the calling goroutine's instance of a build ("simd" or "scalar").
func (it *Integrator) Kernel(ctx context.Context, variant string) (*Kernel, error) {
	return it.kernel(ctx, variant)
}

// Resolve validates options without running anything: the host checks its integer and name options, the
// kernel parses and checks the integrand and the domain (the error is a *UsageError).
func (it *Integrator) Resolve(ctx context.Context, o RawOptions) (Problem, error) {
	return ResolveOptions(o, OptionContext{
		MaxCells: it.Meta.MaxCells, Cores: it.Cores, Kernels: it.Kernels, Schemes: Schemes,
		Define: func(p *Problem) error {
			k, err := it.kernel(ctx, p.Kernel)
			if err != nil {
				return err
			}
			return definedAs(ctx, k, p)
		},
	})
}

// fieldOption is the option each define field is given by.
var fieldOption = []string{"integrand", "domain", "nx", "ny"}

// define has k parse and check p's texts; a refusal becomes the *UsageError naming the option.
func define(ctx context.Context, k *Kernel, p Problem) error {
	err := k.Define(ctx, p.Integrand, p.DomainText, p.NX, p.NY)
	var de *DefineError
	if errors.As(err, &de) {
		option := "integrand"
		if de.Field >= 0 && de.Field < len(fieldOption) {
			option = fieldOption[de.Field]
		}
		u := usage(option, "option %s: %s", Flag[option], de.Message)
		u.Column = de.Column
		return u
	}
	return err
}

// definedAs defines p in k and fills in the bounds, catalog entry and closed form the kernel found.
func definedAs(ctx context.Context, k *Kernel, p *Problem) error {
	if err := define(ctx, k, *p); err != nil {
		return err
	}
	for i := range p.Domain {
		v, err := k.Bound(ctx, i)
		if err != nil {
			return err
		}
		p.Domain[i] = v
	}
	var err error
	if p.Catalog, err = k.CatalogID(ctx); err != nil {
		return err
	}
	p.Exact, err = k.ExactValue(ctx)
	return err
}

// Integrate runs one problem from typed options (zero values are defaults).
func (it *Integrator) Integrate(ctx context.Context, o Options) (*Record, error) {
	raw, err := o.raw()
	if err != nil {
		return nil, err
	}
	return it.IntegrateRaw(ctx, raw)
}

// IntegrateRaw runs one problem from options as the CLI gives them. Cancelling ctx stops every worker
// between rows and returns ctx's error.
func (it *Integrator) IntegrateRaw(ctx context.Context, o RawOptions) (*Record, error) {
	p, err := it.Resolve(ctx, o)
	if err != nil {
		return nil, err
	}
	return it.Run(ctx, p)
}

// Run computes a validated problem: this goroutine's instance defines it (the check, and the instance that
// combines), workers each define it from the same texts.
func (it *Integrator) Run(ctx context.Context, p Problem) (*Record, error) {
	k, err := it.kernel(ctx, p.Kernel)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := definedAs(ctx, k, &p); err != nil {
		return nil, err
	}
	if p.Scheme == "serial" {
		sums, err := serialRows(ctx, k, p)
		if err != nil {
			return nil, err
		}
		return it.finish(ctx, k, p, sums, Phases{0, time.Since(t0).Seconds()})
	}
	sums, phases, err := threadRows(ctx, it.rt, it.compiled[p.Kernel], p)
	if err != nil {
		return nil, err
	}
	t1 := time.Now()
	r, err := it.finish(ctx, k, p, sums, phases)
	if err != nil {
		return nil, err
	}
	r.Phases.ComputeS += time.Since(t1).Seconds()
	r.TimeS = r.Phases.StartupS + r.Phases.ComputeS
	return r, nil
}

func serialRows(ctx context.Context, k *Kernel, p Problem) ([]float64, error) {
	sums := make([]float64, p.NX)
	for i := range sums {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := k.RowSum(ctx, i)
		if err != nil {
			return nil, err
		}
		sums[i] = v
	}
	return sums, nil
}

// threadRows: p.Workers goroutines, one kernel instance each; each claims the next row with one atomic
// increment and writes its sum at index i. startup = goroutines up and instances ready; compute = rows.
func threadRows(ctx context.Context, rt wazero.Runtime, compiled wazero.CompiledModule, p Problem) ([]float64, Phases, error) {
	t0 := time.Now()
	sums := make([]float64, p.NX)
	var next atomic.Int64
	var stop atomic.Bool
	var firstErr error
	var once sync.Once
	fail := func(err error) {
		once.Do(func() { firstErr = err })
		stop.Store(true)
	}
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for w := 0; w < p.Workers; w++ {
		ready.Add(1)
		done.Add(1)
		go func(w int) {
			defer done.Done()
			readied := false
			defer func() {
				if r := recover(); r != nil {
					fail(&WorkerError{w, fmt.Sprintf("panicked: %v", r)})
				}
				if !readied {
					ready.Done()
				}
			}()
			k, err := NewKernel(ctx, rt, compiled)
			if err == nil {
				defer k.Close(context.Background())
				err = define(ctx, k, p)
			}
			readied = true
			ready.Done()
			if err != nil {
				fail(&WorkerError{w, err.Error()})
				return
			}
			<-start
			for !stop.Load() {
				i := int(next.Add(1) - 1)
				if i >= p.NX {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				v, err := k.RowSum(ctx, i)
				if err != nil {
					fail(&WorkerError{w, err.Error()})
					return
				}
				sums[i] = v
			}
		}(w)
	}
	ready.Wait()
	t1 := time.Now()
	close(start)
	done.Wait()
	if firstErr != nil {
		return nil, Phases{}, firstErr
	}
	return sums, Phases{t1.Sub(t0).Seconds(), time.Since(t1).Seconds()}, nil
}

// finish combines the row sums in k, which has p defined.
func (it *Integrator) finish(ctx context.Context, k *Kernel, p Problem, sums []float64, phases Phases) (*Record, error) {
	value, err := k.Combine(ctx, sums)
	if err != nil {
		return nil, err
	}
	if !finite(value) { // a failed run, never a result: the kernel names the point or the overflow
		why, err := k.Message(ctx)
		if err != nil {
			return nil, err
		}
		return nil, &RunError{why}
	}
	return makeRecord(p, value, it.Runtime, phases), nil
}

// Integrate is a one-shot run: load the kernel, run, close.
func Integrate(ctx context.Context, o Options) (*Record, error) {
	it, err := New(ctx)
	if err != nil {
		return nil, err
	}
	defer it.Close(ctx)
	return it.Integrate(ctx, o)
}

// Phases is the wall time split: workers up and instances ready, then rows computed and combined.
type Phases struct {
	StartupS float64
	ComputeS float64
}

// Record is the result record every host prints with --json.
type Record struct {
	Value     float64 // NaN prints as null
	Bits      string
	Exact     float64 // NaN (no closed form: not a catalog integrand) prints as null
	Error     float64 // |Value − Exact|; NaN prints as null
	Integrand string  // the text as given
	Domain    Domain  // the bounds the kernel read from the domain text
	Catalog   int     // the catalog entry whose fast path was taken, or −1 (not in the JSON record)
	NX, NY    int
	Scheme    string
	Workers   int
	Kernel    string
	Runtime   RuntimeInfo
	TimeS     float64
	Phases    Phases
}

// BitsOf is "0x" + 16 lowercase hex digits of the IEEE-754 pattern, NaN canonical.
func BitsOf(v float64) string {
	if math.IsNaN(v) {
		return "0x7ff8000000000000"
	}
	return fmt.Sprintf("0x%016x", math.Float64bits(v))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func makeRecord(p Problem, value float64, rt RuntimeInfo, phases Phases) *Record {
	return &Record{
		Value: value, Bits: BitsOf(value), Exact: p.Exact, Error: math.Abs(value - p.Exact),
		Integrand: p.Integrand, Domain: p.Domain, Catalog: p.Catalog, NX: p.NX, NY: p.NY, Scheme: p.Scheme, Workers: p.Workers,
		Kernel: p.Kernel, Runtime: rt, TimeS: phases.StartupS + phases.ComputeS, Phases: phases,
	}
}

func jsonNumberOrNull(v float64) string {
	if !finite(v) {
		return "null"
	}
	return jsNumber(v)
}

// JSON is the record as the Node host's JSON.stringify prints it (same keys, order and number spelling).
func (r *Record) JSON() string {
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
	}
	w(`{"value":`, jsonNumberOrNull(r.Value), `,"bits":`, jsQuote(r.Bits), `,"exact":`, jsonNumberOrNull(r.Exact),
		`,"error":`, jsonNumberOrNull(r.Error), `,"integrand":`, jsQuote(r.Integrand), `,"domain":[`)
	for i, v := range r.Domain {
		if i > 0 {
			w(",")
		}
		w(jsonNumberOrNull(v))
	}
	w(`],"nx":`, jsNumber(float64(r.NX)), `,"ny":`, jsNumber(float64(r.NY)), `,"scheme":`, jsQuote(r.Scheme),
		`,"workers":`, jsNumber(float64(r.Workers)), `,"kernel":`, jsQuote(r.Kernel),
		`,"runtime":{"name":`, jsQuote(r.Runtime.Name), `,"version":`, jsQuote(r.Runtime.Version), `}`,
		`,"time_s":`, jsonNumberOrNull(r.TimeS),
		`,"phases":{"startup_s":`, jsonNumberOrNull(r.Phases.StartupS), `,"compute_s":`, jsonNumberOrNull(r.Phases.ComputeS), `}}`)
	return b.String()
}

// HumanLines are the seed's two lines plus the run's settings.
func (r *Record) HumanLines() []string {
	errorIs := FormatE(r.Error, finite(r.Error))
	if math.IsNaN(r.Exact) {
		errorIs = "unknown (no closed form)"
	}
	return []string{
		fmt.Sprintf("Integral value is %s, Error is %s", FormatE(r.Value, finite(r.Value)), errorIs),
		fmt.Sprintf("Time spent: %s sec", jsToFixed(r.TimeS, 2)),
		fmt.Sprintf("Scheme %s, workers %d, kernel %s, n %dx%d, integrand %s, bits %s", r.Scheme, r.Workers, r.Kernel, r.NX, r.NY, r.Integrand, r.Bits),
	}
}

var errInterrupted = errors.New("interrupted (Ctrl-C)")
