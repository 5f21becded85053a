/* The console's "explain a decision" page: the form, its errors, and the explanation. */
import type { FastifyRequest } from 'fastify';
import type { ResourceSpec } from '../policy/index.ts';
import { errorSummary, fieldError, html, invalid, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { DEFAULT_IP, explanationParts, SECOND_FACTORS, type ExplainResult } from './policy-explain.ts';

/** The form as typed, echoed back. */
export interface ExplainFormValues {
  readonly user: string;
  readonly resource: string;
  readonly at: string;
  readonly secondFactor: string;
  readonly device: string;
  readonly ip: string;
}

export type ExplainField = 'user' | 'resource' | 'at' | 'ip';
/** Field errors, and `form` for a query no field explains (a forged choice): shown in the summary only. */
export type ExplainErrors = Partial<Record<ExplainField | 'form', string>>;

export interface ExplainView {
  readonly values: ExplainFormValues;
  readonly resources: readonly ResourceSpec[];
  readonly errors: ExplainErrors;
  readonly result?: ExplainResult | undefined;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
}

function textField(
  id: ExplainField,
  label: string,
  hint: string | undefined,
  value: string,
  error: string | undefined,
  attrs: SafeHtml,
): SafeHtml {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<label for="${id}">${label}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''} ${fieldError(id, error)}
    <input
      type="text"
      id="${id}"
      name="${id}"
      value="${value}"
      ${attrs}
      ${described ? html`aria-describedby="${described}"` : ''}
      ${error ? html`aria-invalid="true"` : ''}
    />`;
}

function form(request: FastifyRequest, v: ExplainView): SafeHtml {
  const t = request.t;
  const name = (r: ResourceSpec) => (request.lang === 'hi' ? r.nameHi : r.nameEn);
  const device = v.values.device === 'no' ? 'no' : 'yes';
  return html`<form method="get" action="/console/policy/explain" novalidate>
    ${textField(
      'user',
      t('policy.fUser'),
      t('policy.fUserHint'),
      v.values.user,
      v.errors.user,
      html`maxlength="100" autocomplete="off" autocapitalize="none" spellcheck="false" required`,
    )}
    <label for="resource">${t('policy.fResource')}</label>
    ${fieldError('resource', v.errors.resource)}
    <select id="resource" name="resource" ${invalid('resource', v.errors.resource)}>
      ${v.resources.map((r) => option(r.id, `${name(r)} (${r.id})`, v.values.resource))}
    </select>
    ${textField(
      'at',
      t('policy.fAt'),
      t('policy.fAtHint'),
      v.values.at,
      v.errors.at,
      html`maxlength="40" autocomplete="off"`,
    )}
    <label for="secondFactor">${t('policy.fSecondFactor')}</label>
    <select id="secondFactor" name="secondFactor">
      ${SECOND_FACTORS.map((f) => option(f, t(`policy.sf_${f}`), v.values.secondFactor || 'totp'))}
    </select>
    <label for="device">${t('policy.fDevice')}</label>
    <select id="device" name="device">
      ${option('yes', t('policy.yes'), device)} ${option('no', t('policy.no'), device)}
    </select>
    ${textField(
      'ip',
      t('policy.fIp'),
      t('policy.fIpHint', { ip: DEFAULT_IP }),
      v.values.ip,
      v.errors.ip,
      html`maxlength="45" autocomplete="off" spellcheck="false"`,
    )}
    <p class="actions"><button type="submit">${t('policy.explainButton')}</button></p>
  </form>`;
}

function resultSection(request: FastifyRequest, result: ExplainResult): SafeHtml {
  const t = request.t;
  const p = explanationParts(result, request.lang);
  const allowed = result.explanation.decision.effect === 'allow';
  return html`<section aria-labelledby="result-heading">
    <h2 id="result-heading">${p.title}</h2>
    <p class="status-box ${allowed ? 'ok' : 'bad'}" role="status">
      <strong>${p.verdict}</strong> — ${p.summary}
    </p>
    <p>${p.decidedBy}</p>
    <p>${p.person}</p>
    <div class="table-wrap" role="region" tabindex="0" aria-label="${t('policy.checksCaption')}">
      <table class="data">
        <caption>
          ${t('policy.checksCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('policy.colHeld')}</th>
            <th scope="col">${t('policy.colCheck')}</th>
          </tr>
        </thead>
        <tbody>
          ${p.checks.map(
            (c) =>
              html`<tr>
                <td>
                  <span aria-hidden="true">${c.ok ? '✓' : '✗'}</span>
                  ${c.ok ? t('policy.held') : t('policy.failed')}
                </td>
                <td>${c.text}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h3>${t('policy.assumptions')}</h3>
    <ul>
      ${p.assumptions.map((a) => html`<li>${a}</li>`)}
    </ul>
  </section>`;
}

export function renderExplainPage(request: FastifyRequest, v: ExplainView): string {
  const t = request.t;
  const messages = Object.values(v.errors).filter((m): m is string => m !== undefined);
  return renderConsolePage(request, {
    title: t('policy.explainTitle'),
    hasError: messages.length > 0,
    main: html`<p><a href="/console/policy">${t('policy.backToPolicy')}</a></p>
      <h1>${t('policy.explainTitle')}</h1>
      ${errorSummary(t, messages)}
      <p>${t('policy.explainIntro')}</p>
      ${form(request, v)} ${v.result ? resultSection(request, v.result) : ''}`,
  });
}
