import { dayText, formatLongDate, parseDay, type Lang } from '../i18n/index.ts';
import { csrfField, fieldError, html, invalid, raw, type SafeHtml } from '../web/index.ts';
import type { NoticeView } from './reception-banner.ts';
import type { AddressedCircular, AttachmentRow, InboxRow } from './reception.ts';
import { renderCircularBody } from './render-body.ts';

/** The circular's own date (`YYYY-MM-DD`) as the department writes it, dd-mm-yyyy. */
function issuedOn(iso: string): string {
  const day = parseDay(iso);
  return day ? dayText(day) : iso;
}

function stateOf(v: NoticeView, c: InboxRow): string {
  const t = v.t;
  if (c.status === 'withdrawn') return t('circularInbox.stateWithdrawn');
  if (c.acknowledged_at !== null)
    return t('circularInbox.stateAcknowledged', { at: formatLongDate(v.lang, c.acknowledged_at, true) });
  if (c.read_at === null) return t('circularInbox.stateUnread');
  return c.kind === 'recipient' && c.ack_required === 1
    ? t('circularInbox.stateAckDue')
    : t('circularInbox.stateRead');
}

/** The list of circulars addressed to the person (a table), or the empty state. */
export function renderInboxMain(v: NoticeView, rows: readonly InboxRow[], basePath: string): SafeHtml {
  const t = v.t;
  const hi = v.lang === 'hi';
  return html`<h1>${t('circularInbox.title')}</h1>
    <p>${t('circularInbox.intro')}</p>
    ${
      rows.length === 0
        ? html`<p class="status-box" role="status">${t('circularInbox.empty')}</p>`
        : html`<table>
            <caption>
              ${t('circularInbox.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('circularInbox.colNumber')}</th>
                <th scope="col">${t('circularInbox.colDate')}</th>
                <th scope="col">${t('circularInbox.colSubject')}</th>
                <th scope="col">${t('circularInbox.colAs')}</th>
                <th scope="col">${t('circularInbox.colState')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (c) =>
                  html`<tr>
                    <th scope="row"><a href="${basePath}/${c.id}">${c.number}</a></th>
                    <td>${issuedOn(c.issued_on)}</td>
                    <td>${hi ? c.subject_hi : c.subject_en}</td>
                    <td>
                      ${t(c.kind === 'copy' ? 'circularInbox.kindCopy' : 'circularInbox.kindRecipient')}
                    </td>
                    <td>${stateOf(v, c)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

export interface ReadingView {
  readonly circular: AddressedCircular;
  readonly attachments: readonly AttachmentRow[];
  /** The language of the circular's text shown (the reader's, unless they asked for the other). */
  readonly text: Lang;
  readonly basePath: string;
  readonly csrf: string;
  readonly done?: 'acknowledged' | 'already' | undefined;
  /** The acknowledgement form's error (the box was not ticked). */
  readonly error?: string | undefined;
}

function textOf(c: AddressedCircular, lang: Lang) {
  return lang === 'hi'
    ? { subject: c.subject_hi, authority: c.authority_hi, body: c.body_hi, copyTo: c.copy_to_hi }
    : { subject: c.subject_en, authority: c.authority_en, body: c.body_en, copyTo: c.copy_to_en };
}

function acknowledgement(v: NoticeView, r: ReadingView): SafeHtml {
  const t = v.t;
  const c = r.circular;
  if (c.acknowledged_at !== null)
    return html`<p class="status-box ok">
      ${t('circularInbox.ackDone', { at: formatLongDate(v.lang, c.acknowledged_at, true) })}
    </p>`;
  if (c.status === 'withdrawn') return html``;
  if (c.kind === 'copy') return html`<p>${t('circularInbox.ackCopy')}</p>`;
  if (c.ack_required !== 1) return html`<p>${t('circularInbox.ackNotAsked')}</p>`;
  return html`${c.gates_access === 1 ? html`<p><strong>${t('circularInbox.gatesNote')}</strong></p>` : ''}
    ${
      c.ack_deadline !== null
        ? html`<p>${t('circularInbox.ackDeadline', { at: formatLongDate(v.lang, c.ack_deadline, true) })}</p>`
        : ''
    }
    <form method="post" action="${r.basePath}/${c.id}/acknowledge" novalidate>
      ${csrfField(r.csrf)}
      <div class="field">
        ${fieldError('understood', r.error)}
        <input
          type="checkbox"
          id="understood"
          name="understood"
          value="yes"
          ${invalid('understood', r.error)}
        />
        <label for="understood">${t('circularInbox.ackLabel')}</label>
      </div>
      <p class="actions"><button type="submit">${t('circularInbox.ackButton')}</button></p>
    </form>`;
}

/** One circular as its recipient reads it: heading, text, attachments, copy list and acknowledgement. */
export function renderReadingMain(v: NoticeView, r: ReadingView): SafeHtml {
  const t = v.t;
  const c = r.circular;
  const text = textOf(c, r.text);
  const other: Lang = r.text === 'hi' ? 'en' : 'hi';
  const copies = text.copyTo
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return html`<p><a href="${r.basePath}">${t('circularInbox.back')}</a></p>
    ${
      r.error
        ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
            <h2>${t('errorSummary')}</h2>
            <ul>
              <li><a href="#understood">${r.error}</a></li>
            </ul>
          </div>`
        : ''
    }
    ${
      r.done
        ? html`<p class="status-box ok" role="status">
            ${t(r.done === 'already' ? 'circularInbox.doneAlready' : 'circularInbox.doneAcknowledged')}
          </p>`
        : ''
    }
    <h1>${t('circularInbox.heading', { number: c.number })}</h1>
    ${
      c.status === 'withdrawn'
        ? html`<p class="status-box bad" role="status">${t('circularInbox.withdrawnNote')}</p>`
        : ''
    }
    <dl>
      <dt>${t('circularInbox.dated')}</dt>
      <dd><time datetime="${c.issued_on}">${issuedOn(c.issued_on)}</time></dd>
      <dt>${t('circularInbox.subject')}</dt>
      <dd lang="${r.text}">${text.subject}</dd>
      <dt>${t('circularInbox.authority')}</dt>
      <dd lang="${r.text}">${text.authority}</dd>
    </dl>
    <p>
      <a href="${r.basePath}/${c.id}?text=${other}" hreflang="${other}"
        >${t(other === 'hi' ? 'circularInbox.readInHi' : 'circularInbox.readInEn')}</a
      >
    </p>
    <div class="circular-body" lang="${r.text}">${raw(renderCircularBody(text.body))}</div>
    ${
      r.attachments.length > 0
        ? html`<h2>${t('circularInbox.attachments')}</h2>
            <ul>
              ${r.attachments.map(
                (a) =>
                  html`<li>
                    <a href="${r.basePath}/${c.id}/attachments/${a.id}">${a.file_name}</a>
                    (${t('circularInbox.attachmentSize', {
                      size: Math.max(1, Math.round(a.size / 1024)),
                      type: a.content_type,
                    })})
                  </li>`,
              )}
            </ul>`
        : ''
    }
    ${
      copies.length > 0
        ? html`<h2>${t('circularInbox.copyList')}</h2>
            <ol lang="${r.text}">
              ${copies.map((line) => html`<li>${line}</li>`)}
            </ol>`
        : ''
    }
    <h2>${t('circularInbox.ackHeading')}</h2>
    ${acknowledgement(v, r)}`;
}
