package integration2d_test

// The README's "call the kernel from Go" lines, run as a test (go test checks the printed output): wazero
// alone, no host code.

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

func Example_callTheKernelFromGo() {
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
	fmt.Printf("0x%016x %v\n", value[0], api.DecodeF64(value[0]))
	// --- README snippet ends ---

	// Output: 0xbcb3c74db254bb40 -2.744822328608712e-16
}
