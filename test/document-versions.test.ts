import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONFIDENTIALITY_V1 } from '../src/demo/disclaimer.ts';
import { documentContentHash } from '../src/documents/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { consoleSignIn } from './factories/staff.ts';
import { csrfFrom, follow } from './http-client.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';
import { officerInBoweb, startTwoNodes } from './two-nodes.ts';

/** BOWEB needs the section-133 clause at its current version. */
const CLAUSE = ['confidentiality'];

const versions = (t: TestApp) =>
  t.deps.store.db
    .selectFrom('documents')
    .select(['version', 'content_hash', 'published_by', 'title_en'])
    .where('kind', '=', 'confidentiality')
    .orderBy('version')
    .execute();

const clauseForm = (csrf: string, body_en: string) => ({
  _csrf: csrf,
  title_en: CONFIDENTIALITY_V1.title_en,
  title_hi: CONFIDENTIALITY_V1.title_hi,
  body_en,
  body_hi: CONFIDENTIALITY_V1.body_hi,
});

const NEW_TEXT = `${CONFIDENTIALITY_V1.body_en}\n\nAdded in version 2: screenshots of taxpayer data are disclosure too.`;

/** HQ publishes version 2 of the clause on `t` through the console; returns where the console went. */
async function publishVersion2(t: TestApp): Promise<string | undefined> {
  const hq = await consoleSignIn(t, 'hq.admin');
  const form = await hq.fetch(`${t.portalOrigin}/console/documents/confidentiality/new`);
  const done = await hq.fetch(`${t.portalOrigin}/console/documents/confidentiality`, {
    form: clauseForm(csrfFrom(form.body), NEW_TEXT),
  });
  return done.location;
}

describe('publishing a new version of the section-133 clause', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  beforeAll(async () => {
    upstream = await startEchoUpstream();
    t = await createTestApp({ upstream: upstream.url, acknowledged: CLAUSE });
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
  });

  it('refuses what would publish nothing new, or publish it wrongly, and changes nothing', async () => {
    const hq = await consoleSignIn(t, 'hq.admin');
    const list = await hq.fetch(`${t.portalOrigin}/console/documents`);
    expect(list.status).toBe(200);
    expect(list.body).toContain('Confidentiality clause (section 133)');
    const form = await hq.fetch(`${t.portalOrigin}/console/documents/confidentiality/new`);
    expect(form.body).toContain('The access policy requires this document');
    const csrf = csrfFrom(form.body);
    const post = (f: Record<string, string>) =>
      hq.fetch(`${t.portalOrigin}/console/documents/confidentiality`, { form: f });

    const unchanged = await post(clauseForm(csrf, `${CONFIDENTIALITY_V1.body_en}\r\n`));
    expect(unchanged.status).toBe(400);
    expect(unchanged.body).toContain('The text is the same as version 1');
    const untitled = await post({ ...clauseForm(csrf, NEW_TEXT), title_hi: '  ' });
    expect(untitled.status).toBe(400);
    expect(untitled.body).toContain('Enter this field');
    const forged = await post(clauseForm('forged', NEW_TEXT));
    expect(forged.status).toBe(403);
    const unknown = await hq.fetch(`${t.portalOrigin}/console/documents/guide/new`);
    expect(unknown.status).toBe(404);
    expect(await versions(t)).toHaveLength(1);

    // A zonal head may not publish, nor see the page.
    const zonal = await consoleSignIn(t, 'zonal.lucknow');
    expect((await zonal.fetch(`${t.portalOrigin}/console/documents`)).status).toBe(403);
    expect(await versions(t)).toHaveLength(1);
  });

  it('sends a signed-in officer through the new version before BOWEB opens again', async () => {
    const officer = await officerInBoweb(t);
    const location = await publishVersion2(t);
    expect(location).toMatch(/\/console\/documents\?published=confidentiality%3A2%3A[0-9a-f]{64}$/);
    const stored = await versions(t);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ version: 2, published_by: 'hq.admin' });
    expect(stored[1]?.content_hash).toBe(
      documentContentHash({ ...CONFIDENTIALITY_V1, body_en: NEW_TEXT.trim() }),
    );
    const published = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'document.published')
      .execute();
    expect(published).toMatchObject([{ actor: 'hq.admin', target: 'confidentiality' }]);

    // The live session's next request is refused and lands on the new version.
    const refused = await officer.fetch(`${t.bowebOrigin}/`);
    expect(refused.location).toBe(`${t.portalOrigin}/webtop?denied=boweb`);
    const webtop = await officer.fetch(refused.location ?? '');
    expect(webtop.location).toBe(`${t.portalOrigin}/account/acknowledge?resource=boweb`);
    const page = await officer.fetch(webtop.location ?? '');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Added in version 2');
    expect(page.body).toContain('value="confidentiality:2"');
    const csrf = csrfFrom(page.body);
    const ack = (f: Record<string, string>) =>
      officer.fetch(`${t.portalOrigin}/account/acknowledge`, { form: f });

    const unticked = await ack({ _csrf: csrf, versions: 'confidentiality:2', resource: 'boweb' });
    expect(unticked.status).toBe(400);
    const forged = await ack({ versions: 'confidentiality:2', accept: 'yes', resource: 'boweb' });
    expect(forged.status).toBe(403);
    const stale = await ack({ _csrf: csrf, versions: 'confidentiality:1', accept: 'yes', resource: 'boweb' });
    expect(stale.status).toBe(400);
    expect((await officer.fetch(`${t.bowebOrigin}/`)).status).not.toBe(200);

    const accepted = await ack({
      _csrf: csrf,
      versions: 'confidentiality:2',
      accept: 'yes',
      resource: 'boweb',
    });
    // The portal's exit page carries the officer to BOWEB's host, where the hand-off starts.
    expect(accepted.location).toBe(`${t.bowebOrigin}/.dwaar/start?path=%2F`);
    const rows = await t.deps.store.db
      .selectFrom('acknowledgements as a')
      .innerJoin('documents as d', 'd.id', 'a.document_id')
      .select(['d.version', 'd.content_hash', 'a.channel', 'a.ip', 'a.session_id'])
      .where('d.kind', '=', 'confidentiality')
      .where('a.channel', '=', 'session')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 2, channel: 'session', content_hash: stored[1]?.content_hash });
    expect(rows[0]?.ip).toBeTruthy();
    expect(rows[0]?.session_id).toBeTruthy();
    // On to BOWEB, and the session is let in again.
    const back = await follow(officer, accepted);
    expect(back.status).toBe(200);
    expect((await officer.fetch(`${t.bowebOrigin}/`)).status).toBe(200);
    // Nothing more is due: the page sends the officer to the webtop.
    expect((await officer.fetch(`${t.portalOrigin}/account/acknowledge`)).location).toBe(
      `${t.portalOrigin}/webtop`,
    );
  });
});

describe.skipIf(!TEST_PG_URL || !TEST_REDIS_URL)('a version published on another node', () => {
  let nodes: Awaited<ReturnType<typeof startTwoNodes>>;
  let upstream: EchoUpstream;
  beforeAll(async () => {
    upstream = await startEchoUpstream();
    nodes = await startTwoNodes({ upstream: upstream.url, acknowledged: CLAUSE });
  });
  afterAll(async () => {
    await nodes.close();
    await upstream.close();
  });

  it('refuses the next request of a session served by the other node', async () => {
    const { a, b } = nodes;
    const officer = await officerInBoweb(b);
    expect(await publishVersion2(a)).toContain('published=confidentiality');
    await vi.waitFor(async () => {
      const refused = await officer.fetch(`${b.bowebOrigin}/`);
      expect(refused.location).toBe(`${b.portalOrigin}/webtop?denied=boweb`);
    });
  });
});
