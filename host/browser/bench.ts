// The page's Benchmark: a small strong-scaling sweep (threads, workers 1..N) that builds the same benchmark record
// as `integration2d bench` (bench/record.schema.json) with the runtime-neutral builders of host/core, so that
// `integration2d report` merges it with the other hosts' records. Phases as in host/node/bench.ts:
//   compile_s  WebAssembly.compile + instantiate of the kernel bytes on the page's thread, fresh each sample;
//   startup_s  a fresh pool of w workers each sample, one tiny run, the pool's time until every worker is up;
//   compute_s  on one pool of N workers started and warmed once: each count w runs on its first w workers,
//              after `warmup` discarded runs.

import { type BenchRecord, type BenchRun, BENCH_SCHEMA, BENCH_SCHEMA_VERSION, makeRun, sha256Hex } from "../core/bench-record.js";
import { instantiateKernel } from "../core/kernel.js";
import type { Progress } from "../core/pool.js";
import { browserHost, sharedMemoryAvailable } from "./host.js";
import { createPool, type Pool, type Problem } from "./index.js";

export interface BrowserBenchOptions {
  /** The resolved problem; its `workers` is N, the largest count (scheme is always threads). */
  problem: Problem;
  repeat: number;
  warmup: number;
  signal: AbortSignal;
  /** Where the sweep is: the step label and the fraction of the whole sweep done. */
  onStep?(label: string, fraction: number, workers: number): void;
  onProgress?(p: Progress): void;
  /** Each pool as it starts (the page's Cancel reports how many workers are still alive). */
  onPool?(pool: Pool): void;
}

interface UAData {
  platform?: string;
  getHighEntropyValues?(hints: string[]): Promise<{ architecture?: string; bitness?: string; platformVersion?: string }>;
}

/** What the browser tells of the machine: cores, architecture and OS (client hints where there are any, else the
 *  user-agent string), memory from navigator.deviceMemory (rounded by the browser; null without it). The CPU model
 *  is not exposed to pages. */
export async function browserMachine(): Promise<BenchRecord["machine"]> {
  const nav = navigator as Navigator & { userAgentData?: UAData; deviceMemory?: number };
  const hints = await nav.userAgentData?.getHighEntropyValues?.(["architecture", "bitness", "platformVersion"]).catch(() => undefined);
  const ua = navigator.userAgent;
  const bits64 = hints?.bitness === "64";
  const hinted = hints?.architecture === "x86" ? (bits64 ? "x64" : "x86") : hints?.architecture === "arm" ? (bits64 ? "arm64" : "arm") : hints?.architecture;
  const arch = hinted || (/x86_64|x64|Win64|WOW64|amd64/i.test(ua) ? "x64" : /aarch64|arm64/i.test(ua) ? "arm64" : "unknown");
  const platform = nav.userAgentData?.platform || navigator.platform || "unknown";
  const os = hints?.platformVersion ? `${platform} ${hints.platformVersion}` : platform;
  const memory = typeof nav.deviceMemory === "number" && nav.deviceMemory > 0 ? Math.round(nav.deviceMemory * 2 ** 30) : null;
  return { cpu: "unknown (browser)", logical_cores: browserHost.cores, arch, os, memory_bytes: memory };
}

/** The AssemblyScript version from dist/kernel/build.json (next to the kernels), else "unknown". */
async function ascVersion(): Promise<string> {
  try {
    const r = await fetch(new URL("../kernel/build.json", import.meta.url));
    if (r.ok) return ((await r.json()) as { assemblyscript?: string }).assemblyscript ?? "unknown";
  } catch {
    // No build.json served: say so.
  }
  return "unknown";
}

/** Runs the sweep and returns the record (host "browser", runtime chromium/chrome/firefox/… as the page names it). */
export async function runBrowserBench(o: BrowserBenchOptions): Promise<BenchRecord> {
  const p = o.problem;
  const top = p.workers;
  const { signal } = o;
  const bytes = await browserHost.wasmBytes(p.kernel);
  const kernel = { build: p.kernel, sha256: await sha256Hex(bytes), assemblyscript: await ascVersion() };
  const problem = { nx: p.nx, ny: p.ny, integrand: p.integrand, domain: [...p.domain] };
  // Steps: per worker count, repeat compile + repeat start-up + warmup + repeat compute samples.
  const perCount = 3 * o.repeat + o.warmup;
  const total = top * perCount + 1;
  let done = 0;
  const step = (label: string, w: number) => o.onStep?.(label, done++ / total, w);
  const check = () => {
    if (signal.aborted) throw signal.reason;
  };

  step(`starting ${top} workers`, top);
  const pool = await createPool({ scheme: "threads", kernel: p.kernel, workers: top });
  o.onPool?.(pool);
  const runs: BenchRun[] = [];
  try {
    // Bring every worker up and warm once (discarded), as the scaling run does.
    await pool.integrate({ ...problem, nx: Math.min(p.nx, 1000), ny: Math.min(p.ny, 1000), workers: top, signal });
    for (let w = 1; w <= top; w++) {
      const compile_s: number[] = [];
      for (let i = 0; i < o.repeat; i++) {
        check();
        step(`${w} of ${top} workers · compile ${i + 1}/${o.repeat}`, w);
        const t0 = performance.now();
        instantiateKernel(await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>));
        compile_s.push((performance.now() - t0) / 1e3);
      }
      const startup_s: number[] = [];
      for (let i = 0; i < o.repeat; i++) {
        check();
        step(`${w} of ${top} workers · start-up ${i + 1}/${o.repeat}`, w);
        const fresh = await createPool({ scheme: "threads", kernel: p.kernel, workers: w });
        o.onPool?.(fresh);
        try {
          const r = await fresh.integrate({ nx: w, ny: 1, integrand: p.integrand, domain: [...p.domain], workers: w, signal });
          startup_s.push(r.phases.startup_s);
        } finally {
          fresh.close();
        }
      }
      const compute_s: number[] = [];
      const allBits: string[] = [];
      let value: number | null = null;
      for (let i = 0; i < o.warmup + o.repeat; i++) {
        check();
        const warm = i < o.warmup;
        step(`${w} of ${top} workers · ${warm ? `warm-up ${i + 1}/${o.warmup}` : `sample ${i - o.warmup + 1}/${o.repeat}`}`, w);
        o.onPool?.(pool);
        const r = await pool.integrate({ ...problem, workers: w, signal, onProgress: o.onProgress });
        allBits.push(r.bits);
        value = r.value;
        if (!warm) compute_s.push(r.phases.compute_s);
      }
      runs.push(makeRun({
        problem: { integrand: p.integrand, domain: [...p.domain] as [number, number, number, number], nx: p.nx, ny: p.ny },
        scheme: "threads",
        workers: w,
        kernel,
        scaling: "strong",
        warmup: o.warmup,
        samples: { startup_s, compile_s, compute_s },
        allBits,
        value,
      }));
    }
  } finally {
    pool.close();
  }
  o.onStep?.("done", 1, top);
  return {
    schema: BENCH_SCHEMA,
    schema_version: BENCH_SCHEMA_VERSION,
    date: new Date().toISOString(),
    host: "browser",
    machine: await browserMachine(),
    runtime: {
      name: browserHost.runtime.name,
      version: browserHost.runtime.version,
      // Not start-up flags (a page cannot see those): how results travelled, which changes what is measured.
      flags: [sharedMemoryAvailable() ? "transport=shared (cross-origin isolated, SharedArrayBuffer)" : "transport=messages (postMessage)"],
      user_agent: navigator.userAgent,
    },
    native: null,
    runs,
  };
}
