import type { FastifyRequest } from 'fastify';
import { formatDateTime, type MessageKey, type Translate } from '../i18n/index.ts';
import type { AgentPosture, PostureValue } from '../policy/index.ts';
import { html, renderPage, type SafeHtml } from '../web/index.ts';
import { displayCode } from './inspector-codes.ts';
import { renderSteps, stepNumber } from './steps.ts';

/** Where the portal serves the inspector script itself, so an officer never fetches it from elsewhere. */
export const INSPECTOR_SCRIPT_PATH = '/inspector/dwaar-inspect.js';

const VALUE_TEXT = {
  yes: 'inspector.valueYes',
  no: 'inspector.valueNo',
  unknown: 'inspector.valueUnknown',
} as const satisfies Record<PostureValue, MessageKey>;

const CHECK_ROWS = [
  ['osPatched', 'inspector.factOsPatched'],
  ['diskEncryption', 'inspector.factDisk'],
  ['firewall', 'inspector.factFirewall'],
  ['screenLock', 'inspector.factScreenLock'],
] as const satisfies readonly (readonly [keyof AgentPosture, MessageKey])[];

/** The collapsed option inside the trust step's form: pair the inspector with the device being trusted. */
export function renderInspectorTrustOption(t: Translate): SafeHtml {
  return html`<details class="inspector-option">
    <summary>${t('inspector.trustOptionSummary')}</summary>
    <p class="hint" id="inspector-option-hint">${t('inspector.trustOptionExplain')}</p>
    <label class="checkbox" for="trust-inspector"
      ><input
        type="checkbox"
        id="trust-inspector"
        name="inspector"
        value="yes"
        aria-describedby="inspector-option-hint"
      />
      ${t('inspector.trustOptionLabel')}</label
    >
  </details>`;
}

/** The command an officer runs, with the script downloaded from this portal. */
function commandBlock(t: Translate, command: string): SafeHtml {
  return html`<p>
      <a href="${INSPECTOR_SCRIPT_PATH}" download="dwaar-inspect.js">${t('inspector.download')}</a>
    </p>
    <p><strong id="inspector-command-label">${t('inspector.commandLabel')}</strong></p>
    <pre aria-labelledby="inspector-command-label"><code>${command}</code></pre>`;
}

/** The inspector's findings for a session, in words; nothing when it has not reported. */
export function renderPostureFindings(request: FastifyRequest, posture: AgentPosture | null): SafeHtml {
  const t = request.t;
  if (!posture) return html`<p>${t('inspector.noReport')}</p>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="inspector-findings-caption" tabindex="0">
    <table class="data">
      <caption id="inspector-findings-caption">
        ${t('inspector.findingsCaption', { when: formatDateTime(request.lang, posture.at) })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('inspector.colCheck')}</th>
          <th scope="col">${t('inspector.colFinding')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">${t('inspector.factOs')}</th>
          <td>${posture.os} ${posture.osVersion}</td>
        </tr>
        ${CHECK_ROWS.map(
          ([key, label]) =>
            html`<tr>
              <th scope="row">${t(label)}</th>
              <td>${t(VALUE_TEXT[posture[key]])}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The webtop's part: the last report's findings, when there is one, and the way to the inspector page. */
export function renderWebtopInspector(request: FastifyRequest, posture: AgentPosture | null): SafeHtml {
  const t = request.t;
  return html`<section aria-labelledby="webtop-inspector-heading">
    <h2 id="webtop-inspector-heading">${t('inspector.pageTitle')}</h2>
    ${posture ? renderPostureFindings(request, posture) : ''}
    <p><a href="/inspector">${t('inspector.webtopLink')}</a></p>
  </section>`;
}

export type PairView = (
  | { readonly kind: 'code'; readonly code: string; readonly origin: string }
  | { readonly kind: 'paired' | 'none' | 'not-trusted' }
) & {
  /** The sign-in step after the trust step, in the portal's access profile. */
  readonly next: string;
};

/** The page after the trust step when the officer asked to pair the inspector: the code and the command. */
export function renderPairPage(request: FastifyRequest, view: PairView): string {
  const t = request.t;
  const title = t('inspector.pairTitle');
  let body: SafeHtml;
  switch (view.kind) {
    case 'code':
      body = html`<p>${t('inspector.pairIntro')}</p>
        <p>${t('inspector.pairCodeLabel')}: <strong class="code">${displayCode(view.code)}</strong></p>
        ${commandBlock(t, `node dwaar-inspect.js pair ${view.origin} ${displayCode(view.code)}`)}
        <p><a href="/inspector/pair">${t('inspector.pairCheck')}</a></p>`;
      break;
    case 'paired':
      body = html`<p class="status-box ok" role="status">${t('inspector.pairDone')}</p>`;
      break;
    case 'none':
      body = html`<p class="status-box" role="status">${t('inspector.pairNone')}</p>`;
      break;
    case 'not-trusted':
      body = html`<p class="status-box bad" role="status">${t('inspector.pairNotTrusted')}</p>`;
      break;
  }
  return renderPage({
    lang: request.lang,
    t,
    title: `${title} (${t('stepOf', { n: stepNumber('trust') })})`,
    path: request.url,
    scripts: ['/static/page.js'],
    main: html`${renderSteps(t, 'trust')}
      <h1>${title}</h1>
      ${body}
      <p class="actions"><a class="button" href="${view.next}">${t('inspector.continueSignIn')}</a></p>`,
  });
}

export type InspectorView =
  | { readonly kind: 'ready'; readonly nonce: string; readonly origin: string }
  | { readonly kind: 'no-device' | 'not-paired' };

/** The signed-in officer's inspector page: a one-time report command, and the last findings. */
export function renderInspectorPage(
  request: FastifyRequest,
  view: InspectorView,
  posture: AgentPosture | null,
): string {
  const t = request.t;
  const title = t('inspector.pageTitle');
  const body =
    view.kind === 'ready'
      ? html`<p>${t('inspector.reportIntro')}</p>
          ${commandBlock(t, `node dwaar-inspect.js report ${view.origin} ${view.nonce}`)}
          <p>${t('inspector.reportAfter')}</p>`
      : html`<p class="status-box" role="status">
          ${t(view.kind === 'no-device' ? 'inspector.noDevice' : 'inspector.notPaired')}
        </p>`;
  return renderPage({
    lang: request.lang,
    t,
    title,
    path: request.url,
    scripts: ['/static/page.js'],
    main: html`<h1>${title}</h1>
      ${body} ${renderPostureFindings(request, posture)}
      <p class="actions"><a class="button" href="/webtop">${t('inspector.backToWebtop')}</a></p>`,
  });
}
