import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../crypto/index.ts';

/**
 * Session and binding IDs carry a short MAC of their random part, so an ID the gateway never issued is
 * refused without a database read: a flood of made-up cookies cannot turn into a flood of queries.
 * The secret half of the cookie still decides authenticity; this only filters noise.
 */
export function createSessionIds(key: Buffer) {
  const tag = (random: string) => createHmac('sha256', key).update(random).digest('base64url').slice(0, 12);
  return {
    issue(): string {
      const random = randomBytes(12).toString('base64url');
      return `${random}${tag(random)}`;
    },
    isGenuine(id: string): boolean {
      if (id.length !== 28) return false;
      return safeEqual(id.slice(16), tag(id.slice(0, 16)));
    },
  };
}
