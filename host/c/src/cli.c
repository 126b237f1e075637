// The CLI contract (see cli.h). Every message is the Node CLI's, word for word.

#define _GNU_SOURCE  // open_memstream
#include "cli.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// --- parseArgs ---------------------------------------------------------------------------------------------

typedef struct {
  const char *name;
  char short_name;  // 0 if none
  int is_string;
  const char *flag;  // the contract's spelling, used in messages
} OptionSpec;

static const OptionSpec OPTIONS[] = {
    {"n", 'n', 1, "-n/--n"},
    {"nx", 0, 1, "--nx"},
    {"ny", 0, 1, "--ny"},
    {"workers", 'w', 1, "-w/--workers"},
    {"scheme", 's', 1, "-s/--scheme"},
    {"kernel", 'k', 1, "-k/--kernel"},
    {"integrand", 'f', 1, "-f/--integrand"},
    {"domain", 'd', 1, "-d/--domain"},
    {"json", 0, 0, "--json"},
    {"list", 0, 0, "--list"},
    {"help", 'h', 0, "-h/--help"},
    {"version", 'V', 0, "-V/--version"},
};
#define NOPTIONS (sizeof OPTIONS / sizeof OPTIONS[0])

static const OptionSpec *find_long(const char *name, size_t len, const char *const *allowed) {
  for (size_t i = 0; i < NOPTIONS; i++) {
    if (strlen(OPTIONS[i].name) != len || strncmp(OPTIONS[i].name, name, len) != 0) continue;
    if (!allowed) return &OPTIONS[i];
    for (const char *const *a = allowed; *a; a++)
      if (strcmp(*a, OPTIONS[i].name) == 0) return &OPTIONS[i];
    return NULL;
  }
  return NULL;
}

static const OptionSpec *find_short(char c, const char *const *allowed) {
  for (size_t i = 0; i < NOPTIONS; i++)
    if (OPTIONS[i].short_name == c) return find_long(OPTIONS[i].name, strlen(OPTIONS[i].name), allowed);
  return NULL;
}

static void store(RawOptions *o, const OptionSpec *s, const char *value) {
  const char *name = s->name;
  if (!strcmp(name, "n")) o->n = value;
  else if (!strcmp(name, "nx")) o->nx = value;
  else if (!strcmp(name, "ny")) o->ny = value;
  else if (!strcmp(name, "workers")) o->workers = value;
  else if (!strcmp(name, "scheme")) o->scheme = value;
  else if (!strcmp(name, "kernel")) o->kernel = value;
  else if (!strcmp(name, "integrand")) o->integrand = value;
  else if (!strcmp(name, "domain")) o->domain = value;
  else if (!strcmp(name, "json")) o->json = 1;
  else if (!strcmp(name, "list")) o->list = 1;
  else if (!strcmp(name, "help")) o->help = 1;
  else if (!strcmp(name, "version")) o->version = 1;
}

static int bad_value(const OptionSpec *s, int missing, char *msg) {
  if (missing)
    snprintf(msg, MSG_MAX, "option %s needs a value; for a value starting with \"-\" write --%s=VALUE", s->flag,
             s->name);
  else
    snprintf(msg, MSG_MAX, "option %s takes no value", s->flag);
  return 2;
}

static int unknown(const char *raw, size_t len, char *msg) {
  snprintf(msg, MSG_MAX, "unknown option %.*s (see --help)", (int)len, raw);
  return 2;
}

/** One option token, checked as parseArgs(strict) checks it. */
static int option_token(RawOptions *o, const OptionSpec *s, const char *raw, size_t rawlen, const char *value,
                        int inline_value, char *msg) {
  if (!s) return unknown(raw, rawlen, msg);
  if (s->is_string) {
    if (!value) return bad_value(s, 1, msg);
    // A value that looks like an option ("-5", "--json") is refused unless written inline (--n=-5).
    if (!inline_value && strlen(value) > 1 && value[0] == '-') return bad_value(s, 1, msg);
    store(o, s, value);
  } else {
    if (value) return bad_value(s, 0, msg);
    store(o, s, NULL);
  }
  return 0;
}

/** A growable list of argument strings. */
typedef struct {
  char **items;
  size_t len, cap;
} Args;

static void args_insert(Args *a, size_t at, char *item) {
  if (a->len == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 16;
    a->items = realloc(a->items, a->cap * sizeof *a->items);
    if (!a->items) abort();
  }
  memmove(a->items + at + 1, a->items + at, (a->len - at) * sizeof *a->items);
  a->items[at] = item;
  a->len++;
}

int cli_parse(int argc, char **argv, int from, RawOptions *o, const char *const *allowed, char *msg) {
  memset(o, 0, sizeof *o);
  Args queue = {0}, owned = {0};  // short option groups expand into several arguments (owned strings)
  for (int i = from; i < argc; i++) args_insert(&queue, queue.len, argv[i]);
  const char *positional = NULL;
  int rc = 0;
  size_t head = 0;
  while (head < queue.len && rc == 0) {
    char *arg = queue.items[head++];
    char *next = head < queue.len ? queue.items[head] : NULL;
    size_t len = strlen(arg);
    if (strcmp(arg, "--") == 0) {
      if (head < queue.len && !positional) positional = queue.items[head];
      break;
    }
    if (len == 2 && arg[0] == '-' && arg[1] != '-') {  // -x [value]
      const OptionSpec *s = find_short(arg[1], allowed);
      const char *value = NULL;
      if (s && s->is_string && next) value = queue.items[head++];
      rc = option_token(o, s, arg, len, value, 0, msg);
      continue;
    }
    if (len > 2 && arg[0] == '-' && arg[1] != '-') {
      const OptionSpec *first = find_short(arg[1], allowed);
      if (first && first->is_string) {  // -n100
        rc = option_token(o, first, arg, 2, arg + 2, 1, msg);
        continue;
      }
      // -hV: a group, expanded as parseArgs does: -abfFILE → -a -b -fFILE (a string option takes the rest).
      size_t at = head;
      for (size_t j = 1; j < len; j++) {
        const OptionSpec *s = find_short(arg[j], allowed);
        int rest = s && s->is_string && j < len - 1;
        char *piece = malloc(rest ? len - j + 2 : 3);
        if (!piece) abort();
        piece[0] = '-';
        if (rest) strcpy(piece + 1, arg + j);
        else piece[1] = arg[j], piece[2] = '\0';
        args_insert(&owned, owned.len, piece);
        args_insert(&queue, at++, piece);
        if (rest) break;
      }
      continue;
    }
    if (len > 2 && arg[0] == '-' && arg[1] == '-') {
      const char *eq = strchr(arg, '=');
      if (!eq) {  // --name [value]
        const OptionSpec *s = find_long(arg + 2, len - 2, allowed);
        const char *value = NULL;
        if (s && s->is_string && next) value = queue.items[head++];
        rc = option_token(o, s, arg, len, value, 0, msg);
      } else {  // --name=value
        const OptionSpec *s = find_long(arg + 2, (size_t)(eq - arg - 2), allowed);
        rc = option_token(o, s, arg, (size_t)(eq - arg), eq + 1, 1, msg);
      }
      continue;
    }
    if (!positional) positional = arg;
  }
  if (rc == 0 && positional) {
    snprintf(msg, MSG_MAX, "unexpected argument \"%.900s\" (see --help)", positional);
    rc = 2;
  }
  // Values point into the owned pieces: they live as long as the process (a few bytes, parsed once).
  free(queue.items);
  return rc;
}

// --- quoting (JSON.stringify of a string) --------------------------------------------------------------

static size_t json_quote(const char *s, char *out, size_t cap) {
  size_t k = 0;
#define PUT(c) \
  do {         \
    if (k + 1 < cap) out[k] = (c); \
    k++;       \
  } while (0)
  PUT('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    const char *esc = NULL;
    char hex[8];
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default:
        if (c < 0x20) {
          snprintf(hex, sizeof hex, "\\u%04x", c);
          esc = hex;
        }
    }
    if (esc)
      for (; *esc; esc++) PUT(*esc);
    else
      PUT((char)c);
  }
  PUT('"');
#undef PUT
  if (cap) out[k < cap ? k : cap - 1] = '\0';
  return k;
}

void cli_json_string(FILE *f, const char *s) {
  size_t need = json_quote(s, NULL, 0) + 1;
  char *buf = malloc(need);
  json_quote(s, buf, need);
  fputs(buf, f);
  free(buf);
}

// --- options.ts --------------------------------------------------------------------------------------------

static int is_js_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

/** String(raw).trim() into buf. */
static const char *trim(const char *s, char *buf, size_t cap) {
  while (*s && is_js_space(*s)) s++;
  size_t len = strlen(s);
  while (len > 0 && is_js_space(s[len - 1])) len--;
  if (len >= cap) len = cap - 1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  return buf;
}

static int integer(const char *flag, const char *raw, int fallback, int max, int *out, char *msg) {
  if (!raw) return *out = fallback, 0;
  char buf[256];
  const char *t = trim(raw, buf, sizeof buf);
  // /^[+-]?\d+$/, then Number(): a safe integer from 1 to max.
  const char *p = t;
  int neg = 0;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  int ok = *p != '\0' && strlen(raw) < sizeof buf;
  for (const char *q = p; *q; q++) ok &= isdigit((unsigned char)*q) != 0;
  long long v = 0;
  if (ok) {
    while (*p == '0') p++;
    if (strlen(p) > 15) ok = 0;  // beyond max by far (max ≤ 2^31)
    for (; ok && *p; p++) v = v * 10 + (*p - '0');
    if (neg) v = -v;
  }
  if (!ok || v < 1 || v > max) {
    char q[4096];
    json_quote(raw, q, sizeof q);
    snprintf(msg, MSG_MAX, "option %s must be an integer from 1 to %d (got %s)", flag, max, q);
    return 2;
  }
  *out = (int)v;
  return 0;
}

static int one_of(const char *flag, const char *raw, const char *const *allowed, int count, const char **out,
                  char *msg) {
  if (!raw) return *out = allowed[0], 0;
  for (int i = 0; i < count; i++)
    if (strcmp(raw, allowed[i]) == 0) return *out = allowed[i], 0;
  size_t k = (size_t)snprintf(msg, MSG_MAX, "option %s must be one of ", flag);
  for (int i = 0; i < count && k < MSG_MAX; i++)
    k += (size_t)snprintf(msg + k, MSG_MAX - k, "%s%s", i ? ", " : "", allowed[i]);
  char q[4096];
  json_quote(raw, q, sizeof q);
  if (k < MSG_MAX) snprintf(msg + k, MSG_MAX - k, " (got %s)", q);
  return 2;
}

static const char *const FIELD_OPTIONS[] = {"-f/--integrand", "-d/--domain", "--nx", "--ny"};

int cli_define(const Problem *p, integration2d_problem **out, char *msg) {
  int rc = integration2d_define(out, p->integrand, p->domain_text, p->nx, p->ny);
  if (rc == INTEGRATION2D_OK) return 0;
  int field = integration2d_error_field(*out);
  if (rc == INTEGRATION2D_REFUSED)
    snprintf(msg, MSG_MAX, "option %s: %.*s", field >= 0 && field < 4 ? FIELD_OPTIONS[field] : "-f/--integrand",
             MSG_MAX - 64, integration2d_message(*out));
  else
    snprintf(msg, MSG_MAX, "run failed: %.*s", MSG_MAX - 64, *out ? integration2d_message(*out) : integration2d_strerror(rc));
  integration2d_free(*out);
  *out = NULL;
  return rc == INTEGRATION2D_REFUSED ? 2 : 1;
}

int cli_resolve(const RawOptions *o, const Context *ctx, Problem *p, char *msg) {
  int n, rc;
  memset(p, 0, sizeof *p);
  if ((rc = integer("-n/--n", o->n, DEFAULT_N, ctx->max_cells, &n, msg))) return rc;
  if ((rc = integer("--nx", o->nx, n, ctx->max_cells, &p->nx, msg))) return rc;
  if ((rc = integer("--ny", o->ny, n, ctx->max_cells, &p->ny, msg))) return rc;
  const char *scheme_default = ctx->schemes[0];
  for (int i = 0; i < ctx->scheme_count; i++)
    if (!strcmp(ctx->schemes[i], "threads")) scheme_default = "threads";
  if ((rc = one_of("-s/--scheme", o->scheme ? o->scheme : scheme_default, ctx->schemes, ctx->scheme_count,
                   &p->scheme, msg)))
    return rc;
  if ((rc = one_of("-k/--kernel", o->kernel, ctx->kernels, ctx->kernel_count, &p->kernel, msg))) return rc;

  p->integrand = o->integrand ? o->integrand : DEFAULT_INTEGRAND;
  p->domain_text = o->domain ? o->domain : DEFAULT_DOMAIN;
  integration2d_problem *checked;
  if ((rc = cli_define(p, &checked, msg))) return rc;
  integration2d_describe(checked, p->domain, &p->exact);
  integration2d_free(checked);

  int serial = !strcmp(p->scheme, "serial"), mpi = !strcmp(p->scheme, "mpi");
  int cores = ctx->cores < MAX_WORKERS ? ctx->cores : MAX_WORKERS;
  int requested;
  char q[8192];
  if ((rc = integer("-w/--workers", o->workers, serial ? 1 : mpi ? ctx->mpi_size : cores, MAX_WORKERS, &requested,
                    msg)))
    return rc;
  if (serial && requested != 1) {
    json_quote(o->workers, q, sizeof q);
    snprintf(msg, MSG_MAX, "option -w/--workers must be 1 with --scheme serial (got %s)", q);
    return 2;
  }
  if (mpi && requested != ctx->mpi_size) {
    json_quote(o->workers, q, sizeof q);
    snprintf(msg, MSG_MAX, "option -w/--workers must be the number of MPI ranks (%d) with --scheme mpi (got %s)",
             ctx->mpi_size, q);
    return 2;
  }
  // More workers than rows would idle: run one per row and report that number.
  p->workers = requested < p->nx ? requested : p->nx;
  return 0;
}

// --- record.ts ---------------------------------------------------------------------------------------------

void cli_bits(double v, char out[19]) {
  uint64_t u;
  if (isnan(v)) u = 0x7ff8000000000000ull;
  else memcpy(&u, &v, 8);
  snprintf(out, 19, "0x%016llx", (unsigned long long)u);
}

void cli_json_number(double v, char *out, size_t cap) {
  if (!isfinite(v)) {
    snprintf(out, cap, "null");
    return;
  }
  if (v == 0) {  // JSON.stringify(-0) is "0"
    snprintf(out, cap, "0");
    return;
  }
  // The shortest digit string that reads back as v (what JavaScript prints), then JavaScript's layout.
  char buf[64];
  int prec;
  for (prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    if (strtod(buf, NULL) == v) break;
  }
  const char *p = buf;
  int neg = *p == '-';
  if (neg) p++;
  char digits[32];
  int k = 0;
  for (; *p && *p != 'e'; p++)
    if (isdigit((unsigned char)*p)) digits[k++] = *p;
  while (k > 1 && digits[k - 1] == '0') k--;
  digits[k] = '\0';
  int n = atoi(p + 1) + 1;  // v = 0.d1d2…dk × 10^n
  char body[64];
  if (k <= n && n <= 21) {
    snprintf(body, sizeof body, "%s%.*s", digits, n - k, "000000000000000000000");
  } else if (0 < n && n <= 21) {
    snprintf(body, sizeof body, "%.*s.%s", n, digits, digits + n);
  } else if (-6 < n && n <= 0) {
    snprintf(body, sizeof body, "0.%.*s%s", -n, "000000", digits);
  } else {
    int e = n - 1;
    if (k == 1)
      snprintf(body, sizeof body, "%se%c%d", digits, e < 0 ? '-' : '+', abs(e));
    else
      snprintf(body, sizeof body, "%c.%se%c%d", digits[0], digits + 1, e < 0 ? '-' : '+', abs(e));
  }
  snprintf(out, cap, "%s%s", neg ? "-" : "", body);
}

static void put_number(FILE *f, double v) {
  char buf[64];
  cli_json_number(v, buf, sizeof buf);
  fputs(buf, f);
}

void cli_print_json(FILE *f, const Problem *p, const Outcome *r) {
  char bits[19];
  cli_bits(r->value, bits);
  double error = fabs(r->value - p->exact);  // NaN (null) where there is no closed form
  fputs("{\"value\":", f);
  put_number(f, r->value);
  fprintf(f, ",\"bits\":\"%s\",\"exact\":", bits);
  put_number(f, p->exact);
  fputs(",\"error\":", f);
  put_number(f, error);
  fputs(",\"integrand\":", f);
  cli_json_string(f, p->integrand);
  fputs(",\"domain\":[", f);
  for (int i = 0; i < 4; i++) {
    if (i) fputc(',', f);
    put_number(f, p->domain[i]);
  }
  fprintf(f, "],\"nx\":%d,\"ny\":%d,\"scheme\":", p->nx, p->ny);
  cli_json_string(f, p->scheme);
  fprintf(f, ",\"workers\":%d,\"kernel\":", p->workers);
  cli_json_string(f, p->kernel);
  fputs(",\"runtime\":{\"name\":", f);
  cli_json_string(f, r->runtime_name);
  fputs(",\"version\":", f);
  cli_json_string(f, r->runtime_version);
  fputs("},\"time_s\":", f);
  put_number(f, r->startup_s + r->compute_s);
  fputs(",\"phases\":{\"startup_s\":", f);
  put_number(f, r->startup_s);
  fputs(",\"compute_s\":", f);
  put_number(f, r->compute_s);
  fputs("}}\n", f);
}

/** formatE(): C's %e, with null (not finite) as "nan". */
static void format_e(double v, char *out, size_t cap) {
  if (!isfinite(v)) snprintf(out, cap, "nan");
  else snprintf(out, cap, "%e", v);
}

void cli_print_human(FILE *f, const Problem *p, const Outcome *r, int lines) {
  char value[64], error[64], bits[19];
  format_e(r->value, value, sizeof value);
  cli_bits(r->value, bits);
  if (isnan(p->exact)) {
    fprintf(f, "Integral value is %s, Error is unknown (no closed form)\n", value);
  } else {
    format_e(isfinite(r->value) ? fabs(r->value - p->exact) : NAN, error, sizeof error);
    fprintf(f, "Integral value is %s, Error is %s\n", value, error);
  }
  fprintf(f, "Time spent: %.2f sec\n", r->startup_s + r->compute_s);
  if (lines > 2)
    fprintf(f, "Scheme %s, workers %d, kernel %s, n %dx%d, integrand %s, bits %s\n", p->scheme, p->workers, p->kernel,
            p->nx, p->ny, p->integrand, bits);
}

void cli_print_help(FILE *f, const Context *ctx) {
  fprintf(f,
          "Usage: integration2d [options]             one run: the seed's lines, or --json\n"
          "       integration2d start [-n N]           the seed's program: serial, threads in turn\n"
          "\n"
          "Options:\n"
          "  -n, --n <int>            cells per axis, 1..%d (default %d); sets nx and ny\n"
          "      --nx <int>, --ny <int>  cells along x / y (default n)\n"
          "  -w, --workers <int>      workers, 1..%d (default: logical cores; 1 for serial;\n"
          "                           the number of ranks for mpi; more than nx runs nx)\n"
          "  -s, --scheme <name>      ",
          ctx->max_cells, DEFAULT_N, MAX_WORKERS);
  for (int i = 0; i < ctx->scheme_count; i++) fprintf(f, "%s%s", i ? " | " : "", ctx->schemes[i]);
  fprintf(f, " (default threads; mpi under mpirun)\n  -k, --kernel <name>      ");
  for (int i = 0; i < ctx->kernel_count; i++) fprintf(f, "%s%s", i ? " | " : "", ctx->kernels[i]);
  fprintf(f,
          " (wabt 1.0.32's wasm2c cannot translate the simd build)\n"
          "  -f, --integrand <expr>   an expression in x and y, e.g. \"exp(-(x^2 + y^2))\" (default " DEFAULT_INTEGRAND ")\n"
          "  -d, --domain <ax,bx,ay,by>  four constant expressions, e.g. 0,sqrt(2),-pi/2,pi/2\n"
          "                           (default " DEFAULT_DOMAIN "); a value starting with '-' needs --domain=…\n"
          "                           (the kernel parses and checks both; --list shows its language)\n"
          "      --json               print one JSON record instead of the seed's lines\n"
          "      --list               the catalog (fast paths with a closed form) and the language's names\n"
          "  -h, --help               this text\n"
          "  -V, --version            versions of the CLI and kernel ABI\n");
}

// --- --list ------------------------------------------------------------------------------------------------

/** The strings of the metadata's array `key`, each behind `sep` but the first; 0, or -1 if there is none. */
static int print_names(FILE *f, const char *json, const char *key, const char *sep) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":[", key);
  const char *p = strstr(json, pattern);
  if (!p) return -1;
  p += strlen(pattern);
  for (int first = 1; *p == '"'; first = 0) {
    if (!first) fputs(sep, f);
    for (p++; *p && *p != '"'; p++) {
      if (*p == '\\' && p[1]) p++;  // \" and \\ (no name has other escapes)
      fputc(*p, f);
    }
    if (*p != '"') return -1;
    p++;
    if (*p == ',') p++;
  }
  return *p == ']' ? 0 : -1;
}

int cli_print_list(FILE *f, const char *metadata) {
  static const struct {
    const char *label, *key, *sep;
  } LINES[] = {{"catalog", "integrands", ", "}, {"functions", "functions", " "}, {"constants", "constants", " "},
               {"variables", "variables", " "}};
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);  // all four lines or none
  int rc = m ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < sizeof LINES / sizeof LINES[0]; i++) {
    fprintf(m, "%s: ", LINES[i].label);
    rc = print_names(m, metadata, LINES[i].key, LINES[i].sep);
    fputc('\n', m);
  }
  if (m) fclose(m);
  if (rc == 0) fwrite(text, 1, len, f);
  free(text);
  return rc;
}
