/** Keys are prefixed `helpdesk.`. */
export const en = {
  'helpdesk.nav': 'Helpdesk',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'helpdesk.nav': 'हेल्पडेस्क',
};
