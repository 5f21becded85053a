import type { GatewayIdentity } from './assertion.ts';
import { html, type SafeHtml } from './html.ts';
import type { DealerReturn, ReturnStatus } from './returns.ts';
import type { BowebUser } from './users.ts';

// Both languages side by side: the simplest bilingual UI that needs no language switcher.
interface Bilingual {
  readonly en: string;
  readonly hi: string;
}

const TEXT = {
  portal: { en: 'BOWEB back-office portal', hi: 'बैक-ऑफिस पोर्टल' },
  dealerReturns: { en: 'Dealer returns', hi: 'व्यापारी रिटर्न' },
  logIn: { en: 'Log in', hi: 'लॉग इन' },
  logOut: { en: 'Log out', hi: 'लॉग आउट' },
  loggedInAs: { en: 'Logged in as', hi: 'लॉग इन उपयोगकर्ता' },
  userName: { en: 'User name', hi: 'उपयोगकर्ता नाम' },
  password: { en: 'Password', hi: 'पासवर्ड' },
  wrongCredentials: { en: 'Wrong user name or password', hi: 'गलत उपयोगकर्ता नाम या पासवर्ड' },
  formExpired: {
    en: 'This form has expired. Please try again',
    hi: 'इस फ़ॉर्म की अवधि समाप्त हो गई है। कृपया फिर से प्रयास करें',
  },
  incomplete: { en: 'Enter your user name and password', hi: 'अपना उपयोगकर्ता नाम और पासवर्ड दर्ज करें' },
  gatewayVouched: { en: 'Gateway vouched for', hi: 'गेटवे द्वारा प्रमाणित' },
  noAssertion: { en: 'No valid gateway assertion', hi: 'कोई मान्य गेटवे अभिकथन नहीं' },
  openThroughGateway: {
    en: 'Open this portal through the Dwaar gateway',
    hi: 'इस पोर्टल को द्वार गेटवे के माध्यम से खोलें',
  },
  gatewayHint: {
    en: 'This portal only accepts requests that the gateway has vouched for.',
    hi: 'यह पोर्टल केवल वही अनुरोध स्वीकार करता है जिन्हें गेटवे ने प्रमाणित किया है।',
  },
  gstin: { en: 'GSTIN', hi: 'जीएसटीआईएन' },
  tradeName: { en: 'Trade name', hi: 'व्यापार नाम' },
  district: { en: 'District', hi: 'जनपद' },
  taxPeriod: { en: 'Tax period', hi: 'कर अवधि' },
  form: { en: 'Form', hi: 'फ़ॉर्म' },
  taxLiability: { en: 'Tax liability (₹)', hi: 'कर देयता (₹)' },
  status: { en: 'Status', hi: 'स्थिति' },
  filedOn: { en: 'Filed on', hi: 'दाखिल करने की तिथि' },
  backToReturns: { en: 'Back to dealer returns', hi: 'व्यापारी रिटर्न पर वापस जाएँ' },
  returnDetail: { en: 'Return details', hi: 'रिटर्न का विवरण' },
  notFound: { en: 'Page not found', hi: 'पृष्ठ नहीं मिला' },
  returnNotFound: { en: 'Return not found', hi: 'रिटर्न नहीं मिला' },
  badRequest: { en: 'Bad request', hi: 'अमान्य अनुरोध' },
  serverError: { en: 'Something went wrong', hi: 'कुछ गलत हो गया' },
  scrutinyNote: { en: 'Scrutiny note', hi: 'जाँच टिप्पणी' },
  saveNote: { en: 'Save note', hi: 'टिप्पणी सहेजें' },
  savedNotes: { en: 'Saved notes', hi: 'सहेजी गई टिप्पणियाँ' },
} as const satisfies Record<string, Bilingual>;

const STATUS_TEXT: Readonly<Record<ReturnStatus, Bilingual>> = {
  filed: { en: 'Filed', hi: 'दाखिल' },
  'pending-scrutiny': { en: 'Pending scrutiny', hi: 'जाँच लंबित' },
  'notice-issued': { en: 'Notice issued', hi: 'नोटिस जारी' },
};

const MONTHS: readonly Bilingual[] = [
  { en: 'January', hi: 'जनवरी' },
  { en: 'February', hi: 'फ़रवरी' },
  { en: 'March', hi: 'मार्च' },
  { en: 'April', hi: 'अप्रैल' },
  { en: 'May', hi: 'मई' },
  { en: 'June', hi: 'जून' },
  { en: 'July', hi: 'जुलाई' },
  { en: 'August', hi: 'अगस्त' },
  { en: 'September', hi: 'सितंबर' },
  { en: 'October', hi: 'अक्टूबर' },
  { en: 'November', hi: 'नवंबर' },
  { en: 'December', hi: 'दिसंबर' },
];

const RUPEES = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

export type LoginError = 'wrong-credentials' | 'form-expired' | 'incomplete';

const LOGIN_ERROR_TEXT: Readonly<Record<LoginError, Bilingual>> = {
  'wrong-credentials': TEXT.wrongCredentials,
  'form-expired': TEXT.formExpired,
  incomplete: TEXT.incomplete,
};

/** The logged-in BOWEB user plus the per-session token the log-out form must echo back. */
export interface PageSession {
  readonly user: BowebUser;
  readonly csrfToken: string;
}

interface PageContext {
  readonly identity: GatewayIdentity | null;
  readonly session: PageSession | null;
}

function renderBilingual(text: Bilingual): SafeHtml {
  return html`<span>${text.en}</span> <span class="sep">/</span> <span lang="hi">${text.hi}</span>`;
}

function formatPlain(text: Bilingual): string {
  return `${text.en} / ${text.hi}`;
}

export function formatRupees(paise: number): string {
  return RUPEES.format(paise / 100);
}

/** `2024-05` → May 2024 / मई 2024. */
function formatTaxPeriod(period: string): Bilingual {
  const [year = '', month = ''] = period.split('-');
  const name = MONTHS[Number(month) - 1] ?? { en: month, hi: month };
  return { en: `${name.en} ${year}`, hi: `${name.hi} ${year}` };
}

/** `2024-05-20` → 20 May 2024 / 20 मई 2024. */
function formatDate(date: string): Bilingual {
  const [year = '', month = '', day = ''] = date.split('-');
  const name = MONTHS[Number(month) - 1] ?? { en: month, hi: month };
  const dayNumber = String(Number(day));
  return { en: `${dayNumber} ${name.en} ${year}`, hi: `${dayNumber} ${name.hi} ${year}` };
}

function renderVouchedBanner(identity: GatewayIdentity | null): SafeHtml {
  if (!identity) return html`<div class="vouched absent">${renderBilingual(TEXT.noAssertion)}</div>`;
  return html`<div class="vouched">
    ${renderBilingual(TEXT.gatewayVouched)}:
    <strong>${identity.name}</strong> (${identity.sub}), ${identity.zone}, ${identity.district},
    ${identity.wing}
  </div>`;
}

function renderSiteHeader(session: PageSession | null): SafeHtml {
  const account = session
    ? html`<span>
          ${renderBilingual(TEXT.loggedInAs)}: ${session.user.nameEn} /
          <span lang="hi">${session.user.nameHi}</span> (${session.user.username})
        </span>
        <form method="post" action="/logout">
          <input type="hidden" name="csrf" value="${session.csrfToken}" />
          <button type="submit">${renderBilingual(TEXT.logOut)}</button>
        </form>`
    : '';
  return html`<header class="site">
    <a href="/">${renderBilingual(TEXT.portal)}</a>
    ${account}
  </header>`;
}

function renderDocument(title: Bilingual, context: PageContext, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${formatPlain(title)} · BOWEB</title>
        <link rel="stylesheet" href="/boweb-static/boweb.css" />
        <!-- Dwaar's session bar and idle warning, served by the gateway (issue 8 item 5). -->
        <script src="/.dwaar/session-bar.js" defer></script>
      </head>
      <body>
        ${renderSiteHeader(context.session)} ${renderVouchedBanner(context.identity)}
        <main>
          <h1>${renderBilingual(title)}</h1>
          ${body}
        </main>
      </body>
    </html>`.toString();
}

export interface LoginPageInput {
  readonly identity: GatewayIdentity | null;
  readonly csrfToken: string;
  readonly error?: LoginError;
  readonly username?: string;
  /** A local path to return to after login (already checked). */
  readonly next?: string;
}

export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error ? LOGIN_ERROR_TEXT[input.error] : undefined;
  const describedBy = error ? 'login-error' : undefined;
  const body = html`${
      error ? html`<p id="login-error" class="error" role="alert">${renderBilingual(error)}</p>` : ''
    }
    <form
      class="login"
      method="post"
      action="${input.next ? `/login?next=${encodeURIComponent(input.next)}` : '/login'}"
    >
      <input type="hidden" name="csrf" value="${input.csrfToken}" />
      <label for="username">${renderBilingual(TEXT.userName)}</label>
      <input
        id="username"
        name="username"
        type="text"
        autocomplete="username"
        autocapitalize="none"
        spellcheck="false"
        required
        value="${input.username ?? ''}"
        ${describedBy ? html`aria-describedby="${describedBy}" aria-invalid="true"` : ''}
      />
      <label for="password">${renderBilingual(TEXT.password)}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        ${describedBy ? html`aria-describedby="${describedBy}" aria-invalid="true"` : ''}
      />
      <button type="submit">${renderBilingual(TEXT.logIn)}</button>
    </form>`;
  return renderDocument(TEXT.logIn, { identity: input.identity, session: null }, body);
}

function renderStatus(status: ReturnStatus): SafeHtml {
  return html`<span class="status status-${status}">${renderBilingual(STATUS_TEXT[status])}</span>`;
}

function renderReturnRow(dealerReturn: DealerReturn): SafeHtml {
  return html`<tr>
    <td><a href="/returns/${encodeURIComponent(dealerReturn.id)}">${dealerReturn.gstin}</a></td>
    <td>${dealerReturn.tradeNameEn}<br /><span lang="hi">${dealerReturn.tradeNameHi}</span></td>
    <td>${renderBilingual(formatTaxPeriod(dealerReturn.taxPeriod))}</td>
    <td>${dealerReturn.form}</td>
    <td class="num">${formatRupees(dealerReturn.taxLiabilityPaise)}</td>
    <td>${renderStatus(dealerReturn.status)}</td>
  </tr>`;
}

export interface DashboardPageInput extends PageContext {
  readonly returns: readonly DealerReturn[];
}

export function renderDashboardPage(input: DashboardPageInput): string {
  // On a phone the table scrolls inside its own region, which the keyboard can reach.
  const body = html`<div class="table-wrap" role="region" tabindex="0" aria-label="${TEXT.dealerReturns.en}">
    <table>
      <caption>
        ${renderBilingual(TEXT.dealerReturns)}
      </caption>
      <thead>
        <tr>
          <th scope="col">${renderBilingual(TEXT.gstin)}</th>
          <th scope="col">${renderBilingual(TEXT.tradeName)}</th>
          <th scope="col">${renderBilingual(TEXT.taxPeriod)}</th>
          <th scope="col">${renderBilingual(TEXT.form)}</th>
          <th scope="col">${renderBilingual(TEXT.taxLiability)}</th>
          <th scope="col">${renderBilingual(TEXT.status)}</th>
        </tr>
      </thead>
      <tbody>
        ${input.returns.map(renderReturnRow)}
      </tbody>
    </table>
  </div>`;
  return renderDocument(TEXT.dealerReturns, input, body);
}

export interface ReturnPageInput extends PageContext {
  readonly dealerReturn: DealerReturn;
  /** Scrutiny notes saved on this return, oldest first. */
  readonly notes?: readonly string[];
}

/** A long free-text form: what an officer loses if the session ends unnoticed (issue 8 item 5). */
function renderNoteForm(r: DealerReturn, session: PageSession | null, notes: readonly string[]): SafeHtml {
  if (!session) return html``;
  return html`<section class="notes">
    ${
      notes.length > 0
        ? html`<h2>${renderBilingual(TEXT.savedNotes)}</h2>
            <ol>
              ${notes.map((n) => html`<li>${n}</li>`)}
            </ol>`
        : ''
    }
    <form method="post" action="/returns/${encodeURIComponent(r.id)}/notes">
      <input type="hidden" name="csrf" value="${session.csrfToken}" />
      <label for="note">${renderBilingual(TEXT.scrutinyNote)}</label><br />
      <textarea id="note" name="note" rows="6" cols="60" maxlength="4000" required></textarea><br />
      <button type="submit">${renderBilingual(TEXT.saveNote)}</button>
    </form>
  </section>`;
}

export function renderReturnPage(input: ReturnPageInput): string {
  const r = input.dealerReturn;
  const body = html`<dl class="detail">
      <dt>${renderBilingual(TEXT.gstin)}</dt>
      <dd>${r.gstin}</dd>
      <dt>${renderBilingual(TEXT.tradeName)}</dt>
      <dd>${renderBilingual({ en: r.tradeNameEn, hi: r.tradeNameHi })}</dd>
      <dt>${renderBilingual(TEXT.district)}</dt>
      <dd>${renderBilingual({ en: r.districtEn, hi: r.districtHi })}</dd>
      <dt>${renderBilingual(TEXT.taxPeriod)}</dt>
      <dd>${renderBilingual(formatTaxPeriod(r.taxPeriod))}</dd>
      <dt>${renderBilingual(TEXT.form)}</dt>
      <dd>${r.form}</dd>
      <dt>${renderBilingual(TEXT.taxLiability)}</dt>
      <dd>${formatRupees(r.taxLiabilityPaise)}</dd>
      <dt>${renderBilingual(TEXT.filedOn)}</dt>
      <dd>${renderBilingual(formatDate(r.filedOn))}</dd>
      <dt>${renderBilingual(TEXT.status)}</dt>
      <dd>${renderStatus(r.status)}</dd>
    </dl>
    ${renderNoteForm(r, input.session, input.notes ?? [])}
    <p><a href="/">${renderBilingual(TEXT.backToReturns)}</a></p>`;
  return renderDocument(TEXT.returnDetail, input, body);
}

export type ErrorPageKind =
  'not-found' | 'return-not-found' | 'form-expired' | 'bad-request' | 'server-error';

const ERROR_TITLES: Readonly<Record<ErrorPageKind, Bilingual>> = {
  'not-found': TEXT.notFound,
  'return-not-found': TEXT.returnNotFound,
  'form-expired': TEXT.formExpired,
  'bad-request': TEXT.badRequest,
  'server-error': TEXT.serverError,
};

export function renderErrorPage(kind: ErrorPageKind, context: PageContext): string {
  const body = html`<p><a href="/">${renderBilingual(TEXT.backToReturns)}</a></p>`;
  return renderDocument(ERROR_TITLES[kind], context, body);
}

export function renderGatewayRequiredPage(): string {
  const body = html`<p>${renderBilingual(TEXT.gatewayHint)}</p>`;
  return renderDocument(TEXT.openThroughGateway, { identity: null, session: null }, body);
}
