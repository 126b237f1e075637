// A refusal of the kernel's define() shown under the field it names: the field's invalid state, its text echoed
// around the kernel's column with a caret under that character, and the kernel's message. The page parses
// nothing: the column and the words are the kernel's (1-based, in code points, as README § Kernel ABI says).

import { escapeHtml } from "./html.js";

/** Code points shown either side of the column, so a long text stays on one line. */
const WINDOW = 28;

/** One visible cell per code point: a tab or a line break would break the caret's alignment. */
const cell = (c: string) => (/[\t\n\r]/.test(c) ? " " : c);

export function showRefusal(input: HTMLInputElement, note: HTMLElement, column: number, message: string) {
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", note.id);
  note.hidden = false;
  note.dataset["column"] = String(column);
  const points = Array.from(input.value).map(cell);
  let echo = "";
  if (column >= 1) {
    const at = column - 1;
    const from = Math.max(0, at - WINDOW);
    const to = Math.min(points.length, at + WINDOW);
    const before = (from > 0 ? "…" : "") + points.slice(from, at).join("");
    // At the end of the text (a missing ')', an empty bound) the caret sits just after the last character.
    const marked = points[at] ?? " ";
    const after = points.slice(at + 1, to).join("") + (to < points.length ? "…" : "");
    echo = `<code class="echo">${escapeHtml(before)}<mark>${escapeHtml(marked)}</mark>${escapeHtml(after)}</code>` +
      `<code class="caret" aria-hidden="true">${" ".repeat(Array.from(before).length)}^</code>`;
  }
  note.innerHTML = `${echo}<span class="message">${escapeHtml(message)}</span>`;
}

export function clearRefusal(input: HTMLInputElement, note: HTMLElement) {
  input.removeAttribute("aria-invalid");
  note.hidden = true;
  note.innerHTML = "";
  delete note.dataset["column"];
}
