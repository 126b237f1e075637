// Package integration2d computes the 2D midpoint-rule integral of an expression over a rectangle with the
// integration2d WebAssembly kernel under wazero (pure Go, no cgo), and gives the same 64 bits as every other
// host of the kernel (Node, Deno, browsers, Python, Rust, C) whatever the number of workers.
//
// The kernel builds (simd.wasm, scalar.wasm) are embedded in the package, so a program using it, or the
// integration2d command (cmd/integration2d), needs no file at run time; set INTEGRATION2D_KERNEL_DIR to run
// other builds.
//
// The problem is text, as on the command line: the integrand is an expression in x and y
// ("exp(-(x^2 + y^2))"), the domain four constant expressions "ax,bx,ay,by" ("-2,2,-pi/2,sqrt(2)"). The
// kernel parses and checks both; the package parses neither. Integrate runs one problem; New compiles the
// kernel once for many runs. Rows are handed to goroutines one at a time, each with its own kernel
// instance, and the kernel itself combines the row sums in a fixed order: that is why the bits do not
// depend on the scheme ("serial", "threads") or the worker count.
//
// Errors are a *UsageError for bad options or a text the kernel refuses (the kernel's words and the column),
// a *RunError when the integral is not finite (errors.Is(err, ErrNotFinite)), a *WorkerError, or ctx's
// error when ctx is cancelled: workers stop between rows.
package integration2d
