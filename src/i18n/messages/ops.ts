/** Messages of operations: faults, readiness, storage and recovery, in English and Hindi. Keys are prefixed `ops.`. */
export const en = {
  'ops.placeholder': '—',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'ops.placeholder': '—',
};
