import type { FastifyRequest } from 'fastify';
import { renderCircularBody } from '../circulars/index.ts';
import type { DocumentRow } from '../documents/index.ts';
import { formatDateTime } from '../i18n/index.ts';
import { csrfField, html, raw, renderPage, type SafeHtml } from '../web/index.ts';

export interface AcknowledgeView {
  readonly csrf: string;
  readonly documents: readonly DocumentRow[];
  readonly error?: string | undefined;
  /** Where the form posts: the sign-in's step (default) or a live session's `/account/acknowledge`. */
  readonly action?: string;
  /** The page's lead paragraph, when not the sign-in step's. */
  readonly intro?: string;
  /** Carried through the post: the resource to open once acknowledged. */
  readonly resource?: string | undefined;
}

/** A circular's body is Markdown (rendered safe); Dwaar's own documents are plain text. */
function documentBody(doc: DocumentRow, hi: boolean): SafeHtml | string {
  const body = hi ? doc.body_hi : doc.body_en;
  return doc.kind.startsWith('circular-') ? raw(renderCircularBody(body)) : body;
}

/**
 * The acknowledgements step (issue 9): each document the portal's access profile lists whose current
 * version this officer has not yet acknowledged, in full, then one confirmation. Comes after the second
 * factor, so the officer is known, and before the session opens.
 */
export function renderAcknowledge(request: FastifyRequest, v: AcknowledgeView): string {
  const t = request.t;
  const hi = request.lang === 'hi';
  const docs = v.documents.map(
    (doc) =>
      html`<section aria-labelledby="doc-${doc.kind}">
        <h2 id="doc-${doc.kind}">${hi ? doc.title_hi : doc.title_en}</h2>
        <p class="hint">
          ${t('disclaimerVersion', { version: doc.version, date: formatDateTime(request.lang, doc.published_at) })}
        </p>
        <div class="disclaimer-text">${documentBody(doc, hi)}</div>
      </section>`,
  );
  return renderPage({
    lang: request.lang,
    t,
    title: t('access.ackTitle'),
    path: request.url,
    hasError: v.error !== undefined,
    scripts: ['/static/page.js'],
    main: html`<h1>${t('access.ackTitle')}</h1>
      <p>${v.intro ?? t('access.ackIntro')}</p>
      ${v.error ? html`<p class="status-box bad" role="alert" id="ack-error">${v.error}</p>` : ''} ${docs}
      <form method="post" action="${v.action ?? '/login/acknowledge'}">
        ${csrfField(v.csrf)}
        ${v.resource ? html`<input type="hidden" name="resource" value="${v.resource}" />` : ''}
        ${v.documents.map((d) => html`<input type="hidden" name="versions" value="${d.kind}:${d.version}" />`)}
        <p>
          <input
            type="checkbox"
            id="accept"
            name="accept"
            value="yes"
            ${v.error ? html`aria-describedby="ack-error" aria-invalid="true"` : ''}
          />
          <label for="accept">${t('access.ackAccept')}</label>
        </p>
        <p class="actions">
          <button type="submit" name="action" value="accept">${t('access.ackContinue')}</button>
          <button type="submit" name="action" value="cancel" class="secondary">${t('cancel')}</button>
        </p>
      </form>`,
  });
}
