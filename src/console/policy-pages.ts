/* Pages of the console's policy section: the live policy (with the reload form) and the history of loads. */
import type { FastifyRequest } from 'fastify';
import { ROLES, type Role } from '../accounts/index.ts';
import { formatDateTime, type Translate } from '../i18n/index.ts';
import {
  scopeOf,
  type Channel,
  type CompiledPolicy,
  type PolicyProblem,
  type ReloadResult,
  type ResourceSpec,
  type Staff,
} from '../policy/index.ts';
import { csrfField, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { PolicyLoadRow } from './policy-queries.ts';
import type { RuleView } from './policy-rules.ts';

export interface PolicyView {
  readonly policy: CompiledPolicy;
  readonly path: string;
  /** When the policy in force was first applied; undefined when no load of it is recorded. */
  readonly since: number | undefined;
  readonly rules: ReadonlyMap<string, readonly RuleView[]>;
  /** The outcome of the reload just asked for, shown above everything else. */
  readonly reload?: ReloadResult | undefined;
}

const yesNo = (t: Translate, value: boolean) => t(value ? 'policy.yes' : 'policy.no');
const mb = (bytes: number) => String(Math.round((bytes / 1024 / 1024) * 10) / 10);
/** A session limit; a profile that sets none uses the deployment's (DWAAR_IDLE_TIMEOUT and the like). */
const minutes = (t: Translate, seconds: number | undefined) =>
  seconds === undefined ? t('policy.configuredLimit') : t('policy.minutes', { n: Math.round(seconds / 60) });
/** A short form of a hash for tables; the full hash is in the title attribute and on the main page. */
const shortHash = (hash: string) => hash.slice(0, 12);

/** A table in the console's scrolling wrapper, labelled by its caption (the pattern of every data table). */
function dataTable(caption: string, columns: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}">
    <table class="data">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** A file's problems with their lines, as the reload and the history show them. */
export function problemsTable(t: Translate, problems: readonly PolicyProblem[]): SafeHtml {
  return dataTable(
    t('policy.problemsCaption'),
    [t('policy.colLine'), t('policy.colField'), t('policy.colProblem'), t('policy.colFix')],
    problems.map(
      (p) =>
        html`<tr>
          <td>${p.line}:${p.column}</td>
          <td><code>${p.path}</code></td>
          <td>${p.message}</td>
          <td>${p.fix}</td>
        </tr>`,
    ),
  );
}

function reloadOutcome(t: Translate, result: ReloadResult | undefined): SafeHtml | string {
  if (!result) return '';
  if (result.ok)
    return html`<p class="status-box ok" role="status">
      ${t(result.changed ? 'policy.reloaded' : 'policy.unchanged', { hash: shortHash(result.hash) })}
    </p>`;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
      <h2>${t('errorSummary')}</h2>
      <p>${t('policy.rejectedLead', { hash: shortHash(result.hash), n: result.problems.length })}</p>
    </div>
    ${problemsTable(t, result.problems)}`;
}

function resourcesTable(request: FastifyRequest, resources: readonly ResourceSpec[]): SafeHtml {
  const t = request.t;
  const cols = [
    t('policy.colResource'),
    t('policy.colHost'),
    t('policy.colUpstream'),
    t('policy.colEnabled'),
    t('policy.colWebsocket'),
    t('policy.colBodyLimit'),
    t('policy.colSessionBar'),
  ];
  return dataTable(
    t('policy.resourcesTitle'),
    cols,
    resources.map(
      (r) =>
        html`<tr>
          <th scope="row">
            <span lang="en">${r.nameEn}</span> / <span lang="hi">${r.nameHi}</span> (<code>${r.id}</code>)
          </th>
          <td><code>${r.host}</code></td>
          <td><code>${r.upstream.origin}</code></td>
          <td>${yesNo(t, r.enabled)}</td>
          <td>${yesNo(t, r.websocket)}</td>
          <td>${t('policy.bytes', { n: mb(r.bodyLimit) })}</td>
          <td>${yesNo(t, r.sessionBar)}</td>
        </tr>`,
    ),
  );
}

function rulesSection(request: FastifyRequest, resource: ResourceSpec, rules: readonly RuleView[]) {
  const t = request.t;
  const name = request.lang === 'hi' ? resource.nameHi : resource.nameEn;
  const caption = t('policy.rulesTitle', { resource: name });
  if (rules.length === 0)
    return html`<h3>${caption}</h3>
      <p>${t('policy.noRules')}</p>`;
  return html`<h3>${caption}</h3>
    ${dataTable(
      caption,
      [t('policy.colRule'), t('policy.colEffect'), t('policy.colConditions'), t('policy.colDescription')],
      rules.map(
        (r) =>
          html`<tr>
            <th scope="row"><code>${r.id}</code></th>
            <td>${t(`policy.effect_${r.effect}`)}</td>
            <td>
              ${
                r.conditions.length === 0
                  ? t('policy.noConditions')
                  : html`<ul>
                      ${r.conditions.map(([f, v]) => html`<li><code>${f}</code>: ${v}</li>`)}
                    </ul>`
              }
            </td>
            <td>${r.description}</td>
          </tr>`,
      ),
    )}`;
}

/** The roles whose second factor a profile sets: officers sign in to the portal, staff to the console. */
const rolesOf = (channel: Channel): readonly Role[] =>
  channel === 'portal' ? ['officer'] : ROLES.filter((r) => r !== 'officer');

function profilesTable(request: FastifyRequest, policy: CompiledPolicy): SafeHtml {
  const t = request.t;
  const channels: readonly Channel[] = ['portal', 'console'];
  return dataTable(
    t('policy.profilesTitle'),
    [
      t('policy.colProfile'),
      t('policy.colSteps'),
      t('policy.colIdle'),
      t('policy.colAbsolute'),
      t('policy.colMaxSessions'),
      t('policy.colSecondFactor'),
    ],
    channels.map((channel) => {
      const p = policy.profile(channel);
      return html`<tr>
        <th scope="row">${t(`policy.profile_${channel}`)}</th>
        <td>
          <ol>
            ${p.steps.map((s) => html`<li>${t(`policy.step_${s}`)}</li>`)}
          </ol>
        </td>
        <td>${minutes(t, p.idleTimeoutS)}</td>
        <td>${minutes(t, p.absoluteTimeoutS)}</td>
        <td>${p.maxSessions}</td>
        <td>
          <ul>
            ${rolesOf(channel).map(
              (role) => html`<li>${t(`role_${role}`)}: ${t(`policy.need_${p.secondFactorFor(role)}`)}</li>`,
            )}
          </ul>
        </td>
      </tr>`;
    }),
  );
}

function reloadForm(t: Translate, staff: Staff): SafeHtml | string {
  if (!scopeOf(staff.role, 'policy.reload')) return '';
  return html`<h2>${t('policy.reloadTitle')}</h2>
    <p>${t('policy.reloadHint')}</p>
    <form method="post" action="/console/policy/reload">
      ${csrfField(staff.csrf)}
      <p class="actions"><button type="submit">${t('policy.reloadButton')}</button></p>
    </form>`;
}

/** The live policy: what is in force and since when, resources and their rules, profiles, the file. */
export function renderPolicyPage(request: FastifyRequest, staff: Staff, v: PolicyView): string {
  const t = request.t;
  const { policy } = v;
  return renderConsolePage(request, {
    title: t('policy.title'),
    hasError: v.reload?.ok === false,
    main: html`<h1>${t('policy.title')}</h1>
      ${reloadOutcome(t, v.reload)}
      <p>${t('policy.intro', { path: v.path })}</p>
      <dl>
        <dt>${t('policy.hash')}</dt>
        <dd><code>${policy.hash}</code></dd>
        <dt>${t('policy.loadedAt')}</dt>
        <dd>${v.since === undefined ? t('policy.loadedUnknown') : formatDateTime(request.lang, v.since)}</dd>
      </dl>
      <p class="actions">
        <a href="/console/policy/history">${t('policy.historyLink')}</a>
        <a href="/console/policy/explain">${t('policy.explainLink')}</a>
      </p>
      ${reloadForm(t, staff)}
      <h2>${t('policy.resourcesTitle')}</h2>
      ${resourcesTable(request, policy.resources)}
      <p>${t('policy.denyWins')}</p>
      ${policy.resources.map((r) => rulesSection(request, r, v.rules.get(r.id) ?? []))}
      <h2>${t('policy.profilesTitle')}</h2>
      ${profilesTable(request, policy)}
      <h2 id="source-heading">${t('policy.sourceTitle')}</h2>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="source-heading">
        <pre lang="en"><code>${policy.source}</code></pre>
      </div>`,
  });
}

/** Every load of the file, newest first, with the problems of each rejected one. */
export function renderHistoryPage(request: FastifyRequest, loads: readonly PolicyLoadRow[]): string {
  const t = request.t;
  const rows = loads.map(
    (l) =>
      html`<tr>
        <td>${formatDateTime(request.lang, l.loadedAt)}</td>
        <td>${t(`policy.trigger_${l.trigger}`)}</td>
        <td>${t(`policy.outcome_${l.outcome}`)}</td>
        <td><code title="${l.hash}">${shortHash(l.hash)}</code></td>
        <td>
          ${
            l.problems.length === 0
              ? ''
              : html`<ul>
                  ${l.problems.map((p) => html`<li>${p.line}:${p.column} <code>${p.path}</code> ${p.message}</li>`)}
                </ul>`
          }
        </td>
        <td>${l.node ?? ''}</td>
      </tr>`,
  );
  return renderConsolePage(request, {
    title: t('policy.historyTitle'),
    main: html`<p><a href="/console/policy">${t('policy.backToPolicy')}</a></p>
      <h1>${t('policy.historyTitle')}</h1>
      <p>${t('policy.historyIntro')}</p>
      <p class="actions"><a href="/console/policy/history.csv" download>${t('policy.downloadCsv')}</a></p>
      ${
        loads.length === 0
          ? html`<p>${t('policy.historyEmpty')}</p>`
          : dataTable(
              t('policy.historyTitle'),
              [
                t('policy.colLoadedAt'),
                t('policy.colTrigger'),
                t('policy.colOutcome'),
                t('policy.hash'),
                t('policy.colErrors'),
                t('policy.colNode'),
              ],
              rows,
            )
      }`,
  });
}
