// The command line contract of integration2d (host/core/options.ts, record.ts, cli.ts), in C: the same
// options, defaults, messages and output as the Node CLI. The integrand and the domain are texts that the
// kernel parses and checks (define); this file never looks inside them.
#ifndef INTEGRATION2D_CLI_H
#define INTEGRATION2D_CLI_H

#include <stdio.h>

#include "integration2d.h"

#define MAX_WORKERS 256
#define DEFAULT_N 10000
#define DEFAULT_INTEGRAND "sin(x+y)"
#define DEFAULT_DOMAIN "0,pi,0,pi"
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
  const char *metadata;  // the kernel's metadata JSON (--list)
  const char *const *kernels;  // builds this host runs, preferred first
  int kernel_count;
  const char *const *schemes;  // schemes this host offers
  int scheme_count;
  int mpi_size;  // ranks in MPI_COMM_WORLD when MPI is initialised, else 0
} Context;

typedef struct {
  const char *integrand;    // the text as given
  const char *domain_text;  // the text as given
  double domain[4];         // what the kernel made of domain_text: bound(0..3)
  double exact;             // exactValue(): NaN where there is no closed form
  int nx, ny;
  const char *scheme;
  int workers;  // the number that will run
  const char *kernel;
} Problem;

typedef struct {
  double value;
  double startup_s, compute_s;
  const char *runtime_name;
  const char *runtime_version;
} Outcome;

/** parseArgs(strict, allowPositionals) over argv[from..argc); 0, or 2 with msg set. */
int cli_parse(int argc, char **argv, int from, RawOptions *o, const char *const *allowed_long, char *msg);
/**
 * resolveOptions(): 0 with *p filled in (the kernel's check of -f/-d through integration2d_define, and what it
 * made of them), or 2 with msg set (the first bad option), or 1 with msg set if the kernel trapped.
 */
int cli_resolve(const RawOptions *o, const Context *ctx, Problem *p, char *msg);
/**
 * integration2d_define from p's texts, nx and ny: 0 with *out, or 2 and msg = the kernel's refusal behind the
 * option's name, or 1 and msg = "run failed: …" (a trap, out of memory); *out is NULL unless 0.
 */
int cli_define(const Problem *p, integration2d_problem **out, char *msg);

/** "0x" + 16 hex digits, NaN canonical. */
void cli_bits(double v, char out[19]);
/** JSON.stringify of a number (JavaScript's shortest round-trip form; null if not finite). */
void cli_json_number(double v, char *out, size_t cap);
void cli_json_string(FILE *f, const char *s);
void cli_print_json(FILE *f, const Problem *p, const Outcome *r);
void cli_print_human(FILE *f, const Problem *p, const Outcome *r, int lines);
void cli_print_help(FILE *f, const Context *ctx);
/** --list: the catalog, then the language's functions, constants and variables, from the metadata JSON; 0, or
 * -1 if the metadata lacks one of those lists. */
int cli_print_list(FILE *f, const char *metadata);

#endif
