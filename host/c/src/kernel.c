// The kernel API over the wasm2c output (build/scalar.{c,h}, generated at build time from scalar.wasm).

#include "kernel.h"

#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "scalar.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "kernel_combine and the string reader assume a little-endian host, like wasm memory"
#endif

struct Kernel {
  Z_scalar_instance_t instance;
  wasm_rt_trap_t trap;  // WASM_RT_TRAP_NONE until a call traps
};

// The runtime (wasm-rt-impl.c, 1.0.32) would longjmp to one process-wide jump target; the generated code
// calls this instead (the Makefile renames the runtime's definition). Each call into the wasm sets this
// thread's target (GUARD below), so a trap unwinds to that call alone, which returns a failure: one thread's
// trap neither touches another thread's instance nor ends the process from deep inside a worker.
static _Thread_local jmp_buf *trap_target;
static _Thread_local wasm_rt_trap_t trap_code;

void wasm_rt_trap(wasm_rt_trap_t code) {
  if (!trap_target) {  // only the guarded calls below enter the wasm: this is a bug in this file
    fprintf(stderr, "integration2d: wasm trap outside a kernel call: %s\n", wasm_rt_strerror(code));
    abort();
  }
  trap_code = code;
  longjmp(*trap_target, 1);
}

/** `return call;` with a trap in the wasm turned into `return failed;` and recorded in k (see kernel_trap). */
#define GUARD(k, failed, call)      \
  do {                              \
    if ((k)->trap) return (failed); \
    jmp_buf env_;                   \
    trap_target = &env_;            \
    if (setjmp(env_)) {             \
      trap_target = NULL;           \
      (k)->trap = trap_code;        \
      return (failed);              \
    }                               \
    __auto_type result_ = (call);   \
    trap_target = NULL;             \
    return result_;                 \
  } while (0)

const char *kernel_trap(const Kernel *k) { return k->trap ? wasm_rt_strerror(k->trap) : NULL; }

void kernel_runtime_init(void) {
  wasm_rt_init();
  Z_scalar_init_module();
}

static int instantiate(Kernel *k) { GUARD(k, -1, (Z_scalar_instantiate(&k->instance), 0)); }

Kernel *kernel_new(void) {
  Kernel *k = calloc(1, sizeof *k);
  if (k && instantiate(k) != 0) {  // a data segment out of bounds: a broken .wasm
    free(k);
    return NULL;
  }
  return k;
}

void kernel_free(Kernel *k) {
  if (!k) return;
  Z_scalar_free(&k->instance);
  free(k);
}

int kernel_abi(Kernel *k) { GUARD(k, -1, (int)Z_scalarZ_abiVersion(&k->instance)); }
int kernel_variant(Kernel *k) { GUARD(k, -1, (int)Z_scalarZ_variant(&k->instance)); }
int kernel_max_cells(Kernel *k) { GUARD(k, 0, (int)Z_scalarZ_maxCells(&k->instance)); }
int kernel_integrand_count(Kernel *k) { GUARD(k, 0, (int)Z_scalarZ_integrandCount(&k->instance)); }

static uint32_t integrand_name_ptr(Kernel *k, int id) { GUARD(k, 0, Z_scalarZ_integrandName(&k->instance, (uint32_t)id)); }

// AssemblyScript strings: UTF-16LE code units at ptr, their byte length as a u32 (little-endian) at ptr - 4.
int kernel_integrand_name(Kernel *k, int id, char *out, size_t cap) {
  uint32_t ptr = integrand_name_ptr(k, id);
  wasm_rt_memory_t *mem = Z_scalarZ_memory(&k->instance);
  if (ptr < 4 || ptr > mem->size) return -1;
  uint32_t bytes;
  memcpy(&bytes, mem->data + ptr - 4, 4);
  if (bytes > mem->size - ptr || bytes / 2 + 1 > cap) return -1;
  for (uint32_t i = 0; i < bytes / 2; i++) {
    uint16_t unit = (uint16_t)(mem->data[ptr + 2 * i] | mem->data[ptr + 2 * i + 1] << 8);
    out[i] = unit < 0x80 ? (char)unit : '?';  // the catalog is ASCII
  }
  out[bytes / 2] = '\0';
  return 0;
}

double kernel_exact(Kernel *k, int id, const double d[4]) {
  GUARD(k, NAN, Z_scalarZ_exact(&k->instance, (uint32_t)id, d[0], d[1], d[2], d[3]));
}

int kernel_setup(Kernel *k, int id, const double d[4], int nx, int ny) {
  GUARD(k, -100, (int)Z_scalarZ_setup(&k->instance, (uint32_t)id, d[0], d[1], d[2], d[3], (uint32_t)nx, (uint32_t)ny));
}

const char *kernel_setup_error(int code) {
  switch (code) {
    case -1: return "unknown integrand id";
    case -2: return "nx outside 1..maxCells";
    case -3: return "ny outside 1..maxCells";
    case -4: return "a domain bound is not finite";
    case -5: return "empty domain (needs ax < bx and ay < by)";
    case -6: return "the integrand is singular on the domain";
    case -100: return "the kernel trapped";
    default: return "unknown code";
  }
}

double kernel_row_sum(Kernel *k, int i) { GUARD(k, NAN, Z_scalarZ_rowSum(&k->instance, (uint32_t)i)); }

static uint32_t buffer(Kernel *k, int nx) { GUARD(k, 0, Z_scalarZ_buffer(&k->instance, (uint32_t)nx)); }
static double combine(Kernel *k, int nx) { GUARD(k, NAN, Z_scalarZ_combine(&k->instance, (uint32_t)nx)); }

int kernel_combine(Kernel *k, const double *sums, int nx, double *value) {
  uint32_t ptr = buffer(k, nx);
  // buffer() may grow memory (and move it): look the memory up after the call.
  wasm_rt_memory_t *mem = Z_scalarZ_memory(&k->instance);
  if (ptr == 0 || (uint64_t)ptr + 8ull * (uint64_t)nx > mem->size) return -1;
  memcpy(mem->data + ptr, sums, 8u * (size_t)nx);  // wasm memory is little-endian, like this host
  *value = combine(k, nx);
  return k->trap ? -1 : 0;
}
