import { request } from 'undici';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  location: string | undefined;
}

/**
 * A tiny browser stand-in for HTTP tests: keeps cookies per host name, sends `*.localhost` to 127.0.0.1
 * with the right Host header (as browsers do), and never follows redirects by itself.
 */
export class Browser {
  readonly jar = new Map<string, Map<string, string>>();

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string): void {
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map<string, string>()));
    cookies.set(name, value);
  }

  async fetch(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const u = new URL(url);
    const cookies = this.jar.get(u.hostname);
    const headers: Record<string, string> = { host: u.host, accept: 'text/html', ...init.headers };
    if (cookies && cookies.size > 0) {
      headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await request(`http://127.0.0.1:${u.port || '80'}${u.pathname}${u.search}`, {
      method: (init.method ?? (init.form ? 'POST' : 'GET')) as 'GET',
      headers,
      body,
    });
    const setCookie = res.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') this.jar.get(u.hostname)?.delete(name);
      else this.setCookie(u.hostname, name, value);
    }
    const text = await res.body.text();
    const location = res.headers.location;
    return {
      status: res.statusCode,
      headers: res.headers,
      body: text,
      location: typeof location === 'string' ? new URL(location, url).toString() : undefined,
    };
  }
}

/** The CSRF token in a page's first form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/**
 * Walks the portal's steps over HTTP (inspection, disclaimer, login) and returns the reply to the login
 * POST. Pass `next` to start from a deep link.
 */
export async function signIn(
  browser: Browser,
  portal: string,
  userId: string,
  password: string,
  next?: string,
): Promise<Reply> {
  const login = await walkToLogin(browser, portal, next);
  return browser.fetch(`${portal}/login`, { form: { _csrf: csrfFrom(login.body), userId, password } });
}

/** The device check's answers of a current desktop Chrome, for the inspection page `page`. */
export function inspectionForm(page: Reply): Record<string, string> {
  return {
    _csrf: csrfFrom(page.body),
    userAgent: CHROME_UA,
    brands: '',
    platform: 'Linux',
    platformVersion: '',
    secureContext: 'yes',
    cookiesEnabled: 'yes',
  };
}

/** Agreement to the disclaimer shown on `page`, at the version it shows. */
export function disclaimerForm(page: Reply): Record<string, string> {
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '1';
  return { _csrf: csrfFrom(page.body), decision: 'agree', version };
}

/** The steps before the login form (landing, device check, disclaimer); the login page's reply. */
export async function walkToLogin(browser: Browser, portal: string, next?: string): Promise<Reply> {
  await browser.fetch(`${portal}/${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  const inspect = await browser.fetch(`${portal}/inspect`);
  const inspected = await browser.fetch(`${portal}/inspect`, { form: inspectionForm(inspect) });
  if (inspected.status !== 200) throw new Error(`inspection failed: ${inspected.status}`);
  const disclaimer = await browser.fetch(`${portal}/disclaimer`);
  await browser.fetch(`${portal}/disclaimer`, { form: disclaimerForm(disclaimer) });
  return browser.fetch(`${portal}/login`);
}

/** Follows redirects (at most 10), returning the final reply. */
export async function follow(browser: Browser, reply: Reply): Promise<Reply> {
  let current = reply;
  for (let i = 0; i < 10 && current.location && current.status >= 300 && current.status < 400; i++) {
    current = await browser.fetch(current.location);
  }
  return current;
}
