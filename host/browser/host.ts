// What is particular to browsers: the kernel is fetched next to this bundle (dist/kernel/*.wasm), workers are
// module Web Workers, and results travel through SharedArrayBuffer when the page is cross-origin isolated
// (COOP/COEP headers), by postMessage otherwise. The runtime is the browser, by name and version.

import { createIntegrator, type Host } from "../core/integrate.js";
import { simdSupported } from "../core/kernel.js";
import type { RuntimeInfo } from "../core/record.js";
import { spawnWebWorker, withoutProcesses } from "./web.js";

interface UAData {
  brands?: { brand: string; version: string }[];
  getHighEntropyValues?(hints: string[]): Promise<{ fullVersionList?: { brand: string; version: string }[] }>;
}

/** Browser name and version from the user-agent string (Chrome/…, Firefox/…, Version/… Safari). */
export function browserFromUserAgent(ua: string): RuntimeInfo {
  const patterns: [RegExp, string][] = [
    [/Edg\/([\d.]+)/, "edge"],
    [/Firefox\/([\d.]+)/, "firefox"],
    [/HeadlessChrome\/([\d.]+)/, "chromium"],
    [/Chromium\/([\d.]+)/, "chromium"],
    [/Chrome\/([\d.]+)/, "chrome"],
    [/Version\/([\d.]+).*Safari\//, "safari"],
  ];
  for (const [re, name] of patterns) {
    const m = re.exec(ua);
    if (m) return { name, version: m[1]! };
  }
  return { name: "browser", version: ua };
}

const runtime: RuntimeInfo = browserFromUserAgent(navigator.userAgent);
let refined: Promise<void> | undefined;

/** Chromium reduces the UA string to "156.0.0.0"; its client hints give the full version and the brand. */
function refineRuntime(): Promise<void> {
  const data = (navigator as Navigator & { userAgentData?: UAData }).userAgentData;
  if (!data?.getHighEntropyValues) return Promise.resolve();
  return data.getHighEntropyValues(["fullVersionList"]).then(({ fullVersionList }) => {
    const named = fullVersionList?.filter((b) => !/not.?a.?brand/i.test(b.brand));
    const pick = named?.find((b) => /Edge|Opera|Brave/i.test(b.brand)) ?? named?.find((b) => b.brand === "Google Chrome") ??
      named?.find((b) => b.brand === "Chromium");
    if (pick) {
      runtime.name = pick.brand === "Google Chrome" ? "chrome" : pick.brand.toLowerCase().replace(/^microsoft /, "");
      runtime.version = pick.version;
    }
  }, () => {});
}

/** Results through shared memory only where the page may create a SharedArrayBuffer. */
export function sharedMemoryAvailable(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
}

export const browserHost: Host = {
  runtime,
  cores: navigator.hardwareConcurrency || 1,
  kernels: simdSupported() ? ["simd", "scalar"] : ["scalar"],
  schemes: ["serial", "threads"],
  async wasmBytes(variant) {
    refined ??= refineRuntime();
    const url = new URL(`../kernel/${variant}.wasm`, import.meta.url);
    const [response] = await Promise.all([fetch(url), refined]);
    if (!response.ok) throw new Error(`could not fetch the kernel ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  },
  spawner: () => ({ spawn: spawnWebWorker, transport: sharedMemoryAvailable() ? "shared" : "messages" }),
};

export const browserIntegrator = withoutProcesses(createIntegrator(browserHost), "in the browser");
