import { formatDate, formatLongDate, parseDay, indiaTime } from '../i18n/index.ts';
import { composeMail, perLang, type ComposedMail } from '../mail/index.ts';
import type { CircularRow } from './repository.ts';

/** Where a recipient reads the circular: the portal for officers, the console for staff. */
export function circularLink(origin: string, circularId: number, role: string): string {
  return role === 'officer'
    ? `${origin}/circulars/${circularId}`
    : `${origin}/console/my-circulars/${circularId}`;
}

/** The date on a circular (`YYYY-MM-DD`) as each language writes it. */
function circularDate(c: Pick<CircularRow, 'issued_on'>) {
  const day = parseDay(c.issued_on);
  const ms = day ? indiaTime(day, 12) : 0;
  return perLang((lang) => (day ? formatLongDate(lang, ms) : c.issued_on));
}

function shared(c: CircularRow) {
  return {
    number: c.number,
    subject: { en: c.subject_en, hi: c.subject_hi },
    authority: { en: c.authority_en, hi: c.authority_hi },
    date: circularDate(c),
  };
}

/**
 * The bilingual mail announcing a circular to one person: what it is, the link to read (and acknowledge)
 * it, the deadline when there is one. A copy says it is for information. No body text: the circular is
 * read where the reading is recorded.
 */
export function composeCircularMail(c: CircularRow, kind: 'recipient' | 'copy', href: string): ComposedMail {
  const mustAck = kind === 'recipient' && c.ack_required === 1;
  const deadline = c.ack_deadline;
  return composeMail({
    subject: 'circulars.mailSubject',
    vars: shared(c),
    blocks: [
      { kind: 'paragraph', key: 'circulars.mailIntro' },
      kind === 'copy' && { kind: 'paragraph', key: 'circulars.mailCopy' },
      { kind: 'link', key: mustAck ? 'circulars.mailLinkAck' : 'circulars.mailLinkRead', href },
      mustAck &&
        deadline !== null && {
          kind: 'paragraph',
          key: 'circulars.mailDeadline',
          vars: { deadline: perLang((lang) => formatDate(lang, deadline)) },
        },
      { kind: 'notice', key: 'circulars.mailNotice' },
    ],
  });
}

/** The one reminder a recipient gets after the deadline passed without their acknowledgement. */
export function composeReminderMail(c: CircularRow, href: string): ComposedMail {
  const deadline = c.ack_deadline ?? 0;
  return composeMail({
    subject: 'circulars.reminderSubject',
    vars: { ...shared(c), deadline: perLang((lang) => formatDate(lang, deadline)) },
    blocks: [
      { kind: 'paragraph', key: 'circulars.reminderIntro' },
      { kind: 'link', key: 'circulars.mailLinkAck', href },
      { kind: 'notice', key: 'circulars.mailNotice' },
    ],
  });
}
