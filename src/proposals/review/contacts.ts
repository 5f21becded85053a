import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/index.ts';

/**
 * Where an officer's activation goes, as HQ sees it before deciding: the directory's e-mail address and
 * mobile (provisioning sends the link there), each flagged when the proposal's file gave something else —
 * a stale directory, a typing slip, or someone steering an officer's activation link to an address they
 * hold. The flag is a visible mark and a sentence, so screen readers announce it in words.
 */
export interface ActivationContact {
  readonly email: string;
  readonly mobile: string | null;
  readonly proposedEmail: string | null;
  readonly proposedMobile: string | null;
}

/** Addresses compare case-insensitively (as the import's own check does); mobiles by their last 10 digits. */
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const tenDigits = (m: string | null) => (m ?? '').replace(/\D/g, '').slice(-10);

export function emailDiffers(c: ActivationContact): boolean {
  return c.proposedEmail !== null && !sameEmail(c.proposedEmail, c.email);
}

export function mobileDiffers(c: ActivationContact): boolean {
  return c.proposedMobile !== null && tenDigits(c.proposedMobile) !== tenDigits(c.mobile);
}

function differs(request: FastifyRequest, proposed: string): SafeHtml {
  return html` <strong class="verdict-bad"
    ><span aria-hidden="true">⚠ </span>${request.t('proposals.workflow.contactDiffers', {
      value: proposed,
    })}</strong
  >`;
}

/** The officer's activation e-mail and mobile, with the flags. */
export function contactLine(request: FastifyRequest, c: ActivationContact | undefined): SafeHtml | string {
  if (!c) return '';
  const t = request.t;
  return html`<p>
    ${t('proposals.workflow.contactEmail')}:
    ${c.email}${emailDiffers(c) ? differs(request, c.proposedEmail ?? '') : ''}
    <br />
    ${t('proposals.workflow.contactMobile')}:
    ${c.mobile ?? t('proposals.workflow.contactNone')}${mobileDiffers(c) ? differs(request, c.proposedMobile ?? '') : ''}
  </p>`;
}
