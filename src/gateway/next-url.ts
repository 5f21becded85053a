import type { ResourceTable } from './resources.ts';

export type NextTarget =
  | { readonly kind: 'resource'; readonly resourceId: string; readonly path: string }
  | { readonly kind: 'portal'; readonly path: string };

/**
 * A path on the same origin: starts with one slash, then printable ASCII only (no backslashes, spaces or
 * control characters). Anything outside ASCII (`/。evil`) cannot go into a Location header as is (Node
 * refuses it with a 500) and browsers may fold it into `/.evil`; a real path arrives percent-encoded, so
 * such a value is refused as an unsafe return address and callers fall back to their default.
 */
export function isLocalPath(value: string): boolean {
  return /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(value) && value.length <= 2000;
}

/**
 * Where a visitor may be sent back to after login: a path on the portal, or a URL on a configured
 * resource's exact public origin. Anything else (other hosts, other schemes, lookalike hosts,
 * user-info tricks) is refused, so `next` can never become an open redirect.
 */
export function parseNext(raw: unknown, resources: ResourceTable): NextTarget | undefined {
  if (typeof raw !== 'string' || raw === '' || raw.length > 2000) return undefined;
  if (isLocalPath(raw)) return { kind: 'portal', path: raw };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const route = resources.byOrigin(url.origin);
  if (!route) return undefined;
  const path = `${url.pathname}${url.search}`;
  return isLocalPath(path) ? { kind: 'resource', resourceId: route.id, path } : undefined;
}
