import { resolve } from 'node:path';
import { z } from 'zod';

/** Everything Dwaar reads from the environment, parsed once. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Public origin of the portal, e.g. `http://localhost:8080`. */
  readonly publicUrl: URL;
  readonly dataDir: string;
  /** `sqlite:<file>` (or `sqlite::memory:`) or a `postgres://` URL. */
  readonly databaseUrl: string;
  readonly redisUrl: string | undefined;
  /**
   * Database time limits, ms: a dead or stuck database fails one request quickly instead of holding it and
   * its connection (PostgreSQL connect, statement and idle-in-transaction timeouts; SQLite's busy timeout).
   */
  readonly database: {
    readonly connectTimeoutMs: number;
    readonly statementTimeoutMs: number;
    readonly idleInTransactionTimeoutMs: number;
    readonly busyTimeoutMs: number;
  };
  /** Prefix for every Redis key, so several deployments or test runs can share one Redis. */
  readonly redisPrefix: string;
  /** Root secret for cookie signing, CSRF tokens and key encryption; at least 32 bytes of entropy. */
  readonly secret: string;
  readonly session: {
    readonly idleTimeoutS: number;
    readonly absoluteTimeoutS: number;
    /** How long a visitor may take from inspection to login. */
    readonly flowTimeoutS: number;
  };
  readonly lockout: {
    readonly maxFailures: number;
    readonly baseLockS: number;
    readonly maxLockS: number;
  };
  /** argon2id cost; tests lower it through configuration, never by swapping the algorithm. */
  readonly argon2: { readonly memoryCost: number; readonly timeCost: number };
  readonly logLevel: string;
  /** Peers whose X-Forwarded-For we believe (CIDR-free exact addresses keep this simple and strict). */
  readonly trustedProxies: readonly string[];
  readonly bowebPort: number;
  /** The system integrators' helpdesk number shown on every sign-in page. */
  readonly helpdeskPhone: string;
  readonly mail: {
    /** `smtp://host:port` (or `smtps://user:pass@host:465`); undefined sends nothing (mail stays queued). */
    readonly smtpUrl: string | undefined;
    readonly from: string;
    /** Port of the SMTP catcher `npm start` runs when no SMTP server is configured. */
    readonly devSmtpPort: number;
    /**
     * Whether the console serves the development mailbox (`/console/mailbox/dev`, one-time links in clear).
     * Never from the environment: only `npm start`'s demo sets it, when it runs its SMTP catcher.
     */
    readonly devMailbox: boolean;
  };
  readonly provisioning: {
    /** User ID template: `{employee_no}`, `{district}`, `{zone}`, `{first}`, `{last}`; lower-cased. */
    readonly userIdScheme: string;
    readonly activationTtlHours: number;
    /** Working days an officer keeps access after HQ marks the district office open (ends 18:00 India time). */
    readonly reopenGraceDays: number;
  };
  /** Largest officers' CSV the console accepts, in bytes of UTF-8 (staff only; its form may be ~3× this). */
  readonly importMaxBytes: number;
  /**
   * The session bar (issue 8 item 5): IDs of resources whose pages cannot include its one tag, so the
   * gateway inserts it into their HTML (`DWAAR_SESSION_BAR_INJECT=id,id`; none by default).
   */
  readonly sessionBar: { readonly injectInto: readonly string[] };
  /**
   * The access policy file (issue 9): `DWAAR_POLICY`, by default the demo's, shipped with Dwaar. `${VAR}` in
   * it reads `policyEnv` (the environment, with `DWAAR_BOWEB_UPSTREAM` defaulting to the demo back office).
   */
  readonly policyPath: string;
  readonly policyEnv: Readonly<Record<string, string | undefined>>;
  /** Reload the policy when its file changes (`DWAAR_POLICY_WATCH=0` turns it off; SIGHUP always works). */
  readonly policyWatch: boolean;
  /** The audit trail (issue 10). */
  readonly audit: {
    /**
     * Signed checkpoints are also appended here, outside the database (`DWAAR_AUDIT_CHECKPOINTS`, default
     * `<data>/audit-checkpoints.jsonl`): a database rolled back wholesale still disagrees with this file.
     */
    readonly checkpointFile: string;
    /** How often a checkpoint is written when the chain has grown (`DWAAR_AUDIT_CHECKPOINT_MINUTES`, 10). */
    readonly checkpointIntervalMs: number;
    /**
     * Where committed events are also shipped as JSON lines: `stdout`, `syslog+udp://host:port` or
     * `syslog+tcp://host:port` (`DWAAR_AUDIT_SHIP`; none by default).
     */
    readonly ship: string | undefined;
  };
  /** The helpdesk (issue 11). */
  readonly helpdesk: {
    /** The domain of tickets' reply addresses (`DWAAR_HELPDESK_REPLY_DOMAIN`, default the sender's domain). */
    readonly replyDomain: string;
    /**
     * Port of the SMTP listener that takes officers' replies to ticket mail (`DWAAR_HELPDESK_SMTP_PORT`; 0, the
     * default, turns it off: the department's mail server must route the reply domain here).
     */
    readonly smtpPort: number;
    readonly smtpHost: string;
  };
  /** Several nodes and operations (issue 12). */
  readonly operations: {
    /**
     * Who may read `/metrics`: exact addresses or CIDRs of the socket peer, never X-Forwarded-For
     * (`DWAAR_METRICS_ALLOW`, comma-separated; loopback by default).
     */
    readonly metricsAllow: readonly string[];
    /** How long shutdown waits for requests and WebSockets in flight (`DWAAR_SHUTDOWN_GRACE_MS`, 10 s). */
    readonly shutdownGraceMs: number;
    /** Gateway processes `dwaar start` runs, one per core at most (`DWAAR_WORKERS` or `--workers`; 1). */
    readonly workers: number;
    /** One JSON line per request to a resource host (`DWAAR_ACCESS_LOG=1`; off by default, it costs). */
    readonly accessLog: boolean;
  };
  /**
   * Whether `dwaar start` seeds an empty database with the demo directory and its accounts (whose passwords
   * are public) and issues the demo circular (`DWAAR_DEMO_DATA`; 1 by default, 0 in production).
   */
  readonly demoData: boolean;
  /**
   * The demo back office (BOWEB) runs as its own process. `dwaar start` starts it beside the gateway unless
   * `DWAAR_DEMO_BOWEB=0` (other nodes of a deployment, or a real back office); `dwaar boweb` runs it alone.
   */
  readonly demoBoweb: {
    readonly start: boolean;
    /** Where BOWEB reads the gateway's signing keys (`DWAAR_BOWEB_JWKS_URL`; this node's by default). */
    readonly jwksUrl: string;
  };
  /**
   * Redis through Sentinel (`DWAAR_REDIS_SENTINELS=host:port,host:port` and `DWAAR_REDIS_MASTER`, default
   * `mymaster`); when set it takes the place of REDIS_URL's host (its password and database still apply).
   */
  readonly redisSentinel:
    | {
        readonly nodes: readonly { host: string; port: number }[];
        readonly name: string;
        /** The Sentinels' own password (`DWAAR_REDIS_SENTINEL_PASSWORD`), when they require one. */
        readonly password?: string;
      }
    | undefined;
  /**
   * A PostgreSQL read replica for reports and exports (`DATABASE_READ_URL`): read-only work that may lag
   * the primary by a moment. Unset, everything reads the primary.
   */
  readonly databaseReadUrl: string | undefined;
  /** Circular attachments (issue 10): stored by content hash under `<data>/attachments`. */
  readonly circulars: {
    /** Largest attachment, bytes (`DWAAR_ATTACHMENT_MAX_BYTES`, 5 MB). */
    readonly attachmentMaxBytes: number;
  };
}

/** The demo's policy file, found from this module so `npm start` works from any directory. */
export const DEMO_POLICY_PATH = resolve(import.meta.dirname, '../config/policy.demo.yaml');

const EnvSchema = z.object({
  DWAAR_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DWAAR_HOST: z.string().default('0.0.0.0'),
  DWAAR_PUBLIC_URL: z.url().optional(),
  DWAAR_DATA: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  DWAAR_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DWAAR_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  DWAAR_DB_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  DWAAR_SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  DWAAR_REDIS_PREFIX: z.string().default('dwaar:'),
  DWAAR_SECRET: z.string().min(32, 'DWAAR_SECRET must be at least 32 characters').optional(),
  DWAAR_IDLE_TIMEOUT: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60),
  DWAAR_ABSOLUTE_TIMEOUT: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 60 * 60),
  DWAAR_FLOW_TIMEOUT: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60),
  DWAAR_LOCKOUT_FAILURES: z.coerce.number().int().positive().default(5),
  DWAAR_LOCKOUT_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 60),
  DWAAR_LOCKOUT_MAX_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60),
  DWAAR_ARGON2_MEMORY: z.coerce.number().int().min(1024).default(19456),
  DWAAR_ARGON2_TIME: z.coerce.number().int().min(1).default(2),
  DWAAR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DWAAR_TRUSTED_PROXIES: z.string().default(''),
  DWAAR_BOWEB_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  DWAAR_HELPDESK_PHONE: z.string().min(3).default('0522-2286-000'),
  DWAAR_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  DWAAR_MAIL_FROM: z.string().min(3).default('Dwaar <no-reply@dwaar.localhost>'),
  DWAAR_DEV_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  DWAAR_USER_ID_SCHEME: z
    .string()
    .regex(/\{employee_no\}/, 'must contain {employee_no} so user IDs are unique')
    .default('{district}.{employee_no}'),
  DWAAR_ACTIVATION_TTL_HOURS: z.coerce.number().int().positive().max(720).default(72),
  DWAAR_REOPEN_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(3),
  DWAAR_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  DWAAR_SESSION_BAR_INJECT: z.string().default(''),
  DWAAR_POLICY: z.string().min(1).optional(),
  DWAAR_POLICY_WATCH: z.enum(['0', '1']).default('1'),
  DWAAR_AUDIT_CHECKPOINTS: z.string().min(1).optional(),
  DWAAR_AUDIT_CHECKPOINT_MINUTES: z.coerce.number().positive().max(1440).default(10),
  DWAAR_AUDIT_SHIP: z
    .string()
    .regex(
      /^(stdout|syslog\+(udp|tcp):\/\/[^/:]+:\d+)$/,
      'stdout, syslog+udp://host:port or syslog+tcp://host:port',
    )
    .optional(),
  DWAAR_HELPDESK_REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'a domain name, e.g. helpdesk.wfh.example.gov.in')
    .optional(),
  DWAAR_HELPDESK_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DWAAR_HELPDESK_SMTP_HOST: z.string().default('127.0.0.1'),
  DWAAR_METRICS_ALLOW: z.string().default('127.0.0.1,::1,::ffff:127.0.0.1'),
  DWAAR_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  DWAAR_WORKERS: z.coerce.number().int().min(1).max(256).default(1),
  DWAAR_ACCESS_LOG: z.enum(['0', '1']).default('0'),
  DWAAR_DEMO_BOWEB: z.enum(['0', '1']).default('1'),
  DWAAR_DEMO_DATA: z.enum(['0', '1']).default('1'),
  DWAAR_BOWEB_JWKS_URL: z.url().optional(),
  DWAAR_REDIS_SENTINELS: z
    .string()
    .regex(
      /^\s*[^\s:,]+:\d{1,5}\s*(,\s*[^\s:,]+:\d{1,5}\s*)*$/,
      'must be host:port pairs separated by commas',
    )
    .optional(),
  DWAAR_REDIS_MASTER: z.string().min(1).default('mymaster'),
  DWAAR_REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (a read replica)')
    .optional(),
  DWAAR_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
});

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment, reporting every problem at once.
 * `secret` must be supplied by the caller when DWAAR_SECRET is unset (the CLI keeps one in the data dir).
 */
export function loadConfig(env: NodeJS.ProcessEnv, fallbackSecret?: string): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const secret = e.DWAAR_SECRET ?? fallbackSecret;
  if (!secret) throw new ConfigError(['DWAAR_SECRET: required (at least 32 characters)']);
  // A replica follows a PostgreSQL primary; SQLite has none, and reports would silently read another database.
  if (e.DATABASE_READ_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL ?? '')) {
    throw new ConfigError([
      'DATABASE_READ_URL: a read replica needs a PostgreSQL primary (DATABASE_URL=postgres://…); unset it with SQLite',
    ]);
  }
  const publicUrl = new URL(e.DWAAR_PUBLIC_URL ?? `http://localhost:${e.DWAAR_PORT}`);
  return Object.freeze({
    port: e.DWAAR_PORT,
    host: e.DWAAR_HOST,
    publicUrl,
    dataDir: e.DWAAR_DATA,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${e.DWAAR_DATA}/dwaar.sqlite`,
    redisUrl: e.REDIS_URL,
    database: {
      connectTimeoutMs: e.DWAAR_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DWAAR_DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DWAAR_DB_IDLE_TX_TIMEOUT_MS,
      busyTimeoutMs: e.DWAAR_SQLITE_BUSY_TIMEOUT_MS,
    },
    redisPrefix: e.DWAAR_REDIS_PREFIX,
    secret,
    session: {
      idleTimeoutS: e.DWAAR_IDLE_TIMEOUT,
      absoluteTimeoutS: e.DWAAR_ABSOLUTE_TIMEOUT,
      flowTimeoutS: e.DWAAR_FLOW_TIMEOUT,
    },
    lockout: {
      maxFailures: e.DWAAR_LOCKOUT_FAILURES,
      baseLockS: e.DWAAR_LOCKOUT_SECONDS,
      maxLockS: e.DWAAR_LOCKOUT_MAX_SECONDS,
    },
    argon2: { memoryCost: e.DWAAR_ARGON2_MEMORY, timeCost: e.DWAAR_ARGON2_TIME },
    logLevel: e.DWAAR_LOG_LEVEL,
    trustedProxies: e.DWAAR_TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    bowebPort: e.DWAAR_BOWEB_PORT,
    helpdeskPhone: e.DWAAR_HELPDESK_PHONE,
    mail: {
      smtpUrl: e.DWAAR_SMTP_URL,
      from: e.DWAAR_MAIL_FROM,
      devSmtpPort: e.DWAAR_DEV_SMTP_PORT,
      devMailbox: false,
    },
    provisioning: {
      userIdScheme: e.DWAAR_USER_ID_SCHEME,
      activationTtlHours: e.DWAAR_ACTIVATION_TTL_HOURS,
      reopenGraceDays: e.DWAAR_REOPEN_GRACE_DAYS,
    },
    importMaxBytes: e.DWAAR_IMPORT_MAX_BYTES,
    sessionBar: {
      injectInto: e.DWAAR_SESSION_BAR_INJECT.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    policyPath: resolve(e.DWAAR_POLICY ?? DEMO_POLICY_PATH),
    policyEnv: Object.freeze({
      ...env,
      DWAAR_BOWEB_UPSTREAM: env.DWAAR_BOWEB_UPSTREAM ?? `http://127.0.0.1:${e.DWAAR_BOWEB_PORT}`,
    }),
    policyWatch: e.DWAAR_POLICY_WATCH === '1',
    audit: {
      checkpointFile: resolve(e.DWAAR_AUDIT_CHECKPOINTS ?? `${e.DWAAR_DATA}/audit-checkpoints.jsonl`),
      checkpointIntervalMs: e.DWAAR_AUDIT_CHECKPOINT_MINUTES * 60_000,
      ship: e.DWAAR_AUDIT_SHIP,
    },
    circulars: { attachmentMaxBytes: e.DWAAR_ATTACHMENT_MAX_BYTES },
    operations: {
      metricsAllow: splitList(e.DWAAR_METRICS_ALLOW),
      shutdownGraceMs: e.DWAAR_SHUTDOWN_GRACE_MS,
      workers: e.DWAAR_WORKERS,
      accessLog: e.DWAAR_ACCESS_LOG === '1',
    },
    demoData: e.DWAAR_DEMO_DATA === '1',
    demoBoweb: {
      start: e.DWAAR_DEMO_BOWEB === '1',
      jwksUrl: e.DWAAR_BOWEB_JWKS_URL ?? `http://127.0.0.1:${e.DWAAR_PORT}/.well-known/jwks.json`,
    },
    redisSentinel: e.DWAAR_REDIS_SENTINELS
      ? {
          nodes: splitList(e.DWAAR_REDIS_SENTINELS).map((pair) => {
            const at = pair.lastIndexOf(':');
            return { host: pair.slice(0, at), port: Number(pair.slice(at + 1)) };
          }),
          name: e.DWAAR_REDIS_MASTER,
          ...(e.DWAAR_REDIS_SENTINEL_PASSWORD ? { password: e.DWAAR_REDIS_SENTINEL_PASSWORD } : {}),
        }
      : undefined,
    databaseReadUrl: e.DATABASE_READ_URL,
    helpdesk: {
      replyDomain:
        e.DWAAR_HELPDESK_REPLY_DOMAIN ??
        /@([A-Za-z0-9.-]+)>?\s*$/.exec(e.DWAAR_MAIL_FROM)?.[1] ??
        'dwaar.localhost',
      smtpPort: e.DWAAR_HELPDESK_SMTP_PORT,
      smtpHost: e.DWAAR_HELPDESK_SMTP_HOST,
    },
  });
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
