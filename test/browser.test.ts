// The browser, for real: `integration2d serve` (with and without cross-origin isolation) and Debian's chromium
// driven by playwright-core. The page must give Node's bits (shared memory and postMessage alike), stop every
// worker on Cancel, turn bad parameters into a readable error, and draw a scaling run (screenshot in
// test-artifacts/ — look at it).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { type BenchRecord, checkRecord, type JsonSchema } from "../host/core/bench-record.js";
import { badCases, badDefaults, exprVectors } from "./helpers/cases.js";
import { cli } from "./helpers/cli.js";
import { vectors } from "./helpers/kernel.js";
import { rawGet, type Server, startServer } from "./helpers/serve.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ARTIFACTS = join(ROOT, "test-artifacts");
const CHROMIUM = "/usr/bin/chromium";
const chromiumVersion = /Chromium ([\d.]+)/.exec(spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout)![1]!;

type NodeLib = typeof import("../host/node/index.js");
const node = (await import(pathToFileURL(join(ROOT, "dist/node/index.js")).href)) as NodeLib;

// ---- the browser ------------------------------------------------------------------------------------------

const profile = mkdtempSync(join(tmpdir(), "i2d-chromium-"));
let context: BrowserContext;
let isolated: Server;
let plain: Server;

test.before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  isolated = await startServer();
  plain = await startServer(["--no-isolation"]);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

test.after(async () => {
  await context?.close();
  await isolated?.stop();
  await plain?.stop();
  rmSync(profile, { recursive: true, force: true });
});

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

async function finished(page: Page, timeout = 120_000): Promise<{ status: string; record: any }> {
  await page.waitForSelector('#result[data-status="done"], #result[data-status="error"]', { timeout, state: "attached" });
  const status = (await page.getAttribute("#result", "data-status"))!;
  return { status, record: JSON.parse((await page.textContent("#result"))!) };
}

/** CPU seconds used so far by this test's chromium (the browser process found by its profile, and every descendant). */
function chromiumCpuSeconds(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let roots: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(profile)) roots.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  roots = roots.filter((pid) => !roots.includes(stats.get(pid)?.ppid ?? -1));
  const tree = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of stats) if (!tree.has(pid) && tree.has(s.ppid)) tree.add(pid), (grew = true);
  }
  const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)!.ticks;
  assert.ok(tree.size >= 2, "found chromium's processes");
  return ticks / hz;
}

async function cpuOver(ms: number): Promise<number> {
  const a = chromiumCpuSeconds();
  await new Promise((r) => setTimeout(r, ms));
  return chromiumCpuSeconds() - a;
}

// ---- the problems: the seed's at n = 2000 and two other catalog integrands (from vectors.json) -------------

interface Case {
  label: string;
  query: Record<string, string>;
  expected: string;
}

const seedBits = (await node.integrate({ n: 2000, workers: 2 })).bits;
const seedScalarBits = (await node.integrate({ n: 2000, workers: 2, kernel: "scalar" })).bits;
const sinCos = vectors.find((v) => v.integrand === "sin(x)*cos(y)" && v.nx === 257)!;
const recip = vectors.find((v) => v.integrand === "1/(1+x+y)" && v.nx === 211)!;
const expv = vectors.find((v) => v.integrand === "exp(x+y)" && v.nx === 1000)!;

const CASES: Case[] = [
  { label: "seed sin(x+y), n 2000, 2 workers", query: { n: "2000", workers: "2" }, expected: seedBits },
  {
    label: "sin(x)*cos(y), scalar, 3 workers",
    query: { integrand: sinCos.integrand, domain: sinCos.domain_text, nx: String(sinCos.nx), ny: String(sinCos.ny), kernel: "scalar", workers: "3" },
    expected: sinCos.bits.scalar,
  },
  {
    label: "1/(1+x+y), simd, 2 workers",
    query: { integrand: recip.integrand, domain: recip.domain_text, nx: String(recip.nx), ny: String(recip.ny), workers: "2" },
    expected: recip.bits.simd,
  },
  {
    label: "exp(x+y), serial on the page's thread",
    query: { integrand: expv.integrand, domain: expv.domain_text, n: String(expv.nx), scheme: "serial" },
    expected: expv.bits.simd,
  },
];

test("Node agrees with vectors.json on the browser cases (the reference is real)", async () => {
  const v = vectors.find((v) => v.integrand === "sin(x)*cos(y)" && v.nx === 257)!;
  const r = await node.integrate({ integrand: v.integrand, domain: v.domain_text, nx: v.nx, ny: v.ny, kernel: "scalar", workers: 2 });
  assert.is(r.bits, v.bits.scalar);
  assert.is((await node.integrate({ n: 2000, scheme: "processes", workers: 3 })).bits, seedBits);
});

for (const [name, server, transport] of [["cross-origin isolated", () => isolated, "shared"], ["not isolated", () => plain, "messages"]] as const) {
  test(`${name}: the page gives Node's bits for the seed and two other integrands (${transport})`, async () => {
    for (const c of CASES) {
      const { page, errors } = await openPage(`${server().url}?${new URLSearchParams({ ...c.query, run: "1" })}`);
      const { status, record } = await finished(page);
      assert.is(status, "done", `${c.label}: ${JSON.stringify(record)}`);
      assert.is(record.bits, c.expected, c.label);
      assert.is(record.transport, c.query.scheme === "serial" ? "none (page thread)" : transport, c.label);
      assert.is(record.cross_origin_isolated, transport === "shared");
      assert.equal(record.runtime, { name: "chromium", version: chromiumVersion });
      assert.is(record.scheme, c.query.scheme ?? "threads");
      assert.is(record.workers, Number(c.query.workers ?? 1));
      for (const key of ["value", "exact", "error", "integrand", "domain", "nx", "ny", "kernel", "time_s", "phases"]) assert.ok(key in record, key);
      assert.ok(record.time_s > 0);
      assert.match(record.measurement.note, /settled/);
      // What a person sees: the seed's lines and the bits in the table.
      const lines = (await page.textContent("#lines"))!;
      assert.match(lines, /^Integral value is -?\d\.\d{6}e[+-]\d{2}, Error is \d\.\d{6}e[+-]\d{2}\nTime spent: \d+\.\d\d sec\n/);
      assert.ok(lines.includes(`bits ${c.expected}`));
      assert.equal(errors, []);
      await page.close();
    }
  });

  test(`${name}: Cancel mid-run terminates every worker and the CPU goes quiet`, async () => {
    const { page, errors } = await openPage(`${server().url}?n=40000&workers=2&kernel=scalar`);
    await page.waitForSelector("#env .chip:nth-child(2)");
    await page.click("#run");
    // Running: some rows done, both cores busy.
    await page.waitForFunction(() => [...document.querySelectorAll(".bar-row .rows")].some((e) => e.textContent !== "0 rows"), undefined, { timeout: 30_000 });
    const busy = await cpuOver(1000);
    // Two busy workers use up to 2 CPU s per s; other work on a shared machine can take some of it.
    assert.ok(busy > 0.25, `workers computing: ${busy.toFixed(2)} CPU s in 1 s`);
    await page.click("#cancel");
    const { status, record } = await finished(page, 10_000);
    assert.is(status, "error");
    assert.is(record.cancelled, true);
    assert.is(record.workers_alive, 0);
    assert.match(record.error, /cancelled by the user/);
    assert.is(await page.textContent("#state"), "cancelled · 2 workers terminated, 0 alive");
    assert.match((await page.textContent("#error"))!, /Cancelled\. Every worker of the run was terminated/);
    // Within a second chromium is idle: shared workers stop at the next row (cancel flag), message workers at the
    // next slice (host/browser/worker.ts), not after Chromium's 2 s forcible-termination delay.
    const t0 = performance.now();
    let quiet = Infinity;
    while (performance.now() - t0 < 1000 && quiet >= 0.05) quiet = await cpuOver(500);
    assert.ok(quiet < 0.05 && quiet < busy / 5, `1 s after Cancel chromium still used ${quiet.toFixed(2)} CPU s per 0.5 s (running: ${busy.toFixed(2)} per 1 s)`);
    const settledMs = performance.now() - t0;
    // And stays so: one worker left computing would use about 1 CPU s per s. Chromium's own clean-up of the
    // terminated workers (their heaps, the wasm memories) can take a tenth of that; one CI run read 0.12.
    const after = await cpuOver(1000);
    assert.ok(after < 0.3, `and stays idle: ${after.toFixed(2)} CPU s in 1 s`);
    console.log(`  ${name}: CPU quiet ${Math.round(settledMs)} ms after Cancel (running: ${busy.toFixed(2)} CPU s/s, after: ${after.toFixed(2)})`);
    // The page is alive: the next run works.
    await page.fill('input[name="n"]', "2000");
    await page.click("#run");
    const again = await finished(page);
    assert.is(again.status, "done");
    assert.is(again.record.bits, seedScalarBits);
    assert.equal(errors, []);
    await page.close();
  });
}

test("bad parameters: a readable error on the page, data-status=error, and the page still runs", async () => {
  const bad: [Record<string, string>, string][] = [
    [{ n: "abc" }, `option -n/--n must be an integer from 1 to 10000000 (got "abc")`],
    [{ workers: "0" }, `option -w/--workers must be an integer from 1 to 256 (got "0")`],
    [{ integrand: "tan(x" }, `option -f/--integrand: missing ')' for the '(' at column 4`],
    [{ domain: "1,0,0,1" }, `option -d/--domain: ax must be less than bx (here ax = 1, bx = 0) at column 3`],
    [{ domain: "0,pi" }, `option -d/--domain: the domain has 2 bounds; it needs 4 (ax,bx,ay,by) at column 5`],
    [{ scheme: "processes" }, `option -s/--scheme processes is not available in the browser (use serial or threads)`],
    [{ kernel: "relaxed" }, `option -k/--kernel must be one of simd, scalar (got "relaxed")`],
    [{ scheme: "serial", workers: "2" }, `option -w/--workers must be 1 with --scheme serial (got "2")`],
  ];
  for (const [query, message] of bad) {
    const { page, errors } = await openPage(`${isolated.url}?${new URLSearchParams({ ...query, run: "1" })}`);
    const { status, record } = await finished(page);
    assert.is(status, "error", JSON.stringify(query));
    assert.is(record.error, message);
    assert.ok(await page.isVisible("#error"));
    assert.is(await page.textContent("#error"), `Check the options: ${message}`);
    // The kernel's refusal is also marked under its field, in the same words, before any run.
    const name = query.integrand ? "integrand" : query.domain ? "domain" : undefined;
    if (name) {
      assert.is(await page.getAttribute(`input[name="${name}"]`, "aria-invalid"), "true");
      assert.is(`option ${name === "integrand" ? "-f/--integrand" : "-d/--domain"}: ${await page.textContent(`#${name}-refusal .message`)}`, message);
      assert.ok(await page.isDisabled("#run"));
    }
    assert.equal(errors, []);
    await page.close();
  }
  const { page } = await openPage(`${isolated.url}?n=abc&run=1`);
  assert.is((await finished(page)).status, "error");
  await page.fill('input[name="n"]', "2000");
  await page.click("#run");
  const fixed = await finished(page);
  assert.is(fixed.status, "done");
  assert.is(fixed.record.bits, seedBits);
  assert.is(await page.isVisible("#error"), false);
  await page.close();
});

// ---- the problem as text: the kernel's refusals marked while typing, its heat map, any expression -----------

const nodeKernel = await node.kernel();
const refusalOf = (integrand: string, domain = "0,pi,0,pi", n = 2000) => {
  const d = nodeKernel.define({ integrand, domain, nx: n, ny: n });
  assert.ok(!d.ok, `${integrand} on ${domain} is refused`);
  return d as Extract<typeof d, { ok: false }>;
};

test("typing: the kernel's refusal is marked at its column with its message, Run disabled; fixing it clears both", async () => {
  const { page, errors } = await openPage(isolated.url);
  await page.waitForSelector("#env .chip:nth-child(2)");
  // The catalog as suggestions for the integrand field.
  assert.equal(await page.$$eval("#integrands option", (os) => os.map((o) => (o as HTMLOptionElement).value)), nodeKernel.meta.integrands);
  const input = page.locator('input[name="integrand"]');
  await input.fill("");
  await input.pressSequentially("sin(x+y))");
  await page.waitForSelector('input[name="integrand"][aria-invalid="true"]');
  const expected = refusalOf("sin(x+y))");
  assert.equal([expected.column, expected.message], [9, "unexpected ')' at column 9"]);
  assert.is(await page.getAttribute("#integrand-refusal", "data-column"), "9");
  assert.is(await page.textContent("#integrand-refusal .message"), expected.message);
  // The caret sits under the ninth character, which is marked.
  assert.is(await page.textContent("#integrand-refusal .echo"), "sin(x+y))");
  assert.is(await page.textContent("#integrand-refusal mark"), ")");
  assert.is(await page.textContent("#integrand-refusal .caret"), "        ^");
  const [markX, caretX] = await page.evaluate(() => {
    const caret = document.querySelector("#integrand-refusal .caret")!;
    const range = document.createRange();
    range.setStart(caret.firstChild!, 8);
    range.setEnd(caret.firstChild!, 9);
    return [document.querySelector("#integrand-refusal mark")!.getBoundingClientRect().left, range.getBoundingClientRect().left];
  });
  assert.ok(Math.abs(markX - caretX) < 1, `caret at ${caretX} px, marked character at ${markX} px`);
  assert.is(await page.getAttribute('input[name="integrand"]', "aria-describedby"), "integrand-refusal");
  assert.ok(await page.isDisabled("#run"));
  assert.ok(await page.isDisabled("#scaling"));
  assert.ok(await page.isVisible("#integrand-refusal"));
  assert.match((await page.getAttribute("#heatmap", "class"))!, /stale/);
  await page.screenshot({ path: join(ARTIFACTS, "browser-refusal.png") });

  await input.press("Backspace");
  await page.waitForSelector('input[name="integrand"]:not([aria-invalid])');
  assert.is(await page.isVisible("#integrand-refusal"), false);
  assert.is(await page.isDisabled("#run"), false);
  assert.not.match((await page.getAttribute("#heatmap", "class"))!, /stale/);

  // The domain alike, and a refusal past the end of the text (a missing bound).
  await page.fill('input[name="domain"]', "0,pi,0,");
  await page.waitForSelector('input[name="domain"][aria-invalid="true"]');
  const bound = refusalOf("sin(x+y)", "0,pi,0,");
  assert.is(await page.textContent("#domain-refusal .message"), bound.message);
  assert.is(await page.getAttribute("#domain-refusal", "data-column"), String(bound.column));
  assert.is(await page.textContent("#domain-refusal .caret"), " ".repeat(bound.column - 1) + "^");
  assert.ok(await page.isDisabled("#run"));
  await page.fill('input[name="domain"]', "0,pi,0,pi");
  await page.waitForSelector('input[name="domain"]:not([aria-invalid])');
  assert.is(await page.isDisabled("#run"), false);
  assert.equal(errors, []);
  await page.close();
});

test("typing: every integrand and domain case of test/cases/bad-expressions.json is marked at the kernel's column", async () => {
  assert.is(badDefaults.nx, badDefaults.ny);
  const { page, errors } = await openPage(`${isolated.url}?n=${badDefaults.nx}`);
  await page.waitForSelector("#env .chip:nth-child(2)");
  // A text field holds no line break, and a blank one means the default.
  const cases = badCases.filter((c) => (c.field === "integrand" || c.field === "domain") && c.text.trim() !== "" && !/[\r\n]/.test(c.text));
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  for (const c of cases) {
    const problem = { integrand: c.integrand ?? badDefaults.integrand, domain: c.domain ?? badDefaults.domain, [c.field]: c.text };
    // Leaving a field ("change") checks at once, without the typing delay.
    // (No named function in here: tsx's __name helper does not exist in the page.)
    const shown = await page.evaluate(({ problem, name }) => {
      (document.querySelector('input[name="integrand"]') as HTMLInputElement).value = problem.integrand;
      (document.querySelector('input[name="domain"]') as HTMLInputElement).value = problem.domain;
      const input = document.querySelector(`input[name="${name}"]`) as HTMLInputElement;
      input.dispatchEvent(new Event("change"));
      return {
        invalid: input.getAttribute("aria-invalid"),
        column: document.getElementById(`${name}-refusal`)!.dataset["column"],
        message: document.querySelector(`#${name}-refusal .message`)?.textContent,
        mark: document.querySelector(`#${name}-refusal mark`)?.textContent,
        run: (document.getElementById("run") as HTMLButtonElement).disabled,
      };
    }, { problem, name: c.field });
    const label = `${c.field} ${JSON.stringify(c.text)}`;
    assert.equal([shown.invalid, shown.message, shown.column, shown.run], ["true", c.message, String(c.column), true], label);
    if (c.column >= 1) assert.is(shown.mark, [...c.text][c.column - 1]?.replace(/\t/, " ") ?? " ", label);
  }
  assert.equal(errors, []);
  await page.close();
});

/** The heat map's pixels, (column, row from the top) → [r, g, b]. */
async function heatPixels(page: Page) {
  const { width, height, data } = await page.evaluate(() => {
    const c = document.getElementById("heat") as HTMLCanvasElement;
    return { width: c.width, height: c.height, data: [...c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data] };
  });
  const colours = new Set<string>();
  let opaque = 0;
  for (let o = 0; o < data.length; o += 4) colours.add(data.slice(o, o + 3).join()), (opaque += data[o + 3] === 255 ? 1 : 0);
  return { width, height, colours: colours.size, opaque, at: (i: number, j: number) => data.slice(4 * (j * width + i), 4 * (j * width + i) + 3) };
}

async function heatMapOf(page: Page, integrand: string, domain: string) {
  await page.fill('input[name="integrand"]', integrand);
  await page.fill('input[name="domain"]', domain);
  await page.waitForFunction((t) => document.getElementById("heat-caption")!.textContent === t, `f(x, y) = ${integrand} over ${domain} · 120 × 120 midpoints`);
  return heatPixels(page);
}

const LOW = [68, 1, 84];
const HIGH = [253, 231, 37];
const NON_FINITE = [230, 25, 75];

test("heat map: the kernel's samples, x to the right and y upwards, min/max legend, NaN points marked", async () => {
  const { page, errors } = await openPage(isolated.url);
  await page.waitForSelector("#env .chip:nth-child(2)");
  // The seed's map is drawn on load: every pixel painted, in many colours (sin(x+y) is constant along diagonals).
  const seed = await heatPixels(page);
  assert.equal([seed.width, seed.height, seed.opaque], [120, 120, 14_400]);
  assert.ok(seed.colours > 100, `${seed.colours} colours`);
  // Symmetric in x and y: sample (i, j) is pixel (i, 119 − j), sample (j, i) is pixel (j, 119 − i).
  assert.equal(seed.at(5, 119 - 20), seed.at(20, 119 - 5));
  assert.not.equal(seed.at(5, 119 - 20), seed.at(5, 119 - 60));

  // f = x: a left-to-right gradient, the same in every row.
  const fx = await heatMapOf(page, "x", "0,1,0,1");
  assert.equal([fx.at(0, 60), fx.at(119, 60)], [LOW, HIGH]);
  assert.equal(fx.at(0, 0), fx.at(0, 119));
  assert.equal(fx.at(60, 0), fx.at(60, 119));
  const red = [0, 30, 60, 90, 119].map((i) => fx.at(i, 60)[0]!);
  assert.ok(red.slice(1).every((r, k) => r !== red[k]), `the colour changes along x: ${red}`);
  // The legend: the kernel's smallest and largest sample, as the page rounds them (4 digits), and the bounds.
  const k = nodeKernel.define({ integrand: "x", domain: "0,1,0,1", nx: 2000, ny: 2000 });
  assert.ok(k.ok);
  const samples = nodeKernel.sample(120, 120)!;
  const [min, max] = [Math.min(...samples), Math.max(...samples)];
  assert.equal([await page.getAttribute("#heat", "data-min"), await page.getAttribute("#heat", "data-max")], [String(min), String(max)]);
  assert.equal([await page.textContent("#heat-min"), await page.textContent("#heat-max")], ["0.004167", "0.9958"]);
  assert.equal(await page.$$eval(".heat-x span, .heat-y span", (s) => s.map((e) => e.textContent)), ["1", "y", "0", "0", "x", "1"]);

  // f = y: bottom to top, so y points upwards.
  const fy = await heatMapOf(page, "y", "-pi/2,2,0,1e3");
  assert.equal([fy.at(60, 119), fy.at(60, 0)], [LOW, HIGH]);
  assert.equal(fy.at(0, 30), fy.at(119, 30));
  assert.equal(await page.$$eval(".heat-x span, .heat-y span", (s) => s.map((e) => e.textContent)), ["1000", "y", "0", "-1.571", "x", "2"]);

  // log(x) is NaN for x < 0: the left half in the non-finite colour, counted.
  const fl = await heatMapOf(page, "log(x)", "-1,1,0,1");
  assert.equal([fl.at(0, 0), fl.at(59, 119), fl.at(59, 60)], [NON_FINITE, NON_FINITE, NON_FINITE]);
  assert.not.equal(fl.at(60, 60), NON_FINITE);
  assert.is(await page.textContent("#heat-nonfinite"), "7,200");
  assert.is(await page.getAttribute("#heat", "data-non-finite"), "7200");
  await page.screenshot({ path: join(ARTIFACTS, "browser-heatmap.png") });

  // Running it fails in the kernel's words (the first point that is not finite), and no value is shown.
  await page.fill('input[name="n"]', "200");
  await page.click("#run");
  const { status, record } = await finished(page);
  const failure = await node.integrate({ integrand: "log(x)", domain: "-1,1,0,1", n: 200, workers: 2 }).then(() => "", (e: Error) => e.message);
  assert.is(failure, "integrand is not finite at x = -0.995, y = 0.0025 (value NaN)");
  assert.is(status, "error");
  assert.is(record.error, failure);
  assert.is(await page.textContent("#error"), `The run failed: ${failure}`);
  assert.is(await page.textContent("#lines"), "No result.");
  assert.is(await page.textContent("#table"), "");
  assert.equal(errors, []);
  await page.close();
});

test("any expression: a vectors-expr.json vector typed into the page gives its bits, 'no closed form', its heat map", async () => {
  const v = exprVectors.find((v) => v.integrand === "exp(-(x^2 + y^2))")!;
  assert.is(v.nx, v.ny);
  const { page, errors } = await openPage(`${plain.url}?workers=2`);
  await page.waitForSelector("#env .chip:nth-child(2)");
  await page.fill('input[name="n"]', String(v.nx));
  await page.fill('input[name="integrand"]', v.integrand);
  await page.fill('input[name="domain"]', v.domain_text);
  await page.waitForSelector("#run:not([disabled])");
  await page.click("#run");
  const { status, record } = await finished(page);
  assert.is(status, "done", JSON.stringify(record));
  assert.equal([record.bits, record.integrand, record.exact, record.error], [v.bits.simd, v.integrand, null, null]);
  assert.equal(record.domain, v.domain);
  assert.match((await page.textContent("#lines"))!, /^Integral value is 3\.1\d{5}e\+00, Error is unknown \(no closed form\)\n/);
  const table = Object.fromEntries(await page.$$eval("#table tr", (rows) => rows.map((r) => [r.querySelector("th")!.textContent, r.querySelector("td")!.textContent])));
  assert.equal([table.exact, table.error, table.bits], ["none (no closed form)", "unknown (no closed form)", v.bits.simd]);
  assert.is(await page.textContent("#heat-caption"), `f(x, y) = ${v.integrand} over ${v.domain_text} (the last run) · 120 × 120 midpoints`);
  // e^−(x²+y²): largest at the centre, smallest in the corners.
  const px = await heatPixels(page);
  assert.equal([px.at(0, 0), px.at(119, 119)], [LOW, LOW]);
  assert.equal(px.at(59, 60), HIGH);
  assert.equal(errors, []);
  await page.close();
  // nx ≠ ny, the scalar build and the page's thread, from the address.
  const w = exprVectors.find((v) => v.integrand.startsWith("if(x <= 0.3"))!;
  const { page: p2 } = await openPage(`${isolated.url}?${new URLSearchParams({ integrand: w.integrand, domain: w.domain_text, nx: String(w.nx), ny: String(w.ny), kernel: "scalar", scheme: "serial", run: "1" })}`);
  const r2 = await finished(p2);
  assert.is(r2.status, "done", JSON.stringify(r2.record));
  assert.equal([r2.record.bits, r2.record.nx, r2.record.ny, r2.record.exact], [w.bits.scalar, w.nx, w.ny, null]);
  await p2.close();
});

test("390 px wide: no horizontal overflow of the page — loaded, refusing a long text, after a run and a scaling run", async () => {
  const { page, errors } = await openPage(isolated.url);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForSelector("#env .chip:nth-child(2)");
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.is(await overflow(), 0, "loaded");
  await page.fill('input[name="integrand"]', `${Array.from({ length: 12 }, (_, k) => `sin(${k + 1}*x + y/${k + 1})`).join(" + ")} + (((x`);
  await page.waitForSelector('input[name="integrand"][aria-invalid="true"]');
  assert.is(await overflow(), 0, "refusing a long integrand");
  const box = (await page.locator("#integrand-refusal").boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  await page.fill('input[name="integrand"]', "x*y");
  await page.fill('input[name="n"]', "600");
  await page.fill('input[name="workers"]', "2");
  await page.waitForSelector("#run:not([disabled])");
  await page.click("#run");
  assert.is((await finished(page)).status, "done");
  assert.is(await overflow(), 0, "after a run (record, table)");
  const heat = (await page.locator("#heat").boundingBox())!;
  assert.ok(heat.x >= 0 && heat.x + heat.width <= 390 && heat.width >= 200, JSON.stringify(heat));
  await page.click("#scaling");
  await page.waitForSelector('#scaling-state.ok, #scaling-state.bad', { timeout: 120_000 });
  assert.is(await overflow(), 0, "after a scaling run (charts, table)");
  await page.screenshot({ path: join(ARTIFACTS, "browser-390px.png"), fullPage: true });
  assert.equal(errors, []);
  await page.close();
});

test("the Result panel shows the run in progress, then its outcome (cancelled, failed), never the last record; 390 px screenshots", async () => {
  const { page, errors } = await openPage(isolated.url);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForSelector("#env .chip:nth-child(2)");
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const panel = async () => ({
    lines: (await page.textContent("#lines"))!,
    table: (await page.textContent("#table"))!,
    text: (await page.textContent("#output"))!,
    record: (await page.textContent("#result"))!,
  });
  const runWith = async (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) await page.fill(`input[name="${name}"]`, value);
    await page.waitForSelector("#run:not([disabled])");
    await page.click("#run");
  };
  // A record to go stale: its bits must not be on the page while the next run goes on, nor after it ends without one.
  await runWith({ n: "600", workers: "2" });
  const previous = await finished(page);
  assert.is(previous.status, "done");
  assert.ok((await panel()).table.includes(previous.record.bits));

  await runWith({ n: "40000", workers: "2" });
  await page.waitForFunction(() => [...document.querySelectorAll(".bar-row .rows")].some((e) => e.textContent !== "0 rows"), undefined, { timeout: 30_000 });
  const running = await panel();
  assert.is(running.lines, "Running on 2 workers…");
  assert.is(running.table, "");
  assert.is(running.record, "running…");
  assert.not.ok(running.text.includes(previous.record.bits), running.text);
  assert.is(await page.getAttribute("#result", "data-status"), "running");
  assert.ok(await page.isDisabled("#download"), "no download of the last record while this one runs");
  assert.is(await overflow(), 0, "390 px during a run");
  await page.screenshot({ path: join(ARTIFACTS, "browser-390px-running.png"), fullPage: true });

  await page.click("#cancel");
  assert.is((await finished(page, 10_000)).status, "error");
  const cancelled = await panel();
  assert.is(cancelled.lines, "Cancelled: no result.");
  assert.is(cancelled.table, "");
  assert.match(cancelled.text, /Cancelled\. Every worker of the run was terminated \(0 alive\)\./);
  assert.not.ok(cancelled.text.includes(previous.record.bits) || cancelled.text.includes("Running"), cancelled.text);
  assert.is(await overflow(), 0, "390 px after Cancel");
  await page.screenshot({ path: join(ARTIFACTS, "browser-390px-cancelled.png"), fullPage: true });

  // A run that fails: its reason, no value, nothing of the record before.
  await runWith({ n: "600", workers: "2" });
  assert.is((await finished(page)).status, "done");
  const before = JSON.parse((await panel()).record).bits;
  await runWith({ integrand: "1/(x-0.25)", domain: "0,1,0,1", n: "2" });
  assert.is((await finished(page)).status, "error");
  const failed = await panel();
  assert.is(failed.lines, "No result.");
  assert.is(failed.table, "");
  assert.ok(failed.text.includes("The run failed: integrand is not finite at x = 0.25, y = 0.25 (value Inf)"), failed.text);
  assert.not.ok(failed.text.includes(before), failed.text);
  assert.is(await overflow(), 0, "390 px after a failed run");
  assert.equal(errors, []);
  await page.close();
});

test("scaling run: workers 1..3, same bits, speedup and efficiency charts; screenshot; JSON download", async () => {
  const { page, errors } = await openPage(`${isolated.url}?n=8000&workers=3&run=scaling`);
  const { status, record } = await finished(page, 180_000);
  assert.is(status, "done", JSON.stringify(record));
  const expected = (await node.integrate({ n: 8000, workers: 2 })).bits;
  assert.is(record.bits, expected);
  assert.equal(record.scaling.points.map((p: { workers: number }) => p.workers), [1, 2, 3]);
  for (const p of record.scaling.points) assert.is(p.bits, expected);
  assert.is(record.scaling.same_bits, true);
  assert.is(record.scaling.points[0].speedup, 1);
  // Measured on a warm pool: no worker start-up inside the timed runs.
  assert.ok(record.phases.startup_s < 0.02, `startup ${record.phases.startup_s}`);
  assert.match(record.scaling.method, /warmed once/);
  assert.is(await page.locator("svg.chart").count(), 2);
  assert.is(await page.locator("svg.chart circle").count(), 6);
  assert.is(await page.textContent("#scaling-state"), "same bits for 1…3 workers");
  await page.screenshot({ path: join(ARTIFACTS, "browser-scaling.png"), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.is(download.suggestedFilename(), `integration2d-chromium-8000x8000-threads-3w.json`);
  assert.equal(JSON.parse(readFileSync((await download.path())!, "utf8")), record);
  assert.equal(errors, []);
  await page.close();
});

test("Benchmark button: a schema-valid bench record with Node's bits, which `report` merges with Node's; download; screenshot", async () => {
  const dir = mkdtempSync(join(tmpdir(), "i2d-browser-bench-"));
  try {
    const { page, errors } = await openPage(`${isolated.url}?n=600&workers=2`);
    await page.waitForSelector('select[name="kernel"] option', { state: "attached" });
    await page.fill('input[name="repeat"]', "2");
    await page.click("#bench");
    await page.waitForSelector('#bench-result[data-status="done"], #bench-result[data-status="error"]', { timeout: 180_000, state: "attached" });
    const text = (await page.textContent("#bench-result"))!;
    assert.is(await page.getAttribute("#bench-result", "data-status"), "done", text);
    const record = JSON.parse(text) as BenchRecord;

    // The schema, with the validator `report` and test/bench.test.ts use.
    const schema = JSON.parse(readFileSync(join(ROOT, "bench/record.schema.json"), "utf8")) as JsonSchema;
    assert.equal(checkRecord(record, schema), []);
    assert.is(record.host, "browser");
    assert.is(record.runtime.name, "chromium");
    assert.is(record.runtime.version, chromiumVersion);
    assert.match(record.runtime.user_agent ?? "", /Chrome\//);
    assert.is(record.machine.logical_cores >= 1, true);
    assert.is(record.native, null);
    const wasm = readFileSync(join(ROOT, "dist/kernel/simd.wasm"));
    const asc = (JSON.parse(readFileSync(join(ROOT, "dist/kernel/build.json"), "utf8")) as { assemblyscript: string }).assemblyscript;
    assert.equal(record.runs.map((r) => r.workers), [1, 2]);
    for (const run of record.runs) {
      assert.equal(run.kernel, { build: "simd", sha256: createHash("sha256").update(wasm).digest("hex"), assemblyscript: asc });
      assert.is(run.scheme, "threads");
      assert.is(run.scaling, "strong");
      assert.is(run.warmup, 1);
      assert.equal([run.samples.compile_s.length, run.samples.startup_s.length, run.samples.compute_s.length], [2, 2, 2]);
      assert.equal(run.problem, { integrand: "sin(x+y)", domain: [0, Math.PI, 0, Math.PI], nx: 600, ny: 600 });
      assert.ok(run.bits_identical);
    }

    // Node's bench at the same settings: the same bits, and `report` takes both records.
    const browserFile = join(dir, "browser.json");
    const nodeFile = join(dir, "node.json");
    writeFileSync(browserFile, text);
    const b = cli(["bench", "--n", "600", "--workers", "1,2", "--schemes", "threads", "--kernels", "simd", "--repeat", "2", "--warmup", "1",
      "--min-time", "0", "--scaling", "strong", "--native", "off", "--out", nodeFile], 180_000);
    assert.is(b.code, 0, b.stderr);
    const nodeRecord = JSON.parse(readFileSync(nodeFile, "utf8")) as BenchRecord;
    assert.is(nodeRecord.runs.length, 2);
    for (const run of nodeRecord.runs) {
      const mine = record.runs.find((r) => r.workers === run.workers)!;
      assert.equal(mine.problem, run.problem);
      assert.is(mine.kernel.sha256, run.kernel.sha256);
      assert.is(mine.bits, run.bits, `bits, ${run.workers} workers`);
    }
    const out = join(dir, "report");
    const r = cli(["report", browserFile, nodeFile, "--out", out], 60_000);
    assert.is(r.code, 0, r.stderr + r.stdout);
    const md = readFileSync(join(out, "README.md"), "utf8");
    const rows = md.split("\n").filter((l) => l.includes(`| browser/chromium ${chromiumVersion} | threads | simd |`));
    assert.ok(rows.length >= 2, md);
    assert.not.match(md, /BITS DIFFER/);

    // The download is the same record, under the name the brief gives.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#bench-download")]);
    assert.is(download.suggestedFilename(), "integration2d-bench-chromium.json");
    assert.equal(JSON.parse(readFileSync((await download.path())!, "utf8")), record);
    assert.match((await page.textContent("#bench-state"))!, /same bits for 1…2 workers/);
    await page.screenshot({ path: join(ARTIFACTS, "browser-bench.png"), fullPage: true });
    assert.equal(errors, []);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no bundler: a page imports { integrate } from "integration2d" through an import map (dist/browser/example.html)', async () => {
  const v = vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)")!;
  for (const server of [isolated, plain]) {
    const { page, errors } = await openPage(`${server.url}browser/example.html`);
    await page.waitForSelector('#out[data-status="done"], #out[data-status="error"]', { state: "attached", timeout: 60_000 });
    const record = JSON.parse((await page.textContent("#out"))!);
    assert.is(record.bits, v.bits.simd);
    assert.equal([record.workers, record.runtime.name], [2, "chromium"]);
    assert.equal(errors, []);
    await page.close();
  }
});

test("runtime name and version from other browsers' user-agent strings", async () => {
  // host.ts reads navigator at import; give it a minimal one for this pure function.
  const g = globalThis as unknown as { navigator?: unknown };
  const added = !g.navigator;
  if (added) Object.defineProperty(globalThis, "navigator", { value: { userAgent: "", hardwareConcurrency: 1 }, configurable: true });
  const { browserFromUserAgent } = await import("../host/browser/host.js");
  if (added) delete g.navigator; // the suites that run after this one see Node as it is
  const cases: [string, { name: string; version: string }][] = [
    ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", { name: "firefox", version: "128.0" }],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", { name: "safari", version: "17.4" }],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", { name: "edge", version: "126.0.2592.87" }],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", { name: "chrome", version: "156.0.0.0" }],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", { name: "chromium", version: "156.0.0.0" }],
  ];
  for (const [ua, expected] of cases) assert.equal(browserFromUserAgent(ua), expected, ua);
});

test("the browser bundles create workers in the literal form bundlers recognise", () => {
  for (const file of ["dist/browser/index.js", "dist/browser/page.js"]) {
    const text = readFileSync(join(ROOT, file), "utf8");
    assert.ok(text.includes('new Worker(new URL("./worker.js", import.meta.url), { type: "module" })'), file);
  }
});

test('a bundler resolves "integration2d" to dist/browser/index.js for the browser (package.json "browser" condition)', async () => {
  const esbuild = await import("esbuild");
  const dir = mkdtempSync(join(tmpdir(), "i2d-bundle-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules/integration2d"));
    const r = await esbuild.build({
      stdin: { contents: 'import { integrate } from "integration2d"; console.log(integrate);', resolveDir: dir },
      bundle: true, platform: "browser", format: "esm", write: false, metafile: true, preserveSymlinks: true, logLevel: "silent",
    });
    const inputs = Object.keys(r.metafile.inputs);
    assert.ok(inputs.some((i) => i.endsWith("integration2d/dist/browser/index.js")), inputs.join(", "));
    assert.not.ok(inputs.some((i) => i.includes("dist/node/")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("serve: isolation headers, application/wasm, no listing, no traversal, GET/HEAD only", async () => {
  const page = await rawGet(isolated.url, "/");
  assert.is(page.status, 200);
  assert.match(page.head, /\r\nCross-Origin-Opener-Policy: same-origin\r\n/i);
  assert.match(page.head, /\r\nCross-Origin-Embedder-Policy: require-corp\r\n/i);
  assert.match(page.head, /\r\nContent-Type: text\/html/i);
  const wasm = await rawGet(isolated.url, "/kernel/simd.wasm");
  assert.is(wasm.status, 200);
  assert.match(wasm.head, /\r\nContent-Type: application\/wasm\r\n/i);
  assert.match((await rawGet(isolated.url, "/browser/worker.js")).head, /\r\nContent-Type: text\/javascript/i);
  for (const path of ["/browser/", "/kernel", "/kernel/", "/../package.json", "/%2e%2e/package.json", "/..%2fpackage.json",
    "/browser/..%2f..%2fpackage.json", "/browser/../../package.json", "/%2e%2e%2f%2e%2e%2fetc/passwd", "/../../../../etc/passwd", "/.git/HEAD"]) {
    const r = await rawGet(isolated.url, path);
    assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
  }
  assert.is((await rawGet(isolated.url, "/", "POST")).status, 405);
  const open = await rawGet(plain.url, "/");
  assert.is(open.status, 200);
  assert.not.match(open.head, /Cross-Origin-Opener-Policy|Cross-Origin-Embedder-Policy/i);
});

test("serve: 127.0.0.1 only by default; bad options exit 2 with one line; Ctrl-C stops it", async () => {
  assert.match(isolated.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const { port } = new URL(isolated.url);
  const outside = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
  if (outside) {
    const reached = await new Promise<boolean>((resolve) => {
      const s = connect(Number(port), outside.address, () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    assert.is(reached, false, `reachable on ${outside.address}`);
  }
  for (const [args, message] of [
    [["--port", "abc"], `option -p/--port must be an integer from 0 to 65535 (got "abc")`],
    [["--port", "70000"], `option -p/--port must be an integer from 0 to 65535 (got "70000")`],
    [["--bogus"], "unknown option --bogus (see --help)"],
    [["--port", port], `cannot listen on 127.0.0.1:${port}: EADDRINUSE (another port: --port P, or --port 0 for a free one)`],
    [["--host", "203.0.113.9", "--port", "0"], "cannot listen on 203.0.113.9:0: EADDRNOTAVAIL"],
  ] as const) {
    const r = cli(["serve", ...args], 10_000);
    assert.is(r.code, 2, args.join(" "));
    assert.is(r.stderr, `integration2d: ${message}\n`);
  }
  const s = await startServer();
  const { code, stdout } = await s.stop();
  assert.is(code, 0);
  assert.match(stdout, /stopped\n$/);
});

test.run();
