// Text into HTML markup: the page builds some of its parts as markup strings.

export const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&${({ "&": "amp", "<": "lt", ">": "gt", '"': "quot" } as const)[c as "&"]};`);
