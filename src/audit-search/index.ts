export { auditSearchRoutes, type AuditCheckpoints, type AuditSearchDeps } from './routes.ts';
