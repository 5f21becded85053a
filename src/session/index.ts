export {
  type LiveSession,
  type ResourceBinding,
  sessionEndedAt,
  type SessionTimes,
  sessionTimes,
  type Subject,
} from './live-session.ts';
export {
  type BindingLookup,
  createSessionStore,
  type SessionLookup,
  type SessionStore,
} from './session-store.ts';
export { startSessionSweeper } from './session-sweeper.ts';
