export {
  type LiveSession,
  type ResourceBinding,
  sessionEndedAt,
  type SessionTimes,
  sessionTimes,
  type Subject,
} from './live-session.ts';
export { createSessionStore, type SessionStore } from './session-store.ts';
export type { BindingLookup, LoadedSubject, NewSession, SessionLookup } from './session-types.ts';
export { startSessionSweeper } from './session-sweeper.ts';
export {
  browserOf,
  type BrowserFacts,
  deviceNameOf,
  devicesOf,
  type DeviceView,
  endSessionsOf,
  findDevice,
  liveSessionsOf,
  type LiveSessionView,
  revokeDevice,
} from './listing.ts';
export { bindDeviceRow, findSessionAccount, type SessionOwner } from './listing-queries.ts';
export { countLiveSessions } from './count-queries.ts';
export { type FactsTarget } from './session-facts.ts';
