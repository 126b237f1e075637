// The kernel API over the wasm2c output (build/scalar.{c,h}, generated at build time from scalar.wasm).

#include "kernel.h"

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
  // define's refusal of texts too long for the kernel's area, in its words (kernel_define): read in place of
  // the kernel's errorField/message until the next define or combine.
  int own_field;  // -1: none
  char own_message[96];
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

// The runtime's allocator (renamed by the Makefile) leaves memory->data NULL when calloc fails, and the data
// segments would then be copied through it: here a failed allocation traps, inside the guarded instantiate, so
// kernel_new returns NULL instead of the process crashing.
void wasm_rt_allocate_memory_runtime(wasm_rt_memory_t *memory, uint32_t initial_pages, uint32_t max_pages);
void wasm_rt_allocate_memory(wasm_rt_memory_t *memory, uint32_t initial_pages, uint32_t max_pages) {
  wasm_rt_allocate_memory_runtime(memory, initial_pages, max_pages);
  if (!memory->data && initial_pages) wasm_rt_trap(WASM_RT_TRAP_OOB);
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
  if (k) k->own_field = -1;
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
int kernel_max_text(Kernel *k) { GUARD(k, 0, (int)Z_scalarZ_maxText(&k->instance)); }

/**
 * The bytes [ptr, ptr + len) of k's memory, or NULL if they are not all inside it: then the kernel handed out a
 * pointer it does not own, and k is failed as if the access had trapped in the wasm.
 */
static unsigned char *memory_at(Kernel *k, uint32_t ptr, uint32_t len) {
  wasm_rt_memory_t *mem = Z_scalarZ_memory(&k->instance);  // looked up each time: calls may grow it
  if (ptr > mem->size || len > mem->size - ptr) {
    if (!k->trap) k->trap = WASM_RT_TRAP_OOB;
    return NULL;
  }
  return mem->data + ptr;
}

static uint32_t metadata_ptr(Kernel *k) { GUARD(k, 0, Z_scalarZ_metadata(&k->instance)); }

// AssemblyScript strings: UTF-16LE code units at ptr, their byte length as a u32 (little-endian) at ptr - 4.
int kernel_metadata(Kernel *k, char *out, size_t cap) {
  uint32_t ptr = metadata_ptr(k), bytes;
  const unsigned char *size = ptr >= 4 ? memory_at(k, ptr - 4, 4) : NULL;
  if (!size) return -1;
  memcpy(&bytes, size, 4);
  const unsigned char *units = memory_at(k, ptr, bytes);
  if (!units || bytes / 2 + 1 > cap) return -1;
  for (uint32_t i = 0; i < bytes / 2; i++) {
    uint16_t unit = (uint16_t)(units[2 * i] | units[2 * i + 1] << 8);
    out[i] = unit < 0x80 ? (char)unit : '?';  // the metadata is ASCII
  }
  out[bytes / 2] = '\0';
  return 0;
}

unsigned kernel_text(Kernel *k, size_t bytes) {
  GUARD(k, 0u, bytes > INT32_MAX ? 0u : (unsigned)Z_scalarZ_text(&k->instance, (uint32_t)bytes));
}

static int define(Kernel *k, size_t flen, size_t dlen, int nx, int ny) {
  GUARD(k, KERNEL_TRAPPED, (int)Z_scalarZ_define(&k->instance, (uint32_t)flen, (uint32_t)dlen, (uint32_t)nx, (uint32_t)ny));
}

int kernel_define(Kernel *k, const char *integrand, size_t flen, const char *domain, size_t dlen, int nx, int ny) {
  k->own_field = -1;
  int max = kernel_max_text(k);
  if (kernel_trap(k)) return KERNEL_TRAPPED;
  if (flen + dlen > 2 * (size_t)max) {  // then one of them is over maxText: the kernel's first check, in its words
    k->own_field = flen > (size_t)max ? 0 : 1;
    snprintf(k->own_message, sizeof k->own_message, "text longer than %d bytes (%zu bytes)", max,
             k->own_field == 0 ? flen : dlen);
    return k->own_field == 0 ? -1 : -8;
  }
  uint32_t ptr = kernel_text(k, flen + dlen);
  unsigned char *area = ptr ? memory_at(k, ptr, (uint32_t)(flen + dlen)) : NULL;
  if (!area) {  // text() refused a length it promised to take: a broken kernel, failed like a trap
    if (!k->trap) k->trap = WASM_RT_TRAP_OOB;
    return KERNEL_TRAPPED;
  }
  memcpy(area, integrand, flen);
  memcpy(area + flen, domain, dlen);
  return define(k, flen, dlen, nx, ny);
}

static int error_field(Kernel *k) { GUARD(k, -1, (int)Z_scalarZ_errorField(&k->instance)); }
int kernel_error_field(Kernel *k) { return k->own_field >= 0 ? k->own_field : error_field(k); }
int kernel_error_column(Kernel *k) {
  if (k->own_field >= 0) return 0;
  GUARD(k, 0, (int)Z_scalarZ_errorColumn(&k->instance));
}

static int message_length(Kernel *k) { GUARD(k, 0, (int)Z_scalarZ_messageLength(&k->instance)); }
static uint32_t message_ptr(Kernel *k) { GUARD(k, 0, Z_scalarZ_message(&k->instance)); }

int kernel_message_length(Kernel *k) { return k->own_field >= 0 ? (int)strlen(k->own_message) : message_length(k); }

const char *kernel_message(Kernel *k, char *out, size_t cap) {
  if (cap == 0) return out;
  out[0] = '\0';
  if (k->own_field >= 0) {
    snprintf(out, cap, "%s", k->own_message);
    return out;
  }
  int len = message_length(k);
  uint32_t ptr = message_ptr(k);
  const unsigned char *bytes = len > 0 ? memory_at(k, ptr, (uint32_t)len) : NULL;
  if (!bytes) return out;
  size_t n = (size_t)len < cap - 1 ? (size_t)len : cap - 1;
  memcpy(out, bytes, n);
  out[n] = '\0';
  return out;
}

double kernel_bound(Kernel *k, int i) { GUARD(k, NAN, Z_scalarZ_bound(&k->instance, (uint32_t)i)); }
int kernel_catalog_id(Kernel *k) { GUARD(k, -1, (int)Z_scalarZ_catalogId(&k->instance)); }
double kernel_exact_value(Kernel *k) { GUARD(k, NAN, Z_scalarZ_exactValue(&k->instance)); }

double kernel_row_sum(Kernel *k, int i) { GUARD(k, NAN, Z_scalarZ_rowSum(&k->instance, (uint32_t)i)); }

static uint32_t buffer(Kernel *k, int nx) { GUARD(k, 0, Z_scalarZ_buffer(&k->instance, (uint32_t)nx)); }
static double combine(Kernel *k, int nx) { GUARD(k, NAN, Z_scalarZ_combine(&k->instance, (uint32_t)nx)); }

int kernel_combine(Kernel *k, const double *sums, int nx, double *value) {
  k->own_field = -1;
  uint32_t ptr = buffer(k, nx);
  // buffer() may grow memory (and move it): look the memory up after the call.
  unsigned char *area = ptr ? memory_at(k, ptr, 8u * (uint32_t)nx) : NULL;
  if (!area) return -1;
  memcpy(area, sums, 8u * (size_t)nx);  // wasm memory is little-endian, like this host
  *value = combine(k, nx);
  return k->trap ? -1 : 0;
}
