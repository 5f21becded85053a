import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Database, Kv } from '../store/index.ts';
import type {
  CompiledPolicy,
  CurrentDocuments,
  PolicyProblem,
  PolicyRuntime,
  ReloadResult,
  ReloadTrigger,
} from './model.ts';
import { loadPolicyText } from './policy-load.ts';
import { insertPolicyVersion } from './repository.ts';

/** A policy file that cannot be used at start: the node refuses to start rather than guess. */
export class PolicyFileError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly PolicyProblem[],
  ) {
    super(
      `The access policy ${path} has ${problems.length} problem(s):\n` +
        problems
          .map((p) => `  ${path}:${p.line}:${p.column}  ${p.path}  ${p.message} (fix: ${p.fix})`)
          .join('\n'),
    );
    this.name = 'PolicyFileError';
  }
}

export interface PolicyRuntimeOptions {
  readonly path: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Reads each document kind's current version (the documents feature's query). */
  readonly loadDocuments: () => Promise<CurrentDocuments>;
  readonly onError: (err: unknown) => void;
  /** Told after a reload the file's change caused, so the operator sees it in the log. */
  readonly onApplied?: (hash: string, changed: boolean) => void;
  readonly onRejected?: (problems: readonly PolicyProblem[]) => void;
  /** Reload when the file changes (off in tests that reload by hand). */
  readonly watch?: boolean;
  /** A name for this node in the history (host name and process). */
  readonly node?: string;
  /**
   * The nodes' shared bus: a policy applied here from the console or a signal tells every node to read its
   * file again, so one reload reaches all of them (each node still reads its own copy of the file).
   */
  readonly kv?: Pick<Kv, 'publish' | 'subscribe'>;
}

const RELOAD_CHANNEL = 'policy-reload';

/** Told when a new version of a document is published, so every node compares against it. */
const DOCUMENTS_CHANNEL = 'documents-changed';

/** Editors save by writing a new file and renaming it; wait for the burst of events to settle. */
const WATCH_SETTLE_MS = 150;

/**
 * Loads the policy file, keeps the compiled policy in memory, and swaps it whole on every good reload. A
 * file with problems never replaces a good policy: it is recorded and audited with its problems, and the
 * node keeps deciding on the last good one. Sessions are untouched; the next request is decided by the new
 * policy.
 */
export async function createPolicyRuntime(o: PolicyRuntimeOptions): Promise<PolicyRuntime> {
  const text = await readFile(o.path, 'utf8');
  const first = loadPolicyText(text, o.env);
  if (!first.ok) throw new PolicyFileError(o.path, first.problems);
  let policy: CompiledPolicy = first.policy;
  let documents: CurrentDocuments = await o.loadDocuments();
  const listeners = new Set<(p: CompiledPolicy) => void>();
  await record('start', 'system', policy.hash, text, undefined);

  async function record(
    trigger: ReloadTrigger,
    actor: string,
    hash: string,
    source: string,
    problems: readonly PolicyProblem[] | undefined,
  ): Promise<void> {
    await o.db.transaction().execute(async (trx) => {
      await insertPolicyVersion(trx, {
        hash,
        source,
        loaded_at: o.clock.now(),
        outcome: problems ? 'rejected' : 'applied',
        errors: problems ? JSON.stringify(problems) : null,
        trigger,
        node: o.node ?? null,
      });
      await o.audit.append(
        {
          type: problems ? 'policy.rejected' : 'policy.reloaded',
          actor,
          target: o.path,
          detail: problems
            ? {
                hash,
                trigger,
                problems: problems
                  .slice(0, 20)
                  .map((p) => `${p.line}:${p.column} ${p.path} ${p.message}`)
                  .join('; '),
              }
            : { hash, trigger, resources: policy.resources.map((r) => r.id).join(', ') },
        },
        trx,
      );
    });
  }

  let reloading = Promise.resolve<ReloadResult | undefined>(undefined);

  async function doReload(trigger: ReloadTrigger, actor: string): Promise<ReloadResult> {
    const source = await readFile(o.path, 'utf8');
    const loaded = loadPolicyText(source, o.env);
    if (!loaded.ok) {
      const hash = createHash('sha256').update(source, 'utf8').digest('hex');
      await record(trigger, actor, hash, source, loaded.problems);
      return { ok: false, hash, problems: loaded.problems };
    }
    const changed = loaded.policy.hash !== policy.hash;
    if (changed) {
      policy = loaded.policy;
      await record(trigger, actor, policy.hash, source, undefined);
      for (const listener of listeners) listener(policy);
      // A person asked for this reload: the other nodes follow. (A watched file changes on each node itself.)
      if (trigger === 'console' || trigger === 'signal')
        await o.kv?.publish(RELOAD_CHANNEL, policy.hash).catch(o.onError);
    }
    return { ok: true, hash: policy.hash, changed };
  }

  /** Reloads one at a time, so two quick saves apply in order. */
  function reload(trigger: ReloadTrigger, actor = 'system'): Promise<ReloadResult> {
    const run = reloading.then(() => doReload(trigger, actor));
    reloading = run.catch(() => undefined);
    return run;
  }

  // Another node applied a policy this node does not have yet: read the file again.
  await o.kv?.subscribe(RELOAD_CHANNEL, (hash) => {
    if (hash === policy.hash) return;
    reload('peer')
      .then((r) => (r.ok ? o.onApplied?.(r.hash, r.changed) : o.onRejected?.(r.problems)))
      .catch(o.onError);
  });

  // Another node published a new version of a document: compare against it from the next request on.
  await o.kv?.subscribe(DOCUMENTS_CHANNEL, () => {
    o.loadDocuments()
      .then((next) => {
        documents = next;
      })
      .catch(o.onError);
  });

  let watcher: FSWatcher | undefined;
  let settle: NodeJS.Timeout | undefined;
  if (o.watch) {
    // The directory, not the file: a rename-on-save replaces the file the watcher held.
    const name = basename(o.path);
    watcher = watch(dirname(o.path), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(settle);
      settle = setTimeout(() => {
        reload('watch')
          .then((r) => (r.ok ? o.onApplied?.(r.hash, r.changed) : o.onRejected?.(r.problems)))
          .catch(o.onError);
      }, WATCH_SETTLE_MS);
    });
    watcher.on('error', o.onError);
  }

  return {
    path: o.path,
    current: () => policy,
    documents: () => documents,
    reload,
    async refreshDocuments() {
      documents = await o.loadDocuments();
    },
    async documentsChanged() {
      documents = await o.loadDocuments();
      await o.kv?.publish(DOCUMENTS_CHANNEL, 'changed').catch(o.onError);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      clearTimeout(settle);
      watcher?.close();
    },
  };
}
