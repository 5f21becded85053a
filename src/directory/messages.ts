/** Messages of the directory feature, in English and Hindi. Keys are prefixed `directory.`. */
export const en = {
  'directory.title': 'Directory',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'directory.title': 'निर्देशिका',
};
