package integration2d_test

// The README's "call the kernel from Go" lines, run as a test against test/vectors.json: wazero alone, no
// host code.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
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
	f64, i32 := api.EncodeF64, api.EncodeI32
	n, pi := 1000, math.Pi
	setup, rowSum := kernel.ExportedFunction("setup"), kernel.ExportedFunction("rowSum")
	if res, _ := setup.Call(ctx, i32(0), f64(0), f64(pi), f64(0), f64(pi), i32(int32(n)), i32(int32(n))); res[0] != 0 {
		panic("setup refused") // sin(x+y) on [0,pi]²
	}
	sums := make([]byte, 8*n) // any rows, any instance; then in one instance: buffer, write, combine
	for i := 0; i < n; i++ {
		s, _ := rowSum.Call(ctx, i32(int32(i)))
		binary.LittleEndian.PutUint64(sums[8*i:], s[0]) // the f64's bits
	}
	ptr, _ := kernel.ExportedFunction("buffer").Call(ctx, i32(int32(n)))
	kernel.Memory().Write(uint32(ptr[0]), sums)
	value, _ := kernel.ExportedFunction("combine").Call(ctx, i32(int32(n)))
	// --- README snippet ends ---
	return value[0]
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
}
