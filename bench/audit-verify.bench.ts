// `npm run bench:audit`: how fast `dwaar audit verify` checks a million events (issue 10 aims at under 5 s on
// SQLite), against a baseline measured in the same run: a bare loop that reads the same rows and computes one
// SHA-256 each. Also times the Kysely-pages path (what PostgreSQL uses) and the offline verify of an export.
// BENCH_AUDIT_EVENTS sets the size (default 1,000,000); the database is built in a temporary directory.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  createAuditCheckpoints,
  exportAuditTrail,
  openAuditLog,
  verifyAuditChain,
  verifyAuditExport,
} from '../src/audit/index.ts';
import { canonicalDetail, GENESIS_HASH, hashEvent } from '../src/audit/chain.ts';
import { createChainMac } from '../src/audit/chain-mac.ts';
import { checkpointLine } from '../src/audit/checkpoint-file.ts';
import { createCheckpointSigner } from '../src/audit/checkpoint-key.ts';
import { systemClock } from '../src/clock.ts';
import { createKeyring } from '../src/crypto/index.ts';
import { migrateToLatest, openStore } from '../src/store/index.ts';
import { appendFileSync } from 'node:fs';

const N = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const GOAL_S = 5;
const CHECKPOINT_EVERY = 100_000;
const TYPES = ['login.succeeded', 'session.handoff', 'session.ended', 'login.failed', 'access.denied'];

const dir = await mkdtemp(join(tmpdir(), 'dwaar-bench-audit-'));
const file = join(dir, 'dwaar.sqlite');
const checkpointFile = join(dir, 'audit-checkpoints.jsonl');
const keyring = createKeyring('bench-secret-bench-secret-bench-secret-01');
const chainKey = keyring.derive('audit-chain');
const seed = keyring.derive('audit-checkpoint-ed25519');
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const rate = (ms: number) => Math.round(N / (ms / 1000)).toLocaleString('en-IN');

try {
  // Build: the schema through the migrations, then rows straight through better-sqlite3 in big transactions.
  let t = performance.now();
  const migrated = await openStore(`sqlite:${file}`);
  await migrateToLatest(migrated.db);
  await migrated.close();
  const raw = new SqliteDatabase(file);
  raw.pragma('synchronous = OFF');
  const insert = raw.prepare(
    'insert into audit_events (seq, at, type, actor, target, ip, detail, prev_hash, hash, mac) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCheckpoint = raw.prepare(
    'insert into audit_checkpoints (seq, hash, at, signature, key_id, node) values (?, ?, ?, ?, ?, ?)',
  );
  const mac = createChainMac(chainKey);
  const signer = createCheckpointSigner(seed);
  const start = Date.UTC(2026, 0, 1);
  let prev = GENESIS_HASH;
  const batch = raw.transaction((from: number, to: number) => {
    for (let seq = from; seq <= to; seq++) {
      const fields = {
        seq,
        at: start + seq * 1000,
        type: TYPES[seq % TYPES.length] ?? 'login.succeeded',
        actor: `lucknow.upct${10000 + (seq % 5000)}`,
        target: seq % 3 === 0 ? null : `session:${seq}`,
        ip: `10.${seq % 200}.${seq % 250}.${seq % 7}`,
        detail: canonicalDetail({ resource: 'boweb', step: seq % 11, ok: seq % 2 === 0 }),
        prev_hash: prev,
      };
      const hash = hashEvent(fields);
      insert.run(
        fields.seq,
        fields.at,
        fields.type,
        fields.actor,
        fields.target,
        fields.ip,
        fields.detail,
        prev,
        hash,
        mac.ofEvent(hash),
      );
      prev = hash;
      if (seq % CHECKPOINT_EVERY === 0) {
        const c = signer.sign(seq, hash, fields.at);
        insertCheckpoint.run(c.seq, c.hash, c.at, c.signature, c.keyId, 'bench');
        appendFileSync(checkpointFile, checkpointLine(c, 'bench'));
      }
    }
  });
  for (let from = 1; from <= N; from += 50_000) batch(from, Math.min(N, from + 49_999));
  raw
    .prepare('update audit_head set seq = ?, hash = ?, mac = ? where id = 1')
    .run(N, prev, mac.ofHead(N, prev));
  raw.pragma('wal_checkpoint(TRUNCATE)');
  console.log(
    `Built ${N.toLocaleString('en-IN')} chained, keyed events (${Math.round((await stat(file)).size / 1e6)} MB) in ${seconds(performance.now() - t)} s`,
  );

  // Baseline: read the same rows, one SHA-256 each.
  t = performance.now();
  const columns = 'seq, at, type, actor, target, ip, detail, prev_hash, hash, mac';
  let sink = 0;
  for (const row of raw
    .prepare(`select ${columns} from audit_events order by seq`)
    .raw()
    .iterate() as IterableIterator<unknown[]>) {
    if (
      createHash('sha256')
        .update(JSON.stringify(row.slice(0, 8)))
        .digest('hex') === ''
    )
      sink += 1;
  }
  const baseline = performance.now() - t;
  raw.close();
  if (sink !== 0) console.log(sink);

  const store = await openStore(`sqlite:${file}`);
  const publicKey = signer.publicKey;
  t = performance.now();
  const fast = await verifyAuditChain(store.db, { chainKey, publicKey, checkpointFile, sqliteFile: file });
  const fastMs = performance.now() - t;
  if (!fast.ok || fast.count !== N) throw new Error(`verify failed: ${JSON.stringify(fast)}`);
  t = performance.now();
  const paged = await verifyAuditChain(store.db, { chainKey, publicKey, checkpointFile });
  const pagedMs = performance.now() - t;
  if (!paged.ok) throw new Error(`verify (pages) failed: ${JSON.stringify(paged)}`);

  const audit = await openAuditLog(store.db, store.dialect, systemClock, { chainKey });
  const checkpoints = createAuditCheckpoints({
    db: store.db,
    dialect: store.dialect,
    clock: systemClock,
    audit,
    chainKey,
    seed,
    file: checkpointFile,
    node: 'bench',
  });
  const exportFile = join(dir, 'trail.jsonl');
  t = performance.now();
  await exportAuditTrail({
    db: store.db,
    clock: systemClock,
    audit,
    checkpoints,
    out: exportFile,
    actor: 'bench',
  });
  const exportMs = performance.now() - t;
  t = performance.now();
  const offline = await verifyAuditExport(exportFile, { publicKeyPem: checkpoints.publicKeyPem });
  const offlineMs = performance.now() - t;
  if (!offline.ok) throw new Error(`offline verify failed: ${JSON.stringify(offline)}`);
  await audit.close();
  await store.close();

  const line = (name: string, ms: number) =>
    console.log(
      `  ${name}: ${seconds(ms)} s, ${rate(ms)} events/s, ${(ms / baseline).toFixed(2)}× the baseline`,
    );
  console.log(
    `Audit verification of ${N.toLocaleString('en-IN')} events (${N / CHECKPOINT_EVERY} signed checkpoints)`,
  );
  console.log(
    `  baseline, read every row and one SHA-256 each: ${seconds(baseline)} s, ${rate(baseline)} events/s`,
  );
  line('audit verify (database, SQLite read-only connection)', fastMs);
  line('audit verify (database, Kysely keyset pages as on PostgreSQL)', pagedMs);
  line('audit export', exportMs);
  line('audit verify --file (offline export)', offlineMs);
  console.log(`  goal: database verify under ${GOAL_S} s: ${fastMs < GOAL_S * 1000 ? 'met' : 'NOT met'}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
