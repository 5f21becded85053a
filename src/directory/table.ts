import type { Generated } from 'kysely';

export type OfficeStatus = 'open' | 'closed';

export interface ZoneTable {
  id: string;
  name_en: string;
  name_hi: string;
}

export interface DistrictTable {
  id: string;
  zone_id: string;
  name_en: string;
  name_hi: string;
  office_status: OfficeStatus;
  status_changed_at: number;
  status_changed_by: string | null;
}

export interface NamedTable {
  id: string;
  name_en: string;
  name_hi: string;
  sort_order: Generated<number>;
}

export interface OfficerTable {
  id: Generated<number>;
  employee_no: string;
  name_en: string;
  name_hi: string;
  rank_id: string;
  wing_id: string;
  district_id: string;
  email: string;
  mobile: string | null;
  created_at: number;
}

export interface DistrictStatusHistoryTable {
  id: Generated<number>;
  district_id: string;
  office_status: OfficeStatus;
  order_no: string;
  order_date: string;
  reason: string;
  changed_by: string;
  changed_at: number;
}
