import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, decodeQuotedPrintable, parseRawMail } from './mime.ts';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('reading caught mail', () => {
  it('decodes quoted-printable bytes and joins soft line breaks, keeping spaces before them', () => {
    expect(decodeQuotedPrintable('a =\r\nb=3D=\nc  \r\nd').toString('utf8')).toBe('a b=c\r\nd');
    expect(decodeQuotedPrintable('=E0=A4=A6=E0=A5=8D=E0=A4=B5=E0=A4=BE=E0=A4=B0').toString('utf8')).toBe(
      'द्वार',
    );
    // A stray `=` that is not an escape is kept as is.
    expect(decodeQuotedPrintable('1 =G 2').toString('utf8')).toBe('1 =G 2');
  });

  it('decodes encoded-word headers, joining words split inside a character', () => {
    const bytes = Buffer.from('द्वार / Dwaar', 'utf8');
    const first = bytes.subarray(0, 4).toString('base64');
    const second = bytes.subarray(4).toString('base64');
    expect(decodeHeaderValue(`=?UTF-8?B?${first}?=\r\n =?UTF-8?B?${second}?=`.replace(/\r\n/g, ''))).toBe(
      'द्वार / Dwaar',
    );
    expect(decodeHeaderValue('=?utf-8?Q?caf=C3=A9_au_lait?= and more')).toBe('café au lait and more');
    expect(decodeHeaderValue('Plain subject')).toBe('Plain subject');
  });

  it('reads a multipart/alternative mail with base64 and quoted-printable parts', () => {
    const mail = parseRawMail(
      crlf([
        'From: Dwaar <no-reply@dwaar.localhost>',
        'To: officer@ctd.up.example',
        `Subject: =?UTF-8?B?${b64('सक्रियण / Activation')}?=`,
        'Content-Type: multipart/alternative;',
        ' boundary="--b1"',
        '',
        'preamble',
        '----b1',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Dear officer, open =',
        'http://localhost/activate?token=3Dabc',
        '----b1',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        b64('<p lang="hi">प्रिय</p>'),
        '----b1--',
        'epilogue',
      ]),
    );
    expect(mail).toEqual({
      from: 'Dwaar <no-reply@dwaar.localhost>',
      to: 'officer@ctd.up.example',
      subject: 'सक्रियण / Activation',
      date: '',
      text: 'Dear officer, open http://localhost/activate?token=abc',
      html: '<p lang="hi">प्रिय</p>',
    });
  });

  it('reads nested multiparts, skips attachments, and reads 8-bit UTF-8 bodies', () => {
    const mail = parseRawMail(
      crlf([
        'To: a@b.example',
        'Subject: नमस्ते',
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        '--outer',
        'Content-Type: multipart/alternative; boundary=inner',
        '',
        '--inner',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'हिन्दी पाठ',
        '--inner--',
        '--outer',
        'Content-Type: text/plain; name=notes.txt',
        'Content-Disposition: attachment; filename=notes.txt',
        '',
        'not the body',
        '--outer--',
      ]),
    );
    expect(mail.subject).toBe('नमस्ते');
    expect(mail.text).toBe('हिन्दी पाठ');
    expect(mail.html).toBe('');
  });

  it('treats a message without headers or MIME structure as plain text, without throwing', () => {
    expect(parseRawMail(Buffer.from('just words')).text).toBe('');
    const mail = parseRawMail(Buffer.from('Subject: hi\n\nbody line\n'));
    expect(mail).toMatchObject({ subject: 'hi', to: '', text: 'body line\n' });
    expect(parseRawMail(Buffer.alloc(0))).toMatchObject({ subject: '', text: '' });
  });
});
