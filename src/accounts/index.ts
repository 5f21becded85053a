export {
  findAccountById,
  findAccountByUserId,
  findFirstActiveAccount,
  listLiveSessionIds,
  normaliseUserId,
  type AccountRow,
} from './repository.ts';
export { accountRoutes, type AccountRouteDeps } from './routes.ts';
export { reachableAccount } from './account-access.ts';
// issue 11: the helpdesk's ticket page unlocks and re-sends through the same action (scope, audit, mail).
export { applyAccountAction, type LifecycleDeps } from './lifecycle-service.ts';
export { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from './table.ts';
export { sendAccountLink, type AccountLinkDeps } from './account-links.ts';
export { redeemAccountToken, type TokenPurpose, type TokenRefusal } from './account-tokens.ts';
