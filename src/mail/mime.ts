/**
 * Just enough RFC 5322 / MIME (RFC 2045–2047) reading to show a caught development mail: the address and
 * subject headers, and the first text/plain and text/html parts, decoded from base64 or quoted-printable.
 * Not a general-purpose parser: it reads what nodemailer writes, and degrades to raw text otherwise.
 */
export interface ParsedMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date: string;
  readonly text: string;
  readonly html: string;
}

interface Entity {
  readonly headers: ReadonlyMap<string, string>;
  /** The body as a binary string: one character per byte (latin1), so byte offsets survive splitting. */
  readonly body: string;
}

/** Parses a raw message. Never throws: missing headers and parts come back as empty strings. */
export function parseRawMail(raw: Buffer): ParsedMail {
  const root = splitEntity(raw.toString('latin1'));
  const parts = { text: '', html: '' };
  collectTextParts(root, parts, 0);
  const header = (name: string) => decodeHeaderValue(root.headers.get(name) ?? '');
  return {
    from: header('from'),
    to: header('to'),
    subject: header('subject'),
    date: header('date'),
    text: parts.text,
    html: parts.html,
  };
}

function splitEntity(binary: string): Entity {
  const match = /\r?\n\r?\n/.exec(binary);
  const head = match ? binary.slice(0, match.index) : binary;
  const body = match ? binary.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 §2.2.3).
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectTextParts(entity: Entity, out: { text: string; html: string }, depth: number): void {
  const { type, params } = parseContentType(entity.headers.get('content-type') ?? 'text/plain');
  const boundary = params.get('boundary');
  if (type.startsWith('multipart/') && boundary && depth < 5) {
    for (const part of splitMultipart(entity.body, boundary)) collectTextParts(part, out, depth + 1);
    return;
  }
  if (/^attachment\b/i.test(entity.headers.get('content-disposition') ?? '')) return;
  if (type !== 'text/plain' && type !== 'text/html') return;
  const bytes = decodeTransfer(entity.headers.get('content-transfer-encoding') ?? '7bit', entity.body);
  const decoded = decodeCharset(bytes, params.get('charset') ?? 'utf-8');
  if (type === 'text/plain' && !out.text) out.text = decoded;
  if (type === 'text/html' && !out.html) out.html = decoded;
}

function splitMultipart(body: string, boundary: string): Entity[] {
  const delimiter = `--${boundary}`;
  const parts: Entity[] = [];
  const chunks = body.split(delimiter);
  // chunks[0] is the preamble; a chunk starting with `--` is the close delimiter and the epilogue.
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    parts.push(splitEntity(chunk.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n$/, '')));
  }
  return parts;
}

function parseContentType(value: string): { type: string; params: Map<string, string> } {
  const [type = '', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    params.set(
      p.slice(0, eq).trim().toLowerCase(),
      p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeTransfer(encoding: string, binary: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(binary.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(binary);
    default:
      return Buffer.from(binary, 'latin1');
  }
}

/** RFC 2045 §6.7: `=XX` is a byte, `=` at the end of a line is a soft line break. */
export function decodeQuotedPrintable(binary: string): Buffer {
  // Trailing whitespace was added in transport (delete it); then join soft line breaks.
  const joined = binary.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/**
 * A header value: raw UTF-8 (SMTPUTF8) is read as UTF-8, then RFC 2047 encoded words are decoded. Adjacent
 * encoded words are joined byte-wise before decoding, since a writer may split a character between them.
 */
export function decodeHeaderValue(binary: string): string {
  const words = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const m of binary.matchAll(words)) {
    const between = binary.slice(last, m.index);
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += Buffer.from(between, 'latin1').toString('utf8');
    }
    const [, charset = 'utf-8', encoding = 'B', text = ''] = m;
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : decodeQuotedPrintable(text.replace(/_/g, ' '));
    if (pending && pending.charset !== charset.toLowerCase()) flush();
    pending ??= { charset: charset.toLowerCase(), bytes: [] };
    pending.bytes.push(bytes);
    last = m.index + m[0].length;
  }
  flush();
  return out + Buffer.from(binary.slice(last), 'latin1').toString('utf8');
}
