// The shared case files every host's suite reads (test/cases/bad-expressions.json, test/vectors-expr.json), with
// the one translation the JS suites need: a case → the CLI's argv and the library's options.

import { readFileSync } from "node:fs";
import { root, type Vector } from "./kernel.js";

export interface BadCase {
  field: "integrand" | "domain" | "nx" | "ny";
  text: string;
  integrand?: string;
  domain?: string;
  code: number;
  column: number;
  message: string;
}

const bad = JSON.parse(readFileSync(new URL("test/cases/bad-expressions.json", root), "utf8")) as {
  defaults: { integrand: string; domain: string; nx: number; ny: number };
  cases: BadCase[];
};
export const badDefaults = bad.defaults;
export const badCases = bad.cases;

export type ExprVector = Vector & { catalog: number; note: string };
export const exprVectors = JSON.parse(readFileSync(new URL("test/vectors-expr.json", root), "utf8")).vectors as ExprVector[];

/** The CLI's spelling of each field. */
export const FLAG_OF = { integrand: "-f/--integrand", domain: "-d/--domain", nx: "--nx", ny: "--ny" } as const;

/** The problem a case describes: its field set to its text, the rest from the defaults or the case. */
export function caseProblem(c: BadCase): { integrand: string; domain: string; nx: string; ny: string } {
  const p = {
    integrand: c.integrand ?? badDefaults.integrand,
    domain: c.domain ?? badDefaults.domain,
    nx: String(badDefaults.nx),
    ny: String(badDefaults.ny),
  };
  p[c.field] = c.text;
  return p;
}

/** `--opt=value` always: a text may start with '-' or be empty. */
export function caseArgv(c: BadCase): string[] {
  const p = caseProblem(c);
  return [`--integrand=${p.integrand}`, `--domain=${p.domain}`, `--nx=${p.nx}`, `--ny=${p.ny}`];
}
