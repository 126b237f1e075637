package integration2d_test

// The package's examples (godoc; `go test` checks their output), and the README's "call the kernel from Go"
// lines, run as a test against test/vectors.json: wazero alone, no host code.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	integration2d "github.com/integration2d/integration2d/host/go"
)

// callTheKernel is the README snippet; it returns the bits of the integral.
func callTheKernel() uint64 {
	// --- README snippet starts ---
	ctx := context.Background()
	wasm, _ := os.ReadFile("../../dist/kernel/simd.wasm")
	r := wazero.NewRuntime(ctx) // the compiler on amd64/arm64, with SIMD
	defer r.Close(ctx)
	kernel, err := r.Instantiate(ctx, wasm) // it imports nothing
	if err != nil {
		panic(err)
	}
	i32 := api.EncodeI32
	call := func(name string, args ...uint64) uint64 {
		res, _ := kernel.ExportedFunction(name).Call(ctx, args...)
		return res[0]
	}
	f, d, n := "sin(x+y)", "0,pi,0,pi", int32(1000) // the problem as text: integrand bytes, then domain bytes
	p := call("text", i32(int32(len(f)+len(d))))
	kernel.Memory().WriteString(uint32(p), f+d) // a fresh view of memory after text()
	if call("define", i32(int32(len(f))), i32(int32(len(d))), i32(n), i32(n)) != 0 {
		panic("define refused") // message() says why
	}
	sums := make([]byte, 8*n) // any rows, any instance defined alike; then in one instance: buffer, write, combine
	for i := int32(0); i < n; i++ {
		binary.LittleEndian.PutUint64(sums[8*i:], call("rowSum", i32(i))) // the f64's bits
	}
	kernel.Memory().Write(uint32(call("buffer", i32(n))), sums)
	value := call("combine", i32(n)) // api.DecodeF64(value): the integral
	// --- README snippet ends ---
	return value
}

func TestCallTheKernelFromGo(t *testing.T) {
	b, err := os.ReadFile("../../test/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			Integrand string
			NX, NY    int
			Bits      map[string]string
		}
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	want := ""
	for _, v := range f.Vectors {
		if v.Integrand == "sin(x+y)" && v.NX == 1000 && v.NY == 1000 {
			want = v.Bits["simd"]
		}
	}
	if got := fmt.Sprintf("0x%016x", callTheKernel()); want == "" || got != want {
		t.Fatalf("raw wazero calls give %s, vectors.json says %q", got, want)
	}
	// The README shows these very lines.
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	start, end := "\t// --- README snippet starts ---\n", "\t// --- README snippet ends ---"
	body := string(src)
	body = body[strings.Index(body, start)+len(start) : strings.Index(body, end)]
	snippet := strings.ReplaceAll("\n"+body, "\n\t", "\n")[1:]
	if !strings.Contains(string(readme), "```go\n"+snippet+"```\n") {
		t.Fatalf("README.md does not show callTheKernel's lines:\n%s", snippet)
	}
}

// The default problem, sin(x+y) over [0,π]², on a 100 × 100 grid.
func ExampleIntegrate() {
	r, err := integration2d.Integrate(context.Background(), integration2d.Options{N: 100})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Value, r.Bits)
	fmt.Println(r.Error < 1e-14) // |value − the closed form|
	// Output:
	// -5.896210329121781e-16 0xbcc53e4b4d3cd939
	// true
}

// Any expression: one off the catalog has no closed form, so Exact and Error are NaN.
func ExampleIntegrate_expression() {
	r, err := integration2d.Integrate(context.Background(), integration2d.Options{
		Integrand: "exp(-(x^2 + y^2))", Domain: "-2,2,-2,2", N: 200,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Value, r.Bits, math.IsNaN(r.Exact))
	// Output: 3.1122789351897615 0x4008e5f27f955b9b true
}

// The domain as numbers: Bounds is written out as text, each bound in its shortest round-trip spelling.
func ExampleIntegrate_bounds() {
	r, err := integration2d.Integrate(context.Background(), integration2d.Options{
		Integrand: "x*y", Bounds: []float64{0, 1, 0, math.Pi}, N: 100,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Value, r.Exact, r.Domain)
	// Output: 2.4674011002723404 2.4674011002723395 [0 1 0 3.141592653589793]
}

// Compile once, run many: every scheme and worker count gives the same bits.
func ExampleNew() {
	ctx := context.Background()
	it, err := integration2d.New(ctx)
	if err != nil {
		panic(err)
	}
	defer it.Close(ctx)
	for _, o := range []integration2d.Options{
		{N: 100, Scheme: "serial"},
		{N: 100, Scheme: "threads", Workers: 2},
		{N: 100, Scheme: "threads", Workers: 7, Kernel: "scalar"},
	} {
		r, err := it.Integrate(ctx, o)
		if err != nil {
			panic(err)
		}
		fmt.Println(r.Scheme, r.Workers, r.Kernel, r.Bits)
	}
	// Output:
	// serial 1 simd 0xbcc53e4b4d3cd939
	// threads 2 simd 0xbcc53e4b4d3cd939
	// threads 7 scalar 0xbcc53e4b4d3cd939
}

// A text the kernel refuses is a *UsageError with the kernel's words and where it found the error.
func ExampleUsageError() {
	_, err := integration2d.Integrate(context.Background(), integration2d.Options{Integrand: "sin(x+)", N: 10})
	var u *integration2d.UsageError
	if errors.As(err, &u) {
		fmt.Println(u.Option, u.Column)
		fmt.Println(u.Message)
	}
	// Output:
	// -f/--integrand 7
	// option -f/--integrand: unexpected ')' at column 7
}

// A run whose integral is not finite fails with the kernel's diagnosis; there is no value.
func ExampleRunError() {
	_, err := integration2d.Integrate(context.Background(), integration2d.Options{
		Integrand: "1/(x-0.25)", Domain: "0,1,0,1", NX: 2, NY: 2,
	})
	fmt.Println(errors.Is(err, integration2d.ErrNotFinite))
	fmt.Println(err)
	// Output:
	// true
	// integrand is not finite at x = 0.25, y = 0.25 (value Inf)
}
