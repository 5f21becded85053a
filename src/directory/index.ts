export { startAccessExpiryWorker } from './access-expiry.ts';
export { districtRoutes, type DistrictRouteDeps } from './district-routes.ts';
export {
  OFFICER_COLUMNS,
  findOfficerPlacement,
  findZone,
  listDirectory,
  listDistricts,
  listWings,
  listZones,
  type DirectoryRow,
  type NamedPlace,
  type OfficerPlacement,
  type OfficerRow,
} from './repository.ts';
export type { OfficeStatus } from './table.ts';
export { isWorkingDay } from './working-day.ts';
