/**
 * The value of one request header from Node's raw list, without building `req.headers` (which Node makes
 * lazily, as a whole object, on first use). `lowerName` must be lower-case.
 */
export function findRawHeader(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
}
