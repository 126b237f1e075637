// The integration2d kernel (dist/kernel/scalar.wasm translated by wasm2c) behind a small C API that mirrors
// the ABI (README § Kernel ABI) call for call. One Kernel = one wasm module instance with its own linear
// memory; instances share nothing, so each thread of the threads scheme owns one. kernel_runtime_init() once
// per process, before any kernel_new(). No call exits: a wasm trap is an error return (see kernel_trap).
#ifndef INTEGRATION2D_KERNEL_H
#define INTEGRATION2D_KERNEL_H

#include <stddef.h>

typedef struct Kernel Kernel;

/** What kernel_define returns when the call trapped (the kernel's own codes are −1..−8). */
#define KERNEL_TRAPPED (-100)

/** wasm_rt_init() and the module's init (registers function types): once, on the main thread. */
void kernel_runtime_init(void);
/** A fresh instance (NULL if out of memory). */
Kernel *kernel_new(void);
void kernel_free(Kernel *k);

int kernel_abi(Kernel *k);
/** 0 = scalar build, 1 = simd build. */
int kernel_variant(Kernel *k);
int kernel_max_cells(Kernel *k);
int kernel_max_text(Kernel *k);
/** The metadata JSON (the kernel's UTF-16LE string, ASCII) into out; 0, or -1 if it does not fit or trapped. */
int kernel_metadata(Kernel *k, char *out, size_t cap);

/** text(bytes): where the integrand's bytes then the domain's go; 0 if bytes ∉ [0, 2·maxText] or trapped. */
unsigned kernel_text(Kernel *k, size_t bytes);
/**
 * The problem as text: writes both texts at kernel_text() and calls define(fLen, dLen, nx, ny). Returns 0, the
 * kernel's code (−1..−8; kernel_error_field/_column/kernel_message say why) or KERNEL_TRAPPED. Texts longer
 * than the area holds (fLen + dLen > 2·maxText) are refused here in the kernel's words and order (its length
 * checks come first, integrand then domain); kernel_message and kernel_error_field then report that refusal.
 */
int kernel_define(Kernel *k, const char *integrand, size_t flen, const char *domain, size_t dlen, int nx, int ny);
/** After a failed define: 0 integrand, 1 domain, 2 nx, 3 ny. */
int kernel_error_field(Kernel *k);
/** 1-based column (code points) of the error in that text; 0 where there is none. */
int kernel_error_column(Kernel *k);
/** messageLength(): bytes of the last message (define's refusal or combine's diagnosis); 0 after a success. */
int kernel_message_length(Kernel *k);
/** The last message's UTF-8 bytes into out, NUL-terminated (cut at cap − 1 bytes); returns out. */
const char *kernel_message(Kernel *k, char *out, size_t cap);
/** Bound i (0 ax, 1 bx, 2 ay, 3 by) of the defined problem; NaN if none. */
double kernel_bound(Kernel *k, int i);
/** The catalog entry whose fast path the integrand takes, or −1. */
int kernel_catalog_id(Kernel *k);
/** The closed form on the problem's domain; NaN when there is none (not a catalog entry). */
double kernel_exact_value(Kernel *k);

double kernel_row_sum(Kernel *k, int i);
/**
 * buffer(nx) + copy the row sums in + combine(nx). 0 and *value (which may be NaN/±Inf: kernel_message then
 * holds the kernel's diagnosis), or -1 if the kernel cannot hold nx sums or trapped.
 */
int kernel_combine(Kernel *k, const double *sums, int nx, double *value);

/**
 * Why the wasm trapped in one of k's calls (the runtime's words), or NULL. A trapped call returns a failure
 * value (NaN, -1, 0) and every later call on k returns it at once: callers check this where a result matters.
 */
const char *kernel_trap(const Kernel *k);

#endif
