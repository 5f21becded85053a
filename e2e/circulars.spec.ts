import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertAccount, insertOfficer } from '../test/factories/accounts.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import {
  consoleSignIn,
  expectHeading,
  expectMainText,
  HQ_ADMIN,
  signInToWebtop,
  useTestApp,
  ZONAL_HEAD,
} from './steps.ts';

const NUMBER = '11/वाणिज्य कर/VPN/2026-27';
const SUBJECT_EN = 'Security of data while working from home';

/** HQ fills the new-circular form as a person would: two zones' officers as recipients, JCs copied. */
async function draftCircular(hq: Page): Promise<void> {
  await hq.getByRole('link', { name: 'New circular' }).click();
  await expectHeading(hq, 'New circular');
  await hq.getByLabel('Circular number').fill(NUMBER);
  await hq.getByLabel('Date on the circular').fill('01-12-2026');
  await hq.getByLabel('Subject (Hindi)').fill('घर से कार्य करते समय डाटा की सुरक्षा');
  await hq.getByLabel('Subject (English)').fill(SUBJECT_EN);
  await hq.getByLabel('Text (Hindi)').fill('कृपया **स्क्रीन लॉक** का प्रयोग करें।');
  await hq.getByLabel('Text (English)').fill('Lock the screen **every time** you leave the computer.');
  await hq.getByLabel('Issuing authority (Hindi)').fill('कमिश्नर, वाणिज्य कर, उ0प्र0');
  await hq.getByLabel('Issuing authority (English)').fill('Commissioner, Commercial Tax, Uttar Pradesh');
  await hq.getByLabel('Copy for information to (Hindi), one per line').fill('सभी ज्वाइण्ट कमिश्नर');
  await hq.getByLabel('Copy for information to (English), one per line').fill('All Joint Commissioners');
  const row = (n: number) => hq.getByRole('group', { name: `Row ${n}` });
  await row(1).getByLabel('Send as').selectOption('recipient');
  await row(1).getByLabel('Role').selectOption('officer');
  await row(1).getByLabel('Zone').selectOption('lucknow');
  await row(2).getByLabel('Send as').selectOption('recipient');
  await row(2).getByLabel('Role').selectOption('officer');
  await row(2).getByLabel('Zone').selectOption('agra');
  await row(3).getByLabel('Send as').selectOption('copy');
  await row(3).getByLabel('Role').selectOption('joint_commissioner');
  await hq.getByRole('button', { name: 'Preview' }).click();
  await expectMainText(hq, 'It would reach 3 recipients and 1 copies.');
  expect(await checkAccessibility(hq, 'new circular with its preview')).toEqual([]);
  await hq.getByRole('button', { name: 'Save draft' }).click();
}

describe.skipIf(!TEST_CHROMIUM)('a circular from HQ to two zones', () => {
  const b = useBrowser();
  const app = useTestApp({ upstream: 'boweb' });

  it('is issued, read and acknowledged by officers, attested by the zonal head, and tallied for HQ', async () => {
    // An officer of Agra zone besides the demo's two officers of Lucknow zone.
    const now = app.clock.now();
    const agraOfficer = await insertOfficer(app.deps.store.db, now, {
      district_id: 'agra',
      email: 'agra.1@ctd.up.example',
    });
    await insertAccount(app.deps.store.db, now, {
      user_id: 'agra.officer',
      officer_id: agraOfficer.id,
      status: 'active',
      email: 'agra.1@ctd.up.example',
    });

    const hq = await b.newPage();
    await consoleSignIn(hq, app, HQ_ADMIN);
    await hq.getByRole('link', { name: 'Circulars', exact: true }).click();
    await expectHeading(hq, 'Circulars');
    await draftCircular(hq);
    await hq.getByRole('link', { name: 'Review and issue' }).click();
    await hq.getByRole('button', { name: 'Issue now' }).click();
    await expectMainText(hq, 'issued to 3 recipients and 1 copies');
    const mails = await app.deps.store.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('kind', '=', 'circular')
      .execute();
    expect(mails.map((m) => m.to_address).sort()).toContain('agra.1@ctd.up.example');

    // The officer sees the banner on the webtop, reads the circular and acknowledges it.
    const officer = await b.newPage();
    await signInToWebtop(officer, app.portalOrigin);
    const banner = officer.getByRole('region', { name: 'New circulars' });
    await expect.poll(() => banner.innerText()).toContain(`New circular No. ${NUMBER}: ${SUBJECT_EN}`);
    expect(await checkAccessibility(officer, 'webtop with a circular banner')).toEqual([]);
    await banner.getByRole('link', { name: 'Read it' }).first().click();
    await expectHeading(officer, `Circular No. ${NUMBER}`);
    await expectMainText(officer, 'Lock the screen every time you leave the computer.');
    await officer.getByLabel('I have read and understood this circular').check();
    expect(await checkAccessibility(officer, 'a circular, before acknowledging')).toEqual([]);
    await officer.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expectMainText(officer, 'Your acknowledgement has been recorded.');
    await officer.goto(`${app.portalOrigin}/webtop`);
    expect(await officer.getByRole('region', { name: 'New circulars' }).count()).toBe(0);

    // The zonal head of Lucknow attests that the zone's officers were informed.
    const zonal = await b.newPage();
    await consoleSignIn(zonal, app, ZONAL_HEAD);
    await zonal.getByRole('link', { name: 'Circulars', exact: true }).click();
    await zonal.getByRole('link', { name: NUMBER }).click();
    await zonal.getByRole('button', { name: 'Attest' }).click();
    await expectHeading(zonal, `Circular ${NUMBER}`);

    // HQ's tally: who read, who acknowledged, which zones attested.
    await hq.reload();
    const byZone = hq.getByRole('table', { name: 'By zone: recipients, read, acknowledged, attested' });
    const lucknow = byZone.getByRole('row', { name: /Lucknow/ });
    // Lucknow zone: two officers, one read and acknowledged; attested by its zonal head.
    expect((await lucknow.innerText()).split('\t')).toMatchObject([
      'Lucknow',
      '2',
      '1 of 2',
      '1 of 2',
      expect.stringContaining('Zonal Additional Commissioner, Lucknow'),
    ]);
    const agra = byZone.getByRole('row', { name: /Agra/ });
    expect((await agra.innerText()).split('\t')).toEqual(['Agra', '1', '0 of 1', '0 of 1', 'Not attested']);
    expect(await checkAccessibility(hq, 'the circular’s tally')).toEqual([]);
  });
});
