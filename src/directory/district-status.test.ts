import { describe, expect, it } from 'vitest';
import { composeAccessEndingMail } from './access-expiry.ts';
import { readStatusForm, todayInIndia, validateStatusForm } from './district-status.ts';

describe('district status form', () => {
  const ok = { status: 'open', orderNo: '12/CT/2026', orderDate: '2026-11-28', reason: 'Reopened' };

  it('accepts a complete change and trims what was typed', () => {
    const values = readStatusForm({ ...ok, orderNo: '  12/CT/2026 ', reason: ' Reopened\n' });
    expect(validateStatusForm(values, 'closed', '2026-11-29')).toEqual({
      ok: true,
      change: { status: 'open', orderNo: '12/CT/2026', orderDate: '2026-11-28', reason: 'Reopened' },
    });
  });

  it('reads the order date as dd-mm-yyyy, dd/mm/yyyy or a date picker’s yyyy-mm-dd, and keeps yyyy-mm-dd', () => {
    for (const typed of ['28-11-2026', '28/11/2026', '28.11.2026', '2026-11-28', ' 28-11-2026 ']) {
      const r = validateStatusForm(readStatusForm({ ...ok, orderDate: typed }), 'closed', '2026-11-29');
      expect(r.ok ? r.change.orderDate : r.errors, typed).toBe('2026-11-28');
    }
    for (const typed of ['29-02-2026', '2026/11/28', '11-28-2026', '28-11-26', '28 Nov 2026']) {
      const r = validateStatusForm(readStatusForm({ ...ok, orderDate: typed }), 'closed', '2026-11-29');
      expect(r.ok ? [] : r.errors.map((e) => e.key), typed).toEqual(['directory.errOrderDate']);
    }
  });

  it('reads anything that is not a single string as empty', () => {
    expect(readStatusForm({ status: ['open', 'closed'], orderNo: 5, reason: { x: 1 } })).toEqual({
      status: '',
      orderNo: '',
      orderDate: '',
      reason: '',
    });
    expect(readStatusForm(undefined).status).toBe('');
  });

  it('reports every problem at once', () => {
    const result = validateStatusForm(
      { status: 'ajar', orderNo: 'x'.repeat(101), orderDate: '2026-13-01', reason: 'y'.repeat(1001) },
      'closed',
      '2026-11-29',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.key)).toEqual([
      'directory.errStatus',
      'directory.errOrderNo',
      'directory.errOrderDate',
      'directory.errReason',
    ]);
  });

  it('refuses an unchanged status, an impossible date and a date after today', () => {
    const keys = (v: typeof ok, current: 'open' | 'closed') => {
      const r = validateStatusForm(v, current, '2026-11-29');
      return r.ok ? [] : r.errors.map((e) => e.key);
    };
    expect(keys(ok, 'open')).toEqual(['directory.errUnchanged']);
    expect(keys({ ...ok, orderDate: '2026-02-29' }, 'closed')).toEqual(['directory.errOrderDate']);
    expect(keys({ ...ok, orderDate: '2026-11-30' }, 'closed')).toEqual(['directory.errOrderDateFuture']);
    expect(keys({ ...ok, orderDate: '2026-11-29' }, 'closed')).toEqual([]);
  });

  it('takes today from India Standard Time', () => {
    // 20:00 UTC on 28 November is already 01:30 on 29 November in India.
    expect(todayInIndia(Date.UTC(2026, 10, 28, 20, 0))).toBe('2026-11-29');
    expect(todayInIndia(Date.UTC(2026, 10, 28, 18, 0))).toBe('2026-11-28');
  });
});

describe('access ending notice', () => {
  it('is bilingual, names the district, the order and the date, and escapes the HTML body', () => {
    const mail = composeAccessEndingMail({
      nameEn: 'A <b>Singh</b>',
      nameHi: 'ए सिंह',
      districtEn: 'Lucknow',
      districtHi: 'लखनऊ',
      orderNo: '4411/CT/2026',
      endsAt: Date.UTC(2026, 11, 2, 9, 0),
      helpdesk: '0522-2286-000',
    });
    expect(mail.subject).toContain('Dwaar: your district office has reopened');
    expect(mail.subject).toContain('द्वार');
    expect(mail.text).toContain('Lucknow district office open again (order no. 4411/CT/2026)');
    expect(mail.text).toContain('लखनऊ जनपद कार्यालय');
    expect(mail.text).toContain('ends on 2 December 2026 at 14:30 India time');
    expect(mail.text).toContain('भारतीय समय के अनुसार 2 दिसंबर 2026 को 14:30 बजे');
    expect(mail.html).toContain('A &lt;b&gt;Singh&lt;/b&gt;');
    expect(mail.html).toContain('<p lang="hi">');
  });
});
