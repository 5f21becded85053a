export { type AuditLog, createAuditLog } from './audit-log.ts';
export { type AuditEventType, type AuditInput } from './events.ts';
export { verifyAuditChain } from './verify.ts';
