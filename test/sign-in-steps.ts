import { Browser, csrfFrom, disclaimerForm, inspectionForm, type Reply } from './http-client.ts';

/**
 * Every step of a sign-in as officer1 (or `userId`), stopping at the first reply that is a refusal: for
 * fault tests, where any step that writes may be the one that meets the fault.
 */
export async function trySignIn(
  portal: string,
  b: Browser = new Browser(),
  userId = 'officer1',
  password = 'Officer@Dwaar1',
  next?: string,
): Promise<Reply> {
  const steps: (() => Promise<Reply>)[] = [];
  let last: Reply | undefined;
  const get = (path: string) => b.fetch(`${portal}${path}`);
  steps.push(() => get(next ? `/?next=${encodeURIComponent(next)}` : '/'));
  steps.push(async () => {
    const inspect = await get('/inspect');
    return b.fetch(`${portal}/inspect`, { form: inspectionForm(inspect) });
  });
  steps.push(async () => {
    const disclaimer = await get('/disclaimer');
    if (disclaimer.status >= 400) return disclaimer;
    return b.fetch(`${portal}/disclaimer`, { form: disclaimerForm(disclaimer) });
  });
  steps.push(async () => {
    const login = await get('/login');
    if (login.status >= 400) return login;
    return b.fetch(`${portal}/login`, {
      form: { _csrf: csrfFrom(login.body), userId, password },
    });
  });
  for (const step of steps) {
    last = await step();
    if (last.status >= 400) return last;
  }
  return last as Reply;
}
