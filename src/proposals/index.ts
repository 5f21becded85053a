import type { ImportRouteDeps } from './import/routes.ts';
import type { DecideDeps } from './review/decide-apply.ts';
import type { WorkflowDeps } from './workflow/service.ts';

export { importRoutes } from './import/routes.ts';
export { reviewRoutes } from './review/routes.ts';
export { workflowRoutes } from './workflow/routes.ts';

/** Everything the proposal pages need, together. */
export type ProposalRouteDeps = ImportRouteDeps & DecideDeps & WorkflowDeps;
