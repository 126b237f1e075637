// libintegration2d's API (src/integration2d.h), every status and message, including the paths a user cannot
// reach from outside: a wasm trap (the test shrinks a problem's linear memory to 0 bytes, as trap_test.c does)
// and a cancel from another thread while a long run is in progress. Nothing may exit or abort: the test runs
// to its summary line. Built and run by `make check` (test/run_tests.py); exit 0 when every check holds.

#include "../src/integration2d.c"
#include "../src/kernel.c"

static int failures;

static void check(const char *name, int ok) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", name);
  if (!ok) failures++;
}

static void check_text(const char *name, const char *got, const char *want) {
  int ok = strcmp(got, want) == 0;
  check(name, ok);
  if (!ok) printf("     got  %s\n     want %s\n", got, want);
}

typedef struct {
  integration2d_problem *p;
  double after_s;
} Canceller;

static void *cancel_later(void *arg) {
  Canceller *c = arg;
  struct timespec t = {0, (long)(c->after_s * 1e9)};
  nanosleep(&t, NULL);
  integration2d_cancel(c->p);
  return NULL;
}

int main(void) {
  const integration2d_info *info = integration2d_kernel_info();
  check("kernel info", info && info->abi == 2 && info->max_cells == 10000000 && info->max_text == 4096 &&
                           !strcmp(info->kernel, "scalar") && !strcmp(info->version, PKG_VERSION) &&
                           strstr(info->metadata, "\"integrands\":[\"sin(x+y)\"") != NULL &&
                           !strncmp(info->compiler, "gcc ", 4));

  // test/vectors.json: 1/(1+x+y) on [0,1]², 1000 × 1000, scalar bits 0x3fe0be72d53b6b12, exact 0.523248143764548.
  integration2d_problem *p;
  integration2d_result r;
  check("define", integration2d_define(&p, "1/(1+x+y)", "0,1,0,1", 1000, 1000) == INTEGRATION2D_OK && p);
  double domain[4], exact;
  check("describe", integration2d_describe(p, domain, &exact) == INTEGRATION2D_OK && domain[0] == 0 &&
                        domain[1] == 1 && domain[2] == 0 && domain[3] == 1 && exact == 0.523248143764548);
  check("serial", integration2d_run(p, INTEGRATION2D_SERIAL, 0, &r) == INTEGRATION2D_OK &&
                      !strcmp(r.bits, "0x3fe0be72d53b6b12") && r.workers == 1 && r.startup_s == 0 &&
                      r.exact == exact && r.error == fabs(r.value - exact) && r.nx == 1000 && r.ny == 1000 &&
                      *integration2d_message(p) == '\0');
  for (int w = 0; w <= 5; w++) {
    char name[64];
    snprintf(name, sizeof name, "threads, %d workers: the same bits", w);
    check(name, integration2d_run(p, INTEGRATION2D_THREADS, w, &r) == INTEGRATION2D_OK &&
                    !strcmp(r.bits, "0x3fe0be72d53b6b12") && r.workers >= 1);
  }
  // Rows computed in pieces, last piece first, in a second problem: combine gives the same bits.
  double *sums = malloc(1000 * sizeof *sums);
  integration2d_problem *q;
  integration2d_define(&q, "1/(1+x+y)", "0,1,0,1", 1000, 1000);
  int rows_ok = 1;
  for (int first = 900; first >= 0; first -= 100) rows_ok &= integration2d_rows(q, first, 100, sums + first) == 0;
  check("rows in pieces, then combine", rows_ok && integration2d_combine(p, sums, &r) == INTEGRATION2D_OK &&
                                            !strcmp(r.bits, "0x3fe0be72d53b6b12"));
  check("rows outside the grid", integration2d_rows(q, 990, 11, sums) == INTEGRATION2D_BAD_ARGUMENT);
  check_text("rows outside the grid: message", integration2d_message(q),
             "rows [990, 990 + 11) are not rows of the 1000-row grid (or sums is NULL)");
  integration2d_free(q);

  // Bad arguments: a status and words, and the problem still runs.
  check("serial with 2 workers", integration2d_run(p, INTEGRATION2D_SERIAL, 2, &r) == INTEGRATION2D_BAD_ARGUMENT);
  check_text("serial with 2 workers: message", integration2d_message(p),
             "workers must be 0 or 1 for the serial scheme (got 2)");
  check("257 workers", integration2d_run(p, INTEGRATION2D_THREADS, 257, &r) == INTEGRATION2D_BAD_ARGUMENT);
  check("an unknown scheme", integration2d_run(p, (integration2d_scheme)7, 1, &r) == INTEGRATION2D_BAD_ARGUMENT);
  check("a NULL result", integration2d_run(p, INTEGRATION2D_SERIAL, 1, NULL) == INTEGRATION2D_BAD_ARGUMENT);
  check("define with a NULL text", integration2d_define(&q, NULL, "0,1,0,1", 1, 1) == INTEGRATION2D_BAD_ARGUMENT &&
                                       q && integration2d_run(q, INTEGRATION2D_SERIAL, 0, &r) == INTEGRATION2D_BAD_ARGUMENT);
  integration2d_free(q);
  check("define with out NULL", integration2d_define(NULL, "x", "0,1,0,1", 1, 1) == INTEGRATION2D_BAD_ARGUMENT);
  check("still runs", integration2d_run(p, INTEGRATION2D_SERIAL, 1, &r) == 0 && !strcmp(r.bits, "0x3fe0be72d53b6b12"));

  // Refusals: the kernel's field, column and words (test/cases/bad-expressions.json).
  struct {
    const char *f, *d;
    int nx, field, column;
    const char *message;
  } refused[] = {
      {"sin(x+", "0,1,0,1", 10, INTEGRATION2D_FIELD_INTEGRAND, 7, "unexpected end of text at column 7"},
      {"x", "0,1,0,(", 10, INTEGRATION2D_FIELD_DOMAIN, 8, "unexpected end of text at column 8"},
      {"x", "0,1,0,1", 0, INTEGRATION2D_FIELD_NX, 0, "must be an integer from 1 to 10000000 (got 0)"},
  };
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    int rc = integration2d_define(&q, refused[i].f, refused[i].d, refused[i].nx, 10);
    char name[96];
    snprintf(name, sizeof name, "refused %s | %s | nx %d", refused[i].f, refused[i].d, refused[i].nx);
    check(name, rc == INTEGRATION2D_REFUSED && integration2d_error_field(q) == refused[i].field &&
                    integration2d_error_column(q) == refused[i].column &&
                    integration2d_describe(q, NULL, NULL) == INTEGRATION2D_BAD_ARGUMENT);
    check_text(name, integration2d_message(q), refused[i].message);
    integration2d_free(q);
  }

  // A value that is not finite: the kernel's diagnosis, in both schemes.
  integration2d_define(&q, "1/(x-0.25)", "0,1,0,1", 2, 2);
  for (int scheme = 0; scheme < 2; scheme++) {
    check(scheme ? "not finite (threads)" : "not finite (serial)", integration2d_run(q, scheme, 0, &r) == INTEGRATION2D_NOT_FINITE);
    check_text("not finite: the kernel's diagnosis", integration2d_message(q),
               "integrand is not finite at x = 0.25, y = 0.25 (value Inf)");
  }
  integration2d_free(q);

  // Cancel: from another thread mid-run (10^8 cells would take seconds), and sticky afterwards.
  integration2d_define(&q, "sin(x+y)", "0,pi,0,pi", 10000, 10000);
  Canceller c = {q, 0.05};
  pthread_t t;
  pthread_create(&t, NULL, cancel_later, &c);
  double t0 = now();
  int rc = integration2d_run(q, INTEGRATION2D_THREADS, 2, &r);
  double took = now() - t0;
  pthread_join(t, NULL);
  check("cancelled mid-run (threads)", rc == INTEGRATION2D_CANCELLED && took < 1.5);
  check_text("cancelled: message", integration2d_message(q), "the run was cancelled");
  check("cancel is sticky", integration2d_run(q, INTEGRATION2D_SERIAL, 1, &r) == INTEGRATION2D_CANCELLED &&
                                integration2d_rows(q, 0, 1, sums) == INTEGRATION2D_CANCELLED);
  integration2d_free(q);
  integration2d_define(&q, "sin(x+y)", "0,pi,0,pi", 10000, 10000);
  c = (Canceller){q, 0.05};
  pthread_create(&t, NULL, cancel_later, &c);
  t0 = now();
  rc = integration2d_run(q, INTEGRATION2D_SERIAL, 1, &r);
  took = now() - t0;
  pthread_join(t, NULL);
  check("cancelled mid-run (serial)", rc == INTEGRATION2D_CANCELLED && took < 1.5);
  integration2d_free(q);

  // A trap in the problem's own instance: a status, the runtime's words, every later call refused; the process
  // and other problems carry on.
  integration2d_define(&q, "sin(x+y)", "0,pi,0,pi", 4, 4);
  Z_scalarZ_memory(&q->k->instance)->size = 0;
  check("trap (serial)", integration2d_run(q, INTEGRATION2D_SERIAL, 0, &r) == INTEGRATION2D_TRAPPED);
  check_text("trap: message", integration2d_message(q), "wasm trap: Out-of-bounds access in linear memory or a table");
  check("a trapped problem stays failed", integration2d_run(q, INTEGRATION2D_THREADS, 2, &r) == INTEGRATION2D_TRAPPED &&
                                              integration2d_rows(q, 0, 1, sums) == INTEGRATION2D_TRAPPED);
  integration2d_free(q);
  integration2d_define(&q, "sin(x+y)", "0,pi,0,pi", 4, 4);
  Z_scalarZ_memory(&q->k->instance)->size = 0;  // the workers' instances are whole: the combine here traps
  check("trap in the combine (threads)", integration2d_run(q, INTEGRATION2D_THREADS, 2, &r) == INTEGRATION2D_TRAPPED);
  integration2d_free(q);
  check("another problem is untouched", integration2d_run(p, INTEGRATION2D_THREADS, 2, &r) == 0 &&
                                            !strcmp(r.bits, "0x3fe0be72d53b6b12"));

  check_text("strerror", integration2d_strerror(INTEGRATION2D_REFUSED), "the kernel refused the problem");
  check_text("strerror of an unknown status", integration2d_strerror(99), "unknown status");
  integration2d_free(p);
  integration2d_free(NULL);
  free(sums);
  printf("library test: %d failed\n", failures);
  return failures ? 1 : 0;
}
