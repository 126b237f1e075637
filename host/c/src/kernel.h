// The integration2d kernel (dist/kernel/scalar.wasm translated by wasm2c) behind a small C API.
// One Kernel = one wasm module instance with its own linear memory; instances share nothing, so each
// thread of the threads scheme owns one. kernel_runtime_init() once per process, before any kernel_new().
#ifndef INTEGRATION2D_KERNEL_H
#define INTEGRATION2D_KERNEL_H

#include <stddef.h>

typedef struct Kernel Kernel;

/** wasm_rt_init() and the module's init (registers function types): once, on the main thread. */
void kernel_runtime_init(void);
/** A fresh instance (NULL if out of memory). */
Kernel *kernel_new(void);
void kernel_free(Kernel *k);

int kernel_abi(Kernel *k);
/** 0 = scalar build, 1 = simd build. */
int kernel_variant(Kernel *k);
int kernel_max_cells(Kernel *k);
int kernel_integrand_count(Kernel *k);
/** Name of integrand `id` (the kernel's UTF-16LE string, ASCII) into out; 0, or -1 for an unknown id. */
int kernel_integrand_name(Kernel *k, int id, char *out, size_t cap);
double kernel_exact(Kernel *k, int id, const double domain[4]);
/** 0, or the kernel's negative code; kernel_setup_error() says what it means. */
int kernel_setup(Kernel *k, int id, const double domain[4], int nx, int ny);
const char *kernel_setup_error(int code);
double kernel_row_sum(Kernel *k, int i);
/** buffer(nx) + copy the row sums in + combine(nx). 0 and *value, or -1 if the kernel cannot hold nx sums. */
int kernel_combine(Kernel *k, const double *sums, int nx, double *value);

/**
 * Why the wasm trapped in one of k's calls (the runtime's words), or NULL. A trapped call returns a failure
 * value (NaN, -1, 0) and every later call on k returns it at once: callers check this where a result matters.
 */
const char *kernel_trap(const Kernel *k);

#endif
