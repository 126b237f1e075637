// The command line contract of integration2d (host/core/options.ts, domain.ts, record.ts, cli.ts), in C:
// the same options, defaults, messages and output as the Node CLI.
#ifndef INTEGRATION2D_CLI_H
#define INTEGRATION2D_CLI_H

#include <stdio.h>

#define MAX_WORKERS 256
#define DEFAULT_N 10000
#define MAX_INTEGRANDS 32
#define MSG_MAX 16384

/** The options as typed (NULL where absent), as node:util parseArgs would hand them over. */
typedef struct {
  const char *n, *nx, *ny, *workers, *scheme, *kernel, *integrand, *domain;
  int json, list, help, version;
} RawOptions;

/** What the validation needs to know about this host and kernel. */
typedef struct {
  int max_cells;
  int cores;
  int integrand_count;
  char integrands[MAX_INTEGRANDS][64];
  const char *const *kernels;  // builds this host runs, preferred first
  int kernel_count;
  const char *const *schemes;  // schemes this host offers
  int scheme_count;
  int mpi_size;  // ranks in MPI_COMM_WORLD when MPI is initialised, else 0
} Context;

typedef struct {
  const char *integrand;
  int integrand_id;
  double domain[4];
  int nx, ny;
  const char *scheme;
  int workers;  // the number that will run
  const char *kernel;
} Problem;

typedef struct {
  double value, exact;
  double startup_s, compute_s;
  const char *runtime_name;
  const char *runtime_version;
} Outcome;

/** parseArgs(strict, allowPositionals) over argv[from..argc); 0, or 2 with msg set. */
int cli_parse(int argc, char **argv, int from, RawOptions *o, const char *const *allowed_long, char *msg);
/** resolveOptions(): 0 with *p filled in, or 2 with msg set (the first bad option). */
int cli_resolve(const RawOptions *o, const Context *ctx, Problem *p, char *msg);
/** parseDomain(): 0 and four doubles, or -1. */
int cli_parse_domain(const char *text, double d[4]);

/** "0x" + 16 hex digits, NaN canonical. */
void cli_bits(double v, char out[19]);
/** JSON.stringify of a number (JavaScript's shortest round-trip form; null if not finite). */
void cli_json_number(double v, char *out, size_t cap);
void cli_json_string(FILE *f, const char *s);
void cli_print_json(FILE *f, const Problem *p, const Outcome *r);
void cli_print_human(FILE *f, const Problem *p, const Outcome *r, int lines);
void cli_print_help(FILE *f, const Context *ctx);

#endif
