export { EN, HI } from './catalogues.ts';
export { LANGS, isLang, translator, type Lang, type MessageKey, type Translate } from './i18n.ts';
export {
  INDIA_TIME_ZONE,
  addDays,
  dayText,
  fileStamp,
  formatDate,
  formatDateTime,
  formatLongDate,
  indiaDay,
  indiaTime,
  isoDayText,
  parseDay,
  weekday,
  type Day,
} from './dates.ts';
