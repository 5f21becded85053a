import { EN, HI, type MessageKey } from './catalogues.ts';

export type Lang = 'en' | 'hi';
export const LANGS: readonly Lang[] = ['en', 'hi'];
export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { en: EN, hi: HI };

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'hi';
}

/** A translator bound to one language. `{name}` placeholders are filled from `vars`. */
export type Translate = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, vars) => {
    const text = catalogue[key];
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
  };
}
