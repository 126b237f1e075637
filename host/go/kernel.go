package integration2d

// One instance of the kernel (README § Kernel ABI) under wazero, and where its .wasm files are found.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// KernelDirEnv overrides where the kernel builds are read from.
const KernelDirEnv = "INTEGRATION2D_KERNEL_DIR"

// FindKernelDir returns the directory holding scalar.wasm and simd.wasm: $INTEGRATION2D_KERNEL_DIR, else the
// first dist/kernel found walking up from the working directory, else from this source file's directory
// (so `go run` and `go test` work anywhere inside the clone after `npm run build`).
func FindKernelDir() (string, error) {
	if dir := os.Getenv(KernelDirEnv); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "simd.wasm")); err != nil {
			return "", fmt.Errorf("%s=%s holds no simd.wasm", KernelDirEnv, dir)
		}
		return dir, nil
	}
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		starts = append(starts, filepath.Dir(file))
	}
	for _, start := range starts {
		for dir := start; ; dir = filepath.Dir(dir) {
			k := filepath.Join(dir, "dist", "kernel")
			if _, err := os.Stat(filepath.Join(k, "simd.wasm")); err == nil {
				return k, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return "", errors.New("cannot find the kernel (dist/kernel/simd.wasm): run `npm run build` (or `node scripts/build.mjs --kernel-only`) in the clone, or set " + KernelDirEnv)
}

// Kernel is one instance of a kernel build. Not safe for concurrent use: one per goroutine.
type Kernel struct {
	mod                                                  api.Module
	setup, rowSum, buffer, combine, exact, maxCells      api.Function
	abiVersion, integrandCount, integrandName, variantFn api.Function
	stack                                                []uint64
}

// NewKernel instantiates a compiled kernel build (anonymously, so a runtime may hold many instances).
func NewKernel(ctx context.Context, r wazero.Runtime, compiled wazero.CompiledModule) (*Kernel, error) {
	mod, err := r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, err
	}
	k := &Kernel{mod: mod, stack: make([]uint64, 8)}
	for name, f := range map[string]*api.Function{
		"setup": &k.setup, "rowSum": &k.rowSum, "buffer": &k.buffer, "combine": &k.combine, "exact": &k.exact,
		"maxCells": &k.maxCells, "abiVersion": &k.abiVersion, "integrandCount": &k.integrandCount,
		"integrandName": &k.integrandName, "variant": &k.variantFn,
	} {
		if *f = mod.ExportedFunction(name); *f == nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("the kernel exports no %s", name)
		}
	}
	if mod.Memory() == nil {
		mod.Close(ctx)
		return nil, errors.New("the kernel exports no memory")
	}
	return k, nil
}

// Close frees the instance.
func (k *Kernel) Close(ctx context.Context) error { return k.mod.Close(ctx) }

func (k *Kernel) call(ctx context.Context, f api.Function, params ...uint64) (uint64, error) {
	copy(k.stack, params)
	if err := f.CallWithStack(ctx, k.stack); err != nil {
		return 0, err
	}
	return k.stack[0], nil
}

func i32(v int) uint64 { return uint64(uint32(int32(v))) }

func (k *Kernel) callI32(ctx context.Context, f api.Function, params ...uint64) (int, error) {
	r, err := k.call(ctx, f, params...)
	return int(int32(uint32(r))), err
}

func (k *Kernel) callF64(ctx context.Context, f api.Function, params ...uint64) (float64, error) {
	r, err := k.call(ctx, f, params...)
	return api.DecodeF64(r), err
}

// setupErrors are setup()'s refusals (hosts validate first; these are the kernel's own guard).
var setupErrors = map[int]string{
	-1: "unknown integrand id",
	-2: "nx outside 1..maxCells",
	-3: "ny outside 1..maxCells",
	-4: "a domain bound is not finite",
	-5: "empty domain (needs ax < bx and ay < by)",
	-6: "the integrand is singular on the domain",
}

func problemArgs(id int, d Domain) []uint64 {
	return []uint64{i32(id), api.EncodeF64(d[0]), api.EncodeF64(d[1]), api.EncodeF64(d[2]), api.EncodeF64(d[3])}
}

// Setup fixes the problem for RowSum and Combine.
func (k *Kernel) Setup(ctx context.Context, id int, d Domain, nx, ny int) error {
	code, err := k.callI32(ctx, k.setup, append(problemArgs(id, d), i32(nx), i32(ny))...)
	if err != nil {
		return err
	}
	if code != 0 {
		msg, ok := setupErrors[code]
		if !ok {
			msg = fmt.Sprintf("code %d", code)
		}
		return errors.New("kernel setup refused the problem: " + msg)
	}
	return nil
}

// RowSum is the compensated sum of f over row i.
func (k *Kernel) RowSum(ctx context.Context, i int) (float64, error) {
	return k.callF64(ctx, k.rowSum, i32(i))
}

// Combine writes sums (row i at index i) into the kernel's buffer and returns combine(len(sums)): the integral.
func (k *Kernel) Combine(ctx context.Context, sums []float64) (float64, error) {
	ptr, err := k.callI32(ctx, k.buffer, i32(len(sums)))
	if err != nil {
		return 0, err
	}
	if ptr == 0 {
		return 0, fmt.Errorf("kernel buffer(%d) failed", len(sums))
	}
	b := make([]byte, 8*len(sums))
	for i, v := range sums {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	// A fresh look at memory after buffer(): it may have grown.
	if !k.mod.Memory().Write(uint32(ptr), b) {
		return 0, errors.New("kernel buffer outside memory")
	}
	return k.callF64(ctx, k.combine, i32(len(sums)))
}

// Exact is the closed-form integral over the domain as given (NaN if the problem is invalid).
func (k *Kernel) Exact(ctx context.Context, id int, d Domain) (float64, error) {
	return k.callF64(ctx, k.exact, problemArgs(id, d)...)
}

// Meta is what the kernel says about itself.
type Meta struct {
	ABI        int
	Variant    int
	MaxCells   int
	Integrands []string
}

// string reads an AssemblyScript string: UTF-16LE units at ptr, byte length as u32 at ptr−4.
func (k *Kernel) string(ptr int) (string, error) {
	mem := k.mod.Memory()
	n, ok := mem.ReadUint32Le(uint32(ptr - 4))
	if !ok {
		return "", errors.New("kernel string outside memory")
	}
	b, ok := mem.Read(uint32(ptr), n)
	if !ok {
		return "", errors.New("kernel string outside memory")
	}
	units := make([]rune, 0, n/2)
	for i := 0; i+1 < len(b); i += 2 {
		units = append(units, rune(binary.LittleEndian.Uint16(b[i:])))
	}
	return string(units), nil // names are ASCII
}

// Meta reads the ABI version, build, maximum cells and integrand catalog.
func (k *Kernel) Meta(ctx context.Context) (Meta, error) {
	var m Meta
	var err error
	if m.ABI, err = k.callI32(ctx, k.abiVersion); err != nil {
		return m, err
	}
	if m.Variant, err = k.callI32(ctx, k.variantFn); err != nil {
		return m, err
	}
	if m.MaxCells, err = k.callI32(ctx, k.maxCells); err != nil {
		return m, err
	}
	count, err := k.callI32(ctx, k.integrandCount)
	if err != nil {
		return m, err
	}
	for id := 0; id < count; id++ {
		ptr, err := k.callI32(ctx, k.integrandName, i32(id))
		if err != nil {
			return m, err
		}
		name, err := k.string(ptr)
		if err != nil {
			return m, err
		}
		m.Integrands = append(m.Integrands, name)
	}
	return m, nil
}
