import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { readDevMailbox } from './dev-mailbox-files.ts';
import { startDevSmtp, type DevSmtp } from './dev-smtp.ts';

describe('the development SMTP catcher', () => {
  let smtp: DevSmtp | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await smtp?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    smtp = undefined;
    dir = undefined;
  });

  async function send(port: number, n: number) {
    const transport = createTransport({ url: `smtp://127.0.0.1:${port}` });
    try {
      await transport.sendMail({
        from: 'Dwaar <no-reply@dwaar.localhost>',
        to: `reader${n}@ctd.up.example`,
        subject: `संदेश ${n} / Message ${n}`,
        text: `पाठ ${n} `.repeat(40),
        html: `<p>${n}</p>`,
      });
    } finally {
      transport.close();
    }
  }

  it('keeps the newest messages, in memory and as owner-only files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-catcher-'));
    const saveDir = join(dir, 'dev-mailbox');
    smtp = await startDevSmtp({ port: 0, saveDir, keep: 3 });
    for (let n = 1; n <= 5; n++) await send(smtp.port, n);

    expect(smtp.messages().map((m) => m.subject)).toEqual([
      'संदेश 5 / Message 5',
      'संदेश 4 / Message 4',
      'संदेश 3 / Message 3',
    ]);
    expect(smtp.messages()[0]?.text).toBe('पाठ 5 '.repeat(40));
    expect(await readdir(saveDir)).toHaveLength(3);
    expect((await stat(saveDir)).mode & 0o777).toBe(0o700);

    const stored = await readDevMailbox(saveDir, 2);
    expect(stored?.total).toBe(3);
    expect(stored?.messages.map((m) => m.to)).toEqual(['reader5@ctd.up.example', 'reader4@ctd.up.example']);
  });

  it('ignores files in the folder that are not its own, and reports a missing folder as not running', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-catcher-'));
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await writeFile(join(dir, '1-1.eml'), 'Subject: x\n\n');
    expect(await readDevMailbox(dir, 10)).toEqual({ messages: [], total: 0 });
    expect(await readDevMailbox(join(dir, 'absent'), 10)).toBeUndefined();
  });

  it('refuses to start on a port already in use', async () => {
    smtp = await startDevSmtp({ port: 0 });
    await expect(startDevSmtp({ port: smtp.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
