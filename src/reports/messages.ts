/** Messages of the reports feature, in English and Hindi. Keys are prefixed `reports.`. */
export const en = {
  'reports.title': 'Reports',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'reports.title': 'रिपोर्ट',
};
