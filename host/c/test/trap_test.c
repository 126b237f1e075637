// A wasm trap inside a kernel call returns a failure to that call's caller (src/kernel.c), on the thread where
// it happened, and leaves other instances alone. The kernel never traps on its own inputs, so the test makes
// one: it shrinks an instance's linear memory to 0 bytes, and the next call that reads memory is out of bounds.
// Built and run by `make check` (test/run_tests.py); exit 0 when every check holds.

#include "../src/kernel.c"

#include <pthread.h>

static int failures;

static void check(const char *name, int ok) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", name);
  if (!ok) failures++;
}

static void break_memory(Kernel *k) { Z_scalarZ_memory(&k->instance)->size = 0; }

static const double DOMAIN[4] = {0, 3.141592653589793, 0, 3.141592653589793};

static void *trap_on_a_thread(void *arg) {
  Kernel *k = arg;
  char name[64];
  break_memory(k);
  return (void *)(intptr_t)kernel_integrand_name(k, 0, name, sizeof name);
}

int main(void) {
  kernel_runtime_init();
  Kernel *k = kernel_new(), *other = kernel_new();
  check("two instances", k && other);
  check("no trap before", kernel_trap(k) == NULL);
  char name[64];
  break_memory(k);
  check("a trapping call returns its failure value", kernel_integrand_name(k, 0, name, sizeof name) == -1);
  check("kernel_trap says why", kernel_trap(k) && strstr(kernel_trap(k), "ut-of-bounds") != NULL);
  check("a trapped instance fails every later call", isnan(kernel_row_sum(k, 0)) && kernel_abi(k) == -1 &&
                                                         kernel_setup(k, 0, DOMAIN, 4, 4) == -100);
  double value = 0;
  double sums[4];
  check("another instance is untouched", kernel_setup(other, 0, DOMAIN, 4, 4) == 0 && !kernel_trap(other));
  for (int i = 0; i < 4; i++) sums[i] = kernel_row_sum(other, i);
  check("and computes", kernel_combine(other, sums, 4, &value) == 0 && isfinite(value) && !kernel_trap(other));

  Kernel *worker = kernel_new();
  pthread_t t;
  void *result = NULL;
  pthread_create(&t, NULL, trap_on_a_thread, worker);
  pthread_join(t, &result);
  check("a trap on a worker thread returns there", (intptr_t)result == -1 && kernel_trap(worker) != NULL);
  check("the main thread still calls its instance", kernel_setup(other, 0, DOMAIN, 4, 4) == 0);

  kernel_free(other);
  printf("trap test: %d failed\n", failures);
  return failures ? 1 : 0;
}
