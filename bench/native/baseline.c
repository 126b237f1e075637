/* integration2d native baselines: the midpoint loop in C, the yardstick for "× native".
 * Build: cc -O2 -ffp-contract=off -o baseline baseline.c -lm   (no -ffast-math: glibc sin, IEEE order)
 * Usage: baseline N REPEAT [plain|compensated]  → one JSON line per repeat: {"n":N,"seconds":s,"value":v}
 * Same problem as the kernel's default: ∫∫ sin(x+y) over [0,π]².
 *   plain        the naive loop: a plain (uncompensated) sum per row, the rows added plainly (the seed's sum)
 *   compensated  the kernel's own sum: y_j computed once into a table, TwoSum in j order per row, the rows
 *                combined by TwoSum in row order, as the scalar build does it (assembly/rule.ts,
 *                assembly/sum.ts) — the same work in native code */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Knuth's TwoSum: the exact error of s + v, rounded to t. */
static double two_sum_error(double s, double v, double t) {
  double bp = t - s;
  return (s - (t - bp)) + (v - bp);
}

static double plain(long n, double a, double h) {
  double total = 0.0;
  for (long i = 0; i < n; i++) {
    double x = a + h * ((double)i + 0.5);
    double row = 0.0;
    for (long j = 0; j < n; j++) row += sin(x + (a + h * ((double)j + 0.5)));
    total += row;
  }
  return total * h * h;
}

static double compensated(long n, double a, double h) {
  double *ys = malloc(sizeof(double) * (size_t)n);
  if (!ys) {
    fprintf(stderr, "baseline: out of memory\n");
    exit(1);
  }
  for (long j = 0; j < n; j++) ys[j] = a + h * ((double)j + 0.5);
  double ts = 0.0, tc = 0.0;
  for (long i = 0; i < n; i++) {
    double x = a + h * ((double)i + 0.5);
    double s = 0.0, c = 0.0;
    for (long j = 0; j < n; j++) {
      double v = sin(x + ys[j]);
      double t = s + v;
      c += two_sum_error(s, v, t);
      s = t;
    }
    double row = s + c;
    double t = ts + row;
    tc += two_sum_error(ts, row, t);
    ts = t;
  }
  free(ys);
  return (h * h) * (ts + tc);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000;
  int repeat = argc > 2 ? atoi(argv[2]) : 1;
  const char *mode = argc > 3 ? argv[3] : "plain";
  int comp = strcmp(mode, "compensated") == 0;
  if (n < 1 || repeat < 1 || (!comp && strcmp(mode, "plain") != 0)) {
    fprintf(stderr, "usage: baseline N REPEAT [plain|compensated]\n");
    return 2;
  }
  const double a = 0.0, b = 3.141592653589793;
  const double h = (b - a) / (double)n;
  for (int r = 0; r < repeat; r++) {
    double t0 = now();
    double value = comp ? compensated(n, a, h) : plain(n, a, h);
    double t1 = now();
    printf("{\"n\":%ld,\"seconds\":%.9f,\"value\":%.17g}\n", n, t1 - t0, value);
    fflush(stdout);
  }
  return 0;
}
