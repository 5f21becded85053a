/** Messages of sign-in defences: throttling, unlock links, body limits, in English and Hindi. Keys are prefixed `signin.`. */
export const en = {
  'signin.placeholder': '—',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'signin.placeholder': '—',
};
