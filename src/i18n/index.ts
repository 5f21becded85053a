export { EN, HI } from './catalogues.ts';
export {
  LANGS,
  formatDateTime,
  isLang,
  translator,
  type Lang,
  type MessageKey,
  type Translate,
} from './i18n.ts';
