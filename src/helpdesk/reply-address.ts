import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/index.ts';

/**
 * A ticket's reply address: `ticket+<number>.<tag>@<domain>`, the tag an HMAC of the number, so a reply
 * finds its ticket and nobody can write to a ticket by guessing its number. The sender must still be the
 * ticket's officer at their registered address.
 */
const TAG_LENGTH = 16;

function tagFor(number: string, key: Buffer): string {
  return createHmac('sha256', key)
    .update(`ticket-reply:${number}`)
    .digest('base64url')
    .slice(0, TAG_LENGTH)
    .toLowerCase();
}

export function replyAddressFor(number: string, key: Buffer, domain: string): string {
  return `ticket+${number.toLowerCase()}.${tagFor(number.toUpperCase(), key)}@${domain}`;
}

/** The ticket number a reply address names, when its tag is genuine; undefined otherwise. */
export function ticketNumberOf(address: string, key: Buffer, domain: string): string | undefined {
  const match = /^ticket\+([a-z0-9-]{1,40})\.([a-z0-9_-]{16})@(.+)$/i.exec(address.trim());
  if (!match?.[1] || !match[2] || match[3]?.toLowerCase() !== domain.toLowerCase()) return undefined;
  const number = match[1].toUpperCase();
  return safeEqual(match[2].toLowerCase(), tagFor(number, key)) ? number : undefined;
}
