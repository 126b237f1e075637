// integration2d as a WASI command (the `wasi` target in asconfig.json; dist/kernel/wasi.wasm). `_start` reads
// the CLI's options from the WASI args, runs the serial scheme with the kernel's own code (rowSum from
// ../index, the compensated row-order sum from ../sum), and prints the seed's lines or the --json record
// through WASI. Options, defaults, messages and exit codes are the Node CLI's (host/core/options.ts, cli.ts):
// 0 done, 2 bad input. Built like the simd kernel (--enable simd), so its bits are the simd build's.

import { INTEGRAND_COUNT, INTEGRAND_NAMES } from "../integrands";
import { exact, maxCells, rowSum, setup } from "../index";
import { sumInOrder } from "../sum";
import { formatE, jsNumber, parseDecimal, toFixed2 } from "./numfmt";

const VERSION = "0.1.0";
const PROGRAM = "integration2d";
const KERNEL = ASC_FEATURE_SIMD ? "simd" : "scalar";
const MAX_WORKERS = 256;
const DEFAULT_N = 10000;

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

/** String.prototype.trim's whitespace. */
function isSpace(c: i32): bool {
  return c == 9 || c == 10 || c == 11 || c == 12 || c == 13 || c == 32 || c == 0xa0 || c == 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

function jsTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
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

/** Matches \d+\.?\d*|\.\d+ from i; returns the end index or -1. */
function number(s: string, i: i32): i32 {
  const start = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  if (i > start) {
    if (i < s.length && s.charCodeAt(i) == 46) {
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    }
    return i;
  }
  if (i < s.length && s.charCodeAt(i) == 46) {
    i++;
    const d = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    return i > d ? i : -1;
  }
  return -1;
}

/** /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i */
function isDecimal(s: string): bool {
  let i = 0;
  if (s.length > 0 && (s.charCodeAt(0) == 43 || s.charCodeAt(0) == 45)) i = 1;
  i = number(s, i);
  if (i < 0) return false;
  if (i == s.length) return true;
  const c = s.charCodeAt(i);
  if (c != 101 && c != 69) return false;
  i++;
  if (i < s.length && (s.charCodeAt(i) == 43 || s.charCodeAt(i) == 45)) i++;
  const d = i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i > d && i == s.length;
}

/** A bound (host/core/domain.ts parseBound); NaN when malformed or not finite. */
function parseBound(text: string): f64 {
  const s = jsTrim(text);
  if (isDecimal(s)) {
    const v = parseDecimal(s);
    return isFinite(v) ? v : NaN;
  }
  // /^([+-]?)(\d+\.?\d*|\.\d+)?\*?(?:pi|π)(?:\/(\d+\.?\d*|\.\d+))?$/i
  let i = 0;
  let negative = false;
  if (s.length > 0 && (s.charCodeAt(0) == 43 || s.charCodeAt(0) == 45)) { negative = s.charCodeAt(0) == 45; i = 1; }
  let k = 1.0;
  const kEnd = number(s, i);
  if (kEnd >= 0) { k = parseDecimal(s.substring(i, kEnd)); i = kEnd; }
  if (i < s.length && s.charCodeAt(i) == 42) i++;
  if (i + 1 < s.length && (s.charCodeAt(i) | 32) == 112 && (s.charCodeAt(i + 1) | 32) == 105) i += 2;
  else if (i < s.length && (s.charCodeAt(i) == 0x3c0 || s.charCodeAt(i) == 0x3a0)) i += 1;
  else return NaN;
  let d = 1.0;
  if (i < s.length) {
    if (s.charCodeAt(i) != 47) return NaN;
    const dEnd = number(s, i + 1);
    if (dEnd < 0) return NaN;
    d = parseDecimal(s.substring(i + 1, dEnd));
    i = dEnd;
  }
  if (i != s.length) return NaN;
  const v = (k * Math.PI) / d;
  if (!isFinite(v)) return NaN;
  return negative ? -v : v;
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
  const text = jsTrim(raw);
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

function help(integrands: string[]): string {
  return `Usage: wasmtime wasi.wasm [options]     one run (serial), the seed's lines, or --json
       node's WASI or any WASI preview1 runtime runs it the same way

Options:
  -n, --n <int>            cells per axis, 1..10000000 (default 10000); sets nx and ny
      --nx <int>, --ny <int>  cells along x / y (default n)
  -w, --workers <int>      1 (this command runs the serial scheme)
  -s, --scheme <name>      serial (default serial)
  -k, --kernel <name>      ${KERNEL} (the build this command is compiled as)
  -f, --integrand <name>   ${integrands.join(" | ")} (default sin(x+y))
  -d, --domain <ax,bx,ay,by>  bounds: numbers or pi forms (pi, -pi, 2pi, pi/2, 3pi/4)
                           (default 0,pi,0,pi); a value starting with '-' needs --domain=…
      --json               print one JSON record instead of the seed's lines
      --list               list the integrands
  -h, --help               this text
  -V, --version            versions of the CLI and kernel ABI
`;
}

// --- the run -----------------------------------------------------------------------------------------------------

function finiteOrNull(v: f64): string { return isFinite(v) ? jsNumber(v) : "null"; }

function main(): i32 {
  const args = process.argv.slice(1);
  parseArgs(args);
  const integrands: string[] = [];
  for (let i = 0; i < INTEGRAND_COUNT; i++) integrands.push(INTEGRAND_NAMES[i]);
  if (usage === null && values[10] !== null) { process.stdout.write(help(integrands)); return 0; }
  if (usage === null && values[11] !== null) { process.stdout.write(`${PROGRAM} ${VERSION} (kernel ABI 1)\n`); return 0; }
  if (usage === null && values[9] !== null) { process.stdout.write(integrands.join("\n") + "\n"); return 0; }

  const max = maxCells();
  let n = 0, nx = 0, ny = 0, workers = 0;
  let integrand = "", domainText = "";
  let ax = 0.0, bx = 0.0, ay = 0.0, by = 0.0;
  if (usage === null) n = integer(0, DEFAULT_N, max);
  if (usage === null) nx = integer(1, n, max);
  if (usage === null) ny = integer(2, n, max);
  if (usage === null) oneOf(4, "serial", ["serial"]);
  if (usage === null) oneOf(5, KERNEL, [KERNEL]);
  if (usage === null) integrand = oneOf(6, "sin(x+y)", integrands);
  if (usage === null) {
    const raw = values[7];
    domainText = raw === null ? "0,pi,0,pi" : raw;
    const parts = domainText.split(",");
    let ok = parts.length == 4;
    const d = [NaN, NaN, NaN, NaN];
    if (ok) for (let i = 0; i < 4; i++) { d[i] = parseBound(parts[i]); if (isNaN(d[i])) ok = false; }
    if (!ok) {
      fail(`option -d/--domain must be four finite bounds ax,bx,ay,by, each a number or a multiple of pi such as pi, -pi, 2pi, pi/2 (got ${quote(domainText)})`);
    } else {
      ax = d[0]; bx = d[1]; ay = d[2]; by = d[3];
      if (!(ax < bx && ay < by)) fail(`option -d/--domain needs ax < bx and ay < by (got ${quote(domainText)})`);
      else if (integrand == "1/(1+x+y)" && !(1 + ax + ay > 0)) {
        fail(`option -d/--domain: 1/(1+x+y) is singular there; it needs 1+ax+ay > 0 (got ${quote(domainText)})`);
      }
    }
  }
  if (usage === null) workers = integer(3, 1, MAX_WORKERS);
  if (usage === null && workers != 1) fail(`option -w/--workers must be 1 with --scheme serial (got ${quote(values[3]!)})`);
  if (usage !== null) {
    process.stderr.write(`${PROGRAM}: ${usage!.message}\n`);
    return 2;
  }

  const id = integrands.indexOf(integrand);
  const t0 = performance.now();
  const code = setup(id, ax, bx, ay, by, nx, ny);
  if (code != 0) {
    process.stderr.write(`${PROGRAM}: kernel setup refused the problem (code ${code.toString()})\n`);
    return 1;
  }
  // The rows, then the kernel's compensated row-order sum times hx·hy — combine()'s own arithmetic. (combine()
  // itself reads buffer(), which sits where this command's allocator puts its strings, so the sums go to an
  // array of our own and through the same sumInOrder.)
  const sums = new StaticArray<f64>(nx);
  for (let i = 0; i < nx; i++) sums[i] = rowSum(i);
  const hx = (bx - ax) / <f64>nx;
  const hy = (by - ay) / <f64>ny;
  const value = (hx * hy) * sumInOrder(changetype<usize>(sums), nx);
  const compute = (performance.now() - t0) / 1000;
  const ex = exact(id, ax, bx, ay, by);
  const error = Math.abs(value - ex);
  const bits = "0x" + (isNaN(value) ? <u64>0x7ff8000000000000 : reinterpret<u64>(value)).toString(16).padStart(16, "0");

  if (values[8] !== null) {
    process.stdout.write(
      `{"value":${finiteOrNull(value)},"bits":${quote(bits)},"exact":${finiteOrNull(ex)},"error":${finiteOrNull(error)},` +
      `"integrand":${quote(integrand)},"domain":[${jsNumber(ax)},${jsNumber(bx)},${jsNumber(ay)},${jsNumber(by)}],` +
      `"nx":${nx.toString()},"ny":${ny.toString()},"scheme":"serial","workers":1,"kernel":"${KERNEL}",` +
      `"runtime":{"name":"wasi","version":"wasi_snapshot_preview1"},"time_s":${jsNumber(compute)},` +
      `"phases":{"startup_s":0,"compute_s":${jsNumber(compute)}}}\n`);
  } else {
    process.stdout.write(
      `Integral value is ${formatE(value)}, Error is ${formatE(error)}\n` +
      `Time spent: ${toFixed2(compute)} sec\n` +
      `Scheme serial, workers 1, kernel ${KERNEL}, n ${nx.toString()}x${ny.toString()}, integrand ${integrand}, bits ${bits}\n`);
  }
  return 0;
}

const status = main();
if (status != 0) process.exit(status);
