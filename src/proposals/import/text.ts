import { translator, type Lang, type MessageKey, type Translate } from '../../i18n/index.ts';
import type { ImportIssue, IssueCode } from './issues.ts';

export interface IssueText {
  readonly problem: string;
  readonly fix: string;
}

const translators: Record<Lang, Translate> = { en: translator('en'), hi: translator('hi') };

/** A finding's problem and fix in one language, placeholders filled. */
export function describeIssue(found: ImportIssue, lang: Lang): IssueText {
  const t = translators[lang];
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(found.params)) {
    vars[name] = typeof value === 'object' ? value[lang] : value;
  }
  const code: IssueCode = found.code;
  return {
    problem: t(`proposals.import.issue.${code}` satisfies MessageKey, vars),
    fix: t(`proposals.import.fix.${code}` satisfies MessageKey, vars),
  };
}

/** Both languages, for reports that must carry Hindi and English side by side. */
export function describeIssueBoth(found: ImportIssue): Record<Lang, IssueText> {
  return { en: describeIssue(found, 'en'), hi: describeIssue(found, 'hi') };
}
