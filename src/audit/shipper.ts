import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../store/index.ts';
import { auditCursor, type AuditEventRow } from './cursor.ts';

/**
 * Ships committed audit events, as JSON lines, to stdout or to a syslog collector, so a copy of the trail
 * leaves the machine as it is written (an insider who later rewrites the database cannot recall it).
 *
 * - `stdout`: one JSON object a line, marked `"audit":true` so a log pipeline can tell it from pino's lines.
 * - `syslog+udp://host:port` (RFC 5426) and `syslog+tcp://host:port` (RFC 6587, octet-counting framing):
 *   RFC 5424 messages, facility local4 (20, so PRI = 20 × 8 + 6 informational = 166: local4 lets the
 *   collector route the trail to its own file without mixing it into the system's auth log), APP-NAME
 *   `dwaar`, HOSTNAME the node, MSGID the event type, no structured data, and the JSON line as MSG.
 *
 * The shipper reads the table through the shared cursor `ship`, so a node ships only batches it claimed:
 * it advances the cursor BEFORE sending, and two nodes never ship the same batch. A batch it could not
 * send stays in memory and is retried with growing pauses (reported through `onError` each time) before
 * the next batch is claimed. A node that dies holding an unsent batch loses that batch from the stream
 * (never from the database, which `audit export` still reads): delivery is at most once per event.
 */
export interface AuditShipperOptions {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** `config.audit.ship`; nothing is started without one. */
  readonly target: string | undefined;
  /** This node's name: syslog's HOSTNAME and the line's `node`. */
  readonly node: string;
  /** A failed send or read (the shipper retries; this is for the log). */
  readonly onError: (err: unknown, context: { seqFrom: number; seqTo: number } | undefined) => void;
  /** Where `stdout` lines go (tests); by default process.stdout, waiting for it to drain. */
  readonly write?: (line: string) => void | Promise<void>;
  /** Pause between reads when the trail has nothing new, ms (default 1000). */
  readonly pollMs?: number;
  /** Events claimed at once (default 500). */
  readonly batchSize?: number;
  /** First and longest pause after a failed send, ms (default 1000 and 60000). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

export interface AuditShipper {
  /** Stops polling after the pass under way; a batch still unsent is reported through `onError`. */
  stop(): Promise<void>;
}

/** The cursor's name in `audit_cursors`. */
export const SHIP_CURSOR = 'ship';
/** RFC 5424 PRI: facility local4 (20) × 8 + severity informational (6). */
export const SYSLOG_PRI = 166;

export type ShipTarget =
  | { readonly kind: 'stdout' }
  | { readonly kind: 'udp' | 'tcp'; readonly host: string; readonly port: number };

/** Reads `DWAAR_AUDIT_SHIP` (config.ts already checked its shape); throws on anything else. */
export function parseShipTarget(target: string): ShipTarget {
  if (target === 'stdout') return { kind: 'stdout' };
  const m = /^syslog\+(udp|tcp):\/\/([^/:]+):(\d+)$/.exec(target);
  const port = Number(m?.[3]);
  if (!m || !(port > 0 && port < 65536)) throw new Error(`audit ship target not understood: ${target}`);
  return { kind: m[1] === 'udp' ? 'udp' : 'tcp', host: m[2] ?? '', port };
}

/** One event as its JSON line (without the newline): the committed row, its detail parsed. */
export function auditJsonLine(row: AuditEventRow, node: string): string {
  let detail: unknown;
  try {
    detail = JSON.parse(row.detail);
  } catch {
    detail = { unparsed: row.detail };
  }
  return JSON.stringify({
    audit: true,
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    at_ms: row.at,
    type: row.type,
    actor: row.actor,
    target: row.target,
    ip: row.ip,
    detail,
    hash: row.hash,
    node,
  });
}

/** RFC 5424 header fields are printable US-ASCII without spaces; NILVALUE `-` when nothing is left. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean || '-';
}

/**
 * An RFC 5424 message: `<166>1 TIMESTAMP HOSTNAME dwaar PROCID MSGID - BOM JSON`. The BOM marks MSG as
 * UTF-8 (RFC 5424 §6.4), since details may hold Devanagari.
 */
export function syslogMessage(row: AuditEventRow, node: string, pid = process.pid): string {
  const header = [
    `<${SYSLOG_PRI}>1`,
    new Date(row.at).toISOString(),
    headerField(node, 255),
    'dwaar',
    headerField(String(pid), 128),
    headerField(row.type, 32),
    '-',
  ].join(' ');
  return `${header} \uFEFF${auditJsonLine(row, node)}`;
}

/** RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function octetCounted(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}

interface Sender {
  send(rows: readonly AuditEventRow[]): Promise<void>;
  close(): Promise<void>;
}

function stdoutSender(node: string, write: AuditShipperOptions['write']): Sender {
  const out =
    write ??
    ((line: string) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(line, (err) => (err ? reject(err) : resolve()));
      }));
  return {
    async send(rows) {
      await out(rows.map((r) => `${auditJsonLine(r, node)}\n`).join(''));
    },
    close: () => Promise.resolve(),
  };
}

function udpSender(host: string, port: number, node: string): Sender {
  let socket: UdpSocket | undefined;
  const open = (): UdpSocket => {
    if (socket) return socket;
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    s.on('error', () => {
      s.close();
      if (socket === s) socket = undefined;
    });
    s.unref();
    return (socket = s);
  };
  return {
    async send(rows) {
      const s = open();
      // RFC 5426: one message a datagram, in order.
      for (const r of rows) {
        await new Promise<void>((resolve, reject) => {
          s.send(Buffer.from(syslogMessage(r, node), 'utf8'), port, host, (err) =>
            err ? reject(err) : resolve(),
          );
        });
      }
    },
    async close() {
      const s = socket;
      socket = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

function tcpSender(host: string, port: number, node: string): Sender {
  let socket: Socket | undefined;
  const drop = (s: Socket) => {
    s.destroy();
    if (socket === s) socket = undefined;
  };
  const open = (): Promise<Socket> => {
    if (socket && !socket.destroyed) return Promise.resolve(socket);
    return new Promise((resolve, reject) => {
      const s = connect({ host, port });
      s.setNoDelay(true);
      s.once('connect', () => {
        s.off('error', reject);
        // A later failure (collector gone) shows at the next write; drop the socket so it reconnects.
        s.on('error', () => drop(s));
        s.on('close', () => drop(s));
        socket = s;
        resolve(s);
      });
      s.once('error', reject);
    });
  };
  return {
    async send(rows) {
      const s = await open();
      const frames = rows.map((r) => octetCounted(syslogMessage(r, node))).join('');
      await new Promise<void>((resolve, reject) => {
        s.write(frames, 'utf8', (err) => {
          if (!err) return resolve();
          drop(s);
          reject(err);
        });
      });
    },
    async close() {
      const s = socket;
      socket = undefined;
      if (s) await new Promise<void>((resolve) => s.end(() => resolve()));
    },
  };
}

function senderFor(target: ShipTarget, o: AuditShipperOptions): Sender {
  switch (target.kind) {
    case 'stdout':
      return stdoutSender(o.node, o.write);
    case 'udp':
      return udpSender(target.host, target.port, o.node);
    case 'tcp':
      return tcpSender(target.host, target.port, o.node);
  }
}

/** Starts shipping; undefined when no target is configured. */
export function startAuditShipper(o: AuditShipperOptions): AuditShipper | undefined {
  if (!o.target) return undefined;
  const sender = senderFor(parseShipTarget(o.target), o);
  const cursor = auditCursor(o.db, SHIP_CURSOR);
  const pollMs = o.pollMs ?? 1000;
  const batchSize = o.batchSize ?? 500;
  const retryMinMs = o.retryMinMs ?? 1000;
  const retryMaxMs = o.retryMaxMs ?? 60_000;
  let pending: readonly AuditEventRow[] | undefined;
  let retryMs = retryMinMs;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const range = (rows: readonly AuditEventRow[]) => ({
    seqFrom: rows[0]?.seq ?? 0,
    seqTo: rows.at(-1)?.seq ?? 0,
  });

  /** Sends the held batch; false (and a longer pause) when it failed. */
  async function flushPending(): Promise<boolean> {
    const batch = pending;
    if (!batch) return true;
    try {
      await sender.send(batch);
      pending = undefined;
      retryMs = retryMinMs;
      return true;
    } catch (err) {
      o.onError(err, range(batch));
      return false;
    }
  }

  /** The pause after a failed send: doubling from `retryMinMs` up to `retryMaxMs`. */
  function backoff(): number {
    const ms = retryMs;
    retryMs = Math.min(retryMs * 2, retryMaxMs);
    return ms;
  }

  /** One pass: the held batch first; then claim and send batches until the trail is read. Returns the pause. */
  async function pass(): Promise<number> {
    if (!(await flushPending())) return backoff();
    for (;;) {
      if (stopped) return pollMs;
      const from = await cursor.position();
      const rows = await cursor.read(from, batchSize);
      const last = rows.at(-1);
      if (!last) return pollMs;
      // Claimed before sending: a node that loses this race sends nothing, so no batch goes out twice.
      if (!(await cursor.advance(from, last.seq, o.clock.now()))) continue;
      pending = rows;
      if (!(await flushPending())) return backoff();
      if (rows.length < batchSize) return pollMs;
    }
  }

  function schedule(ms: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .catch((err: unknown) => {
          o.onError(err, undefined);
          return pollMs;
        })
        .then(schedule);
    }, ms);
    timer.unref();
  }
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      // One last try for a held batch, then say plainly which events never left.
      if (pending && !(await flushPending()) && pending) {
        o.onError(new Error('audit events claimed but not shipped'), range(pending));
      }
      await sender.close();
    },
  };
}
