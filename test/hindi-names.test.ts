import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount } from './factories/accounts.ts';
import { addOfficer, ensureWorkflowStaff, proposalWithOfficers } from './factories/proposals.ts';
import { consoleSignIn } from './factories/staff.ts';
import { type Browser, csrfFrom } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * Officers' names on the console pages follow the page's language: the directory's Hindi name on a Hindi
 * page (also inside labels only a screen reader hears, and in error messages), the English name on an English
 * page. Staff accounts have only an English display name, which stays English (and is marked so).
 */
describe.each(TEST_DIALECTS)('officers’ names in the page’s language on %s', (dialect) => {
  let t: TestApp;
  let zonal: Browser;
  let hq: Browser;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  const inLanguage = (b: Browser, lang: 'en' | 'hi') => b.setCookie('localhost', 'dwaar_lang', lang);

  /** A new Lucknow-zone officer with distinct names in both languages. */
  async function officer(districtId: string, nameEn: string, nameHi: string) {
    const o = await addOfficer(t.deps, { districtId, nameEn, wingId: 'enforcement' });
    await t.deps.store.db
      .updateTable('officers')
      .set({ name_hi: nameHi })
      .where('id', '=', o.officerId)
      .execute();
    return { ...o, nameEn, nameHi };
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureWorkflowStaff(t.deps);
    zonal = await consoleSignIn(t, 'zonal.lucknow', 'Zonal@Dwaar1');
    hq = await consoleSignIn(t, 'hq.admin', 'Admin@Dwaar1');
  });
  afterAll(async () => {
    inLanguage(zonal, 'en');
    await t.close();
  });

  it('the officer picker names each officer in Hindi on a Hindi page and in English on an English one', async () => {
    const o = await officer('unnao', 'Bhavna Kushwaha', 'भावना कुशवाहा');
    const path = url('/console/proposals?district=unnao&wing=enforcement');

    inLanguage(zonal, 'hi');
    const hindi = await zonal.fetch(path);
    expect(hindi.status).toBe(200);
    expect(hindi.body).toContain('<html lang="hi">');
    expect(hindi.body).toContain(`<span lang="hi">${o.nameHi}</span>`);
    // The checkbox's label, read out by screen readers, names the officer in Hindi too.
    expect(hindi.body).toMatch(new RegExp(`for="officer-${o.officerId}"[^>]*>\\s*${o.nameHi} को चुनें`));
    expect(hindi.body).not.toContain(o.nameEn);

    inLanguage(zonal, 'en');
    const english = await zonal.fetch(path);
    expect(english.body).toContain(`<span lang="en">${o.nameEn}</span>`);
    expect(english.body).toMatch(new RegExp(`for="officer-${o.officerId}"[^>]*>\\s*Select ${o.nameEn}`));
    expect(english.body).not.toContain(o.nameHi);
  });

  it('a draft proposal’s officers, and the labels of their “Remove” boxes, are named in the page’s language', async () => {
    const draft = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['lucknow'],
      submit: false,
    });
    const item = draft.items[0];
    if (!item) throw new Error('the draft has no officer');
    const path = url(`/console/proposals/${draft.proposalId}`);

    inLanguage(zonal, 'hi');
    const hindi = await zonal.fetch(path);
    expect(hindi.status).toBe(200);
    expect(hindi.body).toContain(`<span lang="hi">${item.nameHi}</span>`);
    expect(hindi.body).toMatch(new RegExp(`for="item-${item.itemId}"[^>]*>\\s*हटाएँ ${item.nameHi}<`));
    expect(hindi.body).not.toContain(`${item.nameEn}<`);

    inLanguage(zonal, 'en');
    const english = await zonal.fetch(path);
    expect(english.body).toContain(`<span lang="en">${item.nameEn}</span>`);
    expect(english.body).toMatch(new RegExp(`for="item-${item.itemId}"[^>]*>\\s*Remove ${item.nameEn}<`));
    expect(english.body).not.toContain(`${item.nameHi}<`);
  });

  it('a refused pick names the officer in the page’s language', async () => {
    // The officer is already on a pending proposal, so picking them again is refused, naming them.
    const pending = await proposalWithOfficers(t.deps, {
      creator: 'zonal.lucknow',
      zoneId: 'lucknow',
      districts: ['unnao'],
      submit: true,
    });
    const taken = pending.items[0];
    if (!taken) throw new Error('the proposal has no officer');
    const pick = async (lang: 'en' | 'hi') => {
      inLanguage(zonal, lang);
      const list = await zonal.fetch(url('/console/proposals'));
      return zonal.fetch(url('/console/proposals'), {
        form: { _csrf: csrfFrom(list.body), zone: 'lucknow', officer: String(taken.officerId) },
      });
    };

    const hindi = await pick('hi');
    expect(hindi.status).toBeGreaterThanOrEqual(400);
    expect(hindi.body).toContain(`${taken.nameHi} (${taken.employeeNo})`);
    expect(hindi.body).not.toContain(`${taken.nameEn} (${taken.employeeNo})`);

    const english = await pick('en');
    expect(english.body).toContain(`${taken.nameEn} (${taken.employeeNo}) is already on a pending proposal.`);
    expect(english.body).not.toContain(`${taken.nameHi} (${taken.employeeNo})`);
  });

  it('the accounts list and an action’s confirm page show the officer’s Hindi name in Hindi', async () => {
    const o = await officer('lucknow', 'Gyanendra Pratap', 'ज्ञानेन्द्र प्रताप');
    const id = await insertAccount(t.deps.store.db, t.clock.now(), {
      user_id: 'hindi.names.1',
      officer_id: o.officerId,
      display_name: o.nameEn,
      status: 'active',
    });
    const list = url(`/console/accounts?q=${encodeURIComponent('hindi.names.1')}`);
    const confirm = url(`/console/accounts/${id}/suspend`);

    inLanguage(hq, 'hi');
    for (const page of [await hq.fetch(list), await hq.fetch(confirm)]) {
      expect(page.status).toBe(200);
      expect(page.body).toContain(`<span lang="hi">${o.nameHi}</span>`);
      expect(page.body).not.toContain(o.nameEn);
    }

    inLanguage(hq, 'en');
    for (const page of [await hq.fetch(list), await hq.fetch(confirm)]) {
      expect(page.body).toContain(`<span lang="en">${o.nameEn}</span>`);
      expect(page.body).not.toContain(o.nameHi);
    }
  });

  it('a staff account, which has no Hindi name, keeps its English name, marked as English, on a Hindi page', async () => {
    inLanguage(hq, 'hi');
    const page = await hq.fetch(url(`/console/accounts?q=${encodeURIComponent('zonal.lucknow')}`));
    expect(page.status).toBe(200);
    const row =
      /<a href="\/console\/accounts\/\d+">zonal\.lucknow<\/a>[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
    expect(row).toMatch(/<span lang="en">[^<]+<\/span>/);
    expect(row).not.toContain('<span lang="hi">');
    inLanguage(hq, 'en');
  });
});
