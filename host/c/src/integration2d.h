/*
 * libintegration2d: ∫∫ f(x,y) dx dy over [ax,bx]×[ay,by] by the midpoint rule on an nx × ny grid, computed by
 * the integration2d WebAssembly kernel (its scalar build, translated to C by wasm2c and compiled into this
 * library: nothing is loaded at run time). The value has the same 64 bits as every other integration2d host
 * (Node, browsers, Python, Go, Rust…) and for any number of threads: the rows' sums are combined by the kernel
 * in row order, never by this library.
 *
 * The problem is text, parsed and checked by the kernel: the integrand an expression in x and y
 * ("exp(-(x^2+y^2))", "sin(x)*cos(y)"), the domain four constant expressions "ax,bx,ay,by" ("-pi/2,pi/2,0,1").
 *
 *     integration2d_problem *p;
 *     integration2d_result r;
 *     int rc = integration2d_define(&p, "1/(1+x+y)", "0,1,0,1", 1000, 1000);
 *     if (rc == INTEGRATION2D_OK) rc = integration2d_run(p, INTEGRATION2D_THREADS, 0, &r);
 *     if (rc == INTEGRATION2D_OK) printf("%.17g %s\n", r.value, r.bits);  // 0.52324814… 0x3fe0be72d53b6b12
 *     else fprintf(stderr, "%s\n", p ? integration2d_message(p) : integration2d_strerror(rc));
 *     integration2d_free(p);
 *
 * Errors are returned, never printed, and nothing here exits or aborts the process: a refused text, a value
 * that is not finite, a worker that cannot start, a cancelled run, even a trap inside the wasm code (which valid
 * input never causes) is a status code, with a message in the kernel's or the library's words.
 *
 * Threads: calls on different problems may run concurrently; one problem is used by one thread at a time
 * (integration2d_cancel excepted). Build: `pkg-config --cflags --libs integration2d` (add --static for the
 * static library).
 */
#ifndef INTEGRATION2D_H
#define INTEGRATION2D_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(INTEGRATION2D_BUILDING) && defined(__GNUC__)
#define INTEGRATION2D_API __attribute__((visibility("default")))
#else
#define INTEGRATION2D_API
#endif

/** What every call returns. integration2d_strerror() names each; integration2d_message() says what happened. */
typedef enum {
  INTEGRATION2D_OK = 0,
  /** define: the kernel refused the problem; integration2d_error_field/_column say where, _message why. */
  INTEGRATION2D_REFUSED = 1,
  /** A NULL pointer, an unknown scheme, workers out of range (serial: 0 or 1; threads: 0..256), rows outside
   * the grid. */
  INTEGRATION2D_BAD_ARGUMENT = 2,
  /** run, combine: the integral is not finite; the message is the kernel's diagnosis ("integrand is not finite
   * at x = 0.25, y = 0.25 (value Inf)"). */
  INTEGRATION2D_NOT_FINITE = 3,
  /** integration2d_cancel() was called on the problem. */
  INTEGRATION2D_CANCELLED = 4,
  /** The wasm code trapped (a bug: valid input never does); the problem fails every later call. */
  INTEGRATION2D_TRAPPED = 5,
  INTEGRATION2D_NO_MEMORY = 6,
  /** threads: a worker thread could not be created (the message says why). */
  INTEGRATION2D_THREAD_FAILED = 7
} integration2d_status;

typedef enum {
  INTEGRATION2D_SERIAL = 0,  /** the calling thread, one instance */
  INTEGRATION2D_THREADS = 1  /** worker threads, one kernel instance each, rows claimed one at a time */
} integration2d_scheme;

/** Which input a refusal is about (integration2d_error_field). */
enum { INTEGRATION2D_FIELD_INTEGRAND = 0, INTEGRATION2D_FIELD_DOMAIN = 1, INTEGRATION2D_FIELD_NX = 2, INTEGRATION2D_FIELD_NY = 3 };

/** The largest worker count integration2d_run takes. */
#define INTEGRATION2D_MAX_WORKERS 256

/** What this library and its kernel are; static storage, the same for the life of the process. */
typedef struct {
  const char *version;   /** the library's version, "0.1.0" (the npm package's) */
  const char *kernel;    /** the kernel build compiled in: "scalar" */
  const char *compiler;  /** what translated and compiled it: "gcc 12.2.0, wabt 1.0.32" */
  int abi;               /** the kernel's ABI version (2: the problem as text) */
  int max_cells;         /** the largest nx and the largest ny */
  int max_text;          /** the longest integrand, and the longest domain, in bytes */
  /** The kernel's metadata, JSON: "integrands" (the catalog, with closed forms), "functions", "constants",
   * "variables" (the language's names), "maxCells", "maxText", … */
  const char *metadata;
} integration2d_info;

/** One run's outcome. */
typedef struct {
  double value;      /** the integral */
  char bits[19];     /** "0x" + 16 lowercase hex digits of value's IEEE-754 pattern: compare these */
  double exact;      /** the closed form on the domain; NaN when the integrand has none (not a catalog entry) */
  double error;      /** |value − exact|; NaN when there is no closed form */
  double domain[4];  /** ax, bx, ay, by as the kernel read the domain text */
  int nx, ny;
  int workers;       /** how many ran: 1 for serial, at most nx for threads */
  double startup_s;  /** threads: workers started and their instances ready; 0 for serial */
  double compute_s;  /** the rows, then the kernel's combine */
} integration2d_result;

/** One problem: a kernel instance with the texts defined in it. */
typedef struct integration2d_problem integration2d_problem;

/** The library and kernel (NULL only if the kernel cannot be instantiated: out of memory). */
INTEGRATION2D_API const integration2d_info *integration2d_kernel_info(void);

/** A fixed English name for a status ("the kernel refused the problem", …); "unknown status" otherwise. */
INTEGRATION2D_API const char *integration2d_strerror(int status);

/**
 * Defines a problem from its texts (NUL-terminated, UTF-8) and grid size: the kernel parses and checks both
 * texts and nx, ny (1..max_cells). Returns INTEGRATION2D_OK, or INTEGRATION2D_REFUSED with the kernel's reason
 * (integration2d_error_field, integration2d_error_column, integration2d_message), or another status. *out is a
 * problem whenever memory allows, refused or not, so that its message can be read: free it in every case
 * (*out is NULL only with INTEGRATION2D_NO_MEMORY, or INTEGRATION2D_BAD_ARGUMENT when out is NULL).
 */
INTEGRATION2D_API int integration2d_define(integration2d_problem **out, const char *integrand, const char *domain,
                                           int nx, int ny);

/**
 * Computes the integral: scheme INTEGRATION2D_SERIAL (workers 0 or 1) or INTEGRATION2D_THREADS (workers 1..256,
 * more than nx run as nx; 0: one per online core). Fills *result and returns INTEGRATION2D_OK, or a status with
 * integration2d_message saying why (*result is then unspecified). A problem can be run many times.
 */
INTEGRATION2D_API int integration2d_run(integration2d_problem *p, integration2d_scheme scheme, int workers,
                                        integration2d_result *result);

/**
 * Stops p's run in progress between rows (it returns INTEGRATION2D_CANCELLED), and every later run, rows or
 * combine on p. Safe from another thread and from a signal handler (one atomic store).
 */
INTEGRATION2D_API void integration2d_cancel(integration2d_problem *p);

/**
 * Rows [first, first + count) of p's grid on the calling thread: sums[i] is row first + i's compensated sum.
 * Rows may be computed anywhere (other threads with their own problem of the same texts, other processes,
 * other machines running any integration2d host) and in any order; integration2d_combine of all nx of them in
 * row order gives integration2d_run's bits.
 */
INTEGRATION2D_API int integration2d_rows(integration2d_problem *p, int first, int count, double *sums);

/**
 * The integral from all nx row sums in row order (sums[i] = row i): the kernel's combine, which fixes the
 * order of the additions. Fills *result (workers 1, startup_s 0, compute_s the combine's own time).
 */
INTEGRATION2D_API int integration2d_combine(integration2d_problem *p, const double *sums,
                                            integration2d_result *result);

/** What the kernel made of p's texts: ax, bx, ay, by, and the closed form (NaN when there is none). Either
 * pointer may be NULL. INTEGRATION2D_BAD_ARGUMENT if p was not defined (a refusal). */
INTEGRATION2D_API int integration2d_describe(const integration2d_problem *p, double domain[4], double *exact);

/** What the last call on p that failed said: the kernel's words or the library's; "" after a success. */
INTEGRATION2D_API const char *integration2d_message(const integration2d_problem *p);
/** After INTEGRATION2D_REFUSED: INTEGRATION2D_FIELD_INTEGRAND, _DOMAIN, _NX or _NY; otherwise −1. */
INTEGRATION2D_API int integration2d_error_field(const integration2d_problem *p);
/** After INTEGRATION2D_REFUSED: the 1-based column (in code points) of the error in its text, 0 where there is
 * none (a number, a text too long); otherwise 0. */
INTEGRATION2D_API int integration2d_error_column(const integration2d_problem *p);

/** Frees p (NULL is fine). Not while a run on it is in progress. */
INTEGRATION2D_API void integration2d_free(integration2d_problem *p);

#ifdef __cplusplus
}
#endif

#endif
