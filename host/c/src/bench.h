// `integration2d bench`: one benchmark record (bench/README.md, bench/record.schema.json, schema_version 1).
#ifndef INTEGRATION2D_BENCH_H
#define INTEGRATION2D_BENCH_H

#include "cli.h"

/** Runs one problem (its texts, nx, ny) with p->scheme, serial or threads (through the library). */
typedef void (*BenchRunFn)(const Problem *p, Outcome *r);

/** argv[from..argc) are bench's options. Returns the exit code (usage errors exit 2 from inside). */
int bench_main(int argc, char **argv, int from, const Context *ctx, BenchRunFn run, const char *runtime_version);

typedef struct {
  int n;
  double median, min, max, mad, ci_lo, ci_hi, ci_coverage;
} Summary;

/** host/core/stats.ts summarize() (n ≥ 1). */
Summary bench_summarize(const double *xs, int n);

#endif
