// `integration2d report results/*.json --out report/`: reads benchmark records from any host and machine, checks
// each against bench/record.schema.json, and writes report/README.md plus the SVG charts (host/core/report.ts).
// Exit 0; 1 when the records show different bits for the same problem and kernel build (the report says where);
// 2 on bad options or a file that is not a valid record.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchRecord, checkRecord, type JsonSchema } from "../core/bench-record.js";
import { parseOptions, type Subcommand } from "../core/cli.js";
import { UsageError } from "../core/errors.js";
import { renderReport } from "../core/report.js";

const OPTIONS = {
  out: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

const help = (program: string) => `Usage: ${program} report <record.json>... [--out DIR]

Merges benchmark records (from any host or machine) into DIR/README.md and SVG charts.
  -o, --out <dir>   where the report goes (default report/)
  -h, --help        this text
`;

/** The schema file shipped in the repository (bench/record.schema.json). */
export function loadSchema(): JsonSchema {
  return JSON.parse(readFileSync(new URL("../../bench/record.schema.json", import.meta.url), "utf8")) as JsonSchema;
}

/** Reads and validates record files; throws UsageError naming the first bad one. */
export function readRecords(files: string[], schema: JsonSchema): BenchRecord[] {
  return files.map((file) => {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new UsageError(file, `${file}: cannot read a JSON record (${(e as Error).message.split("\n")[0]})`);
    }
    const errors = checkRecord(value, schema);
    if (errors.length) throw new UsageError(file, `${file} is not a valid benchmark record: ${errors.slice(0, 3).join("; ")}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ""}`);
    return value as BenchRecord;
  });
}

export const report: Subcommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (values.help) return io.out(help(io.program)), 0;
  if (positionals.length === 0) throw new UsageError("", "report needs at least one record file (see report --help)");
  if (values.out !== undefined && values.out.trim() === "") throw new UsageError("-o/--out", `option -o/--out needs a directory (got "")`);
  const out = values.out ?? "report";
  const records = readRecords(positionals, loadSchema());
  const r = renderReport(records);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "README.md"), r.markdown);
  for (const [name, svg] of Object.entries(r.svgs)) writeFileSync(join(out, name), svg);
  io.out(`report written to ${join(out, "README.md")} (${Object.keys(r.svgs).join(", ")}) from ${records.length} record(s)\n`);
  if (r.conflicts.length) {
    io.err(`${io.program} report: BITS DIFFER for ${r.conflicts.length} problem(s) and kernel build(s): see ${join(out, "README.md")}\n`);
    return 1;
  }
  return 0;
};
