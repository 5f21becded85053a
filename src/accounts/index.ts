export { findAccountById, findAccountByUserId, normaliseUserId, type AccountRow } from './repository.ts';
export { accountRoutes, type AccountRouteDeps } from './routes.ts';
export { ACCOUNT_STATUSES, ROLES, type AccountStatus, type Role } from './table.ts';
export { sendAccountLink } from './account-links.ts';
export { redeemAccountToken, type TokenPurpose } from './account-tokens.ts';
