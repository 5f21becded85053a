import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyAddressFor, type OfficerActor, type TicketRow } from '../src/helpdesk/index.ts';
import { replyText } from '../src/helpdesk/mail-replies.ts';
import { startReplyListener, type ReplyListener } from '../src/helpdesk/reply-listener.ts';
import { createTicketService } from '../src/helpdesk/tickets.ts';
import { createTestApp, freePort, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

const OFFICER_MAIL = 'officer1@ctd.up.example';

describe('replyText', () => {
  it('drops quoted lines and everything from an attribution, an original-message line or a signature', () => {
    expect(
      replyText('Still locked.\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, Dwaar <t@x> wrote:\r\n> old\r\n> older'),
    ).toBe('Still locked.');
    expect(
      replyText('Yes.\nOn Tue, 1 Dec 2026 at 10:00, Dwaar Helpdesk\n<ticket+t-1.abc@x> wrote:\n> old'),
    ).toBe('Yes.');
    expect(replyText('Done\n-----Original Message-----\nFrom: Dwaar\nSubject: old')).toBe('Done');
    expect(replyText('हो गया\n\nमंगल, 1 दिस॰ 2026 को 10:00 am बजे Dwaar <t@x> ने लिखा:\n> पुराना')).toBe(
      'हो गया',
    );
    expect(replyText('ठीक है\n-----मूल संदेश-----\nपुराना')).toBe('ठीक है');
    expect(replyText('First\n> quoted in the middle\nSecond\n-- \nA. Officer\nCTO')).toBe('First\nSecond');
    expect(replyText('Above\n--- Reply above this line to add to your ticket ---\nour text')).toBe('Above');
    expect(replyText('> only quoted\n> text')).toBe('');
  });
});

describe.each(TEST_DIALECTS)('replies by mail on %s', (dialect) => {
  let t: TestApp;
  let listener: ReplyListener;
  let officer: OfficerActor;
  let ticket: TicketRow;
  let seq = 0;
  const db = () => t.deps.store.db;
  const key = () => t.deps.keyring.derive('ticket-replies');
  const domain = () => t.deps.config.helpdesk.replyDomain;
  const addressOf = (number: string) => replyAddressFor(number, key(), domain());

  async function send(mail: {
    to: string;
    from?: string;
    envelopeFrom?: string;
    text: string;
    messageId?: string;
  }): Promise<{ ok: true } | { ok: false; code: number | undefined }> {
    const transport = createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      seq += 1;
      const from = mail.from ?? `A. Officer <${OFFICER_MAIL}>`;
      await transport.sendMail({
        from,
        to: mail.to,
        envelope: { from: mail.envelopeFrom ?? from, to: [mail.to] },
        subject: `Re: [${ticket.number}] Your ticket`,
        text: mail.text,
        messageId: mail.messageId ?? `<reply-${seq}-${dialect}@mail.example>`,
      });
      return { ok: true };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      return { ok: false, code };
    } finally {
      transport.close();
    }
  }

  const mailEvents = (id = ticket.id) =>
    db()
      .selectFrom('ticket_events')
      .selectAll()
      .where('ticket_id', '=', id)
      .where('via', '=', 'mail')
      .orderBy('id')
      .execute();
  const rejections = () =>
    db()
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'ticket.mail_rejected')
      .execute();

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await db()
      .updateTable('accounts')
      .set({ email: OFFICER_MAIL })
      .where('user_id', '=', 'officer1')
      .execute();
    const account = await db()
      .selectFrom('accounts')
      .select('id')
      .where('user_id', '=', 'officer1')
      .executeTakeFirstOrThrow();
    officer = { kind: 'officer', accountId: account.id, userId: 'officer1', ip: '192.0.2.1', via: 'portal' };
    const port = await freePort();
    const started = await startReplyListener({
      ...t.deps,
      config: {
        ...t.deps.config,
        helpdesk: { ...t.deps.config.helpdesk, smtpPort: port, smtpHost: '127.0.0.1' },
      },
    });
    if (!started) throw new Error('listener did not start');
    listener = started;
  });
  afterAll(async () => {
    await listener.close();
    await t.close();
  });
  beforeEach(async () => {
    ticket = await createTicketService(t.deps).open(officer, {
      category: 'cannot_log_in',
      description: 'My account is locked',
    });
  });

  it('is off when the port is 0', async () => {
    const off = await startReplyListener({
      ...t.deps,
      config: { ...t.deps.config, helpdesk: { ...t.deps.config.helpdesk, smtpPort: 0 } },
    });
    expect(off).toBeUndefined();
  });

  it("adds the officer's reply as a public event via mail, quoted history cut off, Message-ID kept", async () => {
    const sent = await send({
      to: addressOf(ticket.number),
      text: 'Still locked after the unlock.\n\nOn Tue, 1 Dec 2026 at 10:00, Dwaar <x@y> wrote:\n> Your ticket has been received',
      messageId: `<genuine-${dialect}@mail.example>`,
    });
    expect(sent).toEqual({ ok: true });
    const events = await mailEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'reply',
      visibility: 'public',
      author: 'officer1',
      via: 'mail',
      body: 'Still locked after the unlock.',
    });
    expect(JSON.parse(events[0]?.detail ?? '{}')).toMatchObject({
      messageId: `<genuine-${dialect}@mail.example>`,
    });
    const audited = await db()
      .selectFrom('audit_events')
      .select('actor')
      .where('type', '=', 'ticket.replied')
      .where('target', '=', String(ticket.id))
      .execute();
    expect(audited).toEqual([{ actor: 'officer1' }]);
  });

  it('accepts the registered address in any case, in From or in the envelope', async () => {
    expect(
      await send({ to: addressOf(ticket.number), from: 'OFFICER1@CTD.UP.EXAMPLE', text: 'one' }),
    ).toEqual({ ok: true });
    expect(
      await send({
        to: addressOf(ticket.number),
        from: 'Officer <officer1@gmail.example>',
        envelopeFrom: OFFICER_MAIL,
        text: 'two',
      }),
    ).toEqual({ ok: true });
    expect((await mailEvents()).map((e) => e.body)).toEqual(['one', 'two']);
  });

  it('refuses a forged or altered tag at RCPT with 550 and adds nothing', async () => {
    const genuine = addressOf(ticket.number);
    const forged = genuine.replace(/\.([a-z0-9_-]{16})@/, '.aaaaaaaaaaaaaaaa@');
    const otherNumber = genuine.replace(/^ticket\+[^.]+/, 'ticket+t-2026-999999');
    const otherDomain = genuine.replace(/@.*$/, '@evil.example');
    for (const to of [forged, otherNumber, otherDomain, 'postmaster@' + domain()]) {
      expect(await send({ to, text: 'let me in' })).toEqual({ ok: false, code: 550 });
    }
    expect(await mailEvents()).toHaveLength(0);
  });

  it("refuses a stranger's mail to a genuine address, audits it, and adds nothing", async () => {
    const before = (await rejections()).length;
    const sent = await send({
      to: addressOf(ticket.number),
      from: 'Mallory <mallory@evil.example>',
      text: 'close this',
    });
    expect(sent).toEqual({ ok: false, code: 550 });
    expect(await mailEvents()).toHaveLength(0);
    const after = await rejections();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actor: 'officer1', target: ticket.number });
    expect(JSON.parse(after.at(-1)?.detail ?? '{}')).toMatchObject({
      reason: 'sender',
      from: 'mallory@evil.example',
    });
  });

  it('adds a redelivered message (same Message-ID) only once', async () => {
    const mail = {
      to: addressOf(ticket.number),
      text: 'Once only',
      messageId: `<again-${dialect}@mail.example>`,
    };
    expect(await send(mail)).toEqual({ ok: true });
    expect(await send(mail)).toEqual({ ok: true });
    expect(await mailEvents()).toHaveLength(1);
  });

  it('refuses a message over 2 MB with 552 and adds nothing', async () => {
    const sent = await send({ to: addressOf(ticket.number), text: 'x'.repeat(2.5 * 1024 * 1024) });
    expect(sent).toEqual({ ok: false, code: 552 });
    expect(await mailEvents()).toHaveLength(0);
  });

  it('refuses a reply with no text of its own', async () => {
    expect(await send({ to: addressOf(ticket.number), text: '> only the quote' })).toEqual({
      ok: false,
      code: 550,
    });
    expect(await mailEvents()).toHaveLength(0);
  });

  it('reopens a resolved ticket, and bounces a reply to a closed one (audited)', async () => {
    await db().updateTable('tickets').set({ status: 'resolved' }).where('id', '=', ticket.id).execute();
    expect(await send({ to: addressOf(ticket.number), text: 'It broke again' })).toEqual({ ok: true });
    const reopened = await db()
      .selectFrom('tickets')
      .select('status')
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(reopened.status).toBe('reopened');

    await db().updateTable('tickets').set({ status: 'closed' }).where('id', '=', ticket.id).execute();
    expect(await send({ to: addressOf(ticket.number), text: 'And again' })).toEqual({ ok: false, code: 550 });
    expect((await mailEvents()).map((e) => e.body)).toEqual(['It broke again']);
    expect(JSON.parse((await rejections()).at(-1)?.detail ?? '{}')).toMatchObject({ reason: 'closed' });
  });
});
