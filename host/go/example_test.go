package integration2d_test

// The README's "call the kernel from Go" lines, run as a test against test/vectors.json: wazero alone, no
// host code.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
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
