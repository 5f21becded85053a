/** Messages of the proposals feature, in English and Hindi. Keys are prefixed `proposals.`. */
export const en = {
  'proposals.title': 'Proposals',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'proposals.title': 'प्रस्ताव',
};
