// A wasm trap inside a kernel call returns a failure to that call's caller (src/kernel.c), on the thread where
// it happened, and leaves other instances alone. The kernel never traps on its own inputs, so the test makes
// one: it shrinks a defined instance's linear memory to 0 bytes, and the next row (which reads the y table from
// memory) is out of bounds. Built and run by `make check` (test/run_tests.py); exit 0 when every check holds.

#include "../src/kernel.c"

#include <pthread.h>

static int failures;

static void check(const char *name, int ok) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", name);
  if (!ok) failures++;
}

static void break_memory(Kernel *k) { Z_scalarZ_memory(&k->instance)->size = 0; }

static int define_sin(Kernel *k) { return kernel_define(k, "sin(x+y)", 8, "0,pi,0,pi", 9, 4, 4); }

static void *trap_on_a_thread(void *arg) {
  Kernel *k = arg;
  break_memory(k);
  return isnan(kernel_row_sum(k, 0)) ? k : NULL;
}

int main(void) {
  kernel_runtime_init();
  Kernel *k = kernel_new(), *other = kernel_new();
  check("two instances", k && other);
  check("define, no trap before", define_sin(k) == 0 && kernel_trap(k) == NULL);
  break_memory(k);
  check("a trapping call returns its failure value", isnan(kernel_row_sum(k, 0)));
  check("kernel_trap says why", kernel_trap(k) && strstr(kernel_trap(k), "ut-of-bounds") != NULL);
  char metadata[4096];
  check("a trapped instance fails every later call", kernel_abi(k) == -1 && define_sin(k) == KERNEL_TRAPPED &&
                                                         kernel_metadata(k, metadata, sizeof metadata) == -1 &&
                                                         isnan(kernel_bound(k, 0)) && kernel_catalog_id(k) == -1);
  double value = 0;
  double sums[4];
  check("another instance is untouched", define_sin(other) == 0 && !kernel_trap(other));
  for (int i = 0; i < 4; i++) sums[i] = kernel_row_sum(other, i);
  check("and computes", kernel_combine(other, sums, 4, &value) == 0 && isfinite(value) && !kernel_trap(other));

  Kernel *worker = kernel_new();
  pthread_t t;
  void *result = NULL;
  check("a worker's instance, defined", define_sin(worker) == 0);
  pthread_create(&t, NULL, trap_on_a_thread, worker);
  pthread_join(t, &result);
  check("a trap on a worker thread returns there", result == worker && kernel_trap(worker) != NULL);
  check("the main thread still calls its instance", define_sin(other) == 0);

  // The host's own reads and writes of the instance's memory are checked too: outside it, the instance fails.
  Kernel *host_side = kernel_new();
  break_memory(host_side);
  check("a host access outside memory fails the instance", define_sin(host_side) == KERNEL_TRAPPED &&
                                                               kernel_trap(host_side) != NULL &&
                                                               kernel_metadata(host_side, metadata, sizeof metadata) == -1);

  kernel_free(other);
  printf("trap test: %d failed\n", failures);
  return failures ? 1 : 0;
}
