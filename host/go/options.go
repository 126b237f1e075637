package integration2d

// The options contract of host/core/options.ts: names, defaults, ranges and the exact wording of each refusal.

import (
	"errors"
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

// UsageError is bad input: Option names the flag (CLI spelling), Message is the CLI's line without the
// program's name. For -f/-d it is "option -f/--integrand: " and the kernel's words; Column is then where in
// the text the kernel found the error (1-based, in code points; 0 where there is no place).
type UsageError struct {
	Option  string
	Message string
	Column  int
}

func (e *UsageError) Error() string { return e.Message }

// WorkerError is a worker that failed; the run is rejected, never summed.
type WorkerError struct {
	Worker  int
	Message string
}

func (e *WorkerError) Error() string { return fmt.Sprintf("worker %d: %s", e.Worker, e.Message) }

// RunError is a run whose integral is not finite: Message is the kernel's diagnosis ("integrand is not
// finite at x = 0.5, y = 0.25 (value -Inf)"). errors.Is(err, ErrNotFinite) holds for it.
type RunError struct{ Message string }

func (e *RunError) Error() string        { return e.Message }
func (e *RunError) Is(target error) bool { return target == ErrNotFinite }

// ErrNotFinite is what every *RunError is (errors.Is): the integral came out NaN or ±Inf.
var ErrNotFinite = errors.New("the integral is not finite")

// RawOptions are options as text, nil meaning "not given" (the CLI's view; Options converts to this).
type RawOptions struct {
	N, NX, NY, Workers, Scheme, Kernel, Integrand, Domain *string
}

// Problem is a validated run: every field filled in, Workers the number that will run. Integrand and
// DomainText are the texts as given (the kernel parses them); Domain, Catalog and Exact are what the kernel
// made of them.
type Problem struct {
	Integrand  string
	DomainText string
	Domain     Domain
	Catalog    int     // the catalog entry whose fast path the integrand takes, or −1
	Exact      float64 // the closed form, NaN when there is none
	NX, NY     int
	Scheme     string
	Workers    int
	Kernel     string
}

// Domain is [ax, bx, ay, by] as the kernel evaluated the domain text.
type Domain [4]float64

// DefaultDomainText is the domain when none is given.
const DefaultDomainText = "0,pi,0,pi"

// OptionContext is what the defaults depend on, and the kernel's check of the texts.
type OptionContext struct {
	MaxCells int
	Cores    int
	Kernels  []string // runnable builds, preferred first
	Schemes  []string
	// Define has the kernel parse and check p's texts with its nx and ny, and fills in what it made of them
	// (the error is a *UsageError with the kernel's message).
	Define func(p *Problem) error
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

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

func strp(s string) *string { return &s }

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
	p.Integrand, p.DomainText = deref(o.Integrand, DefaultIntegrand), deref(o.Domain, DefaultDomainText)
	if err = ctx.Define(&p); err != nil {
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
	// More workers than rows would idle: run one per row and report that number.
	p.Workers = min(requested, p.NX)
	return p, nil
}

// Options is the library's typed view of the CLI options; zero values mean "the default". Integrand and
// Domain are texts the kernel parses (`exp(-(x^2 + y^2))`, `-2,2,-pi/2,sqrt(2)`); Bounds is the domain as
// numbers instead, written as text with Go's shortest round-trip spelling.
type Options struct {
	N, NX, NY, Workers int
	Scheme, Kernel     string
	Integrand, Domain  string
	Bounds             []float64
}

var boundNames = []string{"ax", "bx", "ay", "by"}

// BoundsText is bounds as a domain text: "ax,bx,ay,by", each the shortest text that reads back as the same
// double. A bound that is not finite has no such text and is refused (the kernel would refuse it too).
func BoundsText(bounds []float64) (string, error) {
	parts := make([]string, len(bounds))
	for i, v := range bounds {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			name := fmt.Sprintf("%d", i+1)
			if i < len(boundNames) {
				name = boundNames[i]
			}
			return "", usage("domain", "option %s: bound %s is not finite (%s)", Flag["domain"], name, jsFinite(v))
		}
		parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(parts, ","), nil
}

// jsFinite is how the kernel's messages spell a value that is not finite.
func jsFinite(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return "NaN"
}

func (o Options) raw() (RawOptions, error) {
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
	domain := str(o.Domain)
	if o.Bounds != nil {
		if o.Domain != "" {
			return RawOptions{}, usage("domain", "option %s: give Domain (a text) or Bounds (numbers), not both", Flag["domain"])
		}
		text, err := BoundsText(o.Bounds)
		if err != nil {
			return RawOptions{}, err
		}
		domain = &text
	}
	return RawOptions{num(o.N), num(o.NX), num(o.NY), num(o.Workers), str(o.Scheme), str(o.Kernel), str(o.Integrand), domain}, nil
}
