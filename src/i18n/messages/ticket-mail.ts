/** Keys are prefixed `ticketMail.`. */
export const en = {
  'ticketMail.nav': 'Helpdesk',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'ticketMail.nav': 'हेल्पडेस्क',
};
