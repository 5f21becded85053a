export {
  type AnomalyDetector,
  type AnomalyDetectorDeps,
  type AnomalyDetectorOptions,
  ANOMALY_CURSOR,
  startAnomalyDetector,
} from './detector.ts';
export { composeAnomalyMail } from './anomaly-mail.ts';
export { type AnomalyThresholds, DEFAULT_THRESHOLDS, networkOf } from './rules.ts';
export { anomalyRoutes, type AnomalyRouteDeps } from './routes.ts';
export { ANOMALY_KINDS, type AnomalyKind, type AuditAnomalyTable } from './table.ts';
