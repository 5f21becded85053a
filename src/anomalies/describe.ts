import { z } from 'zod';
import type { Translate } from '../i18n/index.ts';
import type { AnomalyKind } from './table.ts';

/** The detail as stored: a flat JSON object of numbers and text (see detect.ts). */
const Detail = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

/** The kind in words, in the page's language. */
export function kindWords(t: Translate, kind: AnomalyKind): string {
  return t(`anomalies.kind_${kind}`);
}

/**
 * One sentence saying what happened, from the stored detail. A detail that cannot be read (edited by hand,
 * or from a future version) gives a sentence saying so, never an exception on the page or in the mail.
 */
export function detailWords(t: Translate, kind: AnomalyKind, detailJson: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(detailJson);
  } catch {
    return t('anomalies.detail_unknown');
  }
  const result = Detail.safeParse(parsed);
  if (!result.success) return t('anomalies.detail_unknown');
  const d = result.data;
  const text = (key: string) => {
    const v = d[key];
    return v === null || v === undefined ? '—' : String(v);
  };
  const channel = () => t(d.channel === 'console' ? 'anomalies.channel_console' : 'anomalies.channel_portal');
  switch (kind) {
    case 'account_failures':
      return t('anomalies.detail_account_failures', {
        count: text('count'),
        window: text('window_min'),
        addresses: text('addresses'),
        ip: text('ip'),
      });
    case 'address_failures':
      return t('anomalies.detail_address_failures', {
        count: text('count'),
        window: text('window_min'),
        users: text('user_ids'),
      });
    case 'unusual_hour':
      return t('anomalies.detail_unusual_hour', { channel: channel(), time: text('time'), ip: text('ip') });
    case 'new_device':
      return t('anomalies.detail_new_device', { device: text('device'), others: text('other_devices') });
    case 'concurrent_networks':
      return t('anomalies.detail_concurrent_networks', {
        channel: channel(),
        ip: text('ip'),
        network: text('network'),
        otherIp: text('other_ip'),
        otherNetwork: text('other_network'),
      });
  }
}

/** Whether the subject is an account (a user ID) rather than an address. */
export function isAccountKind(kind: AnomalyKind): boolean {
  return kind !== 'address_failures';
}

/** The console's per-person access timeline (the audit search's). */
export function timelinePath(userId: string): string {
  return `/console/audit/people/${encodeURIComponent(userId)}`;
}
