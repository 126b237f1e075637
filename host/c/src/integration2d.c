// libintegration2d (integration2d.h) over the kernel wrapper (kernel.h): problems, the serial and threads
// schemes, rows and combine for callers that spread rows themselves (the CLI's MPI scheme). Every failure is a
// status and a message in the problem; nothing here prints, exits or aborts.

#include "integration2d.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"

#ifndef PKG_VERSION
#define PKG_VERSION "dev"
#endif
#ifndef WABT_VERSION
#define WABT_VERSION "unknown"
#endif

// The kernel's messages are short, but a refusal may quote a token of a text of up to maxText bytes.
#define MESSAGE_MAX 16384

struct integration2d_problem {
  Kernel *k;  // defined with the texts: serial rows, rows, combine
  char *integrand, *domain;  // copies: every worker defines them in its own instance
  int nx, ny;
  int defined;
  double bounds[4], exact;
  int field, column;  // the last refusal's, else -1 and 0
  atomic_int cancelled;
  char message[MESSAGE_MAX];
};

// --- once per process: the runtime, and what the kernel says about itself ---------------------------------

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_status = INTEGRATION2D_NO_MEMORY;
static integration2d_info info;

static void init(void) {
  static char metadata[16384], compiler[160];
  kernel_runtime_init();  // registers the module's function types: before any instance, on one thread
  Kernel *k = kernel_new();
  if (!k) return;
  snprintf(compiler, sizeof compiler, "gcc %s, wabt %s", __VERSION__, WABT_VERSION);
  info = (integration2d_info){.version = PKG_VERSION, .kernel = "scalar", .compiler = compiler,
                              .abi = kernel_abi(k), .max_cells = kernel_max_cells(k), .max_text = kernel_max_text(k)};
  int readable = kernel_metadata(k, metadata, sizeof metadata) == 0;
  if (kernel_trap(k)) init_status = INTEGRATION2D_TRAPPED;
  else if (readable) info.metadata = metadata, init_status = INTEGRATION2D_OK;
  kernel_free(k);
}

const integration2d_info *integration2d_kernel_info(void) {
  pthread_once(&once, init);
  return init_status == INTEGRATION2D_OK ? &info : NULL;
}

const char *integration2d_strerror(int status) {
  switch (status) {
    case INTEGRATION2D_OK: return "success";
    case INTEGRATION2D_REFUSED: return "the kernel refused the problem";
    case INTEGRATION2D_BAD_ARGUMENT: return "bad argument";
    case INTEGRATION2D_NOT_FINITE: return "the integral is not finite";
    case INTEGRATION2D_CANCELLED: return "cancelled";
    case INTEGRATION2D_TRAPPED: return "the kernel trapped";
    case INTEGRATION2D_NO_MEMORY: return "out of memory";
    case INTEGRATION2D_THREAD_FAILED: return "a worker thread could not be started";
    default: return "unknown status";
  }
}

// --- messages ------------------------------------------------------------------------------------------------

static void clear(integration2d_problem *p) {
  p->message[0] = '\0';
  p->field = -1;
  p->column = 0;
}

__attribute__((format(printf, 3, 4))) static int fail(integration2d_problem *p, int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->message, sizeof p->message, fmt, ap);
  va_end(ap);
  return status;
}

static int trapped(integration2d_problem *p, Kernel *k, const char *who) {
  return fail(p, INTEGRATION2D_TRAPPED, "%s%swasm trap: %s", who ? who : "", who ? ": " : "", kernel_trap(k));
}

static int is_cancelled(integration2d_problem *p) { return atomic_load_explicit(&p->cancelled, memory_order_relaxed); }

static int cancelled(integration2d_problem *p) { return fail(p, INTEGRATION2D_CANCELLED, "the run was cancelled"); }

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

// --- define --------------------------------------------------------------------------------------------------

/** define in k from p's texts: 0, or the kernel's refusal code (its reason in k), or KERNEL_TRAPPED. */
static int define_in(Kernel *k, const integration2d_problem *p) {
  return kernel_define(k, p->integrand, strlen(p->integrand), p->domain, strlen(p->domain), p->nx, p->ny);
}

int integration2d_define(integration2d_problem **out, const char *integrand, const char *domain, int nx, int ny) {
  if (!out) return INTEGRATION2D_BAD_ARGUMENT;
  *out = NULL;
  pthread_once(&once, init);
  integration2d_problem *p = calloc(1, sizeof *p);
  if (!p) return INTEGRATION2D_NO_MEMORY;
  clear(p);
  atomic_init(&p->cancelled, 0);
  *out = p;
  if (!integrand || !domain) return fail(p, INTEGRATION2D_BAD_ARGUMENT, "the integrand and the domain are texts, not NULL");
  if (init_status != INTEGRATION2D_OK) return fail(p, init_status, "the kernel cannot be instantiated: %s", integration2d_strerror(init_status));
  p->integrand = strdup(integrand);
  p->domain = strdup(domain);
  p->k = kernel_new();
  if (!p->integrand || !p->domain || !p->k) return fail(p, INTEGRATION2D_NO_MEMORY, "out of memory for the problem");
  p->nx = nx;
  p->ny = ny;
  int code = define_in(p->k, p);
  if (kernel_trap(p->k)) return trapped(p, p->k, NULL);
  if (code != 0) {
    p->field = kernel_error_field(p->k);
    p->column = kernel_error_column(p->k);
    kernel_message(p->k, p->message, sizeof p->message);
    return kernel_trap(p->k) ? trapped(p, p->k, NULL) : INTEGRATION2D_REFUSED;
  }
  for (int i = 0; i < 4; i++) p->bounds[i] = kernel_bound(p->k, i);
  p->exact = kernel_exact_value(p->k);
  if (kernel_trap(p->k)) return trapped(p, p->k, NULL);
  p->defined = 1;
  return INTEGRATION2D_OK;
}

int integration2d_describe(const integration2d_problem *p, double domain[4], double *exact) {
  if (!p || !p->defined) return INTEGRATION2D_BAD_ARGUMENT;
  if (domain) memcpy(domain, p->bounds, sizeof p->bounds);
  if (exact) *exact = p->exact;
  return INTEGRATION2D_OK;
}

/** The checks every computing call starts with: a problem that was defined and is still usable. */
static int usable(integration2d_problem *p) {
  clear(p);
  if (!p->defined) return fail(p, INTEGRATION2D_BAD_ARGUMENT, "the problem was not defined (define refused it)");
  if (kernel_trap(p->k)) return trapped(p, p->k, NULL);
  if (is_cancelled(p)) return cancelled(p);
  return INTEGRATION2D_OK;
}

void integration2d_cancel(integration2d_problem *p) {
  if (p) atomic_store(&p->cancelled, 1);
}

// --- rows and combine ----------------------------------------------------------------------------------------

static int rows_in(integration2d_problem *p, int first, int count, double *sums) {
  for (int i = 0; i < count; i++) {
    if (is_cancelled(p)) return cancelled(p);
    sums[i] = kernel_row_sum(p->k, first + i);
    if (kernel_trap(p->k)) return trapped(p, p->k, NULL);
  }
  return INTEGRATION2D_OK;
}

int integration2d_rows(integration2d_problem *p, int first, int count, double *sums) {
  if (!p) return INTEGRATION2D_BAD_ARGUMENT;
  int rc = usable(p);
  if (rc) return rc;
  if (first < 0 || count < 0 || (long long)first + count > p->nx || (count > 0 && !sums))
    return fail(p, INTEGRATION2D_BAD_ARGUMENT, "rows [%d, %d + %d) are not rows of the %d-row grid (or sums is NULL)",
                first, first, count, p->nx);
  return rows_in(p, first, count, sums);
}

static void bits_of(double v, char out[19]) {
  uint64_t u;
  if (isnan(v)) u = 0x7ff8000000000000ull;  // every host prints NaN canonical
  else memcpy(&u, &v, 8);
  snprintf(out, 19, "0x%016llx", (unsigned long long)u);
}

/** The kernel's combine of all nx sums into *r; a value that is not finite is a failed run, never a result. */
static int combine_into(integration2d_problem *p, const double *sums, integration2d_result *r) {
  double value;
  if (kernel_combine(p->k, sums, p->nx, &value) != 0) {
    if (kernel_trap(p->k)) return trapped(p, p->k, NULL);
    return fail(p, INTEGRATION2D_NO_MEMORY, "the kernel cannot hold %d row sums", p->nx);
  }
  if (!isfinite(value)) {
    kernel_message(p->k, p->message, sizeof p->message);
    if (!p->message[0])  // the kernel always diagnoses; a fallback for a broken one
      fail(p, 0, "the integral is not finite (value %s)", isnan(value) ? "NaN" : value > 0 ? "Inf" : "-Inf");
    return INTEGRATION2D_NOT_FINITE;
  }
  *r = (integration2d_result){.value = value, .exact = p->exact, .error = fabs(value - p->exact), .nx = p->nx,
                              .ny = p->ny, .workers = 1};
  bits_of(value, r->bits);
  memcpy(r->domain, p->bounds, sizeof r->domain);
  return INTEGRATION2D_OK;
}

int integration2d_combine(integration2d_problem *p, const double *sums, integration2d_result *result) {
  if (!p) return INTEGRATION2D_BAD_ARGUMENT;
  int rc = usable(p);
  if (rc) return rc;
  if (!sums || !result) return fail(p, INTEGRATION2D_BAD_ARGUMENT, "sums and result must not be NULL");
  if (is_cancelled(p)) return cancelled(p);
  double t0 = now();
  rc = combine_into(p, sums, result);
  if (rc == INTEGRATION2D_OK) result->compute_s = now() - t0;
  return rc;
}

// --- threads ---------------------------------------------------------------------------------------------------

typedef struct {
  integration2d_problem *p;
  double *sums;
  atomic_int next;
  atomic_int failed;  // set by the first worker that fails; the others stop at their next row
  int status;         // that worker's status and reason, read by the caller after the joins
  char why[MESSAGE_MAX];
  // Start line: every worker sets up its instance, then waits for the go (1) or the abandon (−1) of a run
  // whose other workers could not all be started.
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int ready, go;
} Shared;

typedef struct {
  Shared *shared;
  int index;
} Worker;

__attribute__((format(printf, 4, 5))) static void worker_failed(Shared *s, int index, int status, const char *fmt, ...) {
  if (atomic_exchange(&s->failed, 1)) return;
  s->status = status;
  int n = snprintf(s->why, sizeof s->why, "worker %d: ", index);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->why + n, sizeof s->why - (size_t)n, fmt, ap);
  va_end(ap);
}

static void *worker_main(void *arg) {
  Worker *w = arg;
  Shared *s = w->shared;
  // Each worker defines the problem from the texts itself: the same program, the same bits.
  Kernel *k = kernel_new();
  int refused = k ? define_in(k, s->p) : 0;
  pthread_mutex_lock(&s->lock);
  s->ready++;
  pthread_cond_broadcast(&s->changed);
  while (!s->go) pthread_cond_wait(&s->changed, &s->lock);
  int go = s->go;
  pthread_mutex_unlock(&s->lock);
  if (!k) worker_failed(s, w->index, INTEGRATION2D_NO_MEMORY, "out of memory for a kernel instance");
  else if (kernel_trap(k)) worker_failed(s, w->index, INTEGRATION2D_TRAPPED, "wasm trap: %s", kernel_trap(k));
  else if (refused) {  // the caller's instance accepted these texts: instances disagree, a broken kernel like a trap
    char why[MESSAGE_MAX - 64];
    worker_failed(s, w->index, INTEGRATION2D_TRAPPED, "the kernel refused the problem: %s", kernel_message(k, why, sizeof why));
  }
  while (go > 0 && k && !kernel_trap(k) && !atomic_load_explicit(&s->failed, memory_order_relaxed)) {
    if (is_cancelled(s->p)) {
      worker_failed(s, w->index, INTEGRATION2D_CANCELLED, "cancelled");
      break;
    }
    int i = atomic_fetch_add_explicit(&s->next, 1, memory_order_relaxed);
    if (i >= s->p->nx) break;
    s->sums[i] = kernel_row_sum(k, i);
    if (kernel_trap(k)) worker_failed(s, w->index, INTEGRATION2D_TRAPPED, "wasm trap: %s", kernel_trap(k));
  }
  kernel_free(k);
  return NULL;
}

static int online_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > INTEGRATION2D_MAX_WORKERS ? INTEGRATION2D_MAX_WORKERS : (int)n;
}

static int run_threads(integration2d_problem *p, int workers, double *sums, integration2d_result *r) {
  double t0 = now();
  Shared s = {.p = p, .sums = sums};
  atomic_init(&s.next, 0);
  atomic_init(&s.failed, 0);
  pthread_mutex_init(&s.lock, NULL);
  pthread_cond_init(&s.changed, NULL);
  pthread_t *threads = calloc((size_t)workers, sizeof *threads);
  Worker *args = calloc((size_t)workers, sizeof *args);
  int started = 0, rc = INTEGRATION2D_OK;
  if (!threads || !args) rc = fail(p, INTEGRATION2D_NO_MEMORY, "out of memory for %d workers", workers);
  for (; rc == INTEGRATION2D_OK && started < workers; started++) {
    args[started] = (Worker){.shared = &s, .index = started};
    int e = pthread_create(&threads[started], NULL, worker_main, &args[started]);
    if (e != 0) rc = fail(p, INTEGRATION2D_THREAD_FAILED, "worker %d: %s", started, strerror(e));
    if (e != 0) break;
  }
  pthread_mutex_lock(&s.lock);
  while (rc == INTEGRATION2D_OK && s.ready < started) pthread_cond_wait(&s.changed, &s.lock);
  s.go = rc == INTEGRATION2D_OK ? 1 : -1;  // every instance is set up (startup ends here), or the run is off
  pthread_cond_broadcast(&s.changed);
  pthread_mutex_unlock(&s.lock);
  double t1 = now();
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  free(threads);
  free(args);
  pthread_cond_destroy(&s.changed);
  pthread_mutex_destroy(&s.lock);
  if (rc) return rc;
  if (atomic_load(&s.failed))
    return s.status == INTEGRATION2D_CANCELLED ? cancelled(p) : fail(p, s.status, "%s", s.why);
  rc = combine_into(p, sums, r);
  if (rc) return rc;
  r->workers = workers;
  r->startup_s = t1 - t0;
  r->compute_s = now() - t1;
  return INTEGRATION2D_OK;
}

int integration2d_run(integration2d_problem *p, integration2d_scheme scheme, int workers, integration2d_result *result) {
  if (!p) return INTEGRATION2D_BAD_ARGUMENT;
  int rc = usable(p);
  if (rc) return rc;
  if (!result) return fail(p, INTEGRATION2D_BAD_ARGUMENT, "result must not be NULL");
  if (scheme != INTEGRATION2D_SERIAL && scheme != INTEGRATION2D_THREADS)
    return fail(p, INTEGRATION2D_BAD_ARGUMENT, "scheme %d is neither INTEGRATION2D_SERIAL nor INTEGRATION2D_THREADS", (int)scheme);
  if (scheme == INTEGRATION2D_SERIAL && workers != 0 && workers != 1)
    return fail(p, INTEGRATION2D_BAD_ARGUMENT, "workers must be 0 or 1 for the serial scheme (got %d)", workers);
  if (workers < 0 || workers > INTEGRATION2D_MAX_WORKERS)
    return fail(p, INTEGRATION2D_BAD_ARGUMENT, "workers must be from 0 to %d (got %d)", INTEGRATION2D_MAX_WORKERS, workers);
  double *sums = malloc(sizeof(double) * (size_t)p->nx);
  if (!sums) return fail(p, INTEGRATION2D_NO_MEMORY, "out of memory for %d row sums", p->nx);
  if (scheme == INTEGRATION2D_THREADS) {
    int n = workers ? workers : online_cores();
    rc = run_threads(p, n < p->nx ? n : p->nx, sums, result);  // more workers than rows would idle
  } else {
    double t0 = now();
    rc = rows_in(p, 0, p->nx, sums);
    if (rc == INTEGRATION2D_OK) rc = combine_into(p, sums, result);
    if (rc == INTEGRATION2D_OK) result->compute_s = now() - t0;
  }
  free(sums);
  return rc;
}

// --- the rest --------------------------------------------------------------------------------------------------

const char *integration2d_message(const integration2d_problem *p) { return p ? p->message : "no problem (NULL)"; }
int integration2d_error_field(const integration2d_problem *p) { return p ? p->field : -1; }
int integration2d_error_column(const integration2d_problem *p) { return p ? p->column : 0; }

void integration2d_free(integration2d_problem *p) {
  if (!p) return;
  kernel_free(p->k);
  free(p->integrand);
  free(p->domain);
  free(p);
}
