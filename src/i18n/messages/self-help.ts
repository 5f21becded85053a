/** Keys are prefixed `selfHelp.`. */
export const en = {
  'selfHelp.nav': 'Helpdesk',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'selfHelp.nav': 'हेल्पडेस्क',
};
