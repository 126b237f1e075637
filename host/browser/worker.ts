// Entry of every Web Worker (browser and Deno, a module worker): the runtime-neutral worker loop on postMessage.

import { serveWorker } from "../core/worker-serve.js";
import type { ToWorker } from "../core/protocol.js";

const scope = self as unknown as { postMessage(m: unknown, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const handle = serveWorker((m, transfer) => scope.postMessage(m, transfer ?? []));
scope.onmessage = (e) => handle(e.data);
