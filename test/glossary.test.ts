import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EN, HI, type MessageKey } from '../src/i18n/index.ts';

/**
 * The Hindi glossary (shared UX notes, section c), as the product must use it: every rejected variant with
 * the term that replaces it. Where the glossary offers two forms, the choice is recorded here:
 * district जनपद (the department's circulars; never ज़िला/जिला), zone जोन/जोनल (the circulars' spelling,
 * never ज़ोन), user ID यूज़र आईडी (feminine), wing विंग, adjudication एडजुडिकेशन, the commissioners'
 * ranks in the circulars' transliterated form (एडीशनल/ज्वाइण्ट/डिप्टी कमिश्नर), report रिपोर्ट.
 *
 * JS `\b` does not see Devanagari letters as word characters, so word edges are lookarounds on the
 * Devanagari block. Text is NFC-normalised first: NFC writes ज़ as ज + nukta, whichever way it was typed.
 */
// Letters, vowel signs and marks; not the danda (।), double danda, digits or the abbreviation sign.
const DEV = '[\\u0900-\\u0963\\u0971-\\u097F]';
const START = `(?<!${DEV})`;
const END = `(?!${DEV})`;
const NUKTA = '\\u093C';
/** Up to three words, within one clause (not past "और", "या", a comma or a danda). */
const IN_CLAUSE = '(?:(?!(?:और|या|एवं|तथा|व)\\s)[^\\s,;:।]+\\s+){0,3}?';
/**
 * The same, but not past a word that governs the noun itself (a postposition or a possessive): in "आपका
 * पासवर्ड आपकी यूज़र आईडी से अलग हो" the आपका belongs to पासवर्ड.
 */
const IN_PHRASE = '(?:(?!(?:और|या|एवं|तथा|व)\\s)(?![^\\s]*(?:की|का|के|ने|से|में|पर|को)\\s)[^\\s,;:।]+\\s+){0,3}?';

interface Rule {
  /** The English term, as the glossary lists it. */
  readonly term: string;
  readonly rejected: RegExp;
  readonly use: string;
  /** Only where the English says this (a word that is right elsewhere, e.g. क्षेत्र for "area"). */
  readonly whenEnglish?: RegExp;
  /** A sentence the rule must flag, and one it must leave alone. */
  readonly bad: string;
  readonly good: string;
}

const re = (source: string): RegExp => new RegExp(source, 'u');

export const GLOSSARY_RULES: readonly Rule[] = [
  {
    term: 'District',
    rejected: re(`${START}ज${NUKTA}?िल(?:ा|े|ों)`),
    use: 'जनपद (जनपदों, जनपदवार)',
    bad: 'यह ज़िला ज्ञात नहीं है।',
    good: 'यह जनपद ज्ञात नहीं है। मोज़िला फ़ायरफ़ॉक्स',
  },
  {
    term: 'Zone / Zonal',
    rejected: re(`ज${NUKTA}ोन`),
    use: 'जोन / जोनल',
    bad: 'ज़ोनल प्रमुख: केवल अपने ज़ोन के जनपद।',
    good: 'जोनल प्रमुख: केवल अपने जोन के जनपद।',
  },
  {
    term: 'Zone (not "area")',
    rejected: re(`${START}क्षेत्र`),
    use: 'जोन (जोनवार)',
    whenEnglish: /\bzon(?:e|es|al)\b/i,
    bad: 'केवल आपका क्षेत्र शामिल है।',
    good: 'केवल आपका जोन शामिल है।',
  },
  {
    term: 'Remote access',
    rejected: re(`${START}दूरस्थ${END}`),
    use: 'रिमोट एक्सेस',
    bad: 'दूरस्थ पहुँच उपलब्ध नहीं है।',
    good: 'रिमोट एक्सेस उपलब्ध नहीं है।',
  },
  {
    term: 'User ID',
    rejected: re(`उपयोगकर्ता[\\s-]*(?:आईडी|आई\\.डी\\.|ID)|यूज़र[\\s-]*ID|यूजर|यूज़र-आईडी|${START}युज़र`),
    use: 'यूज़र आईडी',
    bad: 'उपयोगकर्ता आईडी या यूज़र ID',
    good: 'यूज़र आईडी; उपयोगकर्ता मार्गदर्शिका',
  },
  {
    term: 'User ID is feminine (his/your)',
    rejected: re(`${START}(?:अपना|आपका|उसका|उनका|इसका|मेरा|नया|पुराना|का)\\s+${IN_PHRASE}यूज़र आईडी`),
    use: 'अपनी / आपकी / उसकी / नई … यूज़र आईडी',
    bad: 'अपना यूज़र आईडी दर्ज करें। अधिकारी का यूज़र आईडी। आपका नया यूज़र आईडी।',
    good: 'अपनी यूज़र आईडी दर्ज करें। अपना नाम और अपनी यूज़र आईडी। अपनी बैक-ऑफिस यूज़र आईडी। आपका पासवर्ड आपकी यूज़र आईडी से अलग हो।',
  },
  {
    term: 'User ID is feminine (was sent)',
    rejected: re(
      `यूज़र आईडी\\s+${IN_CLAUSE}(?:भेजा|बनाया|दिया|बदला|मिला|लिखा|डाला|बताया|सौंपा|आवंटित किया)\\s+(?:गया|जाएगा|जाता)${END}`,
    ),
    use: 'यूज़र आईडी … भेजी गई / बनाई गई / दी गई',
    bad: 'आपकी यूज़र आईडी ई-मेल पर भेजा गया है।',
    good: 'आपकी यूज़र आईडी ई-मेल पर भेजी गई है। यूज़र आईडी एवं सक्रियण लिंक भेजे गए।',
  },
  {
    term: 'Device check',
    rejected: re(`${START}(?:उपकरण|यंत्र)(?:ों)?${END}|जांच`),
    use: 'डिवाइस / डिवाइस जाँच',
    bad: 'उपकरण जांच विफल। नए उपकरणों से साइन-इन रोका गया।',
    good: 'डिवाइस जाँच विफल। नए डिवाइस से साइन-इन रोका गया।',
  },
  {
    term: 'Second factor',
    rejected: re(`${START}दूसर[ाे]\\s+चरण|द्वि-?कारक|टू[\\s-]फ़ैक्टर`),
    use: 'दूसरा सत्यापन चरण',
    bad: 'दूसरा चरण (ऑथेंटिकेटर ऐप)',
    good: 'दूसरा सत्यापन चरण (ऑथेंटिकेटर ऐप); दूसरे सत्यापन चरण में',
  },
  {
    term: 'Disclaimer',
    rejected: re('डिस्क्लेमर|अस्वीकृति पत्र|घोषणा-?पत्र'),
    use: 'अस्वीकरण',
    bad: 'डिस्क्लेमर पढ़ें',
    good: 'अस्वीकरण पढ़ें',
  },
  {
    term: 'Activation link',
    rejected: re('(?:एक्टिवेशन|ऐक्टिवेशन|सक्रियता|सक्रियकरण)\\s+लिंक'),
    use: 'सक्रियण लिंक',
    bad: 'एक्टिवेशन लिंक खोलें',
    good: 'सक्रियण लिंक खोलें',
  },
  {
    term: 'Session expired',
    rejected: re(`सेशन|सत्र\\s+(?:की\\s+अवधि|का\\s+समय)\\s+समाप्त|सत्र\\s+(?:खत्म|ख${NUKTA}त्म)`),
    use: 'सत्र समाप्त',
    bad: 'सत्र की अवधि समाप्त हो गई; सेशन खत्म',
    good: 'सत्र समाप्त',
  },
  {
    term: 'Acknowledgement',
    rejected: re('अभिस्वीकृति|स्वीकारोक्ति'),
    use: 'पावती',
    bad: 'गोपनीयता अभिस्वीकृति पढ़ें',
    good: 'गोपनीयता पावती पढ़ें',
  },
  {
    term: 'Approved',
    rejected: re(`${START}(?:स्वीकृत|मंज${NUKTA}?ूर)${END}`),
    use: 'अनुमोदित',
    bad: 'अधिकारी स्वीकृत। मंज़ूर',
    good: 'अधिकारी अनुमोदित; अस्वीकृत',
  },
  {
    term: 'Approval',
    rejected: re(`${START}(?:स्वीकृति|मंज${NUKTA}?ूरी)${END}`),
    use: 'अनुमोदन',
    bad: 'स्वीकृति से पहले',
    good: 'अनुमोदन से पहले; अस्वीकृति का कारण',
  },
  {
    term: 'Rejected',
    rejected: re(`नामंज${NUKTA}?ूर`),
    use: 'अस्वीकृत',
    bad: 'प्रस्ताव नामंज़ूर',
    good: 'प्रस्ताव अस्वीकृत',
  },
  {
    term: 'Proposal',
    rejected: re(`${START}(?:प्रस्तावना|सिफ${NUKTA}?ारिश)`),
    use: 'प्रस्ताव',
    bad: 'सिफ़ारिश भेजें',
    good: 'प्रस्ताव भेजें',
  },
  {
    term: 'Office open / closed',
    rejected: re(`(?:ऑफ${NUKTA}?िस|दफ${NUKTA}?्तर)\\s+(?:खुला|बंद|खुल)|दफ${NUKTA}?्तर`),
    use: 'कार्यालय खुला / बंद',
    bad: 'आपका दफ़्तर खुला है',
    good: 'आपका कार्यालय खुला है; बैक-ऑफिस पोर्टल',
  },
  {
    term: 'Log in / Log out',
    rejected: re('लॉगिन|लॉग-इन|लॉगइन|लॉग-आउट|लॉगआउट|लोगिन'),
    use: 'लॉग इन / लॉग आउट',
    bad: 'अंतिम लॉगिन',
    good: 'अंतिम लॉग इन',
  },
  {
    term: 'Wing',
    rejected: re(`(?<!अनुसंधान )${START}शाखा`),
    use: 'विंग (विशेष अनुसंधान शाखा is the SIB’s name)',
    bad: 'प्रवर्तन शाखा',
    good: 'प्रवर्तन विंग; विशेष अनुसंधान शाखा',
  },
  {
    term: 'Adjudication',
    rejected: re('न्यायनिर्णयन|न्याय-निर्णयन'),
    use: 'एडजुडिकेशन',
    bad: 'न्यायनिर्णयन विंग',
    good: 'एडजुडिकेशन विंग',
  },
  {
    term: 'Commissioner ranks',
    rejected: re(`${START}(?:अपर|संयुक्त|उप|सहायक)?\\s?आयुक्त|एडिशनल|ज्वाइंट|जॉइंट|ज्वॉइंट`),
    use: 'एडीशनल / ज्वाइण्ट / डिप्टी / असिस्टेंट कमिश्नर',
    bad: 'जोनल अपर आयुक्त; ज्वाइंट कमिश्नर',
    good: 'जोनल एडीशनल कमिश्नर; ज्वाइण्ट कमिश्नर',
  },
  {
    term: 'Report',
    rejected: re('प्रतिवेदन'),
    use: 'रिपोर्ट',
    bad: 'प्रतिवेदन डाउनलोड करें',
    good: 'रिपोर्ट डाउनलोड करें',
  },
  {
    term: 'Digits and times (dates in one script, 24-hour)',
    rejected: re(`[\\u0967-\\u096F]|(?<![\\u0900-\\u0965])\\u0966|पूर्वाह्न|अपराह्न`),
    use: 'Latin digits, dd-mm-yyyy, 24-hour time (src/i18n/dates.ts)',
    bad: '०१-१२-२०२६, अपराह्न 3:43',
    good: '01-12-2026, 15:43; मो० आरिफ़',
  },
  {
    term: 'Back office',
    rejected: re(`बैक[\\s-]*ऑफ${NUKTA}िस`),
    use: 'बैक-ऑफिस',
    bad: 'आपने बैक-ऑफ़िस पोर्टल सीधे खोला है।',
    good: 'आपने बैक-ऑफिस पोर्टल सीधे खोला है।',
  },
  {
    term: 'Wrong',
    rejected: re(`${START}ग${NUKTA}लत`),
    use: 'गलत',
    bad: 'निर्देशिका ग़लत हो तो',
    good: 'निर्देशिका गलत हो तो',
  },
  {
    term: 'ID (in Hindi text)',
    rejected: re(`(?<=${DEV}\\s)ID\\b`),
    use: 'आईडी',
    bad: 'जनपद की ID लिखें',
    good: 'जनपद की आईडी लिखें; user ID',
  },
];
export interface Finding {
  readonly where: string;
  readonly found: string;
  readonly use: string;
  readonly term: string;
}

/** Every rejected variant in `text`, with what to write instead. */
export function findVariants(where: string, text: string, english?: string): Finding[] {
  const hindi = text.normalize('NFC');
  const out: Finding[] = [];
  for (const rule of GLOSSARY_RULES) {
    if (rule.whenEnglish && !(english !== undefined && rule.whenEnglish.test(english))) continue;
    const m = rule.rejected.exec(hindi);
    if (m) out.push({ where, found: m[0], use: rule.use, term: rule.term });
  }
  return out;
}

const report = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.where}: “${f.found}” → ${f.use} (${f.term})`);

const SRC = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|html)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Hindi in source outside the catalogues (demo documents, BOWEB, fixed page text), line by line. */
function hindiSourceLines(): { where: string; text: string }[] {
  const messages = join(SRC, 'i18n', 'messages');
  return sourceFiles(SRC)
    .filter((path) => !path.startsWith(messages))
    .flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((text, i) => ({ where: `${relative(SRC, path)}:${i + 1}`, text }))
        // Comments are for programmers (they may quote a variant to explain it); strings are for people.
        .filter((l) => /[\u0900-\u097F]/u.test(l.text) && !/^\s*(?:\/\/|\/?\*)/.test(l.text)),
    );
}

describe('the Hindi glossary', () => {
  it.each(GLOSSARY_RULES.map((r) => [r.term, r] as const))(
    'rule “%s” flags its bad example only',
    (_, rule) => {
      const english = rule.whenEnglish ? 'zone' : undefined;
      expect(findVariants('bad', rule.bad, english).map((f) => f.term)).toContain(rule.term);
      expect(findVariants('good', rule.good, english).filter((f) => f.term === rule.term)).toEqual([]);
    },
  );

  it('reads ज़ typed either way (one code point or ज + nukta) as the same letter', () => {
    expect(findVariants('x', '\u095Bोन').map((f) => f.term)).toEqual(['Zone / Zonal']);
    expect(findVariants('x', 'ज\u093Cिला').map((f) => f.term)).toEqual(['District']);
  });

  it('flags क्षेत्र only where the English speaks of zones', () => {
    expect(findVariants('k', 'कार्य क्षेत्र', 'Field of work')).toEqual([]);
    expect(findVariants('k', 'क्षेत्रवार रोलआउट', 'Rollout by zone')).toHaveLength(1);
  });

  it('every Hindi message uses the glossary’s terms', () => {
    const findings = (Object.keys(HI) as MessageKey[]).flatMap((key) => findVariants(key, HI[key], EN[key]));
    expect(report(findings)).toEqual([]);
  });

  it('Hindi outside the catalogues (demo documents, back office, fixed page text) uses them too', () => {
    const findings = hindiSourceLines().flatMap((l) => findVariants(l.where, l.text));
    expect(report(findings)).toEqual([]);
  });
});

/**
 * Dates shown to people go through src/i18n/dates.ts (dd-mm-yyyy, 24-hour, India time, Latin digits).
 * Files other helpers own that still format dates themselves are listed in the report, and left
 * to their owners; once they route through dates.ts their entries here can go.
 */
const DATE_FORMATTING = /Intl\.DateTimeFormat|\.toLocale(?:Date|Time)?String\(/;
const OWNED_ELSEWHERE = new Set(['directory/access-expiry.ts', 'directory/district-status.ts']);

describe('dates', () => {
  it('are formatted only by src/i18n/dates.ts', () => {
    const own = sourceFiles(SRC)
      .map((path) => relative(SRC, path))
      .filter((path) => path !== join('i18n', 'dates.ts') && !OWNED_ELSEWHERE.has(path))
      .filter((path) => DATE_FORMATTING.test(readFileSync(join(SRC, path), 'utf8')));
    expect(own).toEqual([]);
  });
});
