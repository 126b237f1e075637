// Side by side: n = 10000 on 2 workers (threads) in Node, Deno, Bun and Chromium (isolated and not), interleaved round by round so
// that load on the machine falls on all four alike. Prints each round and the medians of time_s (the record's
// wall time: workers started, wasm compiled in each, rows summed, combined — process start-up excluded).
// Usage (after npm run build): node host/browser/measure.mjs [rounds=5] [n=10000] [workers=2]

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const [rounds = 5, n = 10000, workers = 2] = process.argv.slice(2).map(Number);
const args = ["--json", "-n", String(n), "-w", String(workers), "-s", "threads"];

const cli = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

const serve = async (extra) => {
  const server = spawn(process.execPath, [join(ROOT, "dist/node/cli.js"), "serve", "--port", "0", ...extra], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = /at (http:\/\/\S+\/) /.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return { server, url };
};
const isolated = await serve([]);
const plain = await serve(["--no-isolation"]);
const profile = mkdtempSync(join(tmpdir(), "i2d-measure-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const runtimes = {
  node: () => cli(process.execPath, ["dist/node/cli.js", ...args]),
  deno: () => cli(join(ROOT, "node_modules/.bin/deno"), ["run", `--allow-read=${join(ROOT, "dist/deno/worker.js")}`, "dist/deno/cli.js", ...args]),
  bun: () => cli(join(ROOT, "node_modules/.bin/bun"), ["dist/node/cli.js", ...args]),
  chromium: (url = isolated.url) => page(url),
  "chromium-postMessage": () => page(plain.url),
};

async function page(url) {
  {
    const page = await context.newPage();
    await page.goto(`${url}?n=${n}&workers=${workers}&run=1`);
    await page.waitForSelector('#result[data-status="done"], #result[data-status="error"]', { state: "attached", timeout: 120_000 });
    const record = JSON.parse(await page.textContent("#result"));
    await page.close();
    if (!record.bits) throw new Error(`chromium: ${record.error}`);
    return record;
  }
}

const times = Object.fromEntries(Object.keys(runtimes).map((k) => [k, []]));
let bits;
try {
  for (let round = 1; round <= rounds; round++) {
    const line = [];
    for (const [name, run] of Object.entries(runtimes)) {
      const r = await run();
      if (name.startsWith("chromium") && r.transport !== (name === "chromium" ? "shared" : "messages")) throw new Error(`${name}: transport ${r.transport}`);
      bits ??= r.bits;
      if (r.bits !== bits) throw new Error(`${name} gave ${r.bits}, not ${bits}`);
      times[name].push(r.time_s);
      line.push(`${name} ${r.time_s.toFixed(3)}`);
    }
    process.stdout.write(`round ${round}: ${line.join("  ")}\n`);
  }
} finally {
  await context.close();
  isolated.server.kill("SIGINT");
  plain.server.kill("SIGINT");
  rmSync(profile, { recursive: true, force: true });
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const node = median(times.node);
process.stdout.write(`\nn = ${n}, ${workers} workers, threads, simd; median of ${rounds} rounds; all bits ${bits}\n`);
for (const [name, t] of Object.entries(times)) {
  process.stdout.write(`${name.padEnd(21)} ${median(t).toFixed(3)} s  (${(median(t) / node).toFixed(2)}× Node)  min ${Math.min(...t).toFixed(3)}\n`);
}
