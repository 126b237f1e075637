// `integration2d serve` in a process of its own, and raw HTTP/1.1 requests to it.

import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { CLI } from "./cli.js";

export interface Server {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
  stop(): Promise<{ code: number | null; stdout: string }>;
}

/** Starts `serve --port 0` (under `runtime`, Node by default) and waits for the URL it prints. */
export async function startServer(args: string[] = [], runtime = process.execPath): Promise<Server> {
  const child = spawn(runtime, [CLI, "serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 10_000);
    child.stdout!.on("data", () => {
      const m = /at (http:\/\/\S+\/) /.exec(stdout);
      if (m) clearTimeout(t), resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      child.kill("SIGINT");
      return { code: await exited, stdout };
    },
  };
}

export interface RawResponse {
  status: number;
  head: string;
  body: Buffer;
  /** A header's value (the first, case-insensitive), or undefined. */
  header(name: string): string | undefined;
}

/** A raw HTTP/1.1 request, so the path and headers reach the server exactly as written (no client-side normalisation). */
export function rawGet(url: string, path: string, method = "GET", headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${extra}Connection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on("data", (d) => chunks.push(d));
    socket.on("end", () => {
      const data = Buffer.concat(chunks);
      const split = data.indexOf("\r\n\r\n");
      const head = data.subarray(0, split < 0 ? data.length : split).toString("latin1");
      const body = split < 0 ? Buffer.alloc(0) : data.subarray(split + 4);
      const header = (name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)`, "i").exec(head)?.[1];
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body, header });
    });
    socket.on("error", reject);
  });
}
