// The one way the dashboard writes HTML: the `html` tag escapes every interpolated value unless it
// is already Html (built by this tag), so a job id, a param or an error text can never become markup.
// Arrays are joined, null/undefined/false render nothing (for `cond && html\`…\``).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup known to be safe: only `html` (and `raw` for constants) make one. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type Renderable = Html | string | number | null | undefined | false | ReadonlyArray<Renderable>;

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

/** A constant written in this code base (never data): trusted as markup. */
export function raw(markup: string): Html {
  return new Html(markup);
}

