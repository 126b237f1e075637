// `integration2d serve [--port P] [--host H] [--no-isolation]`: serves dist/ (the page at `/`, the browser
// bundles, the kernels) for the browser host. Static files through sirv (bundled; no runtime dependency): it
// serves files only, never a directory listing, never a path outside dist/.
// Cross-origin isolation headers (COOP/COEP) by default, so the page can use SharedArrayBuffer.

import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import sirv from "sirv";
import { parseOptions, type Subcommand } from "../core/cli.js";
import { UsageError } from "../core/errors.js";
import { byteRange, sirvRange } from "./range.js";

const OPTIONS = {
  port: { type: "string", short: "p" },
  host: { type: "string" },
  "no-isolation": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const DEFAULT_PORT = 8000;

const help = (program: string) => `Usage: ${program} serve [--port P] [--host H] [--no-isolation]

Serves the browser page and bundles (dist/) at http://127.0.0.1:P/ until Ctrl-C.
  -p, --port <int>     port, 0..65535 (default ${DEFAULT_PORT}; 0 picks a free one)
      --host <addr>    address to listen on (default 127.0.0.1, this machine only;
                       --host 0.0.0.0 exposes the page to your network)
      --no-isolation   omit the COOP/COEP headers: no SharedArrayBuffer, results by postMessage
  -h, --help           this text
`;

/** The headers that make the page cross-origin isolated (SharedArrayBuffer, Atomics in workers). */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

export const serve: Subcommand = async (argv, io, signal) => {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError("", `unexpected argument ${JSON.stringify(positionals[0])} (see serve --help)`);
  if (values.help) return io.out(help(io.program)), 0;
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError("--port", `option -p/--port must be an integer from 0 to 65535 (got ${JSON.stringify(portText)})`);
  }
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host", `option --host needs an address such as 127.0.0.1 (got "")`);
  const isolated = !values["no-isolation"];

  // This file is bundled into dist/node/cli.js: dist/ is one level up.
  const root = fileURLToPath(new URL("../", import.meta.url));
  if (!existsSync(`${root}index.html`)) throw new Error(`no page at ${root}index.html: run npm run build first`);

  // sirv tells us the file's size (setHeaders) just before it reads the Range header; the request is found
  // from its response.
  const requests = new WeakMap<ServerResponse, IncomingMessage>();
  const files = sirv(root, {
    // "dev": each request looks at the disk, so a rebuild while serving is seen (the cached mode keeps the
    // start-time sizes and would truncate rebuilt files); the path is normalised and must stay under root.
    dev: true,
    etag: true,
    dotfiles: false,
    extensions: ["html"],
    setHeaders: (res, _path, stats) => {
      const req = requests.get(res)!;
      // Range is defined for GET only (RFC 9110 §14.2): any other method gets the whole file.
      const answer = byteRange(req.method === "GET" ? req.headers.range : undefined, stats.size, "if-range" in req.headers);
      const range = sirvRange(answer, stats.size);
      if (range === undefined) delete req.headers.range;
      else req.headers.range = range;
    },
    onNoMatch: (_req, res) => {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 not found\n");
    },
  });
  const server = createServer((req, res) => {
    if (isolated) for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-cache");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }).end("405 method not allowed\n");
      return;
    }
    requests.set(res, req);
    try {
      files(req, res);
    } catch {
      // Whatever a request does, the server keeps serving: this one gets a 500, if it can still be sent.
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("500 internal server error\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  }).catch((e: NodeJS.ErrnoException) => {
    const hint = e.code === "EADDRINUSE" ? " (another port: --port P, or --port 0 for a free one)" : "";
    throw new UsageError("--port", `cannot listen on ${host}:${port}: ${e.code ?? e.message}${hint}`);
  });
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  const shown = host.includes(":") ? `[${host}]` : host;
  io.out(`${io.program}: serving ${root} at http://${shown}:${actual}/ (${isolated
    ? "cross-origin isolated: COOP same-origin, COEP require-corp"
    : "not isolated (--no-isolation): results by postMessage"}); Ctrl-C stops\n`);
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  io.out(`${io.program}: stopped\n`);
  return 0;
};
