export {
  type AuditLog,
  type AuditLogOptions,
  type AuditTrail,
  createAuditLog,
  openAuditLog,
} from './audit-log.ts';
export { type AuditEventType, type AuditInput, TALLIED_TYPES } from './events.ts';
export { type AuditVerdict, verifyAuditChain, type VerifyOptions } from './verify.ts';
export { type KeyingOutcome } from './keying.ts';
export {
  type AuditCheckpoints,
  type CheckpointRow,
  type CheckpointTrigger,
  createAuditCheckpoints,
} from './checkpoints.ts';
export { startCheckpointWorker } from './checkpoint-worker.ts';
export { CHECKPOINT_FORMAT, checkpointMessage, checkpointPublicKey } from './checkpoint-key.ts';
export { exportAuditTrail, type ExportSummary } from './export.ts';
export { type ExportVerdict, verifyAuditExport } from './verify-export.ts';
export { auditCursor, type AuditCursor, type AuditEventRow } from './cursor.ts';
export { type AuditDetail } from './events.ts';
export { startAuditShipper, type AuditShipper, type AuditShipperOptions } from './shipper.ts';
