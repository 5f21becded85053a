import { describe, expect, it } from 'vitest';
import { composeDecisionMail } from './notify-proposer.ts';

describe('composeDecisionMail', () => {
  const mail = composeDecisionMail({
    proposalId: 7,
    zone: { en: 'Lucknow', hi: 'लखनऊ' },
    proposerName: 'Zonal head <Lucknow>',
    approved: 3,
    rejected: [
      {
        employeeNo: 'UPCT1',
        nameEn: 'Ravi Kumar',
        nameHi: 'रवि कुमार',
        reason: 'Retired on 30 Nov & relieved',
      },
    ],
  });

  it('is bilingual, Hindi first, with the counts and each rejection with its reason', () => {
    expect(mail.subject).toContain('प्रस्ताव #7');
    expect(mail.subject).toContain('proposal #7');
    expect(mail.text.indexOf('लखनऊ')).toBeLessThan(mail.text.indexOf('Lucknow zone'));
    expect(mail.text).toContain('3 officer(s) approved, 1 rejected');
    expect(mail.text).toContain('3 अधिकारी अनुमोदित, 1 अस्वीकृत');
    expect(mail.text).toContain('Ravi Kumar (UPCT1): Retired on 30 Nov & relieved');
    expect(mail.text).toContain('रवि कुमार (UPCT1)');
  });

  it('escapes the HTML body and carries no links', () => {
    expect(mail.html).toContain('Zonal head &lt;Lucknow&gt;');
    expect(mail.html).toContain('&amp; relieved');
    expect(mail.html).not.toMatch(/<a\b|href=/);
    expect(mail.text).not.toMatch(/https?:\/\//);
  });

  it('leaves out the rejection list when nothing was rejected', () => {
    const none = composeDecisionMail({
      proposalId: 8,
      zone: { en: 'Agra', hi: 'आगरा' },
      proposerName: 'Z',
      approved: 2,
      rejected: [],
    });
    expect(none.text).not.toContain('Rejected officers and reasons');
  });

  it('says "all zones" for a proposal without a zone, not "All zones zone"', () => {
    const all = composeDecisionMail({
      proposalId: 9,
      zone: null,
      proposerName: 'HQ',
      approved: 1,
      rejected: [],
    });
    expect(all.text).toContain(
      'HQ has decided proposal #9 for all zones: 1 officer(s) approved, 0 rejected.',
    );
    expect(all.text).toContain('सभी जोन के प्रस्ताव #9 पर');
    expect(all.text).not.toMatch(/zones zone|जोन जोन/);
  });
});
