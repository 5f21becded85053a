/** Keys are prefixed `circularInbox.`. */
export const en = {
  'circularInbox.nav': 'Circulars for you',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'circularInbox.nav': 'आपके लिए परिपत्र',
};
