// Entry of every Deno worker: the same module Web Worker as the browser's.
import "../browser/worker.js";
