/** Messages of the proxy and hand-off (issue 7: gateway), in English and Hindi. Keys are prefixed `proxy.`. */
export const en = {
  'proxy.placeholder': '—',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'proxy.placeholder': '—',
};
