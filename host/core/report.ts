// `report`: merges benchmark records (any hosts, any machines) into one Markdown page and SVG charts.
// Runtime-neutral: the Node `report` subcommand writes the files, the browser page can render the same.
//
// Definitions (also in bench/README.md):
//   speedup         T(serial) / T(run), same machine, host, runtime, kernel build and problem; without a serial
//                   run, T(same scheme, 1 worker) / T(run). T is the median compute time.
//   efficiency      speedup / workers.
//   × native        ns/eval/core of the run ÷ ns/eval of the naive native loop on the same machine
//                   (< 1: faster than the naive C loop on one core).
//   Amdahl s        serial fraction fitted to the scheme's own speedups T(scheme, 1) / T(scheme, w).
//   weak efficiency T(1 worker, problem P) / T(w workers, problem w·P) for the same scheme.

import type { BenchRecord, BenchRun } from "./bench-record.js";
import { amdahlSerialFraction } from "./stats.js";

/** A run with the record it came from. */
export interface ReportRow {
  run: BenchRun;
  record: BenchRecord;
  /** host/runtime version, e.g. "node/node 20.20.2". */
  runtime: string;
  /** Machine label: CPU model and logical cores. */
  machine: string;
}

export interface BitsConflict {
  problem: string;
  kernel: string;
  /** Distinct bits → who produced them. */
  bits: Record<string, string[]>;
}

export interface Report {
  markdown: string;
  /** File name → SVG text. */
  svgs: Record<string, string>;
  conflicts: BitsConflict[];
}

/** One spelling per architecture (Node says x64 and arm64, Python and Go x86_64/amd64 and aarch64). */
export function normalArch(arch: string): string {
  const a = arch.trim().toLowerCase();
  if (a === "x86_64" || a === "amd64" || a === "x64" || a === "x86-64") return "x64";
  if (a === "aarch64" || a === "arm64") return "arm64";
  return a;
}
/** The machine as the report groups it: CPU model, logical cores, architecture (records from every host agree). */
const machineOf = (r: BenchRecord) => `${r.machine.cpu.trim()} (${r.machine.logical_cores} logical cores, ${normalArch(r.machine.arch)})`;
const runtimeOf = (r: BenchRecord) => `${r.host}/${r.runtime.name} ${r.runtime.version}`;
const problemKey = (p: BenchRun["problem"]) => `${p.integrand} on [${p.domain.join(", ")}], ${p.nx}×${p.ny}`;
const baseProblemKey = (p: BenchRun["problem"]) => `${p.integrand} on [${p.domain.join(", ")}]`;

export function rowsOf(records: readonly BenchRecord[]): ReportRow[] {
  return records.flatMap((record) =>
    record.runs.map((run) => ({ run, record, runtime: runtimeOf(record), machine: machineOf(record) })));
}

/** Runs of the same problem and kernel build whose bits differ: the promise is one bit pattern everywhere. */
export function bitsConflicts(rows: readonly ReportRow[]): BitsConflict[] {
  const groups = new Map<string, { problem: string; kernel: string; bits: Record<string, string[]> }>();
  for (const { run, runtime, machine, record } of rows) {
    const problem = problemKey(run.problem);
    const key = `${problem}|${run.kernel.build}`;
    const g = groups.get(key) ?? { problem, kernel: run.kernel.build, bits: {} };
    groups.set(key, g);
    const who = `${runtime} ${run.scheme}×${run.workers} on ${machine} (${record.date})`;
    (g.bits[run.bits] ??= []).push(who);
    if (!run.bits_identical) (g.bits["(differed between samples)"] ??= []).push(who);
  }
  return [...groups.values()].filter((g) => Object.keys(g.bits).length > 1);
}

/** The native ns/eval measured on the same machine (the record's own, else another record's). */
function nativeFor(row: ReportRow, records: readonly BenchRecord[]): number | null {
  if (row.record.native) return row.record.native.ns_per_eval;
  const mem = row.record.machine.memory_bytes;
  const same = records.find((r) => r.native && machineOf(r) === row.machine &&
    (mem === null || r.machine.memory_bytes === null || r.machine.memory_bytes === mem));
  return same?.native?.ns_per_eval ?? null;
}

const med = (r: BenchRun) => r.summary.compute_s.median;
const sameSetting = (a: ReportRow, b: ReportRow) =>
  a.machine === b.machine && a.runtime === b.runtime && a.run.kernel.build === b.run.kernel.build;

/** T(serial) or T(scheme, 1 worker) for a strong-scaling row; null when neither was measured. */
function baseTime(row: ReportRow, rows: readonly ReportRow[]): number | null {
  const same = rows.filter((o) => sameSetting(o, row) && problemKey(o.run.problem) === problemKey(row.run.problem));
  const serial = same.find((o) => o.run.scheme === "serial");
  const one = same.find((o) => o.run.scheme === row.run.scheme && o.run.workers === 1);
  const base = serial ?? one;
  return base ? med(base.run) : null;
}

/** T(scheme, 1 worker) for the scheme's own scaling. */
function schemeOneTime(row: ReportRow, rows: readonly ReportRow[]): number | null {
  const one = rows.find((o) => sameSetting(o, row) && o.run.scheme === row.run.scheme && o.run.workers === 1 &&
    problemKey(o.run.problem) === problemKey(row.run.problem));
  return one ? med(one.run) : null;
}

/** T(same scheme, 1 worker) on the problem a weak-scaling run grew from (nx / workers, same ny). */
function weakBaseTime(row: ReportRow, rows: readonly ReportRow[]): number | null {
  const { nx, ny } = row.run.problem;
  const w = row.run.workers;
  const one = rows.find((o) => sameSetting(o, row) && o.run.scheme === row.run.scheme && o.run.workers === 1 &&
    baseProblemKey(o.run.problem) === baseProblemKey(row.run.problem) && o.run.problem.ny === ny && o.run.problem.nx * w === nx);
  return one ? med(one.run) : null;
}

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(digits));
const secs = (v: number) => (v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(3) : v.toFixed(4));

function compareRows(a: ReportRow, b: ReportRow): number {
  return a.machine.localeCompare(b.machine) || a.runtime.localeCompare(b.runtime) ||
    a.run.kernel.build.localeCompare(b.run.kernel.build) || schemeOrder(a.run.scheme) - schemeOrder(b.run.scheme) ||
    a.run.scheme.localeCompare(b.run.scheme) || a.run.workers - b.run.workers || a.run.evaluations - b.run.evaluations;
}
const SCHEME_ORDER = ["serial", "threads", "processes", "mpi"];
const schemeOrder = (s: string) => (SCHEME_ORDER.includes(s) ? SCHEME_ORDER.indexOf(s) : SCHEME_ORDER.length);

export function renderReport(records: readonly BenchRecord[]): Report {
  const rows = rowsOf(records).sort(compareRows);
  const strong = rows.filter((r) => r.run.scaling === "strong");
  const weak = rows.filter((r) => r.run.scaling === "weak");
  const conflicts = bitsConflicts(rows);
  const out: string[] = [];
  out.push("# integration2d benchmark report", "");
  out.push(`${records.length} record(s), ${rows.length} run(s): ${[...new Set(records.map((r) => `${runtimeOf(r)} on ${machineOf(r)}, ${r.date}`))].join("; ")}.`, "");

  if (conflicts.length) {
    out.push("## ⚠️ BITS DIFFER — the same problem and kernel build gave different results", "");
    out.push("Every host, scheme and worker count must return the same 64 bits for the same problem and kernel build. These did not:", "");
    for (const c of conflicts) {
      out.push(`- **${c.problem}, kernel ${c.kernel}**`);
      for (const [bits, who] of Object.entries(c.bits)) out.push(`  - \`${bits}\`: ${who.join("; ")}`);
    }
    out.push("");
  } else {
    out.push("Bits: every run of the same problem and kernel build gave the same 64 bits (all samples checked).", "");
  }

  const natives = records.filter((r) => r.native);
  if (natives.length) {
    out.push("## Native baseline", "");
    out.push("Copies at once: the same loop run as that many processes together; their throughput against one copy is the most any scheme can gain from that many workers on that machine.", "");
    out.push("Compensated sum: the kernel's own work in C (y table, TwoSum, same order), the same work as the scalar build.", "");
    out.push("| machine | baseline | compiler and flags | n | median (s) | ns/eval | compensated sum ns/eval | copies at once: throughput |", "|---|---|---|---|---|---|---|---|");
    for (const r of natives) {
      const n = r.native!;
      const both = n.concurrent ? `${n.concurrent.copies}: ${fmt(n.concurrent.throughput)}×` : "–";
      out.push(`| ${machineOf(r)} | ${n.description} | ${n.compiler} ${n.flags.join(" ")} | ${n.problem.nx}×${n.problem.ny} | ${secs(n.summary.median)} | ${fmt(n.ns_per_eval)} | ${fmt(n.compensated?.ns_per_eval ?? null)} | ${both} |`);
    }
    out.push("");
  }

  out.push("## Strong scaling (fixed problem)", "");
  out.push("Median compute time with its distribution-free 95 % confidence interval; speedup against the serial run of the same runtime and kernel (else the scheme on 1 worker); efficiency = speedup / workers; × native = ns/eval/core ÷ the native loop's ns/eval (< 1 is faster).", "");
  out.push("| machine | host/runtime | scheme | kernel | workers | n | median compute (s) [95 % CI] | ns/eval/core | speedup | efficiency | × native | bits |");
  out.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const row of strong) {
    const { run } = row;
    const base = baseTime(row, strong);
    const speedup = base === null ? null : base / med(run);
    const native = nativeFor(row, records);
    const c = run.summary.compute_s;
    out.push(`| ${row.machine} | ${row.runtime} | ${run.scheme} | ${run.kernel.build} | ${run.workers} | ${run.problem.nx}×${run.problem.ny} | ${secs(c.median)} [${secs(c.ci95[0])}, ${secs(c.ci95[1])}] | ${fmt(run.ns_per_eval_core)} | ${fmt(speedup)} | ${fmt(speedup === null ? null : speedup / run.workers)} | ${fmt(native === null ? null : run.ns_per_eval_core / native)} | \`${run.bits}\`${run.bits_identical ? "" : " ⚠️ varied"} |`);
  }
  out.push("");

  out.push("## Start-up and compile phases", "");
  out.push("Start-up: a fresh pool's workers up and ready (their kernel compiled), median of the samples. Compile: WebAssembly compile + instantiate of the kernel on the calling thread.", "");
  out.push("| machine | host/runtime | scheme | kernel | workers | start-up median (s) | compile median (ms) | warm-ups | samples |", "|---|---|---|---|---|---|---|---|---|");
  for (const row of strong) {
    const { run } = row;
    out.push(`| ${row.machine} | ${row.runtime} | ${run.scheme} | ${run.kernel.build} | ${run.workers} | ${run.summary.startup_s ? secs(run.summary.startup_s.median) : "–"} | ${run.summary.compile_s ? fmt(run.summary.compile_s.median * 1e3) : "–"} | ${run.warmup} | ${c(run)} |`);
  }
  out.push("");

  // Amdahl fit per machine × runtime × scheme × kernel (schemes with workers).
  const groups = new Map<string, ReportRow[]>();
  for (const row of strong) {
    if (row.run.scheme === "serial") continue;
    const key = `${row.machine}|${row.runtime}|${row.run.scheme}|${row.run.kernel.build}|${problemKey(row.run.problem)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  out.push("## Amdahl fit (serial fraction per runtime)", "");
  out.push("s fitted to each scheme's own speedups T(1 worker)/T(w) (least squares of 1/S − 1/w = s·(1 − 1/w)); predicted limit 1/s.", "");
  out.push("| machine | host/runtime | scheme | kernel | n | workers measured | serial fraction s | limit 1/s |", "|---|---|---|---|---|---|---|---|");
  const series: { name: string; points: [number, number][] }[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    const one = schemeOneTime(first, strong);
    const points = one === null ? [] : g.map((r) => ({ workers: r.run.workers, speedup: one / med(r.run) }));
    const s = amdahlSerialFraction(points);
    out.push(`| ${first.machine} | ${first.runtime} | ${first.run.scheme} | ${first.run.kernel.build} | ${first.run.problem.nx}×${first.run.problem.ny} | ${g.map((r) => r.run.workers).join(", ")} | ${s === null ? "– (needs 1 and > 1 workers)" : s.toFixed(3)} | ${s !== null && s > 0 ? (1 / s).toFixed(1) : "–"} |`);
    if (points.length) series.push({ name: `${first.runtime} ${first.run.scheme} ${first.run.kernel.build}${multi(records) ? ` (${first.machine})` : ""}`, points: points.map((p) => [p.workers, p.speedup]) });
  }
  out.push("");

  const weakSeries: { name: string; points: [number, number][] }[] = [];
  out.push("## Weak scaling (problem grows with the workers: nx = n·workers)", "");
  if (weak.length === 0) out.push("No weak-scaling runs in these records.", "");
  else {
    out.push("| machine | host/runtime | scheme | kernel | workers | n | median compute (s) | ns/eval/core | weak efficiency T(1)/T(w) | bits |", "|---|---|---|---|---|---|---|---|---|---|");
    const wg = new Map<string, [number, number][]>();
    for (const row of weak) {
      const base = weakBaseTime(row, rows);
      const eff = base === null ? null : base / med(row.run);
      out.push(`| ${row.machine} | ${row.runtime} | ${row.run.scheme} | ${row.run.kernel.build} | ${row.run.workers} | ${row.run.problem.nx}×${row.run.problem.ny} | ${secs(med(row.run))} | ${fmt(row.run.ns_per_eval_core)} | ${fmt(eff)} | \`${row.run.bits}\` |`);
      if (eff !== null) {
        const key = `${row.runtime} ${row.run.scheme} ${row.run.kernel.build}${multi(records) ? ` (${row.machine})` : ""}`;
        wg.set(key, [...(wg.get(key) ?? [[1, 1] as [number, number]]), [row.run.workers, eff]]);
      }
    }
    for (const [name, points] of wg) weakSeries.push({ name, points });
    out.push("");
  }

  out.push(...expressionsSection(records));

  // Time per evaluation: the best one-core figure per runtime and kernel, and the native loop.
  const bars: { label: string; value: number }[] = [];
  const seen = new Map<string, number>();
  for (const row of strong) {
    if (row.run.workers !== 1) continue;
    const key = `${row.runtime} ${row.run.kernel.build}${multi(records) ? ` (${row.machine})` : ""}`;
    seen.set(key, Math.min(seen.get(key) ?? Infinity, row.run.ns_per_eval_core));
  }
  for (const [label, value] of seen) bars.push({ label, value });
  for (const r of natives) bars.push({ label: `native: ${r.native!.description}${multi(records) ? ` (${machineOf(r)})` : ""}`, value: r.native!.ns_per_eval });

  const svgs: Record<string, string> = {
    "speedup.svg": lineChart({ title: "Strong scaling: speedup vs workers (each scheme against its own 1-worker time)", xLabel: "workers", yLabel: "speedup", series, ideal: true }),
    "weak-scaling.svg": lineChart({ title: "Weak scaling: efficiency T(1)/T(w), problem ∝ workers", xLabel: "workers", yLabel: "efficiency", series: weakSeries, ideal: false, flat: true }),
    "ns-per-eval.svg": barChart({ title: "Time per evaluation, one worker (ns, lower is better)", bars }),
  };
  out.push("## Charts", "", "![speedup](speedup.svg)", "", "![weak scaling](weak-scaling.svg)", "", "![ns per evaluation](ns-per-eval.svg)", "");
  return { markdown: out.join("\n"), svgs, conflicts };
}

const c = (run: BenchRun) => run.samples.compute_s.length;

/**
 * The evaluator's speed, per record that timed it: each expression's ns/eval at 1 worker, compute time at 1 and
 * 2 workers, their ratio and the ratio to the catalog's row; numexpr on the same grid; the parse + compile time.
 */
function expressionsSection(records: readonly BenchRecord[]): string[] {
  const timed = records.filter((r) => r.expressions);
  if (timed.length === 0) return [];
  const out = ["## Expressions (the kernel's evaluator)", ""];
  out.push("Integrands typed as text: `catalog` takes the entry's tuned row, `evaluator` the compiled program (same bits for the same values). Median compute time on a warm pool; ratio = 1-worker time ÷ the catalog's `sin(x+y)`; all timed in the same interleaved rounds.", "");
  out.push("| machine | host/runtime | kernel | scheme | integrand | domain | n | path | ns/eval (1 worker) | 1 worker (s) | 2 workers (s) | speedup 2/1 | × catalog | bits |");
  out.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  const extra: string[] = [];
  for (const r of timed) {
    const x = r.expressions!;
    for (const i of x.items) {
      const two = i.workers.find((w) => w.workers === 2);
      out.push(`| ${machineOf(r)} | ${runtimeOf(r)} | ${x.kernel} | ${x.scheme} | \`${i.integrand}\` | [${i.domain.map((v) => fmt(v, 4)).join(", ")}] | ${x.nx}×${x.ny} | ${i.catalog_id >= 0 ? "catalog" : "evaluator"} | ${fmt(i.workers[0]!.ns_per_eval)} | ${secs(i.workers[0]!.summary.median)} | ${two ? secs(two.summary.median) : "–"} | ${fmt(i.speedup_2)} | ${fmt(i.ratio_to_baseline)} | \`${i.bits}\`${i.bits_identical ? "" : " ⚠️ varied"} |`);
    }
    const where = `${runtimeOf(r)} on ${machineOf(r)}`;
    if (x.numexpr) extra.push(`- numexpr ${x.numexpr.version} \`${x.numexpr.expression}\` on the same ${x.numexpr.nx}×${x.numexpr.ny} grid, ${x.numexpr.threads} thread: ${fmt(x.numexpr.ns_per_eval)} ns/eval, ${fmt(x.numexpr.ratio_to_evaluator)}× the evaluator's time per evaluation (${where}).`);
    if (x.note) extra.push(`- ${x.note} (${where}).`);
    extra.push(`- parse + compile (the kernel's define) of a ${x.parse_compile.length}-character text: ${fmt(x.parse_compile.summary.median * 1e3, 3)} ms, median of ${x.parse_compile.samples_s.length} (${where}).`);
  }
  out.push("", ...extra, "");
  return out;
}
const multi = (records: readonly BenchRecord[]) => new Set(records.map(machineOf)).size > 1;

// ---- SVG ------------------------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function lineChart(o: { title: string; xLabel: string; yLabel: string; series: { name: string; points: [number, number][] }[]; ideal: boolean; flat?: boolean }): string {
  const W = 720, H = 420, L = 60, R = 20, T = 40, B = 50;
  const legendH = 16 * o.series.length;
  const height = H + legendH;
  const xs = o.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1]));
  const xMax = Math.max(2, ...xs);
  const yMax = niceMax(Math.max(o.ideal ? xMax : 1, ...ys, o.flat ? 1.2 : 0));
  const X = (x: number) => L + ((x - 1) / (xMax - 1)) * (W - L - R);
  const Y = (y: number) => T + (1 - y / yMax) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(o.title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const y = (yMax * i) / 5;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${Y(y).toFixed(1)}" y2="${Y(y).toFixed(1)}" stroke="#ddd"/><text x="${L - 6}" y="${(Y(y) + 4).toFixed(1)}" text-anchor="end">${+y.toFixed(2)}</text>`);
  }
  for (let x = 1; x <= xMax; x++) {
    if (xMax > 16 && x % Math.ceil(xMax / 16) !== 0 && x !== 1) continue;
    parts.push(`<line x1="${X(x)}" x2="${X(x)}" y1="${T}" y2="${H - B}" stroke="#eee"/><text x="${X(x)}" y="${H - B + 16}" text-anchor="middle">${x}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">${esc(o.yLabel)}</text>`);
  if (o.ideal) parts.push(`<line x1="${X(1)}" y1="${Y(1)}" x2="${X(xMax)}" y2="${Y(Math.min(xMax, yMax))}" stroke="#444" stroke-dasharray="6 4"/><text x="${X(xMax) - 4}" y="${Y(Math.min(xMax, yMax)) + 14}" text-anchor="end" fill="#444">ideal</text>`);
  if (o.flat) parts.push(`<line x1="${X(1)}" y1="${Y(1)}" x2="${X(xMax)}" y2="${Y(1)}" stroke="#444" stroke-dasharray="6 4"/><text x="${X(xMax) - 4}" y="${Y(1) - 6}" text-anchor="end" fill="#444">ideal</text>`);
  if (o.series.length === 0) parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#888">no data</text>`);
  o.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" ")}"/>`);
    for (const [x, y] of pts) parts.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(s.name)}: ${x} workers, ${y.toFixed(3)}</title></circle>`);
    parts.push(`<rect x="${L}" y="${H + 16 * i - 6}" width="12" height="4" fill="${color}"/><text x="${L + 18}" y="${H + 16 * i}">${esc(s.name)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

export function barChart(o: { title: string; bars: { label: string; value: number }[] }): string {
  const W = 720, L = 300, R = 70, T = 40, rowH = 24;
  const H = T + rowH * Math.max(1, o.bars.length) + 20;
  const max = niceMax(Math.max(0, ...o.bars.map((b) => b.value)));
  const X = (v: number) => L + (v / max) * (W - L - R);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(o.title)}</text>`);
  if (o.bars.length === 0) parts.push(`<text x="${W / 2}" y="${T + 14}" text-anchor="middle" fill="#888">no data</text>`);
  o.bars.forEach((b, i) => {
    const y = T + i * rowH;
    const native = b.label.startsWith("native");
    parts.push(`<text x="${L - 6}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(`<rect x="${L}" y="${y + 3}" width="${Math.max(0, X(b.value) - L).toFixed(1)}" height="${rowH - 8}" fill="${native ? "#7f7f7f" : COLORS[i % COLORS.length]}"/>`);
    parts.push(`<text x="${(X(b.value) + 4).toFixed(1)}" y="${y + 15}">${b.value.toFixed(2)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
