import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import {
  BOWEB_RETURNS_HEADING,
  consoleSignIn,
  expectHeading,
  expectMainText,
  HQ_ADMIN,
  logIntoBoweb,
  openBowebFromWebtop,
  pathOf,
  signInToWebtop,
  useTestApp,
} from './steps.ts';

const ADDED = 'Version 2: a photograph of a screen showing taxpayer data is a disclosure too.';

describe.skipIf(!TEST_CHROMIUM)('HQ publishes a new version of the section-133 clause', () => {
  const b = useBrowser();
  // BOWEB needs the clause at its current version, as the demo policy does.
  const app = useTestApp({ upstream: 'boweb', acknowledged: ['confidentiality'] });

  it('sends a signed-in officer through the new version before BOWEB opens again', async () => {
    const officer = await b.newPage();
    await signInToWebtop(officer, app.portalOrigin);
    await openBowebFromWebtop(officer);
    await logIntoBoweb(officer);

    const hq = await b.newPage();
    await consoleSignIn(hq, app, HQ_ADMIN);
    await hq.getByRole('link', { name: 'Documents', exact: true }).click();
    await expectHeading(hq, 'Documents to acknowledge');
    expect(await checkAccessibility(hq, 'console documents')).toEqual([]);
    await hq.getByRole('link', { name: 'Confidentiality clause (section 133)' }).click();
    await hq.getByRole('link', { name: 'Publish a new version' }).click();
    await expectHeading(hq, 'Confidentiality clause (section 133): publish version 2');
    await expectMainText(hq, 'The access policy requires this document.');
    const body = hq.getByLabel('Text (English)');
    await body.fill(`${await body.inputValue()}\n\n${ADDED}`);
    expect(await checkAccessibility(hq, 'publish a new version of the clause')).toEqual([]);
    await hq.getByRole('button', { name: 'Publish version 2' }).click();
    await expectMainText(hq, 'Version 2 of “Confidentiality clause (section 133)” is published');

    // The officer's next click in BOWEB is stopped at the new version, then goes on to BOWEB.
    await officer.reload();
    await expectHeading(officer, 'Read and acknowledge');
    expect(pathOf(officer)).toBe('/account/acknowledge');
    await expectMainText(officer, ADDED);
    expect(await checkAccessibility(officer, 'acknowledgement in a live session')).toEqual([]);
    await officer.getByRole('button', { name: 'Acknowledge and continue' }).click();
    await expectMainText(officer, 'Tick the box to confirm that you have read the above');
    await officer.getByLabel('I have read the above and accept it.').check();
    await officer.getByRole('button', { name: 'Acknowledge and continue' }).click();
    // BOWEB's own session lasted through the refusal: the officer is back at its returns page.
    await expectHeading(officer, BOWEB_RETURNS_HEADING);
  });
});
