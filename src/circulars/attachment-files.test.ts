import { describe, expect, it } from 'vitest';
import { detectAttachmentType, downloadDisposition, sanitiseFileName } from './attachment-files.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);

describe('attachment types: extension and magic bytes together', () => {
  it.each([
    ['order.pdf', Buffer.from('%PDF-1.7 ...'), 'application/pdf'],
    ['SEAL.PNG', PNG, 'image/png'],
    ['photo.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xdb]), 'image/jpeg'],
    ['list.csv', Buffer.from('a,b\r\n1,2\r\n'), 'text/csv'],
    ['note.txt', Buffer.from('सूचना\n'), 'text/plain'],
  ])('accepts %s', (name, data, type) => {
    expect(detectAttachmentType(name, data)).toBe(type);
  });

  it.each([
    ['HTML dressed as PDF', 'x.pdf', Buffer.from('<html>')],
    ['a PNG named .jpg', 'x.jpg', PNG],
    ['binary named .txt', 'x.txt', Buffer.from([0x4d, 0x5a, 0x00])],
    ['invalid UTF-8 text', 'x.csv', Buffer.from([0xc3, 0x28])],
    ['no extension', 'README', Buffer.from('text')],
    ['an SVG (script-capable)', 'x.svg', Buffer.from('<svg/>')],
    ['an empty file', 'x.pdf', Buffer.alloc(0)],
  ])('refuses %s', (_what, name, data) => {
    expect(detectAttachmentType(name, data)).toBeUndefined();
  });
});

describe('file names', () => {
  it('keeps the last path segment, drops control and reserved characters', () => {
    expect(sanitiseFileName('C:\\Users\\x\\..\\परिपत्र "8".pdf')).toBe('परिपत्र 8.pdf');
    expect(sanitiseFileName('../../.env')).toBe('env');
    expect(sanitiseFileName('a\u0000b\u202Egnp.pdf')).toBe('abgnp.pdf');
    expect(sanitiseFileName(`${'x'.repeat(300)}.pdf`)).toHaveLength(120);
  });

  it('sends an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187)', () => {
    expect(downloadDisposition("it's (1).pdf")).toBe(
      `attachment; filename="it_s _1_.pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`,
    );
  });
});
