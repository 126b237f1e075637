/* integration2d native baseline: the naive midpoint loop in C, the yardstick for "× native".
 * Build: cc -O2 -ffp-contract=off -o baseline baseline.c -lm   (no -ffast-math: glibc sin, IEEE order)
 * Usage: baseline N REPEAT  → one JSON line per repeat: {"n":N,"seconds":s,"value":v}
 * Same problem as the kernel's default: ∫∫ sin(x+y) over [0,π]², plain (uncompensated) sum per row. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000;
  int repeat = argc > 2 ? atoi(argv[2]) : 1;
  if (n < 1 || repeat < 1) { fprintf(stderr, "usage: baseline N REPEAT\n"); return 2; }
  const double a = 0.0, b = 3.141592653589793;
  const double h = (b - a) / (double)n;
  for (int r = 0; r < repeat; r++) {
    double t0 = now();
    double total = 0.0;
    for (long i = 0; i < n; i++) {
      double x = a + h * ((double)i + 0.5);
      double row = 0.0;
      for (long j = 0; j < n; j++) row += sin(x + (a + h * ((double)j + 0.5)));
      total += row;
    }
    double value = total * h * h;
    double t1 = now();
    printf("{\"n\":%ld,\"seconds\":%.9f,\"value\":%.17g}\n", n, t1 - t0, value);
    fflush(stdout);
  }
  return 0;
}
