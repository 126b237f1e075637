package integration2d

// The options contract of host/core/options.ts: names, defaults, ranges and the exact wording of each refusal.

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Schemes this host offers (no child processes: a Go program has goroutines).
var Schemes = []string{"serial", "threads"}

const (
	DefaultN         = 10000
	DefaultIntegrand = "sin(x+y)"
	MaxWorkers       = 256
)

// Flag is each option's CLI spelling, used in every message.
var Flag = map[string]string{
	"n":         "-n/--n",
	"nx":        "--nx",
	"ny":        "--ny",
	"workers":   "-w/--workers",
	"scheme":    "-s/--scheme",
	"kernel":    "-k/--kernel",
	"integrand": "-f/--integrand",
	"domain":    "-d/--domain",
}

// UsageError is bad input: Option names the flag (CLI spelling), Message says what is allowed.
type UsageError struct {
	Option  string
	Message string
}

func (e *UsageError) Error() string { return e.Message }

// WorkerError is a worker that failed; the run is rejected, never summed.
type WorkerError struct {
	Worker  int
	Message string
}

func (e *WorkerError) Error() string { return fmt.Sprintf("worker %d: %s", e.Worker, e.Message) }

// RawOptions are options as text, nil meaning "not given" (the CLI's view; Options converts to this).
type RawOptions struct {
	N, NX, NY, Workers, Scheme, Kernel, Integrand, Domain *string
}

// Problem is a validated run: every field filled in, Workers the number that will run.
type Problem struct {
	Integrand   string
	IntegrandID int
	Domain      Domain
	NX, NY      int
	Scheme      string
	Workers     int
	Kernel      string
}

// OptionContext is what the defaults depend on.
type OptionContext struct {
	MaxCells   int
	Integrands []string
	Cores      int
	Kernels    []string // runnable builds, preferred first
	Schemes    []string
}

func usage(option, format string, args ...any) *UsageError {
	return &UsageError{Option: Flag[option], Message: fmt.Sprintf(format, args...)}
}

// isIntegerText is /^[+-]?\d+$/.
func isIntegerText(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// integer takes optional ASCII whitespace around an optional '+' and ASCII digits: no NBSP, no other digits,
// no '_' (the rule every host shares, stricter than JS's trim).
func integer(option string, raw *string, fallback, max int) (int, error) {
	if raw == nil {
		return fallback, nil
	}
	text := strings.Trim(*raw, " \t\n\v\f\r")
	if isIntegerText(text) {
		// Any length of digits: compare as a big integer (JS's Number() + isSafeInteger refuses them all too).
		v, ok := new(big.Int).SetString(strings.TrimPrefix(text, "+"), 10)
		if ok && v.Sign() > 0 && v.Cmp(big.NewInt(int64(max))) <= 0 {
			return int(v.Int64()), nil
		}
	}
	return 0, usage(option, "option %s must be an integer from 1 to %d (got %s)", Flag[option], max, jsQuote(*raw))
}

func oneOf(option string, raw *string, allowed []string) (string, error) {
	if raw == nil {
		return allowed[0], nil
	}
	if !slices.Contains(allowed, *raw) {
		return "", usage(option, "option %s must be one of %s (got %s)", Flag[option], strings.Join(allowed, ", "), jsQuote(*raw))
	}
	return *raw, nil
}

func domainOf(raw *string, integrand string) (Domain, error) {
	text := DefaultDomainText
	if raw != nil {
		text = *raw
	}
	d, ok := ParseDomain(text)
	if !ok {
		return d, usage("domain", "option %s must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got %s)", Flag["domain"], jsQuote(text))
	}
	ax, bx, ay, by := d[0], d[1], d[2], d[3]
	if !(ax < bx && ay < by) {
		return d, usage("domain", "option %s needs ax < bx and ay < by (got %s)", Flag["domain"], jsQuote(text))
	}
	if integrand == "1/(1+x+y)" && !(float64(1+ax)+ay > 0) {
		return d, usage("domain", "option %s: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got %s)", Flag["domain"], jsQuote(text))
	}
	return d, nil
}

func strp(s string) *string { return &s }

// checkCellArea refuses a domain whose cell area hx·hy overflows (or underflows to 0): the kernel weighs every
// point by it, so no sum can be right there, whatever the integrand.
func checkCellArea(raw *string, d Domain, nx, ny int) error {
	area := ((d[1] - d[0]) / float64(nx)) * ((d[3] - d[2]) / float64(ny))
	if !math.IsInf(area, 0) && !math.IsNaN(area) && area != 0 {
		return nil
	}
	text, what := DefaultDomainText, "not finite"
	if raw != nil {
		text = *raw
	}
	if area == 0 {
		what = "zero"
	}
	return usage("domain", "option %s: the cell area hx·hy is %s with these bounds and %dx%d cells (got %s)", Flag["domain"], what, nx, ny, jsQuote(text))
}

// ResolveOptions checks every option and fills in the defaults; the error is a *UsageError naming the
// first bad option, in the Node host's order.
func ResolveOptions(o RawOptions, ctx OptionContext) (Problem, error) {
	var p Problem
	n, err := integer("n", o.N, DefaultN, ctx.MaxCells)
	if err != nil {
		return p, err
	}
	if p.NX, err = integer("nx", o.NX, n, ctx.MaxCells); err != nil {
		return p, err
	}
	if p.NY, err = integer("ny", o.NY, n, ctx.MaxCells); err != nil {
		return p, err
	}
	scheme := o.Scheme
	if scheme == nil {
		if slices.Contains(ctx.Schemes, "threads") {
			scheme = strp("threads")
		} else {
			scheme = strp(ctx.Schemes[0])
		}
	}
	if p.Scheme, err = oneOf("scheme", scheme, ctx.Schemes); err != nil {
		return p, err
	}
	if p.Kernel, err = oneOf("kernel", o.Kernel, ctx.Kernels); err != nil {
		return p, err
	}
	integrand := o.Integrand
	if integrand == nil {
		integrand = strp(DefaultIntegrand)
	}
	if p.Integrand, err = oneOf("integrand", integrand, ctx.Integrands); err != nil {
		return p, err
	}
	if p.Domain, err = domainOf(o.Domain, p.Integrand); err != nil {
		return p, err
	}
	if err = checkCellArea(o.Domain, p.Domain, p.NX, p.NY); err != nil {
		return p, err
	}
	fallback := min(ctx.Cores, MaxWorkers)
	if p.Scheme == "serial" {
		fallback = 1
	}
	requested, err := integer("workers", o.Workers, fallback, MaxWorkers)
	if err != nil {
		return p, err
	}
	if p.Scheme == "serial" && requested != 1 {
		got := "undefined"
		if o.Workers != nil {
			got = jsQuote(*o.Workers)
		}
		return p, usage("workers", "option %s must be 1 with --scheme serial (got %s)", Flag["workers"], got)
	}
	p.IntegrandID = slices.Index(ctx.Integrands, p.Integrand)
	// More workers than rows would idle: run one per row and report that number.
	p.Workers = min(requested, p.NX)
	return p, nil
}

// Options is the library's typed view of the CLI options; zero values mean "the default".
type Options struct {
	N, NX, NY, Workers int
	Scheme, Kernel     string
	Integrand, Domain  string
}

func (o Options) raw() RawOptions {
	num := func(v int) *string {
		if v == 0 {
			return nil
		}
		return strp(strconv.Itoa(v))
	}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return strp(v)
	}
	return RawOptions{num(o.N), num(o.NX), num(o.NY), num(o.Workers), str(o.Scheme), str(o.Kernel), str(o.Integrand), str(o.Domain)}
}
