import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditTrail } from '../src/audit/index.ts';
import {
  octetCounted,
  parseShipTarget,
  startAuditShipper,
  SYSLOG_PRI,
  type AuditShipper,
} from '../src/audit/shipper.ts';
import { createManualClock } from '../src/clock.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { freePort } from './create-test-app.ts';
import { TEST_DIALECTS, TEST_PG_URL } from './test-env.ts';

const clock = createManualClock(Date.UTC(2026, 11, 1, 10, 0, 0));
const NODE = 'node-a';
const FAST = { pollMs: 10, retryMinMs: 20, retryMaxMs: 80 } as const;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An RFC 5424 message as this shipper writes it: PRI, version, time, host, app, pid, msgid, no SD, BOM. */
const SYSLOG = /^<(\d+)>1 (\S+) (\S+) (\S+) (\d+) (\S+) - \uFEFF(.*)$/su;

/** The JSON line's fields, as the tests read them. */
interface Line {
  audit: boolean;
  seq: number;
  actor: string | null;
  detail: Record<string, unknown>;
}

function parseSyslog(message: string) {
  const m = SYSLOG.exec(message);
  if (!m) throw new Error(`not RFC 5424: ${message.slice(0, 80)}`);
  const json = JSON.parse(m[7] ?? '') as Line;
  return { pri: Number(m[1]), time: m[2], host: m[3], app: m[4], msgid: m[6], json };
}

/** Splits an RFC 6587 octet-counted stream into messages; what is left is an incomplete frame. */
function splitFrames(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let at = 0;
  for (;;) {
    const space = buffer.indexOf(0x20, at);
    if (space < 0) break;
    const lengthText = buffer.subarray(at, space).toString('ascii');
    if (!/^[1-9]\d*$/.test(lengthText)) throw new Error(`bad frame length '${lengthText}'`);
    const end = space + 1 + Number(lengthText);
    if (end > buffer.length) break;
    messages.push(buffer.subarray(space + 1, end).toString('utf8'));
    at = end;
  }
  return { messages, rest: buffer.subarray(at) };
}

describe('audit shipping formats', () => {
  it('reads the three targets and refuses anything else', () => {
    expect(parseShipTarget('stdout')).toEqual({ kind: 'stdout' });
    expect(parseShipTarget('syslog+udp://127.0.0.1:514')).toEqual({
      kind: 'udp',
      host: '127.0.0.1',
      port: 514,
    });
    expect(parseShipTarget('syslog+tcp://logs.example:6514')).toEqual({
      kind: 'tcp',
      host: 'logs.example',
      port: 6514,
    });
    for (const bad of ['syslog://x:1', 'syslog+tcp://x:0', 'syslog+udp://x:70000', 'file:/tmp/x', 'STDOUT'])
      expect(() => parseShipTarget(bad)).toThrow(/not understood/);
  });

  it('counts octets, not characters, in a frame (RFC 6587)', () => {
    expect(octetCounted('abc')).toBe('3 abc');
    expect(octetCounted('परिपत्र')).toBe(`${Buffer.byteLength('परिपत्र')} परिपत्र`);
  });

  it('starts nothing without a target', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const shipper = startAuditShipper({
        db: store.db,
        clock,
        target: undefined,
        node: NODE,
        onError: () => {},
      });
      expect(shipper).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe.each(TEST_DIALECTS)('audit shipping on %s', (dialect) => {
  let store: Store;
  let audit: AuditTrail;
  const shippers: AuditShipper[] = [];
  const closers: (() => Promise<void>)[] = [];

  const newStore = (schema?: string) =>
    dialect === 'postgres'
      ? openStore(TEST_PG_URL ?? '', { pgSchema: schema ?? `s_${randomBytes(6).toString('hex')}` })
      : openStore('sqlite::memory:');

  beforeEach(async () => {
    store = await newStore();
    await migrateToLatest(store.db, store.pgSchema);
    audit = createAuditLog(store.db, store.dialect, clock, { chainKey: Buffer.alloc(32, 7) });
    // History before the shipper starts: a new cursor starts at the head and never ships it.
    await audit.append({ type: 'system.started', actor: 'system' });
  });
  afterEach(async () => {
    await Promise.all(shippers.splice(0).map((s) => s.stop()));
    for (const close of closers.splice(0)) await close();
    await audit.close();
    await store.close();
  });

  function start(
    o: Omit<Parameters<typeof startAuditShipper>[0], 'db' | 'clock' | 'node'> & { db?: Store['db'] },
  ) {
    const shipper = startAuditShipper({ db: store.db, clock, node: NODE, ...FAST, ...o });
    if (!shipper) throw new Error('no shipper');
    shippers.push(shipper);
    return shipper;
  }

  /** Waits until the shipper has placed its cursor (at the head), so what follows is news to it. */
  const cursorPlaced = () =>
    until(
      async () =>
        (await store.db
          .selectFrom('audit_cursors')
          .select('seq')
          .where('name', '=', 'ship')
          .executeTakeFirst()) !== undefined,
      'the ship cursor',
    );

  async function appendSome(n: number, from = 1): Promise<void> {
    for (let i = from; i < from + n; i++)
      await audit.append({
        type: 'login.failed',
        actor: `officer${i}`,
        target: `t${i}`,
        ip: '10.1.2.3',
        detail: { failures: i, note: 'पावती' },
      });
  }

  it('writes each committed event to stdout as one JSON line marked as audit, history excluded', async () => {
    const lines: string[] = [];
    start({
      target: 'stdout',
      onError: (err) => {
        throw err;
      },
      write: (chunk) => void lines.push(...chunk.split('\n').filter(Boolean)),
    });
    await cursorPlaced();
    await appendSome(3);
    await until(() => lines.length >= 3, 'three lines');
    const rows = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', 1)
      .orderBy('seq')
      .execute();
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      const row = rows[i];
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toEqual({
        audit: true,
        seq: row?.seq,
        at: new Date(clock.now()).toISOString(),
        at_ms: clock.now(),
        type: 'login.failed',
        actor: `officer${i + 1}`,
        target: `t${i + 1}`,
        ip: '10.1.2.3',
        detail: { failures: i + 1, note: 'पावती' },
        hash: row?.hash,
        node: NODE,
      });
    });
    expect(lines.some((l) => l.includes('system.started'))).toBe(false);
  });

  it('sends RFC 5424 datagrams over UDP, in order, one event each', async () => {
    const received: string[] = [];
    const server = createSocket('udp4');
    server.on('message', (msg) => received.push(msg.toString('utf8')));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address();
    start({ target: `syslog+udp://127.0.0.1:${port}`, onError: () => {} });
    await cursorPlaced();
    await appendSome(20);
    await until(() => received.length >= 20, '20 datagrams');
    const parsed = received.map(parseSyslog);
    expect(parsed.map((p) => p.json.actor)).toEqual(Array.from({ length: 20 }, (_, i) => `officer${i + 1}`));
    for (const p of parsed) {
      expect(p.pri).toBe(SYSLOG_PRI);
      expect(p.app).toBe('dwaar');
      expect(p.host).toBe(NODE);
      expect(p.msgid).toBe('login.failed');
      expect(p.time).toBe(new Date(clock.now()).toISOString());
      expect(p.json.audit).toBe(true);
    }
  });

  it('frames RFC 5424 messages by octet counting over TCP, in order', async () => {
    let buffer: Buffer = Buffer.alloc(0);
    const messages: string[] = [];
    const server = tcpServer((data) => {
      const split = splitFrames(Buffer.concat([buffer, data]));
      messages.push(...split.messages);
      buffer = split.rest;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => closeServer(server));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    start({ target: `syslog+tcp://127.0.0.1:${port}`, onError: () => {}, batchSize: 7 });
    await cursorPlaced();
    await appendSome(30);
    await until(() => messages.length >= 30, '30 frames');
    const parsed = messages.map(parseSyslog);
    expect(parsed.map((p) => p.json.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect(parsed.every((p) => p.pri === SYSLOG_PRI && p.msgid === 'login.failed')).toBe(true);
    expect(parsed[0]?.json.detail).toEqual({ failures: 1, note: 'पावती' });
  });

  it('keeps a batch it could not send and delivers it, in order, once the collector is up', async () => {
    const port = await freePort();
    const errors: { seqFrom: number; seqTo: number }[] = [];
    start({
      target: `syslog+tcp://127.0.0.1:${port}`,
      onError: (_err, context) => {
        if (context) errors.push(context);
      },
    });
    await cursorPlaced();
    await appendSome(5);
    await until(() => errors.length >= 2, 'two failed attempts');
    // The same claimed batch is retried (nothing after it is claimed meanwhile).
    expect(errors[0]?.seqFrom).toBe(2);
    expect(errors[1]).toEqual(errors[0]);
    await appendSome(2, 6);
    let text = '';
    const server = tcpServer((d) => (text += d.toString('utf8')));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    closers.push(() => closeServer(server));
    await until(() => splitFrames(Buffer.from(text)).messages.length >= 7, 'seven frames after the retry');
    const seqs = splitFrames(Buffer.from(text)).messages.map((m) => parseSyslog(m).json.seq);
    expect(seqs).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('ships each event exactly once between two nodes reading one trail', async () => {
    // A second node: its own connection pool on the same database (SQLite: the same handle).
    const other = dialect === 'postgres' ? await newStore(store.pgSchema) : store;
    if (other !== store) closers.push(() => other.close());
    const got: { node: string; seq: number }[] = [];
    const collect = (node: string) => (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean))
        got.push({ node, seq: (JSON.parse(line) as { seq: number }).seq });
    };
    start({ target: 'stdout', onError: () => {}, write: collect('a'), batchSize: 5, pollMs: 1 });
    shippers.push(
      startAuditShipper({
        db: other.db,
        clock,
        node: 'node-b',
        target: 'stdout',
        onError: () => {},
        write: collect('b'),
        batchSize: 5,
        pollMs: 1,
      }) as AuditShipper,
    );
    await cursorPlaced();
    await appendSome(200);
    await until(() => got.length >= 200, '200 lines', 15_000);
    await new Promise((r) => setTimeout(r, 100));
    const seqs = got.map((g) => g.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
  });
});

const sockets = new WeakMap<Server, Set<Socket>>();

/** A TCP server that remembers its connections, so closing it ends them too. */
function tcpServer(onData: (data: Buffer) => void): Server {
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('data', onData);
  });
  sockets.set(server, open);
  return server;
}

function closeServer(server: Server): Promise<void> {
  for (const socket of sockets.get(server) ?? []) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
