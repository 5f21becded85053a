import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Raw HTML in the Markdown is shown as text, never passed on: a circular's author writes Markdown only. */
const markdown = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

/** What a circular's body may hold once rendered: text structure, tables and links, nothing active. */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'u',
    'del',
    's',
    'blockquote',
    'code',
    'pre',
    'hr',
    'ul',
    'ol',
    'li',
    'h2',
    'h3',
    'h4',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'a',
  ],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // Headings inside a body sit below the circular's own title.
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
  },
  disallowedTagsMode: 'escape',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A circular body's Markdown as safe HTML, whatever the Markdown holds. */
export function renderCircularBody(source: string): string {
  const html = markdown.parse(source, { async: false });
  return sanitizeHtml(html, ALLOWED);
}

/**
 * What a body holds that would not survive rendering: raw HTML tags, or links that are not http(s) or
 * mail. An author is told, rather than having their text silently changed.
 */
export function unsafeBodyParts(source: string): string[] {
  const found: string[] = [];
  const tag = /<\/?([a-zA-Z][\w-]*)[^>]*>/g;
  for (const m of source.matchAll(tag)) found.push(m[0].slice(0, 60));
  const link = /\]\(\s*([a-zA-Z][\w+.-]*):/g;
  for (const m of source.matchAll(link)) {
    const scheme = (m[1] ?? '').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto') found.push(`${scheme}:`);
  }
  return found;
}
