// Domain bounds as the user writes them: plain decimals (`1`, `-0.5`, `2.5e-1`) or rational multiples of π
// (`pi`, `-pi`, `2pi`, `pi/2`, `3pi/4`, `0.5*pi`). A π form k·pi/m is the double (k × Math.PI) / m, each
// step rounded once — every host does exactly this, so every host sends the kernel the same doubles.
// The grid then lives on those doubles: [0, pi] is [0, 3.141592653589793], and the exact value reported for
// it is the closed form on that double domain (README § "pi in a domain").

export type Domain = readonly [ax: number, bx: number, ay: number, by: number];

export const DEFAULT_DOMAIN_TEXT = "0,pi,0,pi";

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const PI_FORM = /^([+-]?)(\d+\.?\d*|\.\d+)?\*?(?:pi|π)(?:\/(\d+\.?\d*|\.\d+))?$/i;

/** One bound, or undefined if it is not a finite number in one of the forms above. */
export function parseBound(text: string): number | undefined {
  const s = text.trim();
  if (DECIMAL.test(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
  }
  const m = PI_FORM.exec(s);
  if (!m) return undefined;
  const [, sign, k, d] = m;
  const v = (Number(k ?? "1") * Math.PI) / Number(d ?? "1");
  return Number.isFinite(v) && v !== Infinity ? (sign === "-" ? -v : v) : undefined;
}

/** "ax,bx,ay,by" → four doubles, or undefined if any part is malformed or there are not four. */
export function parseDomain(text: string): Domain | undefined {
  const parts = text.split(",");
  if (parts.length !== 4) return undefined;
  const values = parts.map(parseBound);
  if (values.some((v) => v === undefined)) return undefined;
  return values as unknown as Domain;
}
