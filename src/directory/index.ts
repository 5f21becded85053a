export { startAccessExpiryWorker } from './access-expiry.ts';
export { districtRoutes, type DistrictRouteDeps } from './district-routes.ts';
export {
  OFFICER_COLUMNS,
  findOfficerPlacement,
  listDirectory,
  type DirectoryRow,
  type OfficerPlacement,
  type OfficerRow,
} from './repository.ts';
export type { OfficeStatus } from './table.ts';
