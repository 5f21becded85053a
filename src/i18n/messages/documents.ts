/** Keys are prefixed `documents.`. */
export const en = {
  'documents.nav': 'Documents to acknowledge',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'documents.nav': 'पावती हेतु दस्तावेज़',
};
