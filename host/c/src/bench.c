// `integration2d bench`: times the kernel through this host's schemes and writes one benchmark record in the
// format every host writes (bench/README.md, bench/record.schema.json, schema_version 1). The Python host's
// bench mode, ported: strong scaling only, no native baseline (`native` is null). Phases per configuration
// (scheme × workers; the scalar build only): startup_s (fresh threads + instances and one tiny run; none for
// serial), compute_s (rows computed and combined, after --warmup untimed runs). compile_s is empty: wasm2c
// compiled the kernel ahead of time, and runtime.flags says so. Every run's bits are compared; any
// difference exits 1.

#define _GNU_SOURCE
#include "bench.h"

#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef KERNEL_SHA256
#define KERNEL_SHA256 "unknown"
#endif
#ifndef KERNEL_ASC
#define KERNEL_ASC "unknown"
#endif
#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS ""
#endif

typedef struct {
  const char *name;
  char short_name;
  int is_string;
  const char *flag;
} BenchOption;

static const BenchOption OPTS[] = {
    {"n", 'n', 1, "-n/--n"},         {"workers", 'w', 1, "-w/--workers"},   {"schemes", 0, 1, "--schemes"},
    {"kernels", 0, 1, "--kernels"},  {"integrand", 'f', 1, "-f/--integrand"}, {"domain", 'd', 1, "-d/--domain"},
    {"repeat", 'r', 1, "-r/--repeat"}, {"warmup", 0, 1, "--warmup"},        {"out", 'o', 1, "-o/--out"},
    {"help", 'h', 0, "-h/--help"},
};
#define NOPTS ((int)(sizeof OPTS / sizeof OPTS[0]))

static void usage(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "integration2d: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  exit(2);
}

// --- statistics (host/core/stats.ts) -------------------------------------------------------------------------

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median_sorted(const double *s, int n) {
  int m = n >> 1;
  return n % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** P(B ≤ k) for B ~ Binomial(n, ½), summed as stats.ts sums it. */
static double binomial_half_cdf(int n, int k) {
  double term = pow(0.5, n), sum = 0;
  for (int i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

Summary bench_summarize(const double *xs, int n) {
  double *s = malloc(sizeof(double) * (size_t)n), *dev = malloc(sizeof(double) * (size_t)n);
  if (!s || !dev) abort();
  memcpy(s, xs, sizeof(double) * (size_t)n);
  qsort(s, (size_t)n, sizeof *s, cmp_double);
  int k = 1;
  while (k + 1 <= (n + 1) / 2.0 && binomial_half_cdf(n, k) <= (1 - 0.95) / 2) k++;
  Summary r = {.n = n, .median = median_sorted(s, n), .min = s[0], .max = s[n - 1]};
  for (int i = 0; i < n; i++) dev[i] = fabs(xs[i] - r.median);
  qsort(dev, (size_t)n, sizeof *dev, cmp_double);
  r.mad = median_sorted(dev, n);
  r.ci_lo = s[k - 1];
  r.ci_hi = s[n - k];
  r.ci_coverage = 1 - 2 * binomial_half_cdf(n, k - 1);
  free(s);
  free(dev);
  return r;
}

// --- JSON output ---------------------------------------------------------------------------------------------

static void num(FILE *f, double v) {
  char buf[64];
  cli_json_number(v, buf, sizeof buf);
  fputs(buf, f);
}

static void samples(FILE *f, const double *xs, int n) {
  fputc('[', f);
  for (int i = 0; i < n; i++) {
    if (i) fputc(',', f);
    num(f, xs[i]);
  }
  fputc(']', f);
}

static void summary(FILE *f, const double *xs, int n) {
  if (n == 0) {
    fputs("null", f);
    return;
  }
  Summary s = bench_summarize(xs, n);
  fprintf(f, "{\"n\":%d,\"median\":", s.n);
  num(f, s.median);
  fputs(",\"min\":", f);
  num(f, s.min);
  fputs(",\"max\":", f);
  num(f, s.max);
  fputs(",\"mad\":", f);
  num(f, s.mad);
  fputs(",\"ci95\":[", f);
  num(f, s.ci_lo);
  fputc(',', f);
  num(f, s.ci_hi);
  fputs("],\"ci_coverage\":", f);
  num(f, s.ci_coverage);
  fputc('}', f);
}

// --- machine -------------------------------------------------------------------------------------------------

static void machine(FILE *f) {
  char cpu[256] = "unknown", line[512];
  FILE *in = fopen("/proc/cpuinfo", "r");
  if (in) {
    while (fgets(line, sizeof line, in))
      if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
        char *v = strchr(line, ':') + 1;
        while (*v == ' ' || *v == '\t') v++;
        v[strcspn(v, "\n")] = '\0';
        snprintf(cpu, sizeof cpu, "%s", v);
        break;
      }
    fclose(in);
  }
  int cores = 0;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) cores = CPU_COUNT(&set);
  if (cores < 1) cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1) cores = 1;
  struct utsname u;
  char os[512] = "unknown", arch[65] = "unknown";
  if (uname(&u) == 0) {
    snprintf(os, sizeof os, "%s %s", u.sysname, u.release);
    snprintf(arch, sizeof arch, "%s", u.machine);
  }
  in = fopen("/etc/os-release", "r");
  if (in) {
    while (fgets(line, sizeof line, in))
      if (!strncmp(line, "PRETTY_NAME=", 12)) {
        char *v = line + 12;
        v[strcspn(v, "\n")] = '\0';
        size_t len = strlen(v);
        if (len >= 2 && v[0] == '"' && v[len - 1] == '"') v[len - 1] = '\0', v++;
        size_t k = strlen(os);
        snprintf(os + k, sizeof os - k, " (%.200s)", v);
      }
    fclose(in);
  }
  long long memory = -1;
  in = fopen("/proc/meminfo", "r");
  if (in) {
    while (fgets(line, sizeof line, in))
      if (!strncmp(line, "MemTotal:", 9)) memory = atoll(line + 9) * 1024;
    fclose(in);
  }
  fputs("{\"cpu\":", f);
  cli_json_string(f, cpu);
  fprintf(f, ",\"logical_cores\":%d,\"arch\":", cores);
  cli_json_string(f, arch);
  fputs(",\"os\":", f);
  cli_json_string(f, os);
  if (memory >= 0) fprintf(f, ",\"memory_bytes\":%lld}", memory);
  else fputs(",\"memory_bytes\":null}", f);
}

// --- options -------------------------------------------------------------------------------------------------

static const BenchOption *find(const char *name, size_t len, char short_name) {
  for (int i = 0; i < NOPTS; i++)
    if (short_name ? OPTS[i].short_name == short_name : strlen(OPTS[i].name) == len && !strncmp(OPTS[i].name, name, len))
      return &OPTS[i];
  return NULL;
}

typedef struct {
  const char *v[NOPTS];
} Values;

static void set(Values *vals, const BenchOption *o, const char *raw, size_t rawlen, const char *value, int inl) {
  char spelled[256];
  snprintf(spelled, sizeof spelled, "%.*s", (int)(rawlen < 200 ? rawlen : 200), raw);
  if (!o) usage("unknown option %s (see --help)%s", spelled, "");
  if (o->is_string && (!value || (!inl && strlen(value) > 1 && value[0] == '-')))
    usage("option %s needs a value; for a value starting with \"-\" write --%s=VALUE", o->flag, o->name);
  if (!o->is_string && value) usage("option %s takes no value%s", o->flag, "");
  vals->v[o - OPTS] = o->is_string ? value : "true";
}

static void parse(int argc, char **argv, int from, Values *vals) {
  memset(vals, 0, sizeof *vals);
  for (int i = from; i < argc; i++) {
    const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
    size_t len = strlen(a);
    if (!strcmp(a, "--")) {
      if (i + 1 < argc) usage("unexpected argument \"%.900s\" (see --help)%s", argv[i + 1], "");
      break;
    }
    if (len > 2 && a[0] == '-' && a[1] == '-') {
      const char *eq = strchr(a, '=');
      if (eq) {
        set(vals, find(a + 2, (size_t)(eq - a - 2), 0), a, (size_t)(eq - a), eq + 1, 1);
      } else {
        const BenchOption *o = find(a + 2, len - 2, 0);
        const char *value = o && o->is_string ? next : NULL;
        if (value) i++;
        set(vals, o, a, len, value, 0);
      }
    } else if (len >= 2 && a[0] == '-') {
      const BenchOption *o = find(NULL, 0, a[1]);
      if (len > 2 && o && o->is_string) {
        set(vals, o, a, 2, a + 2, 1);
      } else if (len > 2) {
        usage("unknown option %s (see --help)%s", a, "");  // no boolean short groups worth supporting here
      } else {
        const char *value = o && o->is_string ? next : NULL;
        if (value) i++;
        set(vals, o, a, len, value, 0);
      }
    } else {
      usage("unexpected argument \"%.900s\" (see --help)%s", a, "");
    }
  }
}

static const char *get(const Values *vals, const char *name) {
  return vals->v[find(name, strlen(name), 0) - OPTS];
}

/** A comma-separated list of names from allowed (duplicates dropped); returns the count. */
static int name_list(const char *flag, const char *raw, const char *const *allowed, int nallowed, const char **out) {
  int count = 0;
  char buf[1024], list[256] = "";
  snprintf(buf, sizeof buf, "%s", raw);
  for (int i = 0; i < nallowed; i++) {
    size_t k = strlen(list);
    snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", allowed[i]);
  }
  char msg_fmt[] = "option %s must be a comma-separated list of %s (got \"";
  char *save = NULL;
  int ok = strlen(raw) < sizeof buf && raw[0] != '\0' && raw[strlen(raw) - 1] != ',';
  for (char *t = ok ? strtok_r(buf, ",", &save) : NULL; ok && t; t = strtok_r(NULL, ",", &save)) {
    while (*t == ' ') t++;
    size_t l = strlen(t);
    while (l && t[l - 1] == ' ') t[--l] = '\0';
    int found = -1;
    for (int i = 0; i < nallowed; i++)
      if (!strcmp(t, allowed[i])) found = i;
    if (found < 0) ok = 0;
    else {
      int dup = 0;
      for (int j = 0; j < count; j++) dup |= out[j] == allowed[found];
      if (!dup) out[count++] = allowed[found];
    }
  }
  if (!ok || strstr(raw, ",,")) {
    fprintf(stderr, "integration2d: ");
    fprintf(stderr, msg_fmt, flag, list);
    fprintf(stderr, "%.900s\")\n", raw);
    exit(2);
  }
  return count;
}

static int int_of(const char *flag, const char *raw, int fallback, int lo, int hi) {
  if (!raw) return fallback;
  const char *p = raw;
  while (*p == ' ') p++;
  if (*p == '+') p++;
  char *end;
  long v = *p >= '0' && *p <= '9' ? strtol(p, &end, 10) : -1;
  if (v >= 0) {
    while (*end == ' ') end++;
    if (*end) v = -1;
  }
  if (v < lo || v > hi) {
    char range[64];
    snprintf(range, sizeof range, "%d to %d", lo, hi);
    fprintf(stderr, "integration2d: option %s must be an integer from %s (got \"%.900s\")\n", flag, range, raw);
    exit(2);
  }
  return (int)v;
}

static int workers_list(const char *raw, int *out) {
  int count = 0;
  char buf[1024];
  int ok = strlen(raw) < sizeof buf && raw[0] != '\0' && raw[strlen(raw) - 1] != ',' && !strstr(raw, ",,");
  snprintf(buf, sizeof buf, "%s", raw);
  char *save = NULL;
  for (char *t = ok ? strtok_r(buf, ",", &save) : NULL; ok && t; t = strtok_r(NULL, ",", &save)) {
    while (*t == ' ') t++;
    if (*t == '+') t++;
    char *end;
    long v = *t >= '0' && *t <= '9' ? strtol(t, &end, 10) : -1;
    if (v >= 0) {
      while (*end == ' ') end++;
      if (*end) v = -1;
    }
    if (v < 1 || v > MAX_WORKERS) ok = 0;
    else {
      int dup = 0;
      for (int j = 0; j < count; j++) dup |= out[j] == (int)v;
      if (!dup && count < MAX_WORKERS) out[count++] = (int)v;
    }
  }
  if (!ok) {
    fprintf(stderr, "integration2d: option -w/--workers must be a comma-separated list of integers from 1 to %d (got \"%.900s\")\n",
            MAX_WORKERS, raw);
    exit(2);
  }
  return count;
}

static const char HELP[] =
    "Usage: integration2d bench [options]\n"
    "\n"
    "Times the kernel on this machine and writes one benchmark record (bench/README.md).\n"
    "  -n, --n <int>            cells per axis of the strong-scaling problem (default 10000)\n"
    "  -w, --workers <list>     worker counts, comma-separated, 1..256 (default 1,2)\n"
    "      --schemes <list>     of serial, threads (default all)\n"
    "      --kernels <list>     of scalar (default all; wasm2c 1.0.32 cannot translate simd)\n"
    "  -f, --integrand <expr>   integrand, an expression in x and y (default sin(x+y))\n"
    "  -d, --domain <ax,bx,ay,by>  domain, four constant expressions (default 0,pi,0,pi)\n"
    "  -r, --repeat <int>       compute samples per run, 1..1000 (default 5)\n"
    "      --warmup <int>       untimed runs before the samples, 0..100 (default 1)\n"
    "  -o, --out <file>         where the record goes (default results/c.json)\n"
    "  -h, --help               this text\n";

// --- the sweep -----------------------------------------------------------------------------------------------

typedef struct {
  Problem p;
  double *startup, *compute;
  int nstartup, ncompute, warmup;
  double value;
  char bits[19];
  int identical;
} Run;

static void mkdirs_for(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(buf, 0755);
      *p = '/';
    }
}

int bench_main(int argc, char **argv, int from, const Context *ctx, BenchRunFn run, const char *runtime_version) {
  Values vals;
  parse(argc, argv, from, &vals);
  if (get(&vals, "help")) {
    fputs(HELP, stdout);
    return 0;
  }
  int workers[MAX_WORKERS];
  int nworkers = workers_list(get(&vals, "workers") ? get(&vals, "workers") : "1,2", workers);
  static const char *const SCHEMES[] = {"serial", "threads"};
  const char *schemes[2];
  int nschemes = name_list("--schemes", get(&vals, "schemes") ? get(&vals, "schemes") : "serial,threads", SCHEMES, 2,
                           schemes);
  const char *kernels[8];
  int nkernels = name_list("--kernels", get(&vals, "kernels") ? get(&vals, "kernels") : ctx->kernels[0],
                           (const char *const *)ctx->kernels, ctx->kernel_count, kernels);
  int repeat = int_of("-r/--repeat", get(&vals, "repeat"), 5, 1, 1000);
  int warmup = int_of("--warmup", get(&vals, "warmup"), 1, 0, 100);
  const char *out = get(&vals, "out") ? get(&vals, "out") : "results/c.json";

  RawOptions ro = {0};
  ro.n = get(&vals, "n");
  ro.integrand = get(&vals, "integrand");
  ro.domain = get(&vals, "domain");
  ro.scheme = "serial";
  ro.kernel = kernels[0];
  Problem base;
  char msg[MSG_MAX];
  int rc = cli_resolve(&ro, ctx, &base, msg);
  if (rc == 1) {
    fprintf(stderr, "integration2d: %s\n", msg);
    return 1;
  }
  if (rc) usage("%s%s", msg, "");

  int cap = nkernels * (1 + nworkers) * 2, nruns = 0, bad = 0;
  Run *runs = calloc((size_t)cap, sizeof *runs);
  if (!runs) abort();
  for (int ki = 0; ki < nkernels; ki++)
    for (int si = 0; si < nschemes; si++) {
      int serial = !strcmp(schemes[si], "serial");
      for (int wi = 0; wi < (serial ? 1 : nworkers); wi++) {
        Run *r = &runs[nruns++];
        r->p = base;
        r->p.scheme = schemes[si];
        r->p.kernel = kernels[ki];
        r->p.workers = serial ? 1 : (workers[wi] < base.nx ? workers[wi] : base.nx);
        r->warmup = warmup;
        r->startup = calloc((size_t)repeat, sizeof(double));
        r->compute = calloc((size_t)repeat, sizeof(double));
        if (!r->startup || !r->compute) abort();
        if (!serial)
          for (int i = 0; i < repeat; i++) {
            Problem tiny = r->p;
            tiny.nx = r->p.workers;
            tiny.ny = 1;
            Outcome o = {0};
            run(&tiny, &o);
            r->startup[r->nstartup++] = o.startup_s;
          }
        r->identical = 1;
        for (int i = 0; i < warmup + repeat; i++) {
          Outcome o = {0};
          run(&r->p, &o);
          char bits[19];
          cli_bits(o.value, bits);
          if (i == 0) memcpy(r->bits, bits, sizeof bits), r->value = o.value;
          else if (strcmp(bits, r->bits)) r->identical = 0;
          if (i >= warmup) r->compute[r->ncompute++] = o.compute_s;
        }
        Summary c = bench_summarize(r->compute, r->ncompute);
        double ns = c.median / ((double)r->p.nx * r->p.ny) * 1e9;
        fprintf(stderr, "bench: %s %s ×%d: compute median %.3f s, %.2f ns/eval/core, bits %s\n", r->p.kernel,
                r->p.scheme, r->p.workers, c.median, ns * r->p.workers, r->bits);
        if (!r->identical) {
          fprintf(stderr, "integration2d: BITS DIFFER (this is a bug): %s %s ×%d\n", r->p.kernel, r->p.scheme,
                  r->p.workers);
          bad = 1;
        }
        const Run *first = r;
        for (int j = nruns - 1; j >= 0; j--)
          if (!strcmp(runs[j].p.kernel, r->p.kernel)) first = &runs[j];
        if (strcmp(r->bits, first->bits)) {
          fprintf(stderr, "integration2d: BITS DIFFER (this is a bug): %s: schemes and worker counts gave %s and %s\n",
                  r->p.kernel, first->bits, r->bits);
          bad = 1;
        }
      }
    }

  mkdirs_for(out);
  FILE *f = fopen(out, "w");
  if (!f) {
    fprintf(stderr, "integration2d: cannot write %s\n", out);
    return 1;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char date[64];
  snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
  fprintf(f, "{\"schema\":\"integration2d-bench\",\"schema_version\":1,\"date\":\"%s\",\"host\":\"c\",\"machine\":", date);
  machine(f);
  fputs(",\"runtime\":{\"name\":\"c-wasm2c\",\"version\":", f);
  cli_json_string(f, runtime_version);
  fputs(",\"flags\":[", f);
  char flags[1024];
  snprintf(flags, sizeof flags, "%s", BENCH_CFLAGS);
  char *save = NULL;
  int nflags = 0;
  for (char *t = strtok_r(flags, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
    if (nflags++) fputc(',', f);
    cli_json_string(f, t);
  }
  if (nflags) fputc(',', f);
  cli_json_string(f, "wasm2c: kernel compiled ahead of time (no compile_s samples)");
  fputs("],\"user_agent\":null},\"native\":null,\"runs\":[", f);
  for (int i = 0; i < nruns; i++) {
    Run *r = &runs[i];
    const Problem *p = &r->p;
    if (i) fputc(',', f);
    fputs("{\"problem\":{\"integrand\":", f);
    cli_json_string(f, p->integrand);
    fputs(",\"domain\":[", f);
    for (int j = 0; j < 4; j++) {
      if (j) fputc(',', f);
      num(f, p->domain[j]);
    }
    fprintf(f, "],\"nx\":%d,\"ny\":%d},\"scheme\":\"%s\",\"workers\":%d,", p->nx, p->ny, p->scheme, p->workers);
    fprintf(f, "\"kernel\":{\"build\":\"%s\",\"sha256\":\"%s\",\"assemblyscript\":", p->kernel, KERNEL_SHA256);
    cli_json_string(f, KERNEL_ASC);
    fprintf(f, "},\"scaling\":\"strong\",\"warmup\":%d,\"samples\":{\"startup_s\":", r->warmup);
    samples(f, r->startup, r->nstartup);
    fputs(",\"compile_s\":[],\"compute_s\":", f);
    samples(f, r->compute, r->ncompute);
    fputs("},\"summary\":{\"startup_s\":", f);
    summary(f, r->startup, r->nstartup);
    fputs(",\"compile_s\":null,\"compute_s\":", f);
    summary(f, r->compute, r->ncompute);
    long long evals = (long long)p->nx * p->ny;
    double ns = bench_summarize(r->compute, r->ncompute).median / (double)evals * 1e9;
    fprintf(f, "},\"evaluations\":%lld,\"ns_per_eval\":", evals);
    num(f, ns);
    fputs(",\"ns_per_eval_core\":", f);
    num(f, ns * p->workers);
    fputs(",\"value\":", f);
    num(f, r->value);  // null if not finite
    fprintf(f, ",\"bits\":\"%s\",\"bits_identical\":%s}", r->bits, r->identical ? "true" : "false");
  }
  fputs("]}\n", f);
  if (fclose(f) != 0) {
    fprintf(stderr, "integration2d: cannot write %s\n", out);
    return 1;
  }
  printf("bench: %d runs written to %s\n", nruns, out);
  for (int i = 0; i < nruns; i++) free(runs[i].startup), free(runs[i].compute);
  free(runs);
  return bad ? 1 : 0;
}
