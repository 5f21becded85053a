import { translator, type Lang, type MessageKey, type Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import type { GuideFacts } from './guide-facts.ts';

/** The guide's topics, in order; each becomes an `h3` with the ID `<lang>-<id>` and a contents entry. */
const TOPICS = [
  ['open', 'guide.openTitle'],
  ['activate', 'guide.activateTitle'],
  ['sign-in', 'guide.signInTitle'],
  ['webtop', 'guide.webtopTitle'],
  ['problems', 'guide.errorsTitle'],
  ['help', 'guide.helpTitle'],
  ['confidentiality', 'guide.confidentialityTitle'],
] as const satisfies readonly (readonly [string, MessageKey])[];
type TopicId = (typeof TOPICS)[number][0];

/** Rows of the troubleshooting table: what the officer sees, what it means, what to do. */
const PROBLEMS = [
  'Wrong',
  'Locked',
  'NotActivated',
  'Expired',
  'Used',
  'Superseded',
  'Browser',
  'Os',
  'Secure',
  'Cookies',
  'Idle',
  'Limit',
  'Down',
  'Inactive',
  'Office',
] as const;

export interface GuideMeta {
  readonly version: string;
  /** Already formatted for the section's language. */
  readonly updated: string;
}

/** Values every message may use: the facts, plus the labels of the buttons the officer will press. */
function variablesFor(t: Translate, f: GuideFacts): Record<string, string | number> {
  return {
    url: f.portalUrl,
    phone: f.helpdeskPhone,
    hours: f.activationTtlHours,
    idle: f.idleMinutes,
    days: f.reopenGraceDays,
    failures: f.lockout.maxFailures,
    minutes: f.lockout.firstLockMinutes,
    maxHours: f.lockout.maxLockHours,
    chromium: f.minBrowser.chromium,
    firefox: f.minBrowser.firefox,
    safari: f.minBrowser.safari,
    retry: t('retry'),
    trust: t('trustTitle'),
    agree: t('agree'),
    open: t('open'),
    continue: t('continueSession'),
    logout: t('logout'),
  };
}

/** One full section of the guide in one language, with its own contents list. IDs are prefixed by `lang`. */
export function renderGuideSection(lang: Lang, facts: GuideFacts, meta: GuideMeta): SafeHtml {
  const base = translator(lang);
  const vars = variablesFor(base, facts);
  const t = (key: MessageKey, extra: Record<string, string | number> = {}) =>
    base(key, { ...vars, ...extra });
  const id = (topic: TopicId) => `${lang}-${topic}`;
  const heading = (topic: TopicId, key: MessageKey) => html`<h3 id="${id(topic)}">${t(key)}</h3>`;
  // A document not yet published has no version to cite; the sentence then names none.
  const docVersion = (v: number | null, key: 'guide.versionAfterComma' | 'guide.versionInBrackets') =>
    v === null ? '' : base(key, { n: v });

  return html`<section class="guide-section" lang="${lang}" aria-labelledby="${lang}-title">
    <h2 id="${lang}-title">${t('guide.heading')}</h2>
    <p class="guide-subtitle">${t('guide.subtitle')}</p>
    <p class="guide-meta">
      ${t('guide.version', { version: meta.version })} · ${t('guide.lastUpdated', { date: meta.updated })}
    </p>
    <p class="hint">${t('guide.generated')}</p>
    <nav class="guide-toc" aria-labelledby="${lang}-contents">
      <h3 id="${lang}-contents">${t('guide.contents')}</h3>
      <ol>
        ${TOPICS.map(([topic, key]) => html`<li><a href="#${id(topic)}">${t(key)}</a></li>`)}
      </ol>
    </nav>

    ${heading('open', 'guide.openTitle')}
    <p>${t('guide.openUrl')} <a href="${facts.portalUrl}" class="guide-url">${facts.portalUrl}</a></p>
    <p>${t('guide.openNoInstall')}</p>
    <p>${t('guide.browsersIntro')}</p>
    <ul>
      <li>${t('guide.browserChromium', { v: facts.minBrowser.chromium })}</li>
      <li>${t('guide.browserFirefox', { v: facts.minBrowser.firefox })}</li>
      <li>${t('guide.browserSafari', { v: facts.minBrowser.safari })}</li>
    </ul>
    <p>${t('guide.osNeeded')}</p>
    <p>${t('guide.resourcesIntro')}</p>
    ${
      facts.resources.length === 0
        ? html`<p>${t('guide.resourcesNone')}</p>`
        : html`<ul>
            ${facts.resources.map((r) =>
              lang === 'hi'
                ? html`<li><strong>${r.nameHi}</strong> — ${r.purposeHi}</li>`
                : html`<li><strong>${r.nameEn}</strong> — ${r.purposeEn}</li>`,
            )}
          </ul>`
    }
    ${heading('activate', 'guide.activateTitle')}
    <p>${t('guide.activateMail')}</p>
    <ol>
      <li>
        ${t('guide.activateStep1', { version: docVersion(facts.confidentialityVersion, 'guide.versionAfterComma') })}
      </li>
      <li>${t('guide.activateStep2')}</li>
      <li>${t('guide.activateStep3')}</li>
      <li>${t('guide.activateStep4')}</li>
    </ol>
    <p>${t('guide.activateDone')}</p>

    ${heading('sign-in', 'guide.signInTitle')}
    <p>${t('guide.signInIntro')}</p>
    <ol>
      <li>${t('guide.stepInspect')}</li>
      <li>${t('guide.stepTrust')}</li>
      <li>
        ${t('guide.stepDisclaimer', { version: docVersion(facts.disclaimerVersion, 'guide.versionInBrackets') })}
      </li>
      <li>${t('guide.stepLogin')}</li>
    </ol>

    ${heading('webtop', 'guide.webtopTitle')}
    <p>${t('guide.webtopIntro')}</p>
    <p>${t('guide.webtopBackOffice')}</p>
    <p>${t('guide.webtopSession', { hours: facts.absoluteHours })}</p>
    <p>${t('guide.webtopLogout')}</p>
    <p>${t('guide.webtopReopen')}</p>

    ${heading('problems', 'guide.errorsTitle')}
    <div class="table-wrap" role="region" tabindex="0" aria-label="${t('guide.errorsCaption')}">
      <table class="data guide-problems">
        <caption>
          ${t('guide.errorsCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('guide.colMessage')}</th>
            <th scope="col">${t('guide.colMeaning')}</th>
            <th scope="col">${t('guide.colAction')}</th>
          </tr>
        </thead>
        <tbody>
          ${PROBLEMS.map((p) => {
            const extra: Record<string, number> = p === 'Limit' ? { hours: facts.absoluteHours } : {};
            return html`<tr>
              <th scope="row">${t(`guide.err${p}See`)}</th>
              <td>${t(`guide.err${p}Means`, extra)}</td>
              <td>${t(`guide.err${p}Do`, extra)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>

    ${heading('help', 'guide.helpTitle')}
    <p><strong>${t('guide.helpSi')}</strong></p>
    <p>${t('guide.helpTicket')}</p>
    <p>${t('guide.helpNever')}</p>

    ${heading('confidentiality', 'guide.confidentialityTitle')}
    <p>${t('guide.confidentialityLaw')}</p>
    <p>${t('guide.confidentialityDuty')}</p>
  </section>`;
}
