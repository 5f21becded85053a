/** Keys are prefixed `auditView.`. */
export const en = {
  'auditView.nav': 'Audit trail',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'auditView.nav': 'ऑडिट ट्रेल',
};
