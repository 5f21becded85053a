// A tiny escaping tagged template: every interpolated value is HTML-escaped unless it is
// itself the output of `html`, so markup can only come from template literals in this folder.

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

class TrustedHtml {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  toString(): string {
    return this.#value;
  }
}

// Only the type is exported, so nothing outside this module can wrap an arbitrary string.
export type { TrustedHtml as SafeHtml };

export type HtmlValue = TrustedHtml | string | number | null | undefined | false | readonly HtmlValue[];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof TrustedHtml) return value.toString();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(renderValue).join('');
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): TrustedHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new TrustedHtml(out);
}
