package integration2d

// The kernel builds this package carries, so neither a binary nor a program using the library needs a file
// at run time. go:embed sees only files inside the package directory, so scripts/build.mjs copies
// dist/kernel's into kernel/ on every `npm run build`. The copies are committed: a module fetched by
// `go get` or `go install …@version` is the repository's tree at a tag, with no build step run.
// TestEmbeddedKernelIsDistKernel fails when they differ from dist/kernel.

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:generate node ../../scripts/build.mjs --kernel-only

// A file missing here is a build error ("pattern kernel/simd.wasm: no matching files found"): run
// `npm run build` in the clone.
//
//go:embed kernel/simd.wasm kernel/scalar.wasm kernel/build.json
var embedded embed.FS

// KernelDirEnv names a directory whose simd.wasm, scalar.wasm and build.json New loads instead of the
// embedded copies: a kernel rebuilt without rebuilding Go, or one file shared by every host of a cluster.
const KernelDirEnv = "INTEGRATION2D_KERNEL_DIR"

// EmbeddedKernel is the kernel builds compiled into this package: simd.wasm, scalar.wasm and build.json
// (which AssemblyScript built them, for benchmark records).
func EmbeddedKernel() fs.FS {
	sub, err := fs.Sub(embedded, "kernel")
	if err != nil {
		panic(err) // fs.Sub fails only on an invalid path, and "kernel" is valid
	}
	return sub
}

// kernelFiles is $INTEGRATION2D_KERNEL_DIR when set, else the embedded builds.
func kernelFiles() (fs.FS, error) {
	dir := os.Getenv(KernelDirEnv)
	if dir == "" {
		return EmbeddedKernel(), nil
	}
	if _, err := os.Stat(filepath.Join(dir, "simd.wasm")); err != nil {
		return nil, fmt.Errorf("%s=%s holds no simd.wasm", KernelDirEnv, dir)
	}
	return os.DirFS(dir), nil
}
