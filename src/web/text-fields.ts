/**
 * The character classes of every field a person types (forms, search boxes, CSV cells), in one place, so a
 * name, a reason or a user ID is held to the same rule on every page. Limits stay with each field; the
 * classes live here. Checking is pure and allocation-free apart from the trimmed string.
 */

/**
 * - `name`: a person's name: letters, combining marks, spaces and `.` `'` `’` `-` (with Hindi's
 *   abbreviation signs ० and ॰ as its `.`, and the zero-width joiners Devanagari conjuncts need); at least
 *   one letter.
 * - `line`: one line of free text: letters, marks, digits, punctuation, symbols and spaces of any script.
 * - `paragraph`: `line`, plus line breaks (a reason written in a textarea).
 * - `reference`: an order or file number: letters, digits, spaces and `. / - ( ) , : #`.
 * - `userId`: a sign-in ID as Dwaar issues them: ASCII letters, digits and `. _ -`.
 */
export type TextClass = 'name' | 'line' | 'paragraph' | 'reference' | 'userId';

/** What is wrong with a typed value, most fundamental first. */
export type TextProblem = 'line_break' | 'control' | 'characters' | 'too_long';

/** Every kind of line break: LF, CR, NEL and the Unicode line and paragraph separators (UAX #14). */
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/u;
/**
 * Control, format, private-use, surrogate and unassigned code points, except the zero-width non-joiner and
 * joiner that Indic scripts need. Format characters include the bidirectional overrides that make text read
 * differently from what it is ("Trojan Source", CVE-2021-42574).
 */
const INVISIBLE = /(?![\u200C\u200D])\p{C}/u;

const CLASSES: Readonly<Record<TextClass, RegExp>> = {
  // The joiners are written as a range: listed one after another beside other characters, they would read
  // as one joined sequence (eslint no-misleading-character-class).
  // Hindi abbreviates with ० or ॰ where English writes "." (मो० आरिफ़ = Mohd. Arif): the same full stop.
  name: /^[\p{L}\p{M} .'’\-\u0966\u0970\u200C-\u200D]*$/u,
  line: /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\u200C-\u200D]*$/u,
  paragraph: /^[\n\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\u200C-\u200D]*$/u,
  reference: /^[\p{L}\p{M}\p{N} ./\-(),:#]*$/u,
  userId: /^[A-Za-z0-9._-]*$/,
};

const LETTER = /\p{L}/u;

/**
 * The value as it is checked and kept: Unicode NFC (so one name has one spelling), without surrounding
 * whitespace, and for paragraphs with CRLF and CR turned into LF (browsers send textarea lines as CRLF).
 */
export function normaliseText(raw: string, cls: TextClass): string {
  const value = raw.normalize('NFC').trim();
  return cls === 'paragraph' ? value.replace(/\r\n?/g, '\n') : value;
}

/**
 * What is wrong with an already normalised value for its class and limit (in characters), or undefined.
 * Empty values pass: whether a field is required is the form's own rule.
 */
export function textProblem(value: string, cls: TextClass, max: number): TextProblem | undefined {
  if (cls !== 'paragraph' && LINE_BREAK.test(value)) return 'line_break';
  if (INVISIBLE.test(cls === 'paragraph' ? value.replace(/\n/g, ' ') : value)) return 'control';
  if (!CLASSES[cls].test(value)) return 'characters';
  if (cls === 'name' && value !== '' && !LETTER.test(value)) return 'characters';
  // Characters as people count them (code points), not UTF-16 units: a Hindi letter outside the BMP is one.
  if (value.length > max && codePoints(value) > max) return 'too_long';
  return undefined;
}

/** The number of code points in `value` (a surrogate pair is one). */
function codePoints(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point: skip the low half.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Normalises and checks in one step: the value to keep, or the problem. */
export function checkText(
  raw: string,
  cls: TextClass,
  max: number,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: TextProblem } {
  const value = normaliseText(raw, cls);
  const problem = textProblem(value, cls, max);
  return problem ? { ok: false, problem } : { ok: true, value };
}
