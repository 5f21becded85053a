/** Keys are prefixed `anomalies.`. */
export const en = {
  'anomalies.nav': 'Anomalies',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'anomalies.nav': 'असामान्य गतिविधियाँ',
};
