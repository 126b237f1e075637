// Entry of every Node worker: a worker_threads thread (parentPort) or a forked child (process.send).

import { parentPort } from "node:worker_threads";
import { serveWorker } from "../core/worker-serve.js";
import type { ToWorker } from "../core/protocol.js";

if (parentPort) {
  const port = parentPort;
  const handle = serveWorker((m, transfer) => port.postMessage(m, transfer as never));
  port.on("message", (m: ToWorker) => handle(m));
} else if (process.send) {
  const handle = serveWorker((m) => void process.send!(m));
  process.on("message", (m) => handle(m as ToWorker));
  // The parent is gone (even by kill -9): no orphan keeps computing.
  process.on("disconnect", () => process.exit(0));
  // Ctrl-C in a terminal reaches the whole process group: the parent decides, and stops us itself.
  process.on("SIGINT", () => {});
} else {
  process.stderr.write("integration2d: worker.js is started by the integration2d host, not by hand\n");
  process.exit(2);
}
