// The benchmark's native reference: the course's naive midpoint loop for ∫₀^π∫₀^π sin(x+y) dx dy in plain C
// with glibc's sin, -O2, no fast-math, no wasm. Prints one JSON object: the value and ns per evaluation.
// Usage: native_baseline [-n N]   (N cells per axis, default 10000)
// Not bit-identical to the kernel (different sin, plain summation): it is a speed reference, nothing more.

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long n = 10000;
  for (int i = 1; i < argc; i++) {
    if ((!strcmp(argv[i], "-n") || !strcmp(argv[i], "--n")) && i + 1 < argc) {
      char *end;
      n = strtol(argv[++i], &end, 10);
      if (*end || n < 1 || n > 10000000) {
        fprintf(stderr, "native_baseline: option -n/--n must be an integer from 1 to 10000000 (got \"%s\")\n", argv[i]);
        return 2;
      }
    } else {
      fprintf(stderr, "native_baseline: usage: native_baseline [-n N]\n");
      return 2;
    }
  }
  const double a = 0, b = M_PI;
  const double h = (b - a) / (double)n;
  double t0 = now();
  double sum = 0;
  for (long i = 0; i < n; i++) {
    double x = h * ((double)i + 0.5);
    for (long j = 0; j < n; j++) {
      double y = h * ((double)j + 0.5);
      sum += sin(x + y);
    }
  }
  double value = sum * h * h;
  double elapsed = now() - t0;
  double evals = (double)n * (double)n;
  uint64_t bits;
  memcpy(&bits, &value, 8);
  printf("{\"name\":\"native-c\",\"integrand\":\"sin(x+y)\",\"n\":%ld,\"evaluations\":%.0f,\"value\":%.17g,"
         "\"bits\":\"0x%016llx\",\"time_s\":%.9f,\"ns_per_eval\":%.4f,\"compiler\":\"gcc %s\","
         "\"flags\":\"-O2 -ffp-contract=off -fno-fast-math\"}\n",
         n, evals, value, (unsigned long long)bits, elapsed, elapsed * 1e9 / evals, __VERSION__);
  return 0;
}
