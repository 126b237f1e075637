// Entry of every Node worker: a worker_threads thread (parentPort) or a forked child (process.send).

import { parentPort } from "node:worker_threads";
import { serveWorker } from "../core/worker-serve.js";
import type { ToWorker } from "../core/protocol.js";

if (parentPort) {
  const port = parentPort;
  const handle = serveWorker((m, transfer) => port.postMessage(m, transfer as never));
  port.on("message", (m: ToWorker) => handle(m));
} else if (process.send) {
  // A parent that dies (even by kill -9) leaves us re-parented: process.ppid (a getppid() each read) no longer
  // names it. Checked between rows (a block can take seconds), and every POLL_MS while idle, because the
  // channel's 'disconnect' is not always heard: Node 20 never emits it in a child whose parent died while the
  // child was starting. Leaving is silent: nobody is left to read a message.
  const parent = Number(process.argv[3]);
  const leaveIfOrphaned = () => void (process.ppid !== parent && process.exit(0));
  const POLL_MS = 50;
  setInterval(leaveIfOrphaned, POLL_MS).unref();
  process.on("disconnect", () => process.exit(0));
  const handle = serveWorker((m) => {
    // With a callback, a send on a channel that closed meanwhile (EPIPE) is reported here, not thrown.
    if (!process.connected) process.exit(0);
    process.send!(m, undefined, undefined, (e: Error | null) => void (e && process.exit(0)));
  }, { checkParent: leaveIfOrphaned });
  process.on("message", (m) => handle(m as ToWorker));
  // Ctrl-C in a terminal reaches the whole process group: the parent decides, and stops us itself.
  process.on("SIGINT", () => {});
} else {
  process.stderr.write("integration2d: worker.js is started by the integration2d host, not by hand\n");
  process.exit(2);
}
