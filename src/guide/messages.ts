/** Messages of the guide feature, in English and Hindi. Keys are prefixed `guide.`. */
export const en = {
  'guide.title': 'User guide',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'guide.title': 'उपयोगकर्ता मार्गदर्शिका',
};
