// npm test's runner: every uvu suite under test/ (TypeScript through tsx), then one closing line
// "N passed, N failed" that CI and people can read. Usage: node scripts/test.mjs [pattern]
import { spawn } from "node:child_process";

const pattern = process.argv[2] ?? "\\.test\\.ts$";
const child = spawn(process.execPath, ["--import", "tsx", "node_modules/uvu/bin.js", "test", pattern], {
  stdio: ["ignore", "pipe", "inherit"],
});
let out = "";
child.stdout.on("data", (d) => {
  out += d;
  process.stdout.write(d);
});
child.on("exit", (code, signal) => {
  const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out.replace(/\x1b\[[0-9;]*m/g, ""))?.[1] ?? 0);
  const total = num("Total");
  const passed = num("Passed");
  process.stdout.write(`\n${passed} passed, ${total - passed} failed\n`);
  // uvu prints its totals last; without them the run ended early: say how, a silent red run explains nothing.
  if (total === 0) process.stdout.write(`the test process ended before its summary (${signal ? `signal ${signal}` : `exit code ${code}`})\n`);
  process.exitCode = code ?? (signal ? 1 : 0);
  if (code === 0 && total === 0) process.exitCode = 1;
});
