import { z } from 'zod';
import type { Role } from '../accounts/table.ts';
import { POSTURE_CHECKS, SIGN_IN_STEPS } from './model.ts';
import { cidrProblem } from './network.ts';
import { PERMISSIONS } from './permissions.ts';
import { ClockTime, Duration, Size } from './units.ts';

/** The roles, from the one table that names them all. */
export const ROLE_NAMES = Object.keys(PERMISSIONS) as [Role, ...Role[]];
export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const Id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'lower-case letters, digits, - and _ (up to 63), starting with a letter or digit',
  );
const IdList = z.array(Id).min(1, 'at least one entry');
const Names = z.strictObject({ en: z.string().min(1), hi: z.string().min(1) });
const SecondFactor = z.enum(['any', 'totp', 'passkey']);

const Office = z.union([
  z.enum(['open', 'closed']).transform((status) => ({ status, grace: true, exceptions: true })),
  z.strictObject({
    status: z.enum(['open', 'closed']),
    /** A reopened office counts as closed until its grace period ends. */
    grace: z.boolean().default(true),
    /** An officer HQ approved as an exception counts as from a closed office. */
    exceptions: z.boolean().default(true),
  }),
]);

const Posture = z.union([
  z.literal('required').transform(() => ({ require: [] as PostureName[], max_age: 8 * 3600 })),
  z.strictObject({
    require: z.array(z.enum(POSTURE_CHECKS)).default([]),
    /** How old the inspector's report may be. */
    max_age: Duration.default(8 * 3600),
  }),
]);
type PostureName = (typeof POSTURE_CHECKS)[number];

const Hours = z
  .strictObject({
    days: z.array(z.enum(DAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']),
    from: ClockTime,
    to: ClockTime,
  })
  .refine((h) => h.from !== h.to, { error: 'from and to must differ', path: ['to'] });

const Network = z
  .array(
    z.string().superRefine((s, ctx) => {
      const problem = cidrProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: `must be ${problem}` });
    }),
  )
  .min(1);

/** The conditions of a rule: all must hold for the rule to apply. */
export const Conditions = z.strictObject({
  role: z.array(z.enum(ROLE_NAMES)).min(1).optional(),
  zone: IdList.optional(),
  district: IdList.optional(),
  wing: IdList.optional(),
  rank: IdList.optional(),
  office: Office.optional(),
  acknowledged: IdList.optional(),
  second_factor: SecondFactor.optional(),
  device_trusted: z.literal(true).optional(),
  posture: Posture.optional(),
  hours: Hours.optional(),
  network: Network.optional(),
});
export type ConditionsSpec = z.output<typeof Conditions>;

const Rule = z
  .strictObject({
    id: Id,
    description: z.string().max(300).optional(),
    allow: Conditions.optional(),
    deny: Conditions.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.allow === undefined) === (r.deny === undefined))
      ctx.addIssue({ code: 'custom', message: 'a rule has exactly one of allow or deny' });
  });
export type RuleSpec = z.output<typeof Rule>;

const Hostname = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'a lower-case host name without port, such as boweb.example.gov.in',
  );

const Upstream = z.url({
  protocol: /^https?$/,
  error: 'an http:// or https:// URL, such as http://10.0.0.5:8080',
});

const Resource = z.strictObject({
  id: Id,
  name: Names,
  purpose: Names.optional(),
  host: Hostname,
  upstream: Upstream,
  enabled: z.boolean().default(true),
  websocket: z.boolean().default(true),
  body_limit: Size.default(10 * 1024 * 1024),
  session_bar: z.boolean().default(false),
  rules: z.array(Rule).default([]),
});
export type ResourceFileSpec = z.output<typeof Resource>;

const Profile = z.strictObject({
  steps: z.array(z.enum(SIGN_IN_STEPS)).min(1),
  /** Without them, the deployment's DWAAR_IDLE_TIMEOUT and DWAAR_ABSOLUTE_TIMEOUT apply. */
  idle_timeout: Duration.optional(),
  absolute_timeout: Duration.optional(),
  max_sessions: z.number().int().min(1).max(100),
  second_factor: SecondFactor.default('any'),
  second_factor_by_role: z.partialRecord(z.enum(ROLE_NAMES), SecondFactor).default({}),
  acknowledge: IdList.optional(),
});
export type ProfileFileSpec = z.output<typeof Profile>;

export const PolicyFile = z.strictObject({
  version: z.literal(1, 'the only version is 1'),
  profiles: z.strictObject({ portal: Profile, console: Profile }),
  resources: z.array(Resource),
});
export type PolicyFileSpec = z.output<typeof PolicyFile>;
