import { describe, expect, it } from 'vitest';
import { localNext } from './login-routes.ts';

describe('BOWEB return path after its own login', () => {
  it('keeps local paths and drops anything that leaves the site', () => {
    expect(localNext({ next: '/returns/R003' })).toBe('/returns/R003');
    expect(localNext({ next: '//evil.example' })).toBeUndefined();
    expect(localNext({ next: '/\\evil.example' })).toBeUndefined();
    expect(localNext({ next: 'https://evil.example/' })).toBeUndefined();
    expect(localNext({})).toBeUndefined();
    expect(localNext(undefined)).toBeUndefined();
  });
});
