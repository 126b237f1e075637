// Every host's CLI on the same argv: Node, Bun, Deno, Python, C, Rust, Go and the WASI command (under wasmtime
// through the Python host, and under node:wasi). Since ABI 2 each host hands -f/-d to the kernel as text, so inputs
// the hosts once read differently (issue 14, item 12: `0,ϖ,0,1`, NBSP or BOM around a bound, a 5000-digit decimal)
// must now give one exit code and one stderr everywhere, and that stderr is the kernel's own message. The integer
// options are each host's own code: they must agree too (ASCII spaces only, no NBSP/BOM). And a result that
// cannot be written fails the run in every host alike.
// Builds the C, Rust and Go binaries as test/{c,rust,go}.test.ts do (a no-op when they are up to date).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CLI } from "./helpers/cli.js";
import { define, rawKernel } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const bin = (p: string) => join(ROOT, p);
const TARGET = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "integration2d", "rust-target");
const GO_BIN = join(mkdtempSync(join(tmpdir(), "integration2d-cross-")), "integration2d");
const PYTHON = bin(".venv/bin/python");
const WORKER = bin("dist/deno/worker.js");

/** Each host's command line before the CLI's own arguments. */
const HOSTS: Record<string, string[]> = {
  node: [process.execPath, CLI],
  bun: [bin("node_modules/.bin/bun"), CLI],
  deno: [bin("node_modules/.bin/deno"), "run", "--no-prompt", `--allow-read=${WORKER}`, bin("dist/deno/cli.js")],
  python: [PYTHON, "-m", "integration2d"],
  c: [bin("host/c/integration2d")],
  rust: [join(TARGET, "release", "integration2d")],
  go: [GO_BIN],
  "wasi (wasmtime)": [PYTHON, "-m", "integration2d.wasi"],
  "wasi (node:wasi)": [process.execPath, "--no-turbo-fast-api-calls", "--no-warnings", bin("test/helpers/wasi-command.mjs")],
};
// The clone's Python package (not another checkout's editable install) and no colours in Deno's output.
const env = { ...process.env, PYTHONPATH: bin("host/python/src"), NO_COLOR: "1", CARGO_TARGET_DIR: TARGET, CARGO_TERM_COLOR: "never" };

function run(host: string, args: string[]) {
  const [cmd, ...pre] = HOSTS[host]!;
  const r = spawnSync(cmd!, [...pre, ...args], { encoding: "utf8", timeout: 120_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every host on `args`: one [exit code, stderr] each. */
function everyHost(args: string[], argsOf: (host: string) => string[] = () => args) {
  return Object.fromEntries(Object.keys(HOSTS).map((h) => [h, run(h, argsOf(h))]));
}

test("the .venv is there", () => assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run bash scripts/setup.sh`));

for (const [cmd, args, cwd] of [
  ["make", ["-C", "host/c", "integration2d"], ROOT],
  ["cargo", ["build", "--release", "--locked", "--manifest-path", "host/rust/Cargo.toml"], ROOT],
  ["go", ["build", "-o", GO_BIN, "./cmd/integration2d"], join(ROOT, "host", "go")],
] as const) {
  test(`${cmd} ${args.join(" ")}`, () => {
    const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 1_200_000 });
    assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`.slice(-4000));
  });
}

const scalar = rawKernel("scalar");
const zeros = (k: number) => "0".repeat(k);

// [what, domain text]: each refused by the kernel's define; every host must print its message behind -d.
const REFUSED_DOMAINS: [string, string][] = [
  ["ϖ (U+03D6, the variant pi) as a bound", "0,ϖ,0,1"],
  ["NBSP before a bound", "0,\u00a01,0,1"],
  ["NBSP after a bound", "0,1\u00a0,0,1"],
  ["BOM before the text", "\ufeff0,1,0,1"],
  ["BOM before a bound", "0,\ufeff1,0,1"],
  ["a 5000-digit decimal bound (over the 4096-byte cap)", `0,1.${zeros(4998)}1,0,1`],
];

for (const [what, domain] of REFUSED_DOMAINS) {
  test(`-d with ${what}: exit 2 and the kernel's message, in every host`, () => {
    const kernel = define(scalar, "sin(x+y)", domain, 10, 10);
    assert.ok(kernel.code < 0, `the kernel accepts ${JSON.stringify(domain)}`);
    const expected = `integration2d: option -d/--domain: ${kernel.message}\n`;
    for (const [host, r] of Object.entries(everyHost(["-n", "10", "-s", "serial", `--domain=${domain}`]))) {
      assert.equal([r.code, r.stdout, r.stderr], [2, "", expected], host);
    }
  });
}

test("a 5000-digit bound is refused for its length, in those words", () => {
  const domain = `0,1.${zeros(4998)}1,0,1`;
  assert.is(domain.length, 5007);
  assert.is(define(scalar, "x*y", domain, 4, 4).message, "text longer than 4096 bytes (5007 bytes)");
});

test("a 4000-digit decimal bound (under the cap): every host runs it, the same domain and bits", () => {
  const domain = `0,1.${zeros(3990)}1,0,1`;
  // x*y: no sin/cos, so the simd build (WASI, the default elsewhere) and the scalar build (C) give one bit pattern.
  const records = Object.entries(everyHost(["--json", "-n", "4", "-s", "serial", "-f", "x*y", `--domain=${domain}`]))
    .map(([host, r]) => {
      assert.equal([r.code, r.stderr], [0, ""], host);
      const rec = JSON.parse(r.stdout);
      return [host, rec.bits, rec.domain] as const;
    });
  assert.equal(records[0]![2], [0, 1, 0, 1]);
  for (const [host, bits, domainOf] of records) assert.equal([bits, domainOf], [records[0]![1], records[0]![2]], host);
});

// The integers are read by each host; the rule is host/core/options.ts's (ASCII digits, '+', ASCII spaces).
for (const [what, n] of [["NBSP", "\u00a010"], ["BOM", "\ufeff10"], ["a trailing NBSP", "10\u00a0"], ["an ideographic space", "10\u3000"]]) {
  test(`-n with ${what}: exit 2 and one message, in every host`, () => {
    const expected = `integration2d: option -n/--n must be an integer from 1 to 10000000 (got "${n}")\n`;
    for (const [host, r] of Object.entries(everyHost(["-n", n!, "-s", "serial"]))) {
      assert.equal([r.code, r.stdout, r.stderr], [2, "", expected], host);
    }
  });
}

test("-n with ASCII spaces, tabs and a '+': every host runs n = 3", () => {
  for (const [host, r] of Object.entries(everyHost(["--json", "-n", "\t +3 \n", "-s", "serial", "-f", "x*y"]))) {
    assert.is(r.code, 0, `${host}: ${r.stderr}`);
    assert.equal([JSON.parse(r.stdout).nx, JSON.parse(r.stdout).ny], [3, 3], host);
  }
});

// `--` ends the options, so "-n" after it is a positional: refused. Bun takes the first `--` after the script
// as its own separator (as `npm run` does) and never passes it on, so a Bun user writes a second one.
test("`-- -n 10` is refused by every host (Bun: `-- -- -n 10`, its first `--` being its own)", () => {
  const results = everyHost([], (host) => (host === "bun" ? ["--", "--", "-n", "10"] : ["--", "-n", "10"]));
  for (const [host, r] of Object.entries(results)) {
    assert.equal([r.code, r.stdout, r.stderr], [2, "", 'integration2d: unexpected argument "-n" (see --help)\n'], host);
  }
});

// Not input, but the same promise from every host (issue 14, item 9): a result that cannot be written is a failed run.
test("stdout on /dev/full: exit 1 and one line 'cannot write the output: …', in every host", () => {
  for (const host of Object.keys(HOSTS)) {
    const [cmd, ...pre] = HOSTS[host]!;
    const argv = [cmd!, ...pre, "-n", "10", "-s", "serial"].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("bash", ["-c", `${argv} > /dev/full`], { encoding: "utf8", timeout: 120_000, env });
    assert.is(r.status, 1, `${host}: ${r.stderr}`);
    assert.match(r.stderr, /^integration2d: cannot write the output: no space left on device[^\n]*\n$/i, host);
  }
});

test.run();
