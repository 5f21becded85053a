/** Keys are prefixed `tickets.`. */
export const en = {
  'tickets.nav': 'Helpdesk',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'tickets.nav': 'हेल्पडेस्क',
};
