import type { FastifyInstance } from 'fastify';
import { accountRoutes, type AccountRouteDeps } from '../accounts/index.ts';
import { anomalyRoutes } from '../anomalies/index.ts';
import { circularRoutes, type CircularRouteDeps } from '../circulars/index.ts';
import { auditSearchRoutes, type AuditSearchDeps } from '../audit-search/index.ts';
import { districtRoutes, type DistrictRouteDeps } from '../directory/index.ts';
import { helpdeskReportRoutes, helpdeskRoutes, type HelpdeskConsoleDeps } from '../helpdesk/index.ts';
import { mailboxRoutes, type MailboxRouteDeps } from '../mail/index.ts';
import { importRoutes, reviewRoutes, workflowRoutes, type ProposalRouteDeps } from '../proposals/index.ts';
import { reportRoutes, type ReportRouteDeps } from '../reports/index.ts';
import { directoryHome } from './directory-home.ts';
import { documentRoutes, type DocumentRouteDeps } from './documents-routes.ts';
import { myCircularRoutes } from './my-circulars-routes.ts';
import { passkeyResetRoutes } from './passkey-reset-routes.ts';
import { policyRoutes, type PolicyRouteDeps } from './policy-routes.ts';
import { consoleSignInRoutes, type ConsoleSignInDeps } from './sign-in-routes.ts';
import { consoleSecurityRoutes } from './security-routes.ts';
import { staffScope, type StaffScopeDeps } from './staff-scope.ts';

/** Everything the console's features need, together. */
export type ConsoleDeps = ConsoleSignInDeps &
  Omit<StaffScopeDeps, 'db' | 'origin'> &
  AccountRouteDeps &
  DistrictRouteDeps &
  MailboxRouteDeps &
  ProposalRouteDeps &
  ReportRouteDeps &
  PolicyRouteDeps &
  DocumentRouteDeps &
  AuditSearchDeps &
  CircularRouteDeps &
  HelpdeskConsoleDeps;

/**
 * The administrators' console: its sign-in, then one protected scope (see `staffScope`) holding every
 * console feature. A feature added to the list is protected by the scope without a line of its own.
 */
export function consoleRoutes(deps: ConsoleDeps) {
  return async (app: FastifyInstance) => {
    await app.register(consoleSignInRoutes(deps));
    const scopeDeps = { ...deps, db: deps.store.db, origin: deps.config.publicUrl.origin };
    await app.register(
      staffScope(scopeDeps, [
        directoryHome(deps),
        districtRoutes(deps),
        workflowRoutes(deps),
        importRoutes(deps),
        reviewRoutes(deps),
        accountRoutes(deps),
        reportRoutes(deps),
        mailboxRoutes(deps),
        policyRoutes(deps),
        consoleSecurityRoutes(deps),
        passkeyResetRoutes(deps),
        documentRoutes(deps),
        myCircularRoutes(deps),
        auditSearchRoutes(deps),
        anomalyRoutes(deps),
        circularRoutes(deps),
        helpdeskRoutes(deps),
        helpdeskReportRoutes(deps),
      ]),
    );
  };
}

export { staffScope, type StaffScopeDeps } from './staff-scope.ts';
export {
  DEFAULT_IP,
  explainFor,
  explanationText,
  findPerson,
  isAddress,
  parseAt,
  SECOND_FACTORS,
} from './policy-explain.ts';
export { ruleCount } from './policy-rules.ts';
