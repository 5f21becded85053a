/** Messages of the provisioning feature, in English and Hindi. Keys are prefixed `provisioning.`. */
export const en = {
  'provisioning.title': 'Account activation',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'provisioning.title': 'खाता सक्रियण',
};
