/** The upload form's decoding, the same in place (small forms) and on the import worker (large ones). */

const AMP = 0x26;
const EQ = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * One name or value: `+` is a space, `%XX` a byte, the bytes UTF-8 (a bad sequence becomes U+FFFD, which
 * the CSV reader reports as an encoding problem). Works on bytes: `decodeURIComponent` and URLSearchParams
 * take over a second for a 10 MB Devanagari file, this takes milliseconds.
 */
function decodeBytes(body: Uint8Array, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    const byte = body[i] ?? 0;
    if (byte === PLUS) out[n++] = SPACE;
    else if (byte === PERCENT && i + 2 < end && hexValue(body[i + 1]) >= 0 && hexValue(body[i + 2]) >= 0) {
      out[n++] = hexValue(body[i + 1]) * 16 + hexValue(body[i + 2]);
      i += 2;
    } else out[n++] = byte;
  }
  return out.subarray(0, n);
}

export type FormFields = Record<string, string | string[] | Uint8Array>;

/**
 * Form fields as @fastify/formbody gives them (a repeated name becomes a list), except that the fields named
 * in `asBytes` stay UTF-8 bytes when sent once: a file kept as bytes lives outside the JavaScript heap, so
 * holding it, storing it and handing it to the worker cost a copy, not a re-encoding or a collection.
 */
export function decodeForm(body: Uint8Array, asBytes: ReadonlySet<string> = new Set()): FormFields {
  // A Map first: a field named `__proto__` must stay a field, not reach an object's prototype.
  const fields = new Map<string, Buffer[]>();
  for (let start = 0; start < body.length;) {
    let end = body.indexOf(AMP, start);
    if (end < 0) end = body.length;
    if (end > start) {
      let eq = body.indexOf(EQ, start);
      if (eq < 0 || eq > end) eq = end;
      const name = decodeBytes(body, start, eq).toString('utf8');
      const value = decodeBytes(body, Math.min(eq + 1, end), end);
      const seen = fields.get(name);
      if (seen) seen.push(value);
      else fields.set(name, [value]);
    }
    start = end + 1;
  }
  const decoded: FormFields = {};
  const text = (b: Buffer) => b.toString('utf8');
  for (const [name, values] of fields) {
    const [only] = values;
    Object.defineProperty(decoded, name, {
      value:
        only && values.length === 1
          ? asBytes.has(name)
            ? new Uint8Array(only)
            : text(only)
          : values.map(text),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return decoded;
}
