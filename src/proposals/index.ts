import type { ImportRouteDeps } from './import/routes.ts';
import type { DecideDeps } from './review/decide-apply.ts';
import type { WorkflowDeps } from './workflow/service.ts';

// The console's proposal pages: the workflow, the CSV import and HQ review.
export { importRoutes } from './import/routes.ts';
export { reviewRoutes } from './review/routes.ts';
export { workflowRoutes } from './workflow/routes.ts';

/** Everything the proposal pages need, together. */
export type ProposalRouteDeps = ImportRouteDeps & DecideDeps & WorkflowDeps;

// The command line's import: the same checks and commit, and the report as text or JSON.
export { formatReportJson, formatReportText } from './import/cli-format.ts';
export { commitImport, type CreatedProposal } from './import/commit.ts';
export { MAX_CSV_BYTES } from './import/csv-format.ts';
export { issue } from './import/issues.ts';
export { ALL_ZONES, type ImportReport, isClean, validateImport } from './import/validate.ts';
