// integration2d as a WASI command (the `wasi` target in asconfig.json; dist/kernel/wasi.wasm). `_start` reads
// the CLI's options from the WASI args, hands the integrand and the domain as text to the kernel's own define()
// (compiled in: the language's parser, checks and messages are the kernel's, nothing is parsed here), runs the
// serial scheme with rowSum and combine, and prints the seed's lines or the --json record through WASI.
// Options, defaults, messages and exit codes are the Node CLI's (host/core/options.ts, cli.ts): 0 done, 1 the
// run failed (a value that is not finite, in the kernel's words), 2 bad input. Built like the simd kernel
// (--enable simd), so its bits are the simd build's.

import { abiVersion, bound, buffer, combine, define, errorField, exactValue, maxCells, message, messageLength,
  metadata, rowSum, text } from "../index";
import { formatE, jsNumber, toFixed2 } from "./numfmt";
import { errno, fd_write } from "bindings/wasi_snapshot_preview1";

const VERSION = "0.1.0";
const PROGRAM = "integration2d";
const KERNEL = ASC_FEATURE_SIMD ? "simd" : "scalar";
const MAX_WORKERS = 256;
const DEFAULT_N = 10000;
const DEFAULT_INTEGRAND = "sin(x+y)";
const DEFAULT_DOMAIN = "0,pi,0,pi";

// --- output ----------------------------------------------------------------------------------------------------
// process.stdout.write traps (`unreachable`: the shim throws, and a throw aborts) when the write fails, so a full
// disk or a reader gone ended the command with a wasm backtrace. Written here instead: every byte, or an errno.

const iov = memory.data(16); // one iovec (ptr, len) and the count written

/** Writes all of `s` to `fd`; the WASI errno of the first failed write, or 0. */
function writeAll(fd: u32, s: string): u16 {
  const bytes = String.UTF8.encode(s);
  let at: usize = 0;
  const end = <usize>bytes.byteLength;
  while (at < end) {
    store<usize>(iov, changetype<usize>(bytes) + at);
    store<usize>(iov, end - at, sizeof<usize>());
    const err = fd_write(fd, iov, 1, iov + 2 * sizeof<usize>());
    if (err != errno.SUCCESS) return err;
    at += load<usize>(iov, 2 * sizeof<usize>());
  }
  return 0;
}

/** strerror's words for the errnos a write gives (the C, Rust and Go hosts print these). */
function writeError(err: u16): string {
  if (err == errno.NOSPC) return "No space left on device";
  if (err == errno.PIPE) return "Broken pipe";
  if (err == errno.IO) return "Input/output error";
  if (err == errno.BADF) return "Bad file descriptor";
  if (err == errno.FBIG) return "File too large";
  if (err == errno.DQUOT) return "Disk quota exceeded";
  return `WASI errno ${err.toString()}`;
}

/** The command's output: 0, or (stdout cannot take it) one line on stderr and 1, as every other host. */
function out(s: string): i32 {
  const err = writeAll(1, s);
  if (err == 0) return 0;
  writeAll(2, `${PROGRAM}: cannot write the output: ${writeError(err)}\n`);
  return 1;
}

/** A line on stderr; if even that fails there is no one left to tell. */
function say(s: string): void {
  writeAll(2, s);
}

// --- small helpers -------------------------------------------------------------------------------------------

/** JSON.stringify(s). */
function quote(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 34) out += "\\\"";
    else if (c == 92) out += "\\\\";
    else if (c == 8) out += "\\b";
    else if (c == 12) out += "\\f";
    else if (c == 10) out += "\\n";
    else if (c == 13) out += "\\r";
    else if (c == 9) out += "\\t";
    else if (c < 0x20) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s.substring(i, i + 2);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += "\\u" + c.toString(16).padStart(4, "0"); // lone surrogate
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}

// ASCII whitespace only, as host/core/options.ts and every other host: String.prototype.trim's set also has
// NBSP, BOM and the other Unicode spaces, which made `-n "\u00a010"` run here and be refused everywhere else.
function isAsciiSpace(c: i32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}

function asciiTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isAsciiSpace(s.charCodeAt(a))) a++;
  while (b > a && isAsciiSpace(s.charCodeAt(b - 1))) b--;
  return s.substring(a, b);
}

function isDigit(c: i32): bool { return c >= 48 && c <= 57; }

/** /^[+-]?\d+$/ */
function isInteger(s: string): bool {
  let i = 0;
  if (s.length > 0 && (s.charCodeAt(0) == 43 || s.charCodeAt(0) == 45)) i = 1;
  if (i >= s.length) return false;
  for (; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

// --- the options (node:util parseArgs, strict, then host/core/options.ts) -----------------------------------------

class Usage {
  constructor(public message: string) {}
}

const NAMES = ["n", "nx", "ny", "workers", "scheme", "kernel", "integrand", "domain", "json", "list", "help", "version"];
const SHORTS = ["n", "", "", "w", "s", "k", "f", "d", "", "", "h", "V"];
const STRINGS = 8; // the first 8 take a value
const FLAGS = ["-n/--n", "--nx", "--ny", "-w/--workers", "-s/--scheme", "-k/--kernel", "-f/--integrand", "-d/--domain",
  "--json", "--list", "-h/--help", "-V/--version"];

let usage: Usage | null = null;
const values = new Array<string | null>(NAMES.length).fill(null);

function fail(message: string): void {
  if (usage === null) usage = new Usage(message);
}

function needsValue(k: i32): void {
  fail(`option ${FLAGS[k]} needs a value; for a value starting with "-" write --${NAMES[k]}=VALUE`);
}

function take(argv: string[], k: i32, i: i32): i32 {
  if (i + 1 >= argv.length || (argv[i + 1].length > 1 && argv[i + 1].charCodeAt(0) == 45)) {
    needsValue(k);
    return argv.length;
  }
  values[k] = argv[i + 1];
  return i + 2;
}

function shortIndex(c: string): i32 {
  for (let k = 0; k < SHORTS.length; k++) if (SHORTS[k].length > 0 && SHORTS[k] == c) return k;
  return -1;
}

function parseArgs(argv: string[]): void {
  const positionals: string[] = [];
  let i = 0;
  while (i < argv.length && usage === null) {
    const arg = argv[i];
    if (arg == "--") {
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j]);
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      const k = NAMES.indexOf(name);
      if (k < 0) { fail(`unknown option --${name} (see --help)`); break; }
      if (k >= STRINGS) {
        if (eq >= 0) { fail(`option ${FLAGS[k]} takes no value`); break; }
        values[k] = "true";
        i++;
      } else if (eq >= 0) {
        values[k] = arg.substring(eq + 1);
        i++;
      } else {
        i = take(argv, k, i);
      }
      continue;
    }
    if (arg.length > 1 && arg.charCodeAt(0) == 45) {
      const first = shortIndex(arg.substring(1, 2));
      if (arg.length > 2 && first >= 0 && first < STRINGS) { values[first] = arg.substring(2); i++; continue; }
      if (arg.length == 2) {
        if (first < 0) { fail(`unknown option ${arg} (see --help)`); break; }
        if (first >= STRINGS) { values[first] = "true"; i++; } else i = take(argv, first, i);
        continue;
      }
      let next = i + 1;
      for (let j = 1; j < arg.length; j++) {
        const k = shortIndex(arg.substring(j, j + 1));
        if (k < 0) { fail(`unknown option -${arg.substring(j, j + 1)} (see --help)`); break; }
        if (k >= STRINGS) { values[k] = "true"; continue; }
        if (j < arg.length - 1) { values[k] = arg.substring(j + 1); break; }
        next = take(argv, k, i);
        break;
      }
      i = next;
      continue;
    }
    positionals.push(arg);
    i++;
  }
  if (usage === null && positionals.length > 0) {
    fail(`unexpected argument ${quote(positionals[0])} (see --help)`);
  }
}

function integer(k: i32, fallback: i32, max: i32): i32 {
  const raw = values[k];
  if (raw === null) return fallback;
  const text = asciiTrim(raw);
  if (isInteger(text)) {
    // Number(text) is at most max only if it has few digits once leading zeros are gone.
    let i = text.charCodeAt(0) == 43 || text.charCodeAt(0) == 45 ? 1 : 0;
    const negative = text.charCodeAt(0) == 45;
    while (i < text.length - 1 && text.charCodeAt(i) == 48) i++;
    if (!negative && text.length - i <= 9) {
      const v = I32.parseInt(text.substring(i), 10);
      if (v >= 1 && v <= max) return v;
    }
  }
  fail(`option ${FLAGS[k]} must be an integer from 1 to ${max.toString()} (got ${quote(raw)})`);
  return 0;
}

function oneOf(k: i32, fallback: string, allowed: string[]): string {
  const raw = values[k];
  const v = raw === null ? fallback : raw;
  if (!allowed.includes(v)) fail(`option ${FLAGS[k]} must be one of ${allowed.join(", ")} (got ${quote(v)})`);
  return v;
}

function help(): string {
  return `Usage: wasmtime wasi.wasm [options]     one run (serial), the seed's lines, or --json
       node's WASI or any WASI preview1 runtime runs it the same way

Options:
  -n, --n <int>            cells per axis, 1..10000000 (default 10000); sets nx and ny
      --nx <int>, --ny <int>  cells along x / y (default n)
  -w, --workers <int>      1 (this command runs the serial scheme)
  -s, --scheme <name>      serial (default serial)
  -k, --kernel <name>      ${KERNEL} (the build this command is compiled as)
  -f, --integrand <expr>   f(x, y), e.g. "exp(-(x^2 + y^2))" (default ${DEFAULT_INTEGRAND}; see --list)
  -d, --domain <ax,bx,ay,by>  four constant expressions, e.g. 0,pi/2,-1,sqrt(2)
                           (default ${DEFAULT_DOMAIN}); a value starting with '-' needs --domain=…
      --json               print one JSON record instead of the seed's lines
      --list               the catalog (integrands with a closed form) and the language's names
  -h, --help               this text
  -V, --version            versions of the CLI and kernel ABI
`;
}

/** The strings of the array `key` in the kernel's metadata JSON (names only: no escapes in them). */
function metadataList(key: string): string[] {
  const meta = changetype<string>(metadata());
  const start = meta.indexOf(`"${key}":[`) + key.length + 4;
  const items = meta.substring(start, meta.indexOf("]", start));
  const out: string[] = [];
  if (items.length == 0) return out;
  const quoted = items.split(",");
  for (let i = 0; i < quoted.length; i++) out.push(quoted[i].substring(1, quoted[i].length - 1));
  return out;
}

/** --list: the four lines every host prints (README § The language). */
function listing(): string {
  return `catalog: ${metadataList("integrands").join(", ")}\n` +
    `functions: ${metadataList("functions").join(" ")}\n` +
    `constants: ${metadataList("constants").join(" ")}\n` +
    `variables: ${metadataList("variables").join(" ")}\n`;
}

// --- the run -----------------------------------------------------------------------------------------------------

/** The UTF-8 bytes of the kernel's last message. */
function kernelMessage(): string { return String.UTF8.decodeUnsafe(message(), <usize>messageLength()); }

/** The option each define() field names (errorField: 0 integrand, 1 domain, 2 nx, 3 ny). */
const FIELD_FLAGS = ["-f/--integrand", "-d/--domain", "--nx", "--ny"];

/**
 * The integrand and domain texts to the kernel (text + define). Where the two do not fit the text area, one of
 * them is longer than maxText and define() refuses it by its length before it reads a byte, so nothing is written.
 */
function defineProblem(integrand: string, domain: string, nx: i32, ny: i32): i32 {
  const f = String.UTF8.encode(integrand);
  const d = String.UTF8.encode(domain);
  const p = text(f.byteLength + d.byteLength);
  if (p != 0) {
    memory.copy(p, changetype<usize>(f), <usize>f.byteLength);
    memory.copy(p + <usize>f.byteLength, changetype<usize>(d), <usize>d.byteLength);
  }
  return define(f.byteLength, d.byteLength, nx, ny);
}

/**
 * Every row, then combine() — the kernel's own sum and, for a value that is not finite, its diagnosis in
 * message(). combine() reads the row sums at buffer(), which is where this command's heap begins; the live
 * objects are parked above the sums meanwhile and put back after, as nothing in between allocates.
 */
function integral(nx: i32): f64 {
  const base = buffer(0);
  const reserve = heap.alloc(<usize>nx << 3); // all that is allocated from here on lies above base + 8·nx
  const live = reserve - base;
  const park = heap.alloc(live);
  memory.copy(park, base, live);
  const sums = buffer(nx);
  for (let i = 0; i < nx; i++) store<f64>(sums + (<usize>i << 3), rowSum(i));
  const value = combine(nx);
  memory.copy(base, park, live);
  heap.free(park);
  heap.free(reserve);
  return value;
}

function finiteOrNull(v: f64): string { return isFinite(v) ? jsNumber(v) : "null"; }

function main(): i32 {
  const args = process.argv.slice(1);
  parseArgs(args);
  if (usage === null && values[10] !== null) return out(help());
  if (usage === null && values[11] !== null) {
    return out(`${PROGRAM} ${VERSION} (kernel ABI ${abiVersion().toString()})\n`);
  }
  if (usage === null && values[9] !== null) return out(listing());

  const max = maxCells();
  let n = 0, nx = 0, ny = 0, workers = 0;
  const integrand = values[6] === null ? DEFAULT_INTEGRAND : values[6]!;
  const domain = values[7] === null ? DEFAULT_DOMAIN : values[7]!;
  if (usage === null) n = integer(0, DEFAULT_N, max);
  if (usage === null) nx = integer(1, n, max);
  if (usage === null) ny = integer(2, n, max);
  if (usage === null) oneOf(4, "serial", ["serial"]);
  if (usage === null) oneOf(5, KERNEL, [KERNEL]);
  if (usage === null && defineProblem(integrand, domain, nx, ny) != 0) {
    fail(`option ${FIELD_FLAGS[errorField()]}: ${kernelMessage()}`);
  }
  if (usage === null) workers = integer(3, 1, MAX_WORKERS);
  if (usage === null && workers != 1) fail(`option -w/--workers must be 1 with --scheme serial (got ${quote(values[3]!)})`);
  if (usage !== null) {
    say(`${PROGRAM}: ${usage!.message}\n`);
    return 2;
  }
  const json = values[8] !== null;

  const t0 = performance.now();
  const value = integral(nx);
  const compute = (performance.now() - t0) / 1000;
  if (!isFinite(value)) {
    say(`${PROGRAM}: run failed: ${kernelMessage()}\n`);
    return 1;
  }
  const ex = exactValue(); // NaN: no closed form
  const known = !isNaN(ex);
  const error = Math.abs(value - ex);
  const bits = "0x" + reinterpret<u64>(value).toString(16).padStart(16, "0");

  if (json) {
    return out(
      `{"value":${jsNumber(value)},"bits":${quote(bits)},"exact":${finiteOrNull(ex)},"error":${finiteOrNull(error)},` +
      `"integrand":${quote(integrand)},"domain":[${jsNumber(bound(0))},${jsNumber(bound(1))},${jsNumber(bound(2))},${jsNumber(bound(3))}],` +
      `"nx":${nx.toString()},"ny":${ny.toString()},"scheme":"serial","workers":1,"kernel":"${KERNEL}",` +
      `"runtime":{"name":"wasi","version":"wasi_snapshot_preview1"},"time_s":${jsNumber(compute)},` +
      `"phases":{"startup_s":0,"compute_s":${jsNumber(compute)}}}\n`);
  }
  return out(
    `Integral value is ${formatE(value)}, Error is ${known ? formatE(error) : "unknown (no closed form)"}\n` +
    `Time spent: ${toFixed2(compute)} sec\n` +
    `Scheme serial, workers 1, kernel ${KERNEL}, n ${nx.toString()}x${ny.toString()}, integrand ${integrand}, bits ${bits}\n`);
}

const status = main();
if (status != 0) process.exit(status);
