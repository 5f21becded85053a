import { translator, type Lang, type MessageKey } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';

/** The subject and both bodies of one mail, as the outbox stores them. */
export interface ComposedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A value that reads differently in each language: a name, a district, a date. */
export type PerLang = Readonly<Record<Lang, string>>;
/** An address shown as itself in the text part and as a link in the HTML part. */
export interface MailHref {
  readonly href: string;
}
export type MailValue = string | number | PerLang | MailHref;
/** Values for a catalogue entry's `{placeholders}`. */
export type MailVars = Readonly<Record<string, MailValue>>;

/**
 * One part of the body. Every text is a whole-sentence catalogue entry (a label, for `facts`); values go
 * in through its placeholders, never by gluing pieces of sentences together in code.
 */
export type MailBlock =
  | { readonly kind: 'paragraph'; readonly key: MessageKey; readonly vars?: MailVars }
  /** Small print at the foot, such as the confidentiality warning. */
  | { readonly kind: 'notice'; readonly key: MessageKey; readonly vars?: MailVars }
  /** A sentence that leads to an address, then the address on a line of its own. */
  | { readonly kind: 'link'; readonly key: MessageKey; readonly href: string; readonly vars?: MailVars }
  | { readonly kind: 'facts'; readonly rows: readonly FactRow[] }
  | ListBlock;

/** A sentence introducing a bulleted list, one `item` entry per `items` element; nothing when empty. */
export interface ListBlock {
  readonly kind: 'list';
  readonly intro: MessageKey;
  readonly item: MessageKey;
  readonly items: readonly MailVars[];
}

export interface FactRow {
  readonly label: MessageKey;
  readonly value: MailValue;
}

export interface MailSpec {
  readonly subject: MessageKey;
  /** Values for the subject's and every block's placeholders; a block's own `vars` add to these. */
  readonly vars?: MailVars;
  /** The body in order; `false` leaves a block out, so a condition can sit inline. */
  readonly blocks: readonly (MailBlock | false)[];
}

/** Hindi first, as the department writes, then English. */
const ORDER = ['hi', 'en'] as const;
const PLACEHOLDER = /\{(\w+)\}/g;

/** A filled sentence: text, and the addresses in it kept apart so the HTML part can link them. */
type Segment = string | MailHref;
type Rendered = { readonly text: string; readonly html: SafeHtml };

/** The same value computed for each language, e.g. a date formatted the way each language writes it. */
export function perLang(render: (lang: Lang) => string): PerLang {
  return { hi: render('hi'), en: render('en') };
}

/**
 * Renders a bilingual mail: the subject as "Hindi / English"; a text part with the Hindi body, a rule and
 * the English body; and an HTML part with the same blocks, each marked with its language, every value
 * escaped. Throws when a catalogue entry names a placeholder that has no value.
 */
export function composeMail(spec: MailSpec): ComposedMail {
  const shared = spec.vars ?? {};
  const blocks = spec.blocks.filter(
    (b): b is MailBlock => b !== false && !(b.kind === 'list' && !b.items.length),
  );
  const sections = ORDER.map((lang) => blocks.map((b) => renderBlock(lang, b, shared)));
  const subject = ORDER.map((lang) => plain(fill(lang, spec.subject, shared))).join(' / ');
  const text = sections.map((s) => s.map((r) => r.text).join('\n\n')).join('\n\n----\n\n');
  return { subject, text: `${text}\n`, html: page(subject, sections).value };
}

/** The HTML document: the language sections one after the other, a rule between them. */
function page(title: string, sections: readonly (readonly Rendered[])[]): SafeHtml {
  const blocks = sections.flatMap((s, i) => [...(i > 0 ? [html`<hr />`] : []), ...s.map((r) => r.html)]);
  // One block a line, so the source reads well in the development mailbox.
  // prettier-ignore
  return html`<!doctype html>
<html lang="${ORDER[0]}">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>${blocks.map((b) => ['\n', b])}
</body>
</html>
`;
}

function renderBlock(lang: Lang, block: MailBlock, shared: MailVars): Rendered {
  const vars = (own?: MailVars): MailVars => ({ ...shared, ...own });
  switch (block.kind) {
    case 'paragraph': {
      const s = fill(lang, block.key, vars(block.vars));
      return { text: plain(s), html: html`<p lang="${lang}">${linked(s)}</p>` };
    }
    case 'notice': {
      const s = fill(lang, block.key, vars(block.vars));
      return { text: plain(s), html: html`<p lang="${lang}"><small>${linked(s)}</small></p>` };
    }
    case 'link': {
      const s = fill(lang, block.key, vars(block.vars));
      const href = checkedHref(block.href);
      return {
        text: `${plain(s)}\n${href}`,
        html: html`<p lang="${lang}">${linked(s)}<br />${anchor(href)}</p>`,
      };
    }
    case 'facts':
      return renderFacts(lang, block.rows);
    case 'list':
      return renderList(lang, block, vars);
  }
}

function renderList(lang: Lang, list: ListBlock, vars: (own?: MailVars) => MailVars): Rendered {
  const intro = fill(lang, list.intro, vars());
  const items = list.items.map((own) => fill(lang, list.item, vars(own)));
  const lis = items.map((i) => ['\n', html`<li>${linked(i)}</li>`]);
  return {
    text: [plain(intro), ...items.map((i) => `• ${plain(i)}`)].join('\n'),
    // prettier-ignore
    html: html`<p lang="${lang}">${linked(intro)}</p>\n<ul lang="${lang}">${lis}\n</ul>`,
  };
}

/** Label and value pairs, as a two-column table in HTML and `label: value` lines in text. */
function renderFacts(lang: Lang, rows: readonly FactRow[]): Rendered {
  const filled = rows.map((r) => ({
    label: plain(fill(lang, r.label, {})),
    value: [valueIn(lang, r.value)],
  }));
  const trs = filled.map((r) => {
    const th = html`<th scope="row" align="left">${r.label}</th>`;
    const td = html`<td>${linked(r.value)}</td>`;
    // prettier-ignore
    return ['\n', html`<tr>${th}${td}</tr>`];
  });
  return {
    text: filled.map((r) => `${r.label}: ${plain(r.value)}`).join('\n'),
    // prettier-ignore
    html: html`<table lang="${lang}">${trs}\n</table>`,
  };
}

/** The catalogue entry in `lang`, its placeholders filled (a value's own text is never searched for more). */
function fill(lang: Lang, key: MessageKey, vars: MailVars): Segment[] {
  const template = translator(lang)(key);
  const out: Segment[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) throw new Error(`mail text '${key}' (${lang}) has no value for {${name}}`);
    out.push(template.slice(at, m.index), valueIn(lang, value));
    at = m.index + m[0].length;
  }
  out.push(template.slice(at));
  return out;
}

function valueIn(lang: Lang, value: MailValue): Segment {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if ('href' in value) return { href: checkedHref(value.href) };
  return value[lang];
}

/** Only web addresses become links: a `javascript:` or `data:` address must never reach an href. */
function checkedHref(href: string): string {
  // The address is left out of the message: it may carry a one-time token.
  if (!/^https?:\/\//i.test(href)) throw new Error('mail link is not an http(s) address');
  return href;
}

const plain = (segments: readonly Segment[]): string =>
  segments.map((s) => (typeof s === 'string' ? s : s.href)).join('');

const linked = (segments: readonly Segment[]) =>
  segments.map((s) => (typeof s === 'string' ? s : anchor(s.href)));

const anchor = (href: string): SafeHtml => html`<a href="${href}">${href}</a>`;
