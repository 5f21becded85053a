import { describe, expect, it } from 'vitest';
import { EN, HI, type MessageKey } from '../i18n/index.ts';
import { composeMail, type MailSpec } from './compose.ts';

const HOSTILE = '<script>alert(1)</script> & "Sons"';

/** A mail with every kind of block, naming a hostile person everywhere a value can go. */
const SPEC: MailSpec = {
  subject: 'proposals.workflow.mailSubject',
  vars: { id: 7, name: { hi: `हिं ${HOSTILE}`, en: HOSTILE } },
  blocks: [
    { kind: 'paragraph', key: 'mail.bodyGreeting' },
    { kind: 'facts', rows: [{ label: 'mail.bodyUserIdLabel', value: HOSTILE }] },
    {
      kind: 'link',
      key: 'provisioning.mailActivationLink',
      vars: { hours: 72 },
      href: 'https://dwaar.example/a?b=1&c="2"',
    },
    {
      kind: 'list',
      intro: 'proposals.workflow.mailRejectedIntro',
      item: 'proposals.workflow.mailRejectedItem',
      items: [{ name: 'Ravi', employeeNo: 'UPCT1', reason: HOSTILE }],
    },
    false,
    { kind: 'notice', key: 'provisioning.mailConfidential' },
  ],
};
const mail = composeMail(SPEC);

describe('composeMail', () => {
  it('escapes every value in the HTML part and keeps it intact in the text part', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain(
      '<p lang="en">Dear &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot;,</p>',
    );
    expect(mail.html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sons&quot;</td>');
    expect(mail.html).toContain('<li>Ravi (UPCT1): &lt;script&gt;');
    expect(mail.html).toContain('<a href="https://dwaar.example/a?b=1&amp;c=&quot;2&quot;">');
    expect(mail.text).toContain(`Dear ${HOSTILE},`);
    expect(mail.text).toContain(`User ID: ${HOSTILE}`);
    expect(mail.text).toContain(`• Ravi (UPCT1): ${HOSTILE}`);
    expect(mail.text).toContain('\nhttps://dwaar.example/a?b=1&c="2"\n');
  });

  it('writes Hindi first, then English, each block marked with its language', () => {
    expect(mail.subject).toBe('द्वार: प्रस्ताव #7 पर मुख्यालय का निर्णय / Dwaar: HQ decision on proposal #7');
    const [hi = '', en = ''] = mail.text.split('\n\n----\n\n');
    expect(hi).toContain(`प्रिय हिं ${HOSTILE},`);
    expect(hi).toContain('यूज़र आईडी:');
    expect(en).toContain(`Dear ${HOSTILE},`);
    expect(en).not.toMatch(/[\u0900-\u097F]/);
    const [hiHtml = '', enHtml = ''] = mail.html.split('<hr />');
    for (const tag of ['p', 'table', 'ul']) {
      expect(hiHtml).toContain(`<${tag} lang="hi">`);
      expect(enHtml).toContain(`<${tag} lang="en">`);
    }
    expect(hiHtml).not.toContain('lang="en"');
    expect(enHtml).not.toContain('lang="hi"');
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="hi">/);
  });

  it('links an address in the HTML part and shows it on its own line in the text part', () => {
    const guide = composeMail({
      subject: 'guide.mailSubject',
      blocks: [
        { kind: 'link', key: 'guide.mailLinkPdf', href: 'https://dwaar.example/guide.pdf' },
        {
          kind: 'paragraph',
          key: 'guide.mailSummary',
          vars: { url: { href: 'https://dwaar.example' }, phone: '0522' },
        },
      ],
    });
    expect(guide.text).toContain('to print or share:\nhttps://dwaar.example/guide.pdf');
    expect(guide.html).toContain(
      '<br /><a href="https://dwaar.example/guide.pdf">https://dwaar.example/guide.pdf</a>',
    );
    expect(guide.text).toContain('officers open https://dwaar.example, activate');
    expect(guide.html).toContain(
      'officers open <a href="https://dwaar.example">https://dwaar.example</a>, activate',
    );
  });

  it('refuses an address that is not http(s)', () => {
    const link = (href: string): MailSpec => ({
      subject: 'guide.mailSubject',
      blocks: [{ kind: 'link', key: 'guide.mailLinkPdf', href }],
    });
    expect(() => composeMail(link('javascript:alert(1)'))).toThrow(/http\(s\)/);
    expect(() =>
      composeMail({
        subject: 'guide.mailSubject',
        blocks: [
          { kind: 'paragraph', key: 'guide.mailSummary', vars: { url: { href: 'data:x' }, phone: '1' } },
        ],
      }),
    ).toThrow(/http\(s\)/);
  });

  it('throws when a placeholder has no value, and never fills one from inside a value', () => {
    expect(() =>
      composeMail({
        subject: 'guide.mailSubject',
        blocks: [{ kind: 'paragraph', key: 'mail.bodyGreeting' }],
      }),
    ).toThrow("mail text 'mail.bodyGreeting' (hi) has no value for {name}");
    expect(() => composeMail({ subject: 'proposals.workflow.mailSubject', blocks: [] })).toThrow(/\{id\}/);
    const quoted = composeMail({
      subject: 'guide.mailSubject',
      vars: { name: '{name} {id}' },
      blocks: [{ kind: 'paragraph', key: 'mail.bodyGreeting' }],
    });
    expect(quoted.text).toContain('Dear {name} {id},');
  });

  it('leaves out blocks given as false and a list with no items', () => {
    const none = composeMail({
      subject: 'guide.mailSubject',
      blocks: [
        false,
        {
          kind: 'list',
          intro: 'proposals.workflow.mailRejectedIntro',
          item: 'proposals.workflow.mailRejectedItem',
          items: [],
        },
        { kind: 'notice', key: 'guide.mailNoSecrets' },
      ],
    });
    expect(none.text).toBe(
      'इस ई-मेल में कोई पासवर्ड या साइन-इन लिंक नहीं है।\n\n----\n\nThis mail contains no passwords and no sign-in links.\n',
    );
    expect(none.html).not.toContain('<ul');
  });

  it('renders each catalogue entry whole, as one unbroken sentence', () => {
    const filled = EN['provisioning.mailActivationLink'].replace('{hours}', '72');
    expect(mail.text).toContain(`${filled}\nhttps://`);
    expect(mail.text).toContain(HI['provisioning.mailConfidential']);
    expect(mail.html).toContain(`<small>${HI['provisioning.mailConfidential']}</small>`);
  });
});

/**
 * The mails' own catalogue entries: `<feature>.mail…` of the features that send mail, and the shared
 * `mail.body…`. Subjects, labels and list items (`…Subject`, `…Label`, `…Item`) are not sentences; every
 * other entry is whole sentences.
 */
const MAIL_KEYS = (Object.keys(EN) as MessageKey[]).filter((k) =>
  /^(provisioning|proposals\.workflow|directory|guide)\.mail[A-Z]|^mail\.body[A-Z]/.test(k),
);
const SENTENCE_KEYS = MAIL_KEYS.filter((k) => !/(Subject|Label|Item)$/.test(k));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the mail catalogue entries', () => {
  it('are found', () => {
    expect(SENTENCE_KEYS).toEqual(
      expect.arrayContaining(['mail.bodyGreeting', 'provisioning.mailHelp', 'guide.mailIntro']),
    );
    expect(MAIL_KEYS).toEqual(
      expect.arrayContaining(['directory.mailSubject', 'proposals.workflow.mailRejectedItem']),
    );
  });

  it.each(MAIL_KEYS)('%s names the same placeholders in Hindi and English', (key) => {
    expect(placeholders(HI[key])).toEqual(placeholders(EN[key]));
    expect(EN[key]).toBe(EN[key].trim());
    expect(HI[key]).toBe(HI[key].trim());
  });

  it.each(SENTENCE_KEYS)('%s is whole sentences in both languages', (key) => {
    expect(EN[key]).toMatch(/^[A-Z{]/);
    // A sentence ends, or introduces what follows it (a link, a list) or the letter (a greeting).
    expect(EN[key]).toMatch(/[.:,]$/);
    expect(HI[key]).toMatch(/[।.:,?]$/);
  });
});
