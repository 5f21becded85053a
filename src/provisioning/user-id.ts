/** What a user ID scheme may draw on. Every value is raw; `composeUserId` cleans it. */
export interface UserIdParts {
  readonly employeeNo: string;
  /** District ID (a slug such as `kanpur-nagar`). */
  readonly district: string;
  /** Zone ID (a slug such as `lucknow`). */
  readonly zone: string;
  /** The officer's English name; `{first}` and `{last}` are its first and last words. */
  readonly nameEn: string;
}

/** Longest user ID the scheme may produce before a collision suffix. */
export const MAX_USER_ID_BASE = 60;

const TOKEN = /\{(employee_no|district|zone|first|last)\}/g;

/**
 * Fills a scheme such as `{district}.{employee_no}` from an officer's record: lower-cased, every character
 * outside `[a-z0-9._-]` dropped, leading and trailing separators trimmed, at most 60 characters.
 * Unknown `{tokens}` lose their braces like any other disallowed character.
 */
export function composeUserId(scheme: string, parts: UserIdParts): string {
  const words = parts.nameEn.trim().split(/\s+/).filter(Boolean);
  const values: Record<string, string> = {
    employee_no: parts.employeeNo,
    district: parts.district,
    zone: parts.zone,
    first: words[0] ?? '',
    last: words.length > 1 ? (words[words.length - 1] ?? '') : '',
  };
  const filled = scheme.replace(TOKEN, (_m, name: string) => values[name] ?? '');
  return filled
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '')
    .slice(0, MAX_USER_ID_BASE)
    .replace(/^[._-]+|[._-]+$/g, '');
}

/** The base itself when free, else `base-2`, `base-3`… the first one not in `taken`. */
export function firstFreeUserId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
