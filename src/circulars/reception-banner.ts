import type { Lang, Translate } from '../i18n/index.ts';
import type { Store } from '../store/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import { awaitingAcknowledgement, unreadFor, type InboxRow, type UnreadRow } from './reception.ts';

/** The page's language and translator: all a notice needs of the request. */
export interface NoticeView {
  readonly lang: Lang;
  readonly t: Translate;
}

const subjectOf = (v: NoticeView, c: { subject_en: string; subject_hi: string }) =>
  v.lang === 'hi' ? c.subject_hi : c.subject_en;

/**
 * "New circular No. 12/2020: <subject> — Read it", one line per unread circular (at most three, then
 * "and N more"), in a labelled region a screen reader can jump to. Nothing when all are read.
 */
export function renderCircularBanner(
  v: NoticeView,
  unread: { rows: readonly UnreadRow[]; total: number },
  basePath: string,
): SafeHtml | undefined {
  if (unread.rows.length === 0) return undefined;
  const t = v.t;
  const more = unread.total - unread.rows.length;
  return html`<section
    class="status-box circular-banner"
    role="region"
    aria-label="${t('circularInbox.bannerLabel')}"
  >
    <ul>
      ${unread.rows.map(
        (c) =>
          html`<li>
            ${t('circularInbox.bannerLine', { number: c.number, subject: subjectOf(v, c) })} —
            <a href="${basePath}/${c.id}"
              >${t('circularInbox.bannerRead')}<span class="visually-hidden">
                (${t('circularInbox.heading', { number: c.number })})</span
              ></a
            >
          </li>`,
      )}
    </ul>
    ${
      more > 0
        ? html`<p>
            ${t('circularInbox.bannerMore', { n: more })} —
            <a href="${basePath}">${t('circularInbox.bannerAll')}</a>
          </p>`
        : ''
    }
  </section>`;
}

/** The webtop's list of circulars the officer must still acknowledge; nothing when none wait. */
export function renderAwaitingList(
  v: NoticeView,
  rows: readonly InboxRow[],
  basePath: string,
): SafeHtml | undefined {
  if (rows.length === 0) return undefined;
  const t = v.t;
  return html`<section class="status-box" aria-labelledby="circulars-to-acknowledge">
    <h2 id="circulars-to-acknowledge">${t('circularInbox.toAckHeading')}</h2>
    <ul>
      ${rows.map(
        (c) =>
          html`<li>
            <a href="${basePath}/${c.id}"
              >${t('circularInbox.toAckLine', { number: c.number, subject: subjectOf(v, c) })}</a
            >
          </li>`,
      )}
    </ul>
  </section>`;
}

/**
 * The notices for a signed-in person's page: the banner of unread circulars (one indexed query) and, with
 * `awaiting`, the list of circulars to acknowledge. Undefined when there is nothing to say.
 */
export async function circularNoticesFor(
  db: Store['db'],
  accountId: number,
  v: NoticeView,
  o: { basePath: string; awaiting?: boolean },
): Promise<SafeHtml | undefined> {
  const banner = renderCircularBanner(v, await unreadFor(db, accountId), o.basePath);
  const list = o.awaiting
    ? renderAwaitingList(v, await awaitingAcknowledgement(db, accountId), o.basePath)
    : undefined;
  if (!banner && !list) return undefined;
  return html`${banner}${list}`;
}
