// The page (dist/index.html): a form over the browser library whose integrand and domain the kernel checks while
// they are typed (its refusal marked at its column), a heat map of f sampled by the kernel, a live bar per worker,
// the seed's lines and a result table, a scaling run drawn as speedup / efficiency charts, and the run's JSON
// record in #result
// (data-status="done" | "error") so scripts can drive the page through its address:
//   /?n=2000&workers=2&integrand=sin(x)*cos(y)&run=1        (run=scaling for a scaling run, run=bench&repeat=3 for a
//   benchmark, whose record — bench/record.schema.json, built in ./bench.ts — goes to #bench-result)

import { UsageError } from "../core/errors.js";
import type { BenchRecord } from "../core/bench-record.js";
import { instantiateKernel, type Kernel } from "../core/kernel.js";
import { DEFAULT_DOMAIN, DEFAULT_INTEGRAND } from "../core/options.js";
import { humanLines, type ResultRecord } from "../core/record.js";
import { runBrowserBench } from "./bench.js";
import { axisNumber, NON_FINITE_CSS, paintHeatMap, scaleGradient } from "./heatmap.js";
import { browserHost, sharedMemoryAvailable } from "./host.js";
import { escapeHtml } from "./html.js";
import { createPool, kernel, resolve, type IntegrateOptions, type Problem } from "./index.js";
import { clearRefusal, showRefusal } from "./refusal.js";

// ---- the page's elements --------------------------------------------------------------------------------

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("form");
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
const runButton = $<HTMLButtonElement>("run");
const scalingButton = $<HTMLButtonElement>("scaling");
const benchButton = $<HTMLButtonElement>("bench");
const benchDownload = $<HTMLButtonElement>("bench-download");
const benchResultEl = $<HTMLPreElement>("bench-result");
const cancelButton = $<HTMLButtonElement>("cancel");
const downloadButton = $<HTMLButtonElement>("download");
const resultEl = $<HTMLPreElement>("result");
const stateEl = $("state");
const barsEl = $("bars");
const errorEl = $("error");
const linesEl = $("lines");
const tableEl = $<HTMLTableElement>("table");

const FIELDS = ["n", "workers", "scheme", "kernel", "integrand", "domain"] as const;
/** Options only the address can set (not in the form). */
const ADDRESS_ONLY = ["nx", "ny"] as const;

const transport = () => (sharedMemoryAvailable() ? "shared" : "messages");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- measurement: let the fresh page settle, then discard one warm-up run --------------------------------

interface Measurement {
  /** ms after navigation start at which the first measured run began. */
  settled_at_ms: number;
  warmup: { n: number; workers: number; time_s: number } | null;
  note: string;
}
let measurement: Promise<Measurement> | undefined;

/** A freshly loaded page keeps a core busy for a few hundred ms (parsing, compiling, the browser's own
 *  start-up work); measuring then would charge that to the kernel. Wait for load, for at least 1.5 s after
 *  navigation and for the page's thread to be quiet (timers on time), then run once at a small n and discard it
 *  (workers, wasm compilation and the JIT warmed). Done once per page; every record says so. */
function settle(p: Problem): Promise<Measurement> {
  return (measurement ??= (async () => {
    if (document.readyState !== "complete") await new Promise((r) => addEventListener("load", r, { once: true }));
    let quiet = 0;
    while (quiet < 3 || performance.now() < 1500) {
      const t = performance.now();
      await sleep(50);
      quiet = performance.now() - t - 50 < 8 ? quiet + 1 : 0;
      if (performance.now() > 5000) break;
    }
    const settled_at_ms = Math.round(performance.now());
    let warmup: Measurement["warmup"] = null;
    if (p.scheme !== "serial") {
      const n = Math.min(p.nx, 1000);
      const pool = await createPool({ scheme: p.scheme, kernel: p.kernel, workers: p.workers });
      try {
        const r = await pool.integrate({ n, workers: p.workers, integrand: p.integrand, domain: p.domainText });
        warmup = { n, workers: r.workers, time_s: r.time_s };
      } catch {
        // An integrand that is not finite fails the warm-up too, at other points (its n is smaller): the measured
        // run reports its own failure, and the next problem gets a warm-up.
        measurement = undefined;
        return { settled_at_ms, warmup: null, note: `measured after the page settled (${settled_at_ms} ms after navigation, main thread quiet); the warm-up run failed` };
      } finally {
        pool.close();
      }
    }
    return {
      settled_at_ms,
      warmup,
      note: `measured after the page settled (${settled_at_ms} ms after navigation, main thread quiet)` +
        (warmup ? ` and one discarded warm-up run (n ${warmup.n}, ${warmup.workers} workers)` : ""),
    };
  })());
}

// ---- the environment line ---------------------------------------------------------------------------------

function showEnvironment(meta: { abi: number }) {
  const rt = browserHost.runtime;
  const chips = [
    `${rt.name} ${rt.version}`,
    `${browserHost.cores} logical cores`,
    sharedMemoryAvailable() ? "cross-origin isolated · SharedArrayBuffer + Atomics" : "not isolated · results by postMessage",
    `kernel ABI ${meta.abi} · ${browserHost.kernels[0]}`,
  ];
  $("env").innerHTML = chips.map((c, i) => `<span class="chip${i === 2 ? (sharedMemoryAvailable() ? " ok" : " warn") : ""}">${escapeHtml(c)}</span>`).join("");
}

// ---- options from the address and the form ----------------------------------------------------------------

const address = new URLSearchParams(location.search);

/** Sets a form field from the address; a select gets an option for an unknown value so the library, not the
 *  browser, judges it (and says what is allowed). */
function setField(name: string, value: string) {
  const el = field(name);
  if (el instanceof HTMLSelectElement && ![...el.options].some((o) => o.value === value)) el.add(new Option(value, value));
  el.value = value;
}

/** The texts the kernel reads, as typed (not trimmed: its columns count from the field's first character). */
const EXPRESSIONS: readonly string[] = ["integrand", "domain"];

function formOptions(): IntegrateOptions {
  const o: Record<string, string> = {};
  for (const name of FIELDS) {
    const raw = field(name).value;
    if (raw.trim() !== "") o[name] = EXPRESSIONS.includes(name) ? raw : raw.trim();
  }
  for (const name of ADDRESS_ONLY) {
    const v = address.get(name);
    if (v !== null) o[name] = v;
  }
  return o;
}

// ---- the kernel checks the problem while it is typed, and samples f for the heat map ----------------------

/** The page's own instance: define() holds a problem and sample() writes into its buffer, so no run shares it. */
let checker: Kernel | undefined;
/** The form's problem as the kernel last judged it: Run is disabled while it is refused. */
let refused = false;
let busy = false;
const CHECK_DELAY_MS = 120;
const HEAT_GRID = 120;
let checkTimer: ReturnType<typeof setTimeout> | undefined;

const refusalNote = (name: string) => $(`${name}-refusal`);

/** A cell count as the run would read it, to check the domain against the run's grid (−7: hx·hy); else 1. */
function cellsOr1(raw: string | null): number | undefined {
  const v = raw !== null && /^[ \t\n\r]*\+?[0-9]+[ \t\n\r]*$/.test(raw) ? Number(raw) : NaN;
  return v >= 1 && v <= (checker?.meta.maxCells ?? 0) ? v : undefined;
}

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkForm, CHECK_DELAY_MS);
}

/** define() on the form's texts: a refusal is marked at its column under its field, an accepted problem drawn. */
function checkForm() {
  clearTimeout(checkTimer);
  if (!checker) return;
  const o = formOptions();
  const n = cellsOr1(field("n").value) ?? 1;
  const problem = {
    integrand: (o.integrand as string | undefined) ?? DEFAULT_INTEGRAND,
    domain: (o.domain as string | undefined) ?? DEFAULT_DOMAIN,
    nx: cellsOr1(address.get("nx")) ?? n,
    ny: cellsOr1(address.get("ny")) ?? n,
  };
  const d = checker.define(problem);
  for (const name of EXPRESSIONS) clearRefusal(field(name) as HTMLInputElement, refusalNote(name));
  refused = !d.ok;
  updateButtons();
  if (!d.ok) {
    // nx and ny come from n (or the address): a refusal of theirs is marked on n, without a column.
    const name = d.field === "integrand" || d.field === "domain" ? d.field : "n";
    const note = name === "n" ? refusalNote("domain") : refusalNote(name);
    showRefusal(field(name) as HTMLInputElement, note, name === "n" ? 0 : d.column, d.message);
    $("heatmap").classList.add("stale");
    $("heat-caption").textContent = "f(x, y): the problem is refused (the map is the last one accepted)";
    return;
  }
  drawHeatMap(problem.integrand, problem.domain, d.bounds);
}

/** f at HEAT_GRID² midpoints over the domain, from the checker instance just defined. */
function drawHeatMap(integrand: string, domain: string, bounds: readonly number[], caption = "") {
  const values = checker!.sample(HEAT_GRID, HEAT_GRID);
  if (!values) return;
  const canvas = $<HTMLCanvasElement>("heat");
  const stats = paintHeatMap(canvas, values, HEAT_GRID, HEAT_GRID);
  Object.assign(canvas.dataset, { min: String(stats.min), max: String(stats.max), nonFinite: String(stats.nonFinite) });
  $("heatmap").classList.remove("stale");
  $("heat-caption").textContent = `f(x, y) = ${integrand} over ${domain}${caption} · ${HEAT_GRID} × ${HEAT_GRID} midpoints`;
  const [ax, bx, ay, by] = bounds.map(axisNumber);
  Object.entries({ ax, bx, ay, by, min: axisNumber(stats.min), max: axisNumber(stats.max) }).forEach(([k, v]) => ($(`heat-${k}`).textContent = v!));
  $("heat-nonfinite").textContent = stats.nonFinite.toLocaleString("en");
  $("heat-points").textContent = values.length.toLocaleString("en");
  $("heatmap").classList.toggle("has-nonfinite", stats.nonFinite > 0);
}

/** After a run: the map of the problem that ran (the form may have been edited meanwhile). */
function drawRunHeatMap(p: Problem) {
  const d = checker?.define({ integrand: p.integrand, domain: p.domainText, nx: p.nx, ny: p.ny });
  if (d?.ok) drawHeatMap(p.integrand, p.domainText, d.bounds, " (the last run)");
}

function updateButtons() {
  runButton.disabled = scalingButton.disabled = benchButton.disabled = busy || refused;
  cancelButton.disabled = !busy;
}

// ---- progress bars ----------------------------------------------------------------------------------------

let bars: { fill: HTMLElement; label: HTMLElement }[] = [];

function makeBars(p: Problem) {
  const count = p.scheme === "serial" ? 1 : p.workers;
  barsEl.innerHTML = "";
  $("overall").textContent = "";
  bars = Array.from({ length: count }, (_, k) => {
    const row = document.createElement("div");
    row.className = "bar-row";
    row.innerHTML = `<span class="who">${p.scheme === "serial" ? "page thread" : `worker ${k}`}</span>` +
      `<span class="bar" role="progressbar" aria-label="${p.scheme === "serial" ? "page thread" : `worker ${k}`}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">` +
      `<span class="fill" style="--hue:${(205 + k * 47) % 360}"></span></span><span class="rows">0 rows</span>`;
    barsEl.append(row);
    return { fill: row.querySelector(".fill") as HTMLElement, label: row.querySelector(".rows") as HTMLElement };
  });
}

let pendingProgress: { perWorker: number[]; rows: number } | undefined;
/** performance.now() when the measured run's workers were asked to start. */
let runStarted = 0;
function showProgress(p: { perWorker: number[]; rows: number }) {
  if (!pendingProgress) requestAnimationFrame(drawProgress);
  pendingProgress = p;
}
function drawProgress() {
  const p = pendingProgress;
  pendingProgress = undefined;
  if (!p) return;
  const share = p.rows / Math.max(1, bars.length);
  const done = p.perWorker.reduce((a, b) => a + b, 0);
  $("overall").textContent = `${done.toLocaleString("en")} of ${p.rows.toLocaleString("en")} rows · ${Math.floor((100 * done) / p.rows)} %` +
    (runStarted ? ` · ${((performance.now() - runStarted) / 1e3).toFixed(1)} s` : "");
  p.perWorker.forEach((done, k) => {
    const bar = bars[k];
    if (!bar) return;
    const pct = Math.min(100, (100 * done) / Math.max(share, done, 1));
    bar.fill.style.width = `${pct}%`;
    bar.fill.parentElement!.setAttribute("aria-valuenow", String(Math.round(pct)));
    bar.label.textContent = `${done.toLocaleString("en")} rows`;
  });
}

function endBars(how: "done" | "stopped") {
  drawProgress();
  for (const b of bars) b.fill.parentElement!.classList.add(how);
}

// ---- one run ----------------------------------------------------------------------------------------------

interface Current {
  controller: AbortController;
  pool?: { alive: number; close(): void };
}
let current: Current | undefined;
let lastRecord: unknown;

type PageRecord = ResultRecord & { transport: string; cross_origin_isolated: boolean; measurement: Measurement };

async function measuredRun(o: IntegrateOptions, p: Problem, progress: boolean): Promise<PageRecord> {
  const m = await settle(p);
  if (current!.controller.signal.aborted) throw current!.controller.signal.reason;
  const pool = await createPool({ scheme: p.scheme, kernel: p.kernel, workers: p.workers });
  current!.pool = pool;
  runStarted = performance.now();
  linesEl.textContent = `Running on ${p.scheme === "serial" ? "the page's thread" : `${p.workers} worker${p.workers === 1 ? "" : "s"}`}…`;
  if (stateEl.textContent === "settling…") stateEl.textContent = `running · ${p.workers} ${p.scheme === "serial" ? "thread" : "workers"}`;
  // A pool has one scheme and kernel: the run takes the rest of the options.
  const { scheme: _scheme, kernel: _kernel, ...run } = o;
  try {
    const r = await pool.integrate({
      ...run,
      workers: p.workers,
      signal: current!.controller.signal,
      onProgress: progress ? showProgress : undefined,
    });
    return { ...r, transport: p.scheme === "serial" ? "none (page thread)" : transport(), cross_origin_isolated: globalThis.crossOriginIsolated === true, measurement: m };
  } finally {
    pool.close();
  }
}

function setBusy(on: boolean) {
  busy = on;
  updateButtons();
  document.body.classList.toggle("busy", on);
}

function publish(status: "done" | "error", record: unknown) {
  lastRecord = record;
  resultEl.textContent = JSON.stringify(record, null, 2);
  resultEl.dataset["status"] = status;
  downloadButton.disabled = status !== "done";
}

/** The form field a UsageError's option names (CLI spelling → field), to mark it. */
const FIELD_OF: Record<string, string> = {
  "-n/--n": "n", "--nx": "n", "--ny": "n", "-w/--workers": "workers", "-s/--scheme": "scheme", "-k/--kernel": "kernel",
  "-f/--integrand": "integrand", "-d/--domain": "domain", "-r/--repeat": "repeat",
};

function showError(e: unknown, p?: Problem) {
  const bad = e instanceof UsageError ? FIELD_OF[e.option] : undefined;
  if (bad) field(bad).classList.add("invalid");
  const cancelled = current?.controller.signal.aborted === true;
  const message = e instanceof Error ? e.message : String(e);
  const alive = current?.pool?.alive ?? 0;
  errorEl.hidden = false;
  errorEl.innerHTML = cancelled
    ? `<strong>Cancelled.</strong> Every worker of the run was terminated (${alive} alive).`
    : `<strong>${e instanceof UsageError ? "Check the options" : "The run failed"}:</strong> ${escapeHtml(message)}`;
  stateEl.textContent = cancelled ? `cancelled · ${p?.scheme === "serial" ? "page thread stopped" : `${bars.length} workers terminated, ${alive} alive`}` : "error";
  stateEl.className = "state bad";
  // No value: what an earlier run showed would read as this one's.
  linesEl.textContent = cancelled ? "Cancelled: no result." : "No result.";
  tableEl.innerHTML = "";
  endBars("stopped");
  publish("error", {
    error: message,
    ...(e instanceof UsageError ? { option: e.option } : {}),
    cancelled,
    workers_alive: alive,
  });
}

function showRecord(r: PageRecord) {
  linesEl.textContent = humanLines(r).join("\n");
  const rows: [string, string][] = [
    ["value", String(r.value)],
    ["bits", r.bits],
    ["exact", r.exact === null ? "none (no closed form)" : String(r.exact)],
    ["error", r.exact === null ? "unknown (no closed form)" : String(r.error)],
    ["integrand", `${r.integrand} on [${r.domain[0]}, ${r.domain[1]}] × [${r.domain[2]}, ${r.domain[3]}]`],
    ["grid", `${r.nx.toLocaleString("en")} × ${r.ny.toLocaleString("en")} cells`],
    ["scheme", `${r.scheme}, ${r.workers} worker${r.workers === 1 ? "" : "s"}, ${r.transport}`],
    ["kernel", r.kernel],
    ["time", `${r.time_s.toFixed(3)} s (startup ${r.phases.startup_s.toFixed(3)} s, compute ${r.phases.compute_s.toFixed(3)} s)`],
    ["runtime", `${r.runtime.name} ${r.runtime.version}`],
  ];
  tableEl.innerHTML = rows.map(([k, v]) => `<tr><th>${k}</th><td${k === "bits" ? ' class="mono"' : ""}>${escapeHtml(v)}</td></tr>`).join("");
}

async function start(kind: "run" | "scaling" | "bench") {
  if (current) return;
  current = { controller: new AbortController() };
  errorEl.hidden = true;
  for (const name of [...FIELDS, "repeat"]) field(name).classList.remove("invalid");
  setBusy(true);
  stateEl.className = "state";
  // From now on the Result panel and the record are this run's: what the last one showed would read as its result.
  tableEl.innerHTML = "";
  linesEl.textContent = "Starting…";
  resultEl.dataset["status"] = "running";
  resultEl.textContent = "running…";
  lastRecord = undefined;
  downloadButton.disabled = true;
  let p: Problem | undefined;
  try {
    const o = formOptions();
    if (kind !== "run" && o.scheme === "serial") o.scheme = "threads";
    const repeat = kind === "bench" ? benchRepeat() : undefined;
    p = await resolve(o);
    history.replaceState(null, "", `?${new URLSearchParams({
      ...(o as Record<string, string>),
      ...(repeat === undefined ? {} : { repeat: String(repeat) }),
      run: kind === "run" ? "1" : kind,
    })}`);
    if (kind === "run") {
      makeBars(p);
      stateEl.textContent = "settling…";
      linesEl.textContent = measurement ? "Running…" : "Letting the fresh page settle and warming up, then running…";
      const r = await measuredRun(o, p, true);
      endBars("done");
      stateEl.textContent = `done in ${r.time_s.toFixed(3)} s`;
      stateEl.className = "state ok";
      showRecord(r);
      publish("done", r);
      drawRunHeatMap(p);
    } else if (kind === "scaling") {
      await scaling(o, p);
    } else {
      await benchmark(p, repeat!);
    }
  } catch (e) {
    showError(e, p);
    if (kind === "bench") publishBench("error", { error: e instanceof Error ? e.message : String(e), cancelled: current?.controller.signal.aborted === true });
  } finally {
    current = undefined;
    setBusy(false);
  }
}

// ---- benchmark: the record `integration2d report` reads (sweep in ./bench.ts) ------------------------------

const BENCH_WARMUP = 1;
let benchRecord: BenchRecord | undefined;

function benchRepeat(): number {
  const raw = field("repeat").value.trim() || "3";
  const v = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(v >= 1 && v <= 100)) throw new UsageError("-r/--repeat", `option -r/--repeat must be an integer from 1 to 100 (got ${JSON.stringify(raw)})`);
  return v;
}

function publishBench(status: "done" | "error", record: unknown) {
  benchRecord = status === "done" ? (record as BenchRecord) : undefined;
  benchResultEl.textContent = JSON.stringify(record, null, 2);
  benchResultEl.dataset["status"] = status;
  benchDownload.disabled = status !== "done";
  if (status === "error") {
    $("bench-state").textContent = "failed";
    $("bench-state").className = "state bad";
  }
}

/** Threads, workers 1..N (N = the form's workers), the form's n, kernel, integrand and domain. */
async function benchmark(p: Problem, repeat: number) {
  $("bench-card").hidden = false;
  const state = $("bench-state");
  const bar = $<HTMLProgressElement>("bench-progress");
  state.className = "state";
  state.textContent = "settling…";
  benchResultEl.dataset["status"] = "running";
  benchResultEl.textContent = "";
  benchDownload.disabled = true;
  $("bench-table").innerHTML = "";
  linesEl.textContent = `Benchmark: threads, workers 1…${p.workers}, ${p.nx.toLocaleString("en")} × ${p.ny.toLocaleString("en")} cells, ` +
    `${BENCH_WARMUP} warm-up and ${repeat} samples per phase.`;
  await settle(p);
  let shown = 0;
  const record = await runBrowserBench({
    problem: p,
    repeat,
    warmup: BENCH_WARMUP,
    signal: current!.controller.signal,
    onStep(label, fraction, w) {
      if (w !== shown) makeBars({ ...p, workers: (shown = w) });
      state.textContent = label;
      stateEl.textContent = `benchmark · ${w} worker${w === 1 ? "" : "s"}`;
      bar.value = fraction;
      runStarted = performance.now();
    },
    onProgress: showProgress,
    onPool: (pool) => (current!.pool = pool),
  });
  endBars("done");
  const same = record.runs.every((r) => r.bits_identical && r.bits === record.runs[0]!.bits);
  state.textContent = same ? `done · same bits for 1…${p.workers} workers` : "BITS DIFFER: a bug";
  state.className = `state ${same ? "ok" : "bad"}`;
  stateEl.textContent = "benchmark done";
  stateEl.className = "state ok";
  $("bench-table").innerHTML = `<tr><th>workers</th><th>compute median (s)</th><th>ns/eval/core</th><th>start-up median (s)</th><th>compile median (ms)</th><th>bits</th></tr>` +
    record.runs.map((r) => `<tr><td>${r.workers}</td><td>${r.summary.compute_s.median.toFixed(4)}</td><td>${r.ns_per_eval_core.toFixed(2)}</td>` +
      `<td>${r.summary.startup_s?.median.toFixed(4) ?? "–"}</td><td>${r.summary.compile_s ? (r.summary.compile_s.median * 1e3).toFixed(1) : "–"}</td>` +
      `<td class="mono">${r.bits}${r.bits_identical ? "" : " (varied)"}</td></tr>`).join("");
  linesEl.textContent = `Benchmark done: ${record.runs.length} runs on ${record.runtime.name} ${record.runtime.version}. ` +
    `Download the record and merge it: integration2d report results/*.json integration2d-bench-${record.runtime.name}.json --out report/`;
  publishBench("done", record);
}

// ---- scaling: workers 1..N, speedup and efficiency against the ideal ---------------------------------------

interface Point {
  workers: number;
  time_s: number;
  speedup: number;
  efficiency: number;
  bits: string;
}

const REPEATS = 2;

/** Scaling measures the parallel part: one pool of N workers is started and warmed once, then every worker count
 *  1..N runs on the first w of them (best of REPEATS), so worker start-up and wasm compilation, which a single run
 *  pays in full, do not hide the speedup. The record says so. */
async function scaling(o: IntegrateOptions, p: Problem) {
  const top = Math.max(2, p.workers);
  const card = $("scaling-card");
  card.hidden = false;
  const state = $("scaling-state");
  state.className = "state";
  state.textContent = "settling…";
  const points: Point[] = [];
  let last: PageRecord | undefined;
  linesEl.textContent = `Scaling run: ${p.scheme}, workers 1…${top}, ${p.nx.toLocaleString("en")} × ${p.ny.toLocaleString("en")} cells; ` +
    `the fastest run of ${top} workers comes here when it ends.`;
  const m = await settle({ ...p, workers: top });
  const signal = current!.controller.signal;
  if (signal.aborted) throw signal.reason;
  const pool = await createPool({ scheme: p.scheme, kernel: p.kernel, workers: top });
  current!.pool = pool;
  const { scheme: _s, kernel: _k, ...problem } = o;
  try {
    state.textContent = `starting ${top} workers`;
    const warmN = Math.min(p.nx, 1000);
    // A failing integrand fails here at other points than at n: the first measured run says it in its own words.
    await pool.integrate({ n: warmN, integrand: p.integrand, domain: p.domainText, workers: top, signal }).catch(() => {});
    for (let w = 1; w <= top; w++) {
      makeBars({ ...p, workers: w });
      let best: PageRecord | undefined;
      for (let k = 0; k < REPEATS; k++) {
        state.textContent = `${w} of ${top} worker counts · run ${k + 1} of ${REPEATS}`;
        stateEl.textContent = `scaling · ${w} worker${w === 1 ? "" : "s"}`;
        runStarted = performance.now();
        const r = await pool.integrate({ ...problem, workers: w, signal, onProgress: showProgress });
        const record: PageRecord = { ...r, transport: transport(), cross_origin_isolated: globalThis.crossOriginIsolated === true, measurement: m };
        if (!best || record.time_s < best.time_s) best = record;
      }
      endBars("done");
      last = best!;
      const t1 = points[0]?.time_s ?? last.time_s;
      points.push({ workers: w, time_s: last.time_s, speedup: t1 / last.time_s, efficiency: t1 / last.time_s / w, bits: last.bits });
      drawScaling(points, top);
    }
    const same = points.every((q) => q.bits === points[0]!.bits);
    state.textContent = same ? `same bits for 1…${top} workers` : "BITS DIFFER between worker counts: a bug";
    state.className = `state ${same ? "ok" : "bad"}`;
    stateEl.textContent = "scaling done";
    stateEl.className = "state ok";
    showRecord(last!);
    publish("done", {
      ...last!,
      scaling: {
        points,
        method: `one pool of ${top} workers started and warmed once (discarded run at n ${warmN}); each worker count runs on ` +
          `the first w of them, best of ${REPEATS} runs; time_s = rows summed and combined (no worker start-up)`,
        same_bits: same,
      },
    });
  } finally {
    pool.close();
  }
}

function drawScaling(points: Point[], top: number) {
  const cores = browserHost.cores;
  const maxSpeed = Math.max(top, ...points.map((q) => q.speedup));
  $("charts").innerHTML =
    chart({
      title: "Speedup  T(1 worker) / T(n workers)",
      top,
      yMax: Math.ceil(maxSpeed * 1.15 * 2) / 2,
      ideal: (w) => w,
      idealLabel: "ideal (linear)",
      value: (q) => q.speedup,
      label: (q) => `${q.speedup.toFixed(2)}×`,
      yTick: (v) => `${v}×`,
      points,
      cores,
      hue: 212,
    }) +
    chart({
      title: "Efficiency  speedup / workers",
      top,
      yMax: 1.2,
      ideal: () => 1,
      idealLabel: "ideal 100 %",
      value: (q) => q.efficiency,
      label: (q) => `${Math.round(q.efficiency * 100)} %`,
      yTick: (v) => `${Math.round(v * 100)} %`,
      points,
      cores,
      hue: 152,
    });
  const t = $<HTMLTableElement>("scaling-table");
  t.innerHTML = `<tr><th>workers</th><th>time (s)</th><th>speedup</th><th>efficiency</th><th>bits</th></tr>` +
    points.map((q) => `<tr><td>${q.workers}</td><td>${q.time_s.toFixed(3)}</td><td>${q.speedup.toFixed(2)}×</td>` +
      `<td>${Math.round(q.efficiency * 100)} %</td><td class="mono">${q.bits}${q.bits === points[0]!.bits ? ' <span class="same">✓ same</span>' : ' <span class="differ">differs</span>'}</td></tr>`).join("");
}

interface ChartSpec {
  title: string;
  top: number;
  yMax: number;
  ideal(w: number): number;
  idealLabel: string;
  value(q: Point): number;
  label(q: Point): string;
  yTick(v: number): string;
  points: Point[];
  cores: number;
  hue: number;
}

function chart(s: ChartSpec): string {
  const W = 520, H = 330, L = 56, R = 18, T = 64, B = 46;
  const pad = 22;
  const x = (w: number) => L + pad + ((w - 1) / Math.max(1, s.top - 1)) * (W - L - R - 2 * pad);
  const y = (v: number) => T + (1 - v / s.yMax) * (H - T - B);
  const ticks = niceTicks(s.yMax);
  const grid = ticks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" class="grid"/>` +
    `<text x="${L - 8}" y="${y(v) + 4}" class="tick" text-anchor="end">${s.yTick(v)}</text>`).join("");
  const xs = Array.from({ length: s.top }, (_, i) => i + 1);
  const xTicks = xs.map((w) => `<text x="${x(w)}" y="${H - B + 18}" class="tick" text-anchor="middle">${w}</text>`).join("");
  const idealPath = xs.length === 1 ? "" : `<polyline points="${xs.map((w) => `${x(w)},${y(Math.min(s.ideal(w), s.yMax))}`).join(" ")}" class="ideal"/>`;
  const coreLine = s.cores >= 1 && s.cores < s.top
    ? `<line x1="${x(s.cores)}" x2="${x(s.cores)}" y1="${T}" y2="${H - B}" class="cores"/><text x="${x(s.cores) + 5}" y="${T + 12}" class="tick">${s.cores} cores</text>`
    : "";
  const pts = s.points.map((q) => [x(q.workers), y(Math.min(s.value(q), s.yMax))] as const);
  const line = pts.length > 1 ? `<polyline points="${pts.map(([a, b]) => `${a},${b}`).join(" ")}" class="measured" style="stroke:hsl(${s.hue} 70% 45%)"/>` : "";
  const dots = pts.map(([a, b], i) => `<circle cx="${a}" cy="${b}" r="5" style="fill:hsl(${s.hue} 70% 45%)"/>` +
    `<text x="${a}" y="${b - 11}" class="label" text-anchor="middle">${s.label(s.points[i]!)}</text>`).join("");
  return `<svg viewBox="0 0 ${W} ${H}" class="chart" role="img" aria-label="${s.title}">
    <text x="${L}" y="22" class="title">${s.title}</text>
    <g class="legend" transform="translate(${L + 2}, 42)">
      <line x1="0" x2="22" y1="0" y2="0" class="ideal"/><text x="28" y="4">${s.idealLabel}</text>
      <line x1="110" x2="132" y1="0" y2="0" class="measured" style="stroke:hsl(${s.hue} 70% 45%)"/><text x="138" y="4">measured</text>
    </g>
    ${grid}${coreLine}
    <line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" class="axis"/>
    <line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" class="axis"/>
    ${xTicks}<text x="${(L + W - R) / 2}" y="${H - 8}" class="axis-label" text-anchor="middle">workers</text>
    ${idealPath}${line}${dots}
  </svg>`;
}

function niceTicks(max: number): number[] {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

// ---- wiring -----------------------------------------------------------------------------------------------

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void start("run");
});
scalingButton.addEventListener("click", () => void start("scaling"));
benchButton.addEventListener("click", () => void start("bench"));
benchDownload.addEventListener("click", () => {
  if (!benchRecord) return;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([JSON.stringify(benchRecord, null, 2) + "\n"], { type: "application/json" }));
  a.download = `integration2d-bench-${benchRecord.runtime.name}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
cancelButton.addEventListener("click", () => current?.controller.abort(new Error("cancelled by the user")));
downloadButton.addEventListener("click", () => {
  if (!lastRecord) return;
  const r = lastRecord as ResultRecord;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([JSON.stringify(lastRecord, null, 2) + "\n"], { type: "application/json" }));
  a.download = `integration2d-${r.runtime.name}-${r.nx}x${r.ny}-${r.scheme}-${r.workers}w.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

async function init() {
  try {
    const k = await kernel();
    const suggestions = $<HTMLDataListElement>("integrands");
    for (const name of k.meta.integrands) suggestions.append(new Option(name, name));
    checker = instantiateKernel(await WebAssembly.compile((await browserHost.wasmBytes(browserHost.kernels[0]!)) as Uint8Array<ArrayBuffer>));
    $("heat-scale").style.background = scaleGradient();
    document.querySelector<HTMLElement>(".heat-nonfinite .swatch")!.style.background = NON_FINITE_CSS;
    const kernelSelect = field("kernel") as HTMLSelectElement;
    for (const v of browserHost.kernels) kernelSelect.add(new Option(v, v));
    (field("workers") as HTMLInputElement).placeholder = String(browserHost.cores);
    $("workers-hint").textContent = `default ${browserHost.cores} (cores)`;
    showEnvironment(k.meta);
  } catch (e) {
    errorEl.hidden = false;
    errorEl.textContent = `The kernel could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    publish("error", { error: errorEl.textContent });
    return;
  }
  for (const name of [...FIELDS, "repeat"]) {
    const v = address.get(name);
    if (v !== null) setField(name, v);
  }
  for (const name of ["integrand", "domain", "n"]) {
    field(name).addEventListener("input", scheduleCheck);
    // Leaving the field (or a suggestion picked) checks at once.
    field(name).addEventListener("change", checkForm);
  }
  checkForm();
  const run = address.get("run");
  if (run === "1" || run === "true" || run === "") void start("run");
  else if (run === "scaling" || run === "bench") void start(run);
  else if (run !== null) showError(new UsageError("run", `address parameter run must be 1, scaling or bench (got ${JSON.stringify(run)})`));
}

void init();
