import { describe, it } from 'vitest';
import { createTestApp } from '../test/create-test-app.ts';
import { useBrowser } from './browser.ts';

describe('scratch', () => {
  const b = useBrowser();
  it('walks', async () => {
    const t0 = Date.now();
    const app = await createTestApp({ upstream: 'boweb' });
    console.log('app ms', Date.now() - t0);
    const page = await b.newPage();
    page.on('request', (r) => { if (r.isNavigationRequest()) console.log('REQ', r.method(), r.url()); });
    await page.goto(app.portalOrigin + '/');
    await page.getByRole('link', { name: 'Start secure sign-in' }).click();
    await page.getByRole('link', { name: 'Continue' }).waitFor();
    console.log(await page.locator('main').innerText());
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByLabel('Trust this site and always allow the device check on this device').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await page.getByLabel('User ID').fill('officer1');
    await page.getByLabel('Password', { exact: true }).fill('Officer@Dwaar1');
    await page.getByRole('button', { name: 'Log in' }).click();
    console.log(page.url(), await page.locator('main').innerText());
    await page.getByRole('link', { name: /Open/ }).click();
    await page.waitForLoadState();
    console.log(page.url(), await page.locator('body').innerText());
    await page.getByLabel(/User name/).fill('bo.sharma');
    await page.getByLabel(/Password/).fill('Boweb@2020');
    await page.getByRole('button', { name: /Log in/ }).click();
    console.log(page.url(), (await page.locator('body').innerText()).slice(0, 500));
    console.log(await page.context().cookies());
    await page.goto(app.bowebOrigin + '/api/whoami');
    console.log(await page.locator('body').innerText());
    await app.close();
    console.log('total', Date.now() - t0);
  });
});
