import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import type { Attempt, Diagnosis, Finding } from './diagnostics.ts';

/**
 * A diagnosis as a section of a page: findings (problems first, each marked in words, with its fix) and the
 * last failed sign-in steps in a table. Used on the officer's help page and the console's ticket page.
 */
export function renderDiagnosis(request: FastifyRequest, diagnosis: Diagnosis): SafeHtml {
  const t = request.t;
  const when = (ms: number | null) => (ms === null ? '' : formatDateTime(request.lang, ms));
  const finding = (f: Finding) => {
    const vars = {
      at: when(f.at),
      place: f.place ? (request.lang === 'hi' ? f.place.hi : f.place.en) : '',
    };
    return html`<li class="${f.problem ? 'finding problem' : 'finding'}">
      <strong>${t(f.problem ? 'selfHelp.problem' : 'selfHelp.fine')}:</strong>
      ${t(`selfHelp.f_${f.code}`, vars)}
      ${f.problem ? html`<br /><span class="fix">${t('selfHelp.fixLabel')}: ${t(`selfHelp.fix_${f.code}`, vars)}</span>` : ''}
    </li>`;
  };
  const attempt = (a: Attempt) =>
    html`<tr>
      <td>${when(a.at)}</td>
      <td>
        ${t(`selfHelp.a_${a.kind}`, { detail: a.detail })}${a.byAddress ? html` <em>(${t('selfHelp.byAddress')})</em>` : ''}
      </td>
      <td>${t(`selfHelp.afix_${a.kind}`)}</td>
    </tr>`;
  return html`<section aria-labelledby="diagnosis-title" class="diagnosis">
    <h2 id="diagnosis-title">${t('selfHelp.diagnosisTitle', { userId: diagnosis.userId })}</h2>
    <ul class="findings">
      ${diagnosis.findings.map(finding)}
    </ul>
    <h3 id="attempts-title">${t('selfHelp.attemptsTitle')}</h3>
    ${
      diagnosis.attempts.length === 0
        ? html`<p>${t('selfHelp.attemptsNone')}</p>`
        : html`<table>
            <caption>
              ${t('selfHelp.attemptsCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('selfHelp.colWhen')}</th>
                <th scope="col">${t('selfHelp.colWhat')}</th>
                <th scope="col">${t('selfHelp.colFix')}</th>
              </tr>
            </thead>
            <tbody>
              ${diagnosis.attempts.map(attempt)}
            </tbody>
          </table>`
    }
    <p>${t('selfHelp.diagnosisNoSecrets')}</p>
  </section>`;
}
