// The Range request header (RFC 9110 §14), read the way `serve` answers it. sirv's own parsing (3.0.2, still
// upstream) splits on "-" and feeds parseInt's results to fs.createReadStream: "bytes=100-50" and
// "bytes=0-99999999999999999999" throw a RangeError that kills the server, and "bytes=-5" serves the first
// bytes. So the server decides here, from the file's size, and sirv only ever sees a range it handles right.

/** What to do with a request's Range header for a representation of `size` bytes. */
export type RangeAnswer =
  | { kind: "full" } // 200 with the whole file: no Range, or one RFC 9110 lets (or makes) us ignore
  | { kind: "unsatisfiable" } // 416, Content-Range: bytes */size
  | { kind: "part"; start: number; end: number }; // 206, bytes start..end inclusive, 0 ≤ start ≤ end < size

const DIGITS = /^\d+$/;

/**
 * §14.1.1 grammar `bytes=first-[last]` or `bytes=-suffix`, one range only. Ignored (a 200, which §14.2 always
 * allows): other units, a malformed set, last < first (an invalid spec), several ranges (no multipart here),
 * a conditional If-Range (our ETags are weak, and a weak tag never matches it). A first byte at or past the
 * end, or a zero suffix, is unsatisfiable. Digits may be any length: values beyond 2^53 compare as larger
 * than any file, which is all they need to do.
 */
export function byteRange(header: string | undefined, size: number, ifRange = false): RangeAnswer {
  if (header === undefined || ifRange) return { kind: "full" };
  const m = /^bytes=(.*)$/i.exec(header.trim());
  if (!m || m[1]!.includes(",")) return { kind: "full" };
  const dash = m[1]!.indexOf("-");
  if (dash < 0) return { kind: "full" };
  const first = m[1]!.slice(0, dash);
  const last = m[1]!.slice(dash + 1);
  if (first === "") {
    if (!DIGITS.test(last)) return { kind: "full" };
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "part", start: Math.max(0, size - suffix), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last !== "" && !DIGITS.test(last))) return { kind: "full" };
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "part", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * The Range header to hand sirv for `answer`: one its parser reads correctly, or none. sirv reads
 * `parseInt(last) || size - 1`, so a range that ends at byte 0 of a longer file cannot be said to it: that one
 * is served whole (a 200, as for any ignored range).
 */
export function sirvRange(answer: RangeAnswer, size: number): string | undefined {
  switch (answer.kind) {
    case "full":
      return undefined;
    case "unsatisfiable":
      return `bytes=${size}-`; // sirv: start ≥ size → 416 with Content-Range: bytes */size
    case "part":
      return answer.end === 0 && size > 1 ? undefined : `bytes=${answer.start}-${answer.end}`;
  }
}
