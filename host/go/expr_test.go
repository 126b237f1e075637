package integration2d

// ABI 2 from the host's side: the problem as text, parsed and refused by the kernel. The cases and vectors are
// the shared files (test/cases/bad-expressions.json, test/vectors-expr.json), read here, never re-typed.

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type badCase struct {
	Field     string  `json:"field"`
	Text      string  `json:"text"`
	Code      int     `json:"code"`
	Column    int     `json:"column"`
	Message   string  `json:"message"`
	Integrand *string `json:"integrand"`
	Domain    *string `json:"domain"`
}

// problemOf is the case's four inputs: the defaults, the case's own integrand or domain, then its field.
func (c badCase) problemOf(defaults badDefaults) (integrand, domain, nx, ny string) {
	integrand, domain = defaults.Integrand, defaults.Domain
	nx, ny = strconv.Itoa(defaults.NX), strconv.Itoa(defaults.NY)
	if c.Integrand != nil {
		integrand = *c.Integrand
	}
	if c.Domain != nil {
		domain = *c.Domain
	}
	switch c.Field {
	case "integrand":
		integrand = c.Text
	case "domain":
		domain = c.Text
	case "nx":
		nx = c.Text
	case "ny":
		ny = c.Text
	}
	return
}

type badDefaults struct {
	Integrand string `json:"integrand"`
	Domain    string `json:"domain"`
	NX        int    `json:"nx"`
	NY        int    `json:"ny"`
}

func loadBadCases(t *testing.T) (badDefaults, []badCase) {
	t.Helper()
	var f struct {
		Defaults badDefaults `json:"defaults"`
		Cases    []badCase   `json:"cases"`
	}
	readTestFile(t, filepath.Join("cases", "bad-expressions.json"), &f)
	if len(f.Cases) < 90 {
		t.Fatalf("bad-expressions.json: %d cases", len(f.Cases))
	}
	return f.Defaults, f.Cases
}

func loadExprVectors(t *testing.T) []vector { return loadVectorFile(t, "vectors-expr.json", 2, 20) }

// flagOfField is the option the CLI names for a case's field.
var flagOfField = map[string]string{"integrand": "-f/--integrand", "domain": "-d/--domain", "nx": "--nx", "ny": "--ny"}

// hostRefusesFirst: nx/ny values the host's own integer check refuses before the kernel sees them.
func hostRefusesFirst(c badCase) bool { return c.Field == "nx" || c.Field == "ny" }

// The wrapper hands the texts to define and reads back the kernel's code, field, column and message.
func TestBadExpressionsThroughTheKernel(t *testing.T) {
	defaults, cases := loadBadCases(t)
	it := newIntegrator(t)
	ctx := context.Background()
	fields := map[string]int{"integrand": 0, "domain": 1, "nx": 2, "ny": 3}
	for _, variant := range it.Kernels {
		k, err := it.Kernel(ctx, variant)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			f, d, nxText, nyText := c.problemOf(defaults)
			nx, _ := strconv.Atoi(nxText)
			ny, _ := strconv.Atoi(nyText)
			err := k.Define(ctx, f, d, nx, ny)
			var de *DefineError
			if !errors.As(err, &de) || *de != (DefineError{Code: c.Code, Field: fields[c.Field], Column: c.Column, Message: c.Message}) {
				t.Errorf("%s %s %q: %#v, want code %d column %d %q", variant, c.Field, c.Text, err, c.Code, c.Column, c.Message)
			}
		}
	}
}

// Every case through the built command: exit 2, nothing on stdout, one line on stderr naming the option with
// the kernel's words (the host's own words for the numbers it refuses first).
func TestBadExpressionsThroughTheCommand(t *testing.T) {
	defaults, cases := loadBadCases(t)
	for _, c := range cases {
		f, d, nx, ny := c.problemOf(defaults)
		// The '=' forms: a text may start with '-'.
		code, out, errs := runCommand(t, "--integrand="+f, "--domain="+d, "--nx="+nx, "--ny="+ny)
		want := "integration2d: option " + flagOfField[c.Field] + ": " + c.Message + "\n"
		if hostRefusesFirst(c) {
			want = "integration2d: " + intMsg(flagOfField[c.Field], c.Text) + "\n"
		}
		if code != 2 || out != "" || errs != want || strings.Count(errs, "\n") != 1 {
			t.Errorf("%s %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.Field, c.Text, code, out, errs, want)
		}
	}
}

// Every case through the library: a *UsageError naming the option, the same line, and the kernel's column.
func TestBadExpressionsThroughTheLibrary(t *testing.T) {
	defaults, cases := loadBadCases(t)
	it := newIntegrator(t)
	for _, c := range cases {
		f, d, nx, ny := c.problemOf(defaults)
		for _, scheme := range []string{"serial", "threads"} {
			_, err := it.IntegrateRaw(context.Background(), RawOptions{Integrand: &f, Domain: &d, NX: &nx, NY: &ny, Scheme: &scheme})
			want := UsageError{Option: flagOfField[c.Field], Message: "option " + flagOfField[c.Field] + ": " + c.Message, Column: c.Column}
			if hostRefusesFirst(c) {
				want = UsageError{Option: flagOfField[c.Field], Message: intMsg(flagOfField[c.Field], c.Text)}
			}
			var ue *UsageError
			if !errors.As(err, &ue) || *ue != want {
				t.Errorf("%s %q (%s): %#v, want %#v", c.Field, c.Text, scheme, err, want)
			}
		}
	}
}

// A text too long for the kernel's area (2·maxText) never reaches define; the host says what define says of
// a text over maxText, in its words (the case file's).
func TestTextsTooLongForTheAreaGetTheKernelsWords(t *testing.T) {
	_, cases := loadBadCases(t)
	var wording string
	for _, c := range cases {
		if c.Field == "integrand" && strings.HasPrefix(c.Message, "text longer than") {
			wording = strings.Replace(c.Message, "("+strconv.Itoa(len(c.Text))+" bytes)", "(%d bytes)", 1)
		}
	}
	if !strings.Contains(wording, "(%d bytes)") {
		t.Fatalf("no over-long integrand case: %q", wording)
	}
	long := strings.Repeat("x+", 4600) + "y" // 9201 bytes: over the whole area alone
	for _, c := range []struct{ integrand, domain, option string }{
		{long, "0,1,0,1", "-f/--integrand"},
		{"x*y", "0,1,0,1" + strings.Repeat(" ", 9000), "-d/--domain"},
		{long, "0,1,0,1" + strings.Repeat(" ", 9000), "-f/--integrand"}, // the integrand is checked first
	} {
		n := len(c.integrand)
		if c.option == "-d/--domain" {
			n = len(c.domain)
		}
		msg := "option " + c.option + ": " + strings.Replace(wording, "%d", strconv.Itoa(n), 1)
		if code, out, errs := runCommand(t, "--integrand="+c.integrand, "--domain="+c.domain); code != 2 || out != "" || errs != "integration2d: "+msg+"\n" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", c.option, code, out, errs, msg)
		}
		_, err := Integrate(context.Background(), Options{Integrand: c.integrand, Domain: c.domain})
		var ue *UsageError
		if !errors.As(err, &ue) || *ue != (UsageError{Option: c.option, Message: msg}) {
			t.Errorf("%s: %v", c.option, err)
		}
	}
}

// Every vector of vectors-expr.json in both builds, serial and threads, through the library: the bits, the
// kernel's bounds, its closed form (or none) and the catalog entry taken.
func TestExprVectorsBitForBit(t *testing.T) {
	it := newIntegrator(t)
	ctx := context.Background()
	runs := 0
	for _, v := range loadExprVectors(t) {
		for _, kernel := range []string{"scalar", "simd"} {
			for _, r := range []struct {
				scheme  string
				workers int
			}{{"serial", 1}, {"threads", 2}, {"threads", 3}} {
				rec, err := it.Integrate(ctx, Options{NX: v.NX, NY: v.NY, Integrand: v.Integrand, Domain: v.DomainText,
					Kernel: kernel, Scheme: r.scheme, Workers: r.workers})
				if err != nil {
					t.Fatalf("%s (%s) %s/%d: %v", v.Note, kernel, r.scheme, r.workers, err)
				}
				runs++
				if rec.Bits != v.Bits[kernel] || rec.Integrand != v.Integrand || rec.Catalog != *v.Catalog {
					t.Errorf("%s (%s) %s/%d: bits %s catalog %d, want %s %d", v.Note, kernel, r.scheme, r.workers, rec.Bits, rec.Catalog, v.Bits[kernel], *v.Catalog)
				}
				for i := range rec.Domain {
					if !sameBits(rec.Domain[i], v.Domain[i]) {
						t.Errorf("%s: bound %d is %v, want %v", v.Note, i, rec.Domain[i], v.Domain[i])
					}
				}
				if v.Exact == nil {
					if !math.IsNaN(rec.Exact) || !math.IsNaN(rec.Error) || !strings.HasSuffix(rec.HumanLines()[0], ", Error is unknown (no closed form)") {
						t.Errorf("%s: exact %v error %v, want none: %q", v.Note, rec.Exact, rec.Error, rec.HumanLines()[0])
					}
				} else if !sameBits(rec.Exact, *v.Exact) || !sameBits(rec.Error, math.Abs(rec.Value-*v.Exact)) {
					t.Errorf("%s: exact %v, want %v", v.Note, rec.Exact, *v.Exact)
				}
			}
		}
	}
	if runs != 6*len(loadExprVectors(t)) {
		t.Fatalf("%d runs", runs)
	}
}

// Some vectors through the built command with several workers: the record's bits, exact (null or the
// number), error and domain.
func TestExprVectorsThroughTheCommand(t *testing.T) {
	vectors := loadExprVectors(t)
	checked := 0
	for i, v := range vectors {
		if i%5 != 0 && v.Exact == nil {
			continue // every vector with a closed form, and a spread of the others
		}
		for _, kernel := range []string{"scalar", "simd"} {
			workers := strconv.Itoa(3 + i%2)
			code, out, errs := runCommand(t, "--json", "--integrand="+v.Integrand, "--domain="+v.DomainText,
				"--nx", strconv.Itoa(v.NX), "--ny", strconv.Itoa(v.NY), "-k", kernel, "-w", workers)
			var r struct {
				Bits    string    `json:"bits"`
				Value   float64   `json:"value"`
				Exact   *float64  `json:"exact"`
				Error   *float64  `json:"error"`
				Domain  []float64 `json:"domain"`
				Workers int       `json:"workers"`
			}
			if code != 0 || errs != "" || json.Unmarshal([]byte(out), &r) != nil {
				t.Fatalf("%s: exit %d %q %q", v.Note, code, out, errs)
			}
			checked++
			ok := r.Bits == v.Bits[kernel] && r.Workers == min(3+i%2, v.NX) && len(r.Domain) == 4
			for j := range r.Domain {
				ok = ok && sameBits(r.Domain[j], v.Domain[j])
			}
			if v.Exact == nil {
				ok = ok && r.Exact == nil && r.Error == nil && strings.Contains(out, `"exact":null,"error":null,`)
			} else {
				ok = ok && r.Exact != nil && *r.Exact == *v.Exact && r.Error != nil && *r.Error == math.Abs(r.Value-*v.Exact)
			}
			if !ok {
				t.Errorf("%s (%s, -w %s): %s", v.Note, kernel, workers, out)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d runs", checked)
	}
}

// An expression equal to a catalog entry but spelt otherwise misses the fast path and keeps the catalog's
// bits in both builds (README § How an expression is evaluated).
func TestEqualExpressionsGiveTheCatalogsBits(t *testing.T) {
	it := newIntegrator(t)
	ctx := context.Background()
	spelt := map[string]string{"sin(x+y)": "sin(y + x)", "x*y": "y*x", "sin(x)*cos(y)": "cos(y) * sin(x)", "1/(1+x+y)": "1/(x+1+y)"}
	checked := 0
	for _, v := range loadVectors(t) {
		other, ok := spelt[v.Integrand]
		if !ok || v.NX*v.NY > 1_000_000 {
			continue
		}
		for _, kernel := range []string{"scalar", "simd"} {
			rec, err := it.Integrate(ctx, Options{NX: v.NX, NY: v.NY, Integrand: other, Domain: v.DomainText, Kernel: kernel, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			checked++
			if rec.Bits != v.Bits[kernel] || rec.Catalog != -1 || !math.IsNaN(rec.Exact) {
				t.Errorf("%q on %s (%s): bits %s catalog %d exact %v, want the bits %s", other, v.DomainText, kernel, rec.Bits, rec.Catalog, rec.Exact, v.Bits[kernel])
			}
		}
	}
	if checked < 16 {
		t.Fatalf("only %d runs", checked)
	}
	v := vectorFor(t, 1000)
	if code, out, errs := runCommand(t, "-f", "sin(y + x)", "-n", "1000", "-k", "simd", "--json"); code != 0 ||
		!strings.Contains(out, `"bits":"`+v.Bits["simd"]+`","exact":null,"error":null,"integrand":"sin(y + x)",`) {
		t.Errorf("-f 'sin(y + x)': exit %d %s %s", code, out, errs)
	}
}

// No closed form: the seed's first line says so and the record has nulls (the vector of vectors-expr.json).
func TestNoClosedForm(t *testing.T) {
	var v vector
	for _, w := range loadExprVectors(t) {
		if w.Integrand == "exp(-(x^2 + y^2))" && w.DomainText == "-2,2,-2,2" {
			v = w
		}
	}
	value := valueOf(t, v.Bits["simd"])
	args := []string{"-f", v.Integrand, "--domain=" + v.DomainText, "--nx", strconv.Itoa(v.NX), "--ny", strconv.Itoa(v.NY)}
	code, out, errs := runCommand(t, append(args, "-s", "serial")...)
	if lines := strings.Split(out, "\n"); code != 0 || errs != "" || len(lines) != 4 || v.Exact != nil ||
		lines[0] != "Integral value is "+FormatE(value, true)+", Error is unknown (no closed form)" ||
		lines[2] != "Scheme serial, workers 1, kernel simd, n 200x200, integrand exp(-(x^2 + y^2)), bits "+v.Bits["simd"] {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = runCommand(t, append(args, "-w", "2", "--json")...)
	if code != 0 || errs != "" || !strings.HasPrefix(out, `{"value":`+jsNumber(value)+`,"bits":"`+v.Bits["simd"]+`","exact":null,"error":null,"integrand":"exp(-(x^2 + y^2))","domain":[-2,2,-2,2],"nx":200,"ny":200,"scheme":"threads","workers":2,`) {
		t.Errorf("--json: exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// The library's domain as numbers: written as Go's shortest round-trip text; a bound that is not finite is
// the caller's bad -d/--domain, the kernel's count check stays the kernel's.
func TestBoundsAsNumbers(t *testing.T) {
	if text, err := BoundsText([]float64{-math.Pi, 1e300, 5e-324, math.Copysign(0, -1)}); err != nil || text != "-3.141592653589793,1e+300,5e-324,-0" {
		t.Errorf("%q %v", text, err)
	}
	it := newIntegrator(t)
	ctx := context.Background()
	a, err := it.Integrate(ctx, Options{N: 100, Bounds: []float64{0, math.Pi, 0, math.Pi}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := it.Integrate(ctx, Options{N: 100})
	if err != nil || a.Bits != b.Bits || a.Domain != b.Domain {
		t.Errorf("Bounds [0, pi, 0, pi] %s, the default domain %s (%v)", a.Bits, b.Bits, err)
	}
	for _, c := range []struct {
		o       Options
		message string
	}{
		{Options{Bounds: []float64{0, math.Inf(1), 0, 1}}, "option -d/--domain: bound bx is not finite (Inf)"},
		{Options{Bounds: []float64{0, 1, math.Inf(-1), 1}}, "option -d/--domain: bound ay is not finite (-Inf)"},
		{Options{Bounds: []float64{0, 1, 0, 1, math.NaN()}}, "option -d/--domain: bound 5 is not finite (NaN)"},
		{Options{Bounds: []float64{0, 1, 0}}, "option -d/--domain: the domain has 3 bounds; it needs 4 (ax,bx,ay,by) at column 6"},
		{Options{Bounds: []float64{}}, "option -d/--domain: empty domain (expected ax,bx,ay,by)"},
		{Options{Bounds: []float64{0, 1, 0, 1}, Domain: "0,1,0,1"}, "option -d/--domain: give Domain (a text) or Bounds (numbers), not both"},
	} {
		_, err := it.Integrate(ctx, c.o)
		var ue *UsageError
		if !errors.As(err, &ue) || ue.Option != "-d/--domain" || ue.Message != c.message {
			t.Errorf("%v: %v, want %q", c.o.Bounds, err, c.message)
		}
	}
}
