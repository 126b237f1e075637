// MPI past one machine, for real: a cluster of network namespaces made here (test/helpers/cluster/netns.sh:
// node1…node3, each its own 198.18.0.K on a veth joined to a bridge in a "switch" namespace), Open MPI's rsh
// launcher entering them through test/helpers/cluster/agent.sh, ranks talking TCP over the veths only. The same
// bits as one host for Python and C ranks on 2 and 3 nodes; a node whose processes are killed, or whose link goes
// down, mid-run ends the job with Open MPI's message and leaves nothing running in any namespace. The mpirun line
// is the README's cluster section. Skipped, saying why, where namespaces cannot be made (not root, no iproute2,
// no netns support in a container).

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { alive } from "./helpers/processes.js";
import { vectors } from "./helpers/kernel.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NETNS = `${ROOT}test/helpers/cluster/netns.sh`;
const AGENT = `${ROOT}test/helpers/cluster/agent.sh`;
const PYTHON = `${ROOT}.venv/bin/python`;
const C_CLI = `${ROOT}host/c/integration2d`;
const PREFIX = `i2d${process.pid}`; // this run's namespaces: i2d<pid>-sw, i2d<pid>-n1 … (several runs may overlap)
const NODES = 3;

function sh(cmd: string, args: string[], timeoutMs = 30_000) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

const netns = (...args: string[]) => sh(NETNS, [args[0]!, PREFIX, ...args.slice(1)]);

/** Why this machine cannot make the cluster, or undefined when it can. */
function reasonToSkip(): string | undefined {
  if (process.platform !== "linux") return "network namespaces are Linux only";
  if (process.getuid?.() !== 0) return "needs root to make network namespaces (ip netns add)";
  for (const tool of ["ip", "unshare", "mpirun"]) {
    if (sh("sh", ["-c", `command -v ${tool}`]).code !== 0) return `${tool} not found (iproute2, util-linux, openmpi-bin)`;
  }
  // The real thing, smallest: a namespace with a bridge in it (containers without CAP_SYS_ADMIN refuse the first
  // step, kernels without the bridge module the second).
  const probe = `${PREFIX}-probe`;
  const add = sh("ip", ["netns", "add", probe]);
  if (add.code !== 0) return `ip netns add failed: ${add.stderr.trim()}`;
  const bridge = sh("ip", ["-n", probe, "link", "add", "br0", "type", "bridge"]);
  sh("ip", ["netns", "del", probe]);
  if (bridge.code !== 0) return `no bridge inside a namespace: ${bridge.stderr.trim()}`;
  return undefined;
}

/** Namespaces left by an earlier run of this test that was killed before its cleanup (its pid is gone). */
function removeStaleClusters() {
  const stale = new Set<string>();
  for (const line of sh("ip", ["netns", "list"]).stdout.split("\n")) {
    const m = /^(i2d(\d+))-(sw|n\d)\b/.exec(line);
    if (m && !alive(Number(m[2]))) stale.add(m[1]!);
  }
  for (const prefix of stale) sh(NETNS, ["down", prefix]);
}

// --- running jobs on the cluster -------------------------------------------------------------------------------

const KEEPALIVE = ["oob_tcp_keepalive_time", "1", "oob_tcp_keepalive_intvl", "1", "oob_tcp_keepalive_probes", "2"];

/**
 * The README's mpirun line, started on node1 (the head node: mpirun runs there, and so does rank 0): TCP only,
 * over the cluster's network only, and keepalive on Open MPI's own daemon connections so that a node that
 * drops off the network is noticed in seconds (the default, 300 s idle + 9 × 20 s, would be 8 minutes).
 */
function mpirunArgs(hostfile: string, ranks: number, program: string[]) {
  const mca = (pairs: string[]) => pairs.flatMap((x, i) => (i % 2 ? [] : ["--mca", x, pairs[i + 1]!]));
  return ["run", PREFIX, "1", "mpirun", "--allow-run-as-root", "--hostfile", hostfile, "-np", String(ranks),
    ...mca(["plm_rsh_agent", AGENT, "btl", "tcp,self", "btl_tcp_if_include", "198.18.0.0/24",
      "oob_tcp_if_include", "198.18.0.0/24", ...KEEPALIVE]),
    ...program];
}

const env = { ...process.env, I2D_NETNS_PREFIX: PREFIX };

interface Ended { code: number | null; signal: string | null; stdout: string; stderr: string; at: number }

/** Starts a job; `ended` resolves when mpirun exits (killed after `timeoutMs`, so a hang fails, never blocks). */
function startJob(hostfile: string, ranks: number, program: string[], timeoutMs = 60_000) {
  const child: ChildProcess = spawn(NETNS, mpirunArgs(hostfile, ranks, program), { env, cwd: ROOT });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const ended = new Promise<Ended>((done) =>
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, at: performance.now() });
    }),
  );
  return { child, ended };
}

function writeHostfile(dir: string, nodes: number) {
  const path = join(dir, `hosts${nodes}`);
  writeFileSync(path, Array.from({ length: nodes }, (_, i) => `node${i + 1} slots=1\n`).join(""));
  return path;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = Number(sh("getconf", ["CLK_TCK"]).stdout.trim()) || 100;

/** CPU seconds used by the MPI ranks (processes whose environment has OMPI_COMM_WORLD_RANK) in node K. */
function rankCpu(node: number): number {
  let total = 0;
  for (const pid of sh("ip", ["netns", "pids", `${PREFIX}-n${node}`]).stdout.split(/\s+/).filter(Boolean)) {
    try {
      if (!`\0${readFileSync(`/proc/${pid}/environ`, "latin1")}`.includes("\0OMPI_COMM_WORLD_RANK=")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15 of stat)
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** `netns.sh pids`: "namespace pid…" per namespace of this cluster that still holds a process ("" when none). */
const leftovers = () => netns("pids").stdout.trim();

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

// --- the tests -------------------------------------------------------------------------------------------------

const skip = reasonToSkip();
if (skip) {
  process.stdout.write(`  mpi-cluster: skipped: ${skip}\n`);
  test.skip("MPI across network namespaces", () => {});
} else {
  let dir = "";
  const cleanUp = () => {
    sh(NETNS, ["down", PREFIX]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  // The suite's after hook cleans up; while the suite runs, an exit before it (an uncaught error, Ctrl-C) does too.
  const interrupted = () => process.exit(130);
  test.before(() => {
    process.on("exit", cleanUp);
    process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
    removeStaleClusters();
    const make = sh("make", ["-C", "host/c", "--no-print-directory", "-s"], 600_000);
    assert.is(make.code, 0, `make -C host/c failed:\n${make.stdout}${make.stderr}`);
    assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run bash scripts/setup.sh`);
    const up = netns("up", String(NODES));
    assert.is(up.code, 0, `netns.sh up ${PREFIX} ${NODES} failed: ${up.stderr}`);
    dir = mkdtempSync(join(tmpdir(), "i2d-cluster-"));
  });
  test.after(() => {
    cleanUp();
    process.off("exit", cleanUp).off("SIGINT", interrupted).off("SIGTERM", interrupted);
  });

  // The README's check that every node has the same kernel files: one digest of their sha256 lines per node.
  const SHA = "sha256sum dist/kernel/*.wasm | sha256sum | cut -c1-64";
  test("the cluster is three machines: one rank per namespace, its own address and name, the same .wasm", async () => {
    const program = ["sh", "-c", 'echo "$OMPI_COMM_WORLD_RANK $(hostname) $(readlink /proc/self/ns/net) ' +
      `$(hostname -I | tr -d ' ') $(${SHA})"`];
    const r = await startJob(writeHostfile(dir, NODES), NODES, program).ended;
    assert.is(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split("\n").map((l) => l.split(" ")).sort((a, b) => Number(a[0]) - Number(b[0]));
    const here = sh("readlink", ["/proc/self/ns/net"]).stdout.trim();
    const local = sh("sh", ["-c", `cd ${ROOT} && ${SHA}`]).stdout.trim();
    assert.equal(rows.map((x) => [x[0], x[1], x[3]]), [
      ["0", "node1", "198.18.0.1"], ["1", "node2", "198.18.0.2"], ["2", "node3", "198.18.0.3"]]);
    assert.is(new Set(rows.map((x) => x[2])).size, NODES, "every rank in a network namespace of its own");
    assert.not.ok(rows.some((x) => x[2] === here), "no rank in the test's own network namespace");
    assert.ok(rows.every((x) => x[4] === local), "the same dist/kernel/*.wasm on every node");
  });

  const hosts = {
    python: { kernel: "simd" as const, program: [PYTHON, "-m", "integration2d"], cpuMidRun: 0.6 },
    c: { kernel: "scalar" as const, program: [C_CLI], cpuMidRun: 0.2 },
  };
  // An even and an uneven split of the rows (1000 and 301 rows over 2 and 3 ranks); the two builds differ on both.
  const cases = [vectors.find((v) => v.nx === 1000 && v.integrand === "sin(x+y)")!,
    vectors.find((v) => v.nx === 301)!];

  for (const [name, h] of Object.entries(hosts)) {
    test(`${name} ranks on 2 and 3 nodes give one host's bits and the vector's`, async () => {
      for (const v of cases) {
        const args = ["-s", "mpi", "-k", h.kernel, "-f", v.integrand, `--domain=${v.domain_text}`,
          "--nx", String(v.nx), "--ny", String(v.ny), "--json"];
        const one = sh(h.program[0]!, [...h.program.slice(1), ...args], 60_000); // one host, one rank, no mpirun
        assert.is(one.code, 0, one.stderr);
        const oneBits = JSON.parse(one.stdout).bits;
        assert.is(oneBits, v.bits[h.kernel]);
        for (const nodes of [2, 3]) {
          const r = await startJob(writeHostfile(dir, nodes), nodes, [...h.program, ...args]).ended;
          assert.is(r.code, 0, r.stderr);
          const rec = JSON.parse(r.stdout);
          assert.equal([rec.bits, rec.scheme, rec.workers], [oneBits, "mpi", nodes]);
          process.stdout.write(`  mpi-cluster: ${name} ${v.integrand} ${v.nx}x${v.ny} on ${nodes} nodes: ${rec.bits}` +
            ` (one host ${oneBits}, vector ${v.bits[h.kernel]})\n`);
        }
      }
    });
  }

  test("a node with another build of the kernel: the Python ranks refuse to start, naming both", async () => {
    // node3 finds the scalar bytes under the name simd.wasm (what a stale copy on one node would look like)
    const other = join(dir, "other-kernel");
    mkdirSync(other, { recursive: true });
    for (const name of ["simd.wasm", "scalar.wasm"]) copyFileSync(`${ROOT}dist/kernel/scalar.wasm`, join(other, name));
    const py = [PYTHON, "-m", "integration2d", "-s", "mpi", "-n", "100"];
    const r = await startJob(writeHostfile(dir, NODES), 2, [...py, ":", "-np", "1", "-x",
      `INTEGRATION2D_KERNEL_DIR=${other}`, ...py]).ended;
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /integration2d: ranks loaded different kernel files: rank 0 has simd\.wasm [0-9a-f]{16}, rank 2 has simd\.wasm [0-9a-f]{16}/);
    assert.is(r.stdout, "");
  });

  // A problem far longer than the test (3·10^10 cells), so the failure always lands mid-run.
  const LONG = ["-s", "mpi", "-k", "scalar", "--nx", "3000", "--ny", "10000000"];
  const failures = [
    { what: "killed", node: 2, host: "python", act: () => netns("kill", "2"), after: () => {} },
    { what: "killed", node: 3, host: "c", act: () => netns("kill", "3"), after: () => {} },
    { what: "cut off", node: 2, host: "c", act: () => netns("cut", "2"), after: () => netns("mend", "2") },
    { what: "cut off", node: 3, host: "python", act: () => netns("cut", "3"), after: () => netns("mend", "3") },
  ];
  for (const f of failures) {
    const h = hosts[f.host as keyof typeof hosts];
    test(`${f.host} ranks, node${f.node} ${f.what} mid-run: the job ends with a message, nothing left running`, async () => {
      const job = startJob(writeHostfile(dir, NODES), NODES, [...h.program, ...LONG]);
      try {
        // Mid-run: node K's rank has computed a while (its start-up is ~0.3 s of CPU in Python, ~0 in C).
        const started = performance.now();
        while (rankCpu(f.node) < h.cpuMidRun && performance.now() - started < 45_000 && job.child.exitCode === null) {
          await sleep(100);
        }
        assert.ok(rankCpu(f.node) >= h.cpuMidRun, `node${f.node}'s rank never got computing (${fmt(performance.now() - started)})`);
        const t = performance.now();
        const acted = f.act();
        assert.is(acted.code, 0, acted.stderr);
        const r = await job.ended;
        assert.is(r.stdout, "", "no number from a job that lost a node");
        assert.ok(r.code !== 0, `mpirun exited ${r.code} (${r.signal})`);
        // Open MPI says one of two things, whichever it sees first: the daemon's connection closing (naming the
        // node), or the launcher's process for that node (the agent here, ssh on a real cluster) exiting non-zero.
        const lost = new RegExp(`ORTE has lost communication with a remote daemon\\.[\\s\\S]*Remote daemon: \\S+ on node node${f.node}\\b`);
        const noDaemon = /ORTE was unable to reliably start one or more daemons/;
        assert.ok(lost.test(r.stderr) || noDaemon.test(r.stderr), `no message from mpirun about node${f.node}:\n${r.stderr}`);
        const said = lost.test(r.stderr) ? `"lost communication with a remote daemon … node${f.node}"` : `"unable to reliably start one or more daemons"`;
        const endedIn = r.at - t;
        let left = leftovers();
        while (left && performance.now() - r.at < 5000) {
          await sleep(50);
          left = leftovers();
        }
        const emptyIn = performance.now() - t;
        process.stdout.write(`  mpi-cluster: ${f.host}, node${f.node} ${f.what} ${fmt(t - started)} into the run: mpirun exit ${r.code} after ` +
          `${fmt(endedIn)}, saying ${said}; namespaces empty after ${fmt(emptyIn)}${left ? ` (left: ${left})` : ""}\n`);
        assert.is(left, "", "processes left in the cluster's namespaces");
        assert.ok(endedIn < 15_000, `the job took ${fmt(endedIn)} to end (a hang check, not a speed claim)`);
      } finally {
        job.child.kill("SIGKILL");
        netns("stop");
        f.after();
      }
    });
  }
}

test.run();
