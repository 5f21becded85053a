export { createAssertionSigner, type AssertionSigner } from './assertion.ts';
export { createGatewayHandler, type GatewayDeps, type GatewayHandler } from './gateway-handler.ts';
export { CALLBACK_PATH, handoffStartUrl, isHandoffState, issueHandoff, START_PATH } from './handoff.ts';
export { findRawHeader } from './headers.ts';
export { isLocalPath, parseNext, type NextTarget } from './next-url.ts';
export {
  createResourceTable,
  hostnameOf,
  type ResourceRoute,
  type ResourceTable,
  type RetiredResource,
} from './resources.ts';
export { loadSigningKeys, type Jwks } from './signing-keys.ts';
export { SESSION_BAR_SCRIPT_PATH, SESSION_BAR_TAG } from './session-bar.ts';
export { createAccessDecider, type AccessDecider } from './access.ts';
