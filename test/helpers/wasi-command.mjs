// Runs dist/kernel/wasi.wasm under node:wasi as one command, in a process of its own:
//   node --no-turbo-fast-api-calls --no-warnings test/helpers/wasi-command.mjs [args...]
// (--no-warnings: node:wasi's ExperimentalWarning would otherwise be part of the command's stderr.)
// One process per run, and no fast API calls, because Node's WASI calls allocate through a memory manager that
// reports to V8, and under memory pressure that report collects garbage inside the fast call
// (nodejs/node#46777). With many WASI instances in one process (as the test suite had) it crashed the
// process: an abort in uvwasi_destroy, or a SIGSEGV in V8 after the heap moved under the call.
import { readFileSync } from "node:fs";
import { WASI } from "node:wasi";

const wasi = new WASI({ version: "preview1", args: ["integration2d", ...process.argv.slice(2)], env: {}, returnOnExit: true });
const module = new WebAssembly.Module(readFileSync(new URL("../../dist/kernel/wasi.wasm", import.meta.url)));
process.exitCode = wasi.start(new WebAssembly.Instance(module, wasi.getImportObject()));
