/** Messages of the accounts feature, in English and Hindi. Keys are prefixed `accounts.`. */
export const en = {
  'accounts.title': 'Accounts',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'accounts.title': 'खाते',
};
