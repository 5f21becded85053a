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
export { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from './table.ts';
export { sendAccountLink, type AccountLinkDeps } from './account-links.ts';
export { redeemAccountToken, type TokenPurpose, type TokenRefusal } from './account-tokens.ts';
