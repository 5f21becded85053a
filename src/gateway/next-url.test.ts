import { describe, expect, it } from 'vitest';
import type { ResourceRoute, ResourceTable } from './resources.ts';
import { isLocalPath, parseNext } from './next-url.ts';

const boweb = { id: 'boweb', publicOrigin: 'http://boweb.localhost:8080' } as ResourceRoute;
const resources = {
  byOrigin: (o: string) => (o === boweb.publicOrigin ? boweb : undefined),
} as ResourceTable;

describe('return addresses', () => {
  it.each([
    ['/webtop', { kind: 'portal', path: '/webtop' }],
    [
      'http://boweb.localhost:8080/returns/7?tab=1',
      { kind: 'resource', resourceId: 'boweb', path: '/returns/7?tab=1' },
    ],
  ])('accepts %s', (raw, expected) => {
    expect(parseNext(raw, resources)).toEqual(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    'http://boweb.localhost.evil.example:8080/',
    'http://evil.example@boweb.localhost:8080/',
    'http://user:pw@boweb.localhost:8080/',
    'https://boweb.localhost:8080/',
    'http://boweb.localhost:8081/',
    'javascript:alert(1)',
    'data:text/html,hi',
    '/ok\nSet-Cookie: x',
    '/\u3002evil',
    '/。evil',
    '/caf\u00e9',
    '',
  ])('refuses %j', (raw) => {
    expect(parseNext(raw, resources)).toBeUndefined();
  });

  it('treats only single-slash paths without control characters as local', () => {
    expect(isLocalPath('/a/b?c=d')).toBe(true);
    expect(isLocalPath('//a')).toBe(false);
    expect(isLocalPath('/\t/a')).toBe(false);
    expect(isLocalPath('a')).toBe(false);
  });
});
