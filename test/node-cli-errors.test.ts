// Bad options of every kind: one line on stderr naming the option and what is allowed, exit 2, no stack trace.
// (Bad integrands and domains are the kernel's to refuse: test/node-expressions.test.ts reads the shared cases.)

import { test } from "uvu";
import * as assert from "uvu/assert";
import { cli } from "./helpers/cli.js";

const INT = (flag: string, got: string) => `option ${flag} must be an integer from 1 to 10000000 (got "${got}")`;
const WORKERS = (got: string) => `option -w/--workers must be an integer from 1 to 256 (got "${got}")`;

const CASES: [string[], string][] = [
  [["-n", "abc"], INT("-n/--n", "abc")],
  [["-n", "0"], INT("-n/--n", "0")],
  [["-n", "1.5"], INT("-n/--n", "1.5")],
  [["--n=-5"], INT("-n/--n", "-5")],
  [["-n", "10000001"], INT("-n/--n", "10000001")],
  [["-n", "1e3"], INT("-n/--n", "1e3")],
  [["-n", ""], INT("-n/--n", "")],
  [["--nx", "0x10"], INT("--nx", "0x10")],
  [["--ny", "99999999999"], INT("--ny", "99999999999")],
  [["--ny", "NaN"], INT("--ny", "NaN")],
  [["-w", "0"], WORKERS("0")],
  [["-w", "257"], WORKERS("257")],
  [["-w", "two"], WORKERS("two")],
  [["--workers=-1"], WORKERS("-1")],
  [["-s", "mpi"], `option -s/--scheme must be one of serial, threads, processes (got "mpi")`],
  [["-s", "Threads"], `option -s/--scheme must be one of serial, threads, processes (got "Threads")`],
  [["-s", "serial", "-w", "2"], `option -w/--workers must be 1 with --scheme serial (got "2")`],
  [["-k", "relaxed"], `option -k/--kernel must be one of simd, scalar (got "relaxed")`],
  [["--bogus"], `unknown option --bogus (see --help)`],
  [["-x"], `unknown option -x (see --help)`],
  [["-n"], `option -n/--n needs a value; for a value starting with "-" write --n=VALUE`],
  [["-d", "-pi,0,0,1"], `option -d/--domain needs a value; for a value starting with "-" write --domain=VALUE`],
  [["--json=yes"], `option --json takes no value`],
  [["extra"], `unknown command "extra" (commands: start, serve, bench, report)`],
  [["-n", "10", "extra"], `unexpected argument "extra" (see --help)`],
];

test(`${CASES.length} bad inputs: exit 2, one line naming the option, no stack trace`, () => {
  for (const [args, message] of CASES) {
    const r = cli(args);
    assert.is(r.code, 2, `${args.join(" ")}: exit ${r.code}, stderr ${r.stderr}`);
    assert.is(r.stderr, `integration2d: ${message}\n`, args.join(" "));
    assert.is(r.stdout, "", args.join(" "));
  }
});

test("bad input with --json still prints nothing on stdout", () => {
  const r = cli(["--json", "-w", "0"]);
  assert.is(r.code, 2);
  assert.is(r.stdout, "");
});

test("start validates its options the same way", () => {
  const r = cli(["start", "-n", "0"]);
  assert.is(r.code, 2);
  assert.is(r.stderr, `integration2d: ${INT("-n/--n", "0")}\n`);
  assert.is(cli(["start", "--scheme", "threads"]).stderr, "integration2d: unknown option --scheme (see --help)\n");
});

test.run();
