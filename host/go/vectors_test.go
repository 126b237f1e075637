package integration2d

// Every vector in test/vectors.json (ABI 1: catalog integrands), handed to the kernel as text — the name as
// the integrand, the domain as numbers written out — in both kernel builds, serial and threads with 1..4
// workers: the exact 64-bit pattern, never a tolerance. The catalog's fast path keeps its bits.

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

type vector struct {
	Integrand  string            `json:"integrand"`
	DomainText string            `json:"domain_text"`
	Domain     []float64         `json:"domain"`
	NX         int               `json:"nx"`
	NY         int               `json:"ny"`
	Bits       map[string]string `json:"bits"`
	Exact      *float64          `json:"exact"`
	Catalog    *int              `json:"catalog"` // vectors-expr.json only
	Note       string            `json:"note"`
}

// readTestFile decodes one of the shared files under test/ into v.
func readTestFile(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "test", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// loadVectorFile reads a vectors file of the given ABI and at least least vectors.
func loadVectorFile(t *testing.T, name string, abi, least int) []vector {
	t.Helper()
	var f struct {
		ABI     int      `json:"abi"`
		Vectors []vector `json:"vectors"`
	}
	readTestFile(t, name, &f)
	if f.ABI != abi || len(f.Vectors) < least {
		t.Fatalf("%s: abi %d, %d vectors", name, f.ABI, len(f.Vectors))
	}
	return f.Vectors
}

func loadVectors(t *testing.T) []vector { return loadVectorFile(t, "vectors.json", 1, 10) }

func newIntegrator(t *testing.T) *Integrator {
	t.Helper()
	it, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { it.Close(context.Background()) })
	return it
}

func TestKernelsOffered(t *testing.T) {
	it := newIntegrator(t)
	// wazero compiles wasm SIMD on amd64/arm64 (and interprets it elsewhere): simd must be offered first.
	if len(it.Kernels) != 2 || it.Kernels[0] != "simd" || it.Kernels[1] != "scalar" {
		t.Fatalf("kernels %v (simd problem: %s)", it.Kernels, it.SimdProblem)
	}
	if it.Meta.ABI < 2 || it.Meta.MaxCells != 10000000 || it.Meta.MaxText != 4096 || len(it.Meta.Integrands) != 5 || it.Meta.Integrands[4] != "1/(1+x+y)" ||
		!slices.Equal(it.Meta.Constants, []string{"pi", "e"}) || !slices.Equal(it.Meta.Variables, []string{"x", "y"}) || !slices.Contains(it.Meta.Functions, "atan2") {
		t.Fatalf("meta %+v", it.Meta)
	}
	for _, v := range it.Kernels {
		k, err := it.Kernel(context.Background(), v)
		if err != nil {
			t.Fatal(err)
		}
		m, err := k.Meta(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{"scalar": 0, "simd": 1}[v]; m.Variant != want {
			t.Fatalf("%s build says variant %d", v, m.Variant)
		}
	}
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// The kernel reads each domain_text as exactly the vector's domain, and the numbers written out read back
// as themselves.
func TestDomainTextsAreTheKernelsBounds(t *testing.T) {
	it := newIntegrator(t)
	for _, v := range loadVectors(t) {
		for _, text := range []string{v.DomainText, mustBoundsText(t, v.Domain)} {
			p, err := it.Resolve(context.Background(), RawOptions{Integrand: &v.Integrand, Domain: &text})
			if err != nil {
				t.Fatalf("%q: %v", text, err)
			}
			for i := range p.Domain {
				if !sameBits(p.Domain[i], v.Domain[i]) {
					t.Errorf("%q bound %d: %v (%#x), vectors.json says %v (%#x)", text, i, p.Domain[i], math.Float64bits(p.Domain[i]), v.Domain[i], math.Float64bits(v.Domain[i]))
				}
			}
			if p.Catalog != slices.Index(it.Meta.Integrands, v.Integrand) || p.Catalog < 0 {
				t.Errorf("%s: catalog %d", v.Integrand, p.Catalog)
			}
		}
	}
}

func mustBoundsText(t *testing.T, bounds []float64) string {
	t.Helper()
	text, err := BoundsText(bounds)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestVectorsBitForBit(t *testing.T) {
	it := newIntegrator(t)
	ctx := context.Background()
	runs := 0
	for _, v := range loadVectors(t) {
		for _, kernel := range []string{"scalar", "simd"} {
			want := v.Bits[kernel]
			if len(want) != 18 {
				t.Fatalf("%s %s: no %s bits in vectors.json", v.Integrand, v.DomainText, kernel)
			}
			type run struct {
				scheme  string
				workers int
			}
			for _, r := range []run{{"serial", 1}, {"threads", 1}, {"threads", 2}, {"threads", 3}, {"threads", 4}} {
				rec, err := it.Integrate(ctx, Options{NX: v.NX, NY: v.NY, Integrand: v.Integrand, Bounds: v.Domain,
					Kernel: kernel, Scheme: r.scheme, Workers: r.workers})
				if err != nil {
					t.Fatalf("%s %s %dx%d %s %s/%d: %v", v.Integrand, v.DomainText, v.NX, v.NY, kernel, r.scheme, r.workers, err)
				}
				runs++
				if rec.Bits != want {
					t.Errorf("%s %s %dx%d %s %s/%d: bits %s, want %s", v.Integrand, v.DomainText, v.NX, v.NY, kernel, r.scheme, r.workers, rec.Bits, want)
				}
				if wantWorkers := min(r.workers, v.NX); rec.Workers != wantWorkers || rec.Scheme != r.scheme || rec.Kernel != kernel {
					t.Errorf("record says %s/%d %s, ran %s/%d %s", rec.Scheme, rec.Workers, rec.Kernel, r.scheme, wantWorkers, kernel)
				}
				if v.Exact == nil || !sameBits(rec.Exact, *v.Exact) || rec.Catalog != slices.Index(it.Meta.Integrands, v.Integrand) {
					t.Errorf("%s %s: exact %v catalog %d, vectors.json %v", v.Integrand, v.DomainText, rec.Exact, rec.Catalog, v.Exact)
				}
				if got, _ := strconv.ParseUint(rec.Bits[2:], 16, 64); math.Float64frombits(got) != rec.Value {
					t.Errorf("bits %s do not encode value %v", rec.Bits, rec.Value)
				}
			}
		}
	}
	if runs < 150 {
		t.Fatalf("only %d runs", runs)
	}
}

func TestRowsOnDifferentWorkersCombineInTheKernel(t *testing.T) {
	// More workers than rows runs one per row; the value stays the same bits.
	it := newIntegrator(t)
	ctx := context.Background()
	a, err := it.Integrate(ctx, Options{NX: 3, NY: 50, Workers: 16, Scheme: "threads"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := it.Integrate(ctx, Options{NX: 3, NY: 50, Scheme: "serial"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Workers != 3 || a.Bits != b.Bits {
		t.Fatalf("threads %d workers %s, serial %s", a.Workers, a.Bits, b.Bits)
	}
}

func TestCancelledRunStops(t *testing.T) {
	it := newIntegrator(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, scheme := range []string{"serial", "threads"} {
		if _, err := it.Integrate(ctx, Options{N: 2000, Scheme: scheme}); err != context.Canceled {
			t.Fatalf("%s: %v", scheme, err)
		}
	}
}
