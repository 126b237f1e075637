// integration2d, the C host's CLI: the kernel run through libintegration2d (src/integration2d.h) serially, on
// threads (one instance per thread, rows claimed one at a time) or on MPI ranks (each rank its block of rows
// through integration2d_rows, gathered to rank 0 in row order for integration2d_combine). Row sums are never
// added in C: the kernel's combine adds them. Exit codes: 0 done, 1 run failed, 2 bad input, 130 interrupted.

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "cli.h"
#include "integration2d.h"

#if HAVE_MPI
#include <mpi.h>
#endif

#ifndef PKG_VERSION
#define PKG_VERSION "dev"
#endif
#ifndef KERNEL_SHA256  // build/kernel_info.h: sha256 of the .wasm this binary was built from
#define KERNEL_SHA256 "unknown"
#endif

static const char *const KERNELS[] = {"scalar"};  // wasm2c 1.0.32 aborts on v128: no simd build here
#if HAVE_MPI
static const char *const SCHEMES[] = {"serial", "threads", "mpi"};
#else
static const char *const SCHEMES[] = {"serial", "threads"};
#endif

// Ctrl-C: the flag, and a cancel of the run in progress (one atomic store each, async-signal-safe).
static volatile sig_atomic_t interrupted;
static _Atomic(integration2d_problem *) running;
static void on_sigint(int sig) {
  (void)sig;
  interrupted = 1;
  integration2d_problem *p = atomic_load(&running);
  if (p) integration2d_cancel(p);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/** Bad input (rc 2), or a kernel that trapped while checking it (rc 1): one line, that exit status. */
static void fail_with(int rc, const char *msg) {
  fprintf(stderr, "integration2d: %s\n", msg);
  exit(rc);
}

static void fail_usage(const char *msg) { fail_with(2, msg); }

static char runtime_version[256];

static void make_runtime_version(void) {
  size_t k = (size_t)snprintf(runtime_version, sizeof runtime_version, "%s", integration2d_kernel_info()->compiler);
#if HAVE_MPI
  char lib[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(lib, &len);
  // "Open MPI v4.1.4, package: …" → "Open MPI v4.1.4"
  char *comma = strchr(lib, ',');
  if (comma) *comma = '\0';
  snprintf(runtime_version + k, sizeof runtime_version - k, ", %.100s", lib);
#else
  (void)k;
#endif
}

/** How a failed run ends the process: exit, or under MPI, MPI_Abort (no rank left waiting in a collective). */
static void (*fail_exit)(int code) = exit;

/** The run failed: exit 1 with the reason (the MPI build aborts the whole job). */
static void run_failed(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "integration2d: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  fflush(stderr);
  fail_exit(1);
  exit(1);
}

/**
 * At exit (atexit, as gnulib's close_stdout): the output flushed and closed, and a failure to write it (a full
 * disk, a closed pipe) is the run's failure, exit 1, not a result silently lost.
 */
static void close_stdout(void) {
  int failed = fflush(stdout) != 0 || ferror(stdout);
  int why = errno;
  if (fclose(stdout) != 0 && !failed) failed = 1, why = errno;
  if (!failed) return;
  fprintf(stderr, "integration2d: cannot write the output: %s\n", why ? strerror(why) : "write error");
  _exit(1);
}

static void check_interrupt(void) {
  if (interrupted) {
    fprintf(stderr, "integration2d: cancelled: interrupted (Ctrl-C)\n");
    exit(130);
  }
}

/**
 * The problem from p's texts, defined by the library (the main side checked them first, so a refusal here
 * means the kernel disagrees with itself: a failed run, not bad input).
 */
static integration2d_problem *define_or_fail(const Problem *p, const char *who) {
  integration2d_problem *q;
  char msg[MSG_MAX];
  int rc = cli_define(p, &q, msg);
  if (rc == 2) run_failed("run failed: %s%skernel refused the problem: %s", who ? who : "", who ? ": " : "", msg);
  if (rc) run_failed("%s", msg);
  return q;
}

/** A library call's failure ends the run: Ctrl-C exits 130, anything else 1 with the library's words. */
static void or_fail(integration2d_problem *q, int rc, const char *who) {
  if (rc == INTEGRATION2D_OK) return;
  if (rc == INTEGRATION2D_CANCELLED) {
    interrupted = 1;
    check_interrupt();
  }
  run_failed("run failed: %s%s%s", who ? who : "", who ? ": " : "", integration2d_message(q));
}

// --- serial and threads: integration2d_run --------------------------------------------------------------------

static void run_library(const Problem *p, Outcome *r) {
  integration2d_problem *q = define_or_fail(p, NULL);
  atomic_store(&running, q);
  if (interrupted) integration2d_cancel(q);  // Ctrl-C before the run began
  integration2d_result res;
  int rc = integration2d_run(q, strcmp(p->scheme, "serial") ? INTEGRATION2D_THREADS : INTEGRATION2D_SERIAL,
                             p->workers, &res);
  atomic_store(&running, NULL);
  or_fail(q, rc, NULL);
  check_interrupt();
  r->value = res.value;
  r->startup_s = res.startup_s;
  r->compute_s = res.compute_s;
  integration2d_free(q);
}

// --- mpi -----------------------------------------------------------------------------------------------------

#if HAVE_MPI
static int mpi_rank, mpi_size;
static double mpi_init_s;
/** Whether this rank runs on rank 0's node (same processor name): until known, assume so (on_mpi_signal). */
static volatile sig_atomic_t beside_rank0 = 1;

static void mpi_abort_exit(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

/**
 * mpirun keeps Ctrl-C for itself (the ranks run in process groups of their own): it sends the ranks SIGCONT,
 * then SIGTERM about a second later, and exits 1 whatever they do. A rank may be blocked in a collective when
 * it comes, so the handler ends the rank at once; rank 0 says why, in one line.
 *
 * After its SIGTERM, mpirun (each node's daemon) sleeps odls_base_sigkill_timeout (1 s) before SIGKILL, but the
 * first rank to exit cuts that sleep short (its SIGCHLD interrupts it: SIGKILL came 2 ms after SIGTERM in
 * strace). So a rank on rank 0's node does not exit on SIGTERM: it waits to be killed, and rank 0 has that
 * second to be scheduled and write its line; raising the timeout would not help, the SIGCHLD would still end
 * it. Ranks on other nodes are their own daemon's children and exit at once (waiting there only made a job
 * that lost a node end a second later). The wait is bounded (2 s), so a SIGTERM that did not come from mpirun
 * still ends the rank.
 */
/** Set once rank 0 has printed a verdict: a SIGTERM while it finalizes (another rank exited first) adds nothing. */
static volatile sig_atomic_t verdict_code = 0;

static void on_mpi_signal(int sig) {
  if (verdict_code) _exit(verdict_code);
  static const char term[] = "integration2d: cancelled: terminated by mpirun (SIGTERM: Ctrl-C, or another rank failed)\n";
  static const char intr[] = "integration2d: cancelled: interrupted (Ctrl-C)\n";
  if (mpi_rank == 0) {
    ssize_t n = sig == SIGTERM ? write(2, term, sizeof term - 1) : write(2, intr, sizeof intr - 1);
    (void)n;
  } else if (sig == SIGTERM && beside_rank0) {
    struct timespec wait = {2, 0};
    while (nanosleep(&wait, &wait) == -1 && errno == EINTR) {}
  }
  _exit(130);
}

/** Whether mpirun (Open MPI, MPICH/Hydra, PMIx) started this process. */
static int under_mpirun(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

static void mpi_start(int *argc, char ***argv) {
  double t0 = now();
  MPI_Init(argc, argv);
  mpi_init_s = now() - t0;
  MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
  char here[MPI_MAX_PROCESSOR_NAME] = {0}, rank0[MPI_MAX_PROCESSOR_NAME] = {0};
  int length = 0;
  MPI_Get_processor_name(here, &length);
  memcpy(rank0, here, sizeof here);
  MPI_Bcast(rank0, MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0, MPI_COMM_WORLD);
  beside_rank0 = strcmp(here, rank0) == 0;
  // From here on a failure on any rank ends the whole job (no rank left waiting in a collective).
  fail_exit = mpi_abort_exit;
  struct sigaction sa = {0};
  sa.sa_handler = on_mpi_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
}

/** The first rank whose `text` differs from rank 0's (INT_MAX if none); rank 0's text into ref. Collective. */
static int first_rank_unlike_rank0(const char *text, char *ref, int cap) {
  snprintf(ref, (size_t)cap, "%s", text);
  MPI_Bcast(ref, cap, MPI_CHAR, 0, MPI_COMM_WORLD);
  int mine = strcmp(ref, text) ? mpi_rank : INT_MAX, first = INT_MAX;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return first;
}

/**
 * Every rank calls this once, with its own verdict, before anything else collective. The ranks must run the
 * same kernel (the sha256 of the .wasm each binary was built from: a node with another build would give other
 * bits, or refuse what rank 0 accepted); then if a rank's options are bad (or differ from rank 0's), rank 0
 * prints that rank's message. Every rank then exits with that verdict's status (2, or 1 for a kernel trap).
 */
static void mpi_agree(int rc, const char *msg, const char *signature) {
  char text[MSG_MAX], ref[MSG_MAX];
  int code = 2;
  int first = first_rank_unlike_rank0(KERNEL_SHA256, ref, 65);
  if (first != INT_MAX) {
    char theirs[65];
    snprintf(theirs, sizeof theirs, "%s", KERNEL_SHA256);
    MPI_Bcast(theirs, 65, MPI_CHAR, first, MPI_COMM_WORLD);
    snprintf(text, sizeof text,
             "ranks run different kernels: rank 0 has scalar.wasm %.16s, rank %d has scalar.wasm %.16s (sha256 of the "
             ".wasm each binary was built from); build every rank's binary from the same .wasm",
             ref, first, theirs);
  } else {
    int mine = rc ? mpi_rank : INT_MAX;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == INT_MAX) {
      // Same problem everywhere: compare each rank's options with rank 0's.
      first = first_rank_unlike_rank0(signature, ref, MSG_MAX);
      if (first == INT_MAX) return;
      snprintf(text, sizeof text, "rank %d: its options differ from rank 0's; every MPI rank needs the same options",
               first);
    } else {
      snprintf(text, sizeof text, "%s", msg);
      code = rc;
      MPI_Bcast(text, MSG_MAX, MPI_CHAR, first, MPI_COMM_WORLD);
      MPI_Bcast(&code, 1, MPI_INT, first, MPI_COMM_WORLD);
      if (first != 0) {
        char with_rank[MSG_MAX];
        snprintf(with_rank, sizeof with_rank, "rank %d: %.*s", first, MSG_MAX - 64, text);
        memcpy(text, with_rank, sizeof text);
      }
    }
  }
  if (mpi_rank == 0) fprintf(stderr, "integration2d: %s\n", text), fflush(stderr);
  verdict_code = code;
  MPI_Finalize();
  exit(code);
}

static void run_mpi(const Problem *p, Outcome *r) {
  char label[32];
  snprintf(label, sizeof label, "rank %d", mpi_rank);
  MPI_Barrier(MPI_COMM_WORLD);
  double t0 = now();
  // Rank r owns rows [nx·r/size, nx·(r+1)/size): contiguous blocks, in rank order = row order.
  int *counts = calloc((size_t)mpi_size, sizeof *counts), *displs = calloc((size_t)mpi_size, sizeof *displs);
  for (int i = 0; i < mpi_size; i++) {
    displs[i] = (int)((long long)p->nx * i / mpi_size);
    counts[i] = (int)((long long)p->nx * (i + 1) / mpi_size) - displs[i];
  }
  int lo = displs[mpi_rank], count = counts[mpi_rank];
  double *mine = malloc(sizeof(double) * (size_t)(count > 0 ? count : 1));
  double *sums = mpi_rank == 0 ? malloc(sizeof(double) * (size_t)p->nx) : NULL;
  if (!mine || (mpi_rank == 0 && !sums)) run_failed("run failed: %s: out of memory for the row sums", label);
  integration2d_problem *q = define_or_fail(p, label);
  or_fail(q, integration2d_rows(q, lo, count, mine), label);
  MPI_Gatherv(mine, count, MPI_DOUBLE, sums, counts, displs, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (mpi_rank == 0) {
    integration2d_result res;
    or_fail(q, integration2d_combine(q, sums, &res), NULL);
    r->value = res.value;
    r->startup_s = mpi_init_s;
    r->compute_s = now() - t0;
  }
  integration2d_free(q);
  free(counts);
  free(displs);
  free(mine);
  free(sums);
}
#endif

// --- the CLI -------------------------------------------------------------------------------------------------

static void load_context(Context *ctx) {
  memset(ctx, 0, sizeof *ctx);
  const integration2d_info *info = integration2d_kernel_info();
  if (!info) {
    fprintf(stderr, "integration2d: the kernel cannot be instantiated (out of memory, or it trapped at start-up)\n");
    exit(1);
  }
  if (info->abi < 1) {  // a later ABI keeps every ABI 1 call (README § Kernel ABI)
    fprintf(stderr, "integration2d: kernel ABI %d is older than the 1 this host speaks\n", info->abi);
    exit(1);
  }
  ctx->max_cells = info->max_cells;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  ctx->cores = cores > 0 ? (int)cores : 1;
  ctx->metadata = info->metadata;
  ctx->kernels = KERNELS;
  ctx->kernel_count = (int)(sizeof KERNELS / sizeof KERNELS[0]);
  ctx->schemes = SCHEMES;
  ctx->scheme_count = (int)(sizeof SCHEMES / sizeof SCHEMES[0]);
}

static Outcome outcome(void) {
  return (Outcome){.runtime_name = "c-wasm2c", .runtime_version = runtime_version};
}

static void run(const Problem *p, Outcome *r) {
#if HAVE_MPI
  if (!strcmp(p->scheme, "mpi")) {
    run_mpi(p, r);
    return;
  }
#endif
  run_library(p, r);
}

/** `integration2d start [-n N] [-w W] [-k K]`: the seed's program, serial then threads, then a table. */
static int start(Context *ctx, int argc, char **argv) {
  static const char *const allowed[] = {"n", "workers", "kernel", NULL};
  RawOptions o;
  char msg[MSG_MAX];
  if (cli_parse(argc, argv, 2, &o, allowed, msg)) fail_usage(msg);
  static const char *const schemes[] = {"serial", "threads"};
  Problem problems[2];
  Outcome results[2];
  for (int s = 0; s < 2; s++) {
    RawOptions one = o;
    one.scheme = schemes[s];
    if (s == 0) one.workers = NULL;
    int rc = cli_resolve(&one, ctx, &problems[s], msg);
    if (rc) fail_with(rc, msg);
  }
  for (int s = 0; s < 2; s++) {
    results[s] = outcome();
    run(&problems[s], &results[s]);
    printf("# %s\n", schemes[s]);
    cli_print_human(stdout, &problems[s], &results[s], 2);
    fflush(stdout);
  }
  double serial = results[0].startup_s + results[0].compute_s;
  printf("\n%-10s %7s %9s %8s  bits\n", "scheme", "workers", "time (s)", "speedup");
  for (int s = 0; s < 2; s++) {
    double t = results[s].startup_s + results[s].compute_s;
    char bits[19];
    cli_bits(results[s].value, bits);
    printf("%-10s %7d %9.3f %8.2f  %s\n", problems[s].scheme, problems[s].workers, t, serial / t, bits);
  }
  char b0[19], b1[19];
  cli_bits(results[0].value, b0);
  cli_bits(results[1].value, b1);
  int same = !strcmp(b0, b1);
  printf(same ? "\nAll 2 schemes gave the same bits.\n" : "\nBITS DIFFER between schemes: this is a bug.\n");
  return same ? 0 : 1;
}

int main(int argc, char **argv) {
  struct sigaction sa = {0};
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, NULL);
  // A reader that has gone away is a write error (EPIPE), reported like any other at exit.
  signal(SIGPIPE, SIG_IGN);
  atexit(close_stdout);

  Context ctx;
  load_context(&ctx);

  if (argc > 1 && argv[1][0] != '-') {
    if (!strcmp(argv[1], "start")) {
      make_runtime_version();
      return start(&ctx, argc, argv);
    }
    if (!strcmp(argv[1], "bench")) {
      make_runtime_version();
      return bench_main(argc, argv, 2, &ctx, run, runtime_version);
    }
    char msg[MSG_MAX];
    snprintf(msg, sizeof msg, "unknown command \"%s\" (commands: start, bench)", argv[1]);
    fail_usage(msg);
  }

  RawOptions o;
  Problem p;
  char msg[MSG_MAX] = "";
  int rc = cli_parse(argc, argv, 1, &o, NULL, msg);
  int mpi = 0;
#if HAVE_MPI
  // Under mpirun every rank joins MPI first, whatever its options, so that every rank reaches mpi_agree.
  if (under_mpirun() || (rc == 0 && o.scheme && !strcmp(o.scheme, "mpi"))) {
    mpi_start(&argc, &argv);
    ctx.mpi_size = mpi_size;
    mpi = 1;
  }
#endif
  int action = rc ? 0 : o.help ? 1 : o.version ? 2 : o.list ? 3 : 4;  // 0: nothing (an error, or quiet)
  if (action == 4) rc = cli_resolve(&o, &ctx, &p, msg);
#if HAVE_MPI
  if (mpi) {
    // The texts as given (length-prefixed: no text can pass for another); each rank defines from them.
    char signature[MSG_MAX] = "";
    if (rc == 0 && action == 4)
      snprintf(signature, sizeof signature, "run %s %s %d %d %zu:%s %zu:%s", p.scheme, p.kernel, p.nx, p.ny,
               strlen(p.integrand), p.integrand, strlen(p.domain_text), p.domain_text);
    else if (rc == 0)
      snprintf(signature, sizeof signature, "info %d", action);
    mpi_agree(rc, msg, signature);
  }
#endif
  if (rc) fail_with(rc, msg);
  make_runtime_version();

  // Under mpirun: --help/--version/--list and --scheme mpi print once (rank 0); serial and threads runs are
  // independent copies, each printing its own result.
  int quiet = 0;
#if HAVE_MPI
  quiet = mpi && mpi_rank != 0 && action != 4;
#endif
  if (quiet) action = 0;
  if (action == 1) cli_print_help(stdout, &ctx);
  if (action == 2) printf("integration2d %s (kernel ABI %d)\n", PKG_VERSION, integration2d_kernel_info()->abi);
  if (action == 3 && cli_print_list(stdout, ctx.metadata) != 0) {
    fprintf(stderr, "integration2d: the kernel's metadata lacks a list that --list prints\n");
    return 1;
  }
  if (action == 4) {
    Outcome r = outcome();
    run(&p, &r);
#if HAVE_MPI
    quiet = !strcmp(p.scheme, "mpi") && mpi_rank != 0;
#endif
    if (!quiet) {
      if (o.json) cli_print_json(stdout, &p, &r);
      else cli_print_human(stdout, &p, &r, 3);
    }
  }
  fflush(stdout);
#if HAVE_MPI
  if (mpi) MPI_Finalize();
#endif
  return 0;
}
