export { type AuditLog, type AuditTrail, createAuditLog } from './audit-log.ts';
export { type AuditEventType, type AuditInput, TALLIED_TYPES } from './events.ts';
export { verifyAuditChain } from './verify.ts';
export { auditCursor, type AuditCursor, type AuditEventRow } from './cursor.ts';
export { type AuditDetail } from './events.ts';
