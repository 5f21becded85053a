/** Keys are prefixed `circulars.`. */
export const en = {
  'circulars.nav': 'Circulars',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'circulars.nav': 'परिपत्र',
};
