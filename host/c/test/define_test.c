// The ABI 2 wrappers of src/kernel.h, driven by test/run_tests.py: for each problem on stdin it defines the
// texts, computes every row serially and combines, and prints what the wrappers returned, so the suite can
// check codes, fields, columns, messages, bounds, catalog ids, exact values and bits against the case files.
//
// stdin, per problem:  "<nx> <ny> <fLen> <dLen>\n" then the fLen + dLen bytes of the two texts, then "\n".
// stdout, per problem: code field column catalog bound0 bound1 bound2 bound3 exact value message, tab-separated,
// each double as the 16 hex digits of its bits (NaN as the kernel left it), message as the kernel's bytes.

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kernel.h"

static void put_bits(double v) {
  uint64_t u;
  memcpy(&u, &v, 8);
  printf("%016" PRIx64 "\t", u);
}

int main(void) {
  kernel_runtime_init();
  Kernel *k = kernel_new();
  int nx, ny;
  size_t flen, dlen;
  static char message[1 << 16];
  while (k && scanf("%d %d %zu %zu", &nx, &ny, &flen, &dlen) == 4 && getchar() == '\n') {
    char *texts = malloc(flen + dlen + 1);
    if (!texts || fread(texts, 1, flen + dlen, stdin) != flen + dlen) return 2;
    getchar();
    int code = kernel_define(k, texts, flen, texts + flen, dlen, nx, ny);
    int field = code ? kernel_error_field(k) : -1, column = code ? kernel_error_column(k) : 0;
    double value = NAN;
    if (code == 0) {
      double *sums = malloc(sizeof(double) * (size_t)nx);
      for (int i = 0; sums && i < nx; i++) sums[i] = kernel_row_sum(k, i);
      if (!sums || kernel_combine(k, sums, nx, &value) != 0) return 3;
      free(sums);
    }
    kernel_message(k, message, sizeof message);
    if ((size_t)kernel_message_length(k) != strlen(message)) return 4;  // the length agrees with the bytes read
    printf("%d\t%d\t%d\t%d\t", code, field, column, kernel_catalog_id(k));
    for (int i = 0; i < 4; i++) put_bits(kernel_bound(k, i));
    put_bits(kernel_exact_value(k));
    put_bits(value);
    printf("%s\n", message);
    fflush(stdout);
    free(texts);
    if (kernel_trap(k)) return 5;
  }
  kernel_free(k);
  return 0;
}
