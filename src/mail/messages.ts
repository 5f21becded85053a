/** Messages of the mail feature, in English and Hindi. Keys are prefixed `mail.`. */
export const en = {
  'mail.title': 'Mail',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'mail.title': 'मेल',
};
