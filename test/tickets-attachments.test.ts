import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerActor, TicketRow } from '../src/helpdesk/index.ts';
import { TEST_DIALECTS } from './test-env.ts';
import {
  auditOf,
  createTicketTestApp,
  officer,
  PNG,
  siLucknow,
  storedFiles,
  TICKET_ATTACHMENT_MAX,
  type TicketTestApp,
} from './tickets-support.ts';

describe.each(TEST_DIALECTS)('ticket attachments on %s', (dialect) => {
  let t: TicketTestApp;
  let me: OfficerActor;
  let ticket: TicketRow;
  const db = () => t.deps.store.db;
  const attachmentRows = () => db().selectFrom('ticket_attachments').selectAll().execute();
  const ticketCount = async () => (await db().selectFrom('tickets').select('id').execute()).length;

  beforeAll(async () => {
    t = await createTicketTestApp(dialect);
    me = await officer(t, 'officer1');
  });
  afterAll(() => t.close());

  it('refuses an oversized screenshot with a ticket: 413, audited, no ticket, nothing stored', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(TICKET_ATTACHMENT_MAX, 1)]);
    await expect(
      t.tickets.open(me, {
        category: 'cannot_log_in',
        description: 'Screenshot attached',
        attachment: { fileName: 'screen.png', data: big },
      }),
    ).rejects.toMatchObject({ code: 'TICKET_ATTACHMENT_TOO_LARGE', status: 413 });
    expect(await ticketCount()).toBe(0);
    expect(await attachmentRows()).toEqual([]);
    expect(storedFiles(t)).toEqual([]);
    expect((await auditOf(t, 'ticket.attachment_refused')).at(-1)).toMatchObject({
      actor: 'officer1',
      target: 'new',
      detail: { reason: 'ticket_attachment_too_large', name: 'screen.png', size: big.length },
    });
  });

  it.each([
    ['a program', 'setup.exe', Buffer.from('MZ\x90\x00binary')],
    ['text posing as a PNG', 'screen.png', Buffer.from('<html><script>alert(1)</script></html>')],
    ['an HTML page', 'page.html', Buffer.from('<html></html>')],
    ['a CSV file', 'data.csv', Buffer.from('a,b\n1,2\n')],
    ['an empty file', 'empty.txt', Buffer.alloc(0)],
  ])('refuses %s: 415, audited, nothing stored', async (_name, fileName, data) => {
    await expect(
      t.tickets.open(me, { category: 'other', description: 'See file', attachment: { fileName, data } }),
    ).rejects.toMatchObject({ code: 'TICKET_ATTACHMENT_TYPE', status: 415 });
    expect(await ticketCount()).toBe(0);
    expect(storedFiles(t)).toEqual([]);
    expect((await auditOf(t, 'ticket.attachment_refused')).at(-1)?.detail).toMatchObject({
      reason: 'ticket_attachment_type',
    });
  });

  it('stores a good screenshot by content hash, with its row beside the event', async () => {
    ticket = await t.tickets.open(me, {
      category: 'inspection_failed',
      description: 'The device check fails',
      attachment: { fileName: '../../etc/screen.png', data: PNG },
    });
    const [row] = await attachmentRows();
    expect(row).toMatchObject({
      ticket_id: ticket.id,
      file_name: 'screen.png',
      content_type: 'image/png',
      size: PNG.length,
      uploaded_by: 'officer1',
    });
    expect(storedFiles(t)).toEqual([row?.sha256]);
    const [created] = await t.tickets.events(ticket.id, me);
    expect(row?.event_id).toBe(created?.id);
    expect((await t.tickets.attachments(ticket.id, me)).length).toBe(1);
  });

  it('refuses a bad file on a reply without adding the reply', async () => {
    const before = (await t.tickets.events(ticket.id, siLucknow)).length;
    await expect(
      t.tickets.reply(ticket.id, me, {
        body: 'another one',
        visibility: 'public',
        attachment: { fileName: 'x.pdf', data: Buffer.from('not a pdf') },
      }),
    ).rejects.toMatchObject({ code: 'TICKET_ATTACHMENT_TYPE' });
    expect((await t.tickets.events(ticket.id, siLucknow)).length).toBe(before);
    expect((await attachmentRows()).length).toBe(1);
  });

  it('keeps a file on an internal note from the officer', async () => {
    const log = Buffer.from('gateway log: 3 failed attempts\n');
    await t.tickets.reply(ticket.id, siLucknow, {
      body: 'log attached',
      visibility: 'internal',
      attachment: { fileName: 'gateway.txt', data: log },
    });
    expect((await t.tickets.attachments(ticket.id, siLucknow)).map((a) => a.file_name)).toEqual([
      'screen.png',
      'gateway.txt',
    ]);
    expect((await t.tickets.attachments(ticket.id, me)).map((a) => a.file_name)).toEqual(['screen.png']);
  });
});
