import type { AccountTable } from '../accounts/table.ts';
import type { AuditEventTable, AuditHeadTable } from '../audit/table.ts';
import type { DistrictTable, NamedTable, OfficerTable, ZoneTable } from '../directory/table.ts';
import type { AcknowledgementTable, DocumentTable } from '../documents/table.ts';
import type { ResourceTable, SigningKeyTable } from '../gateway/table.ts';
import type { DeviceTable, SessionBindingTable, SessionTable } from '../session/table.ts';

/** The whole schema, assembled from each feature's own table interfaces. */
export interface Database {
  zones: ZoneTable;
  districts: DistrictTable;
  wings: NamedTable;
  ranks: NamedTable;
  officers: OfficerTable;
  accounts: AccountTable;
  sessions: SessionTable;
  session_bindings: SessionBindingTable;
  devices: DeviceTable;
  documents: DocumentTable;
  acknowledgements: AcknowledgementTable;
  resources: ResourceTable;
  signing_keys: SigningKeyTable;
  audit_head: AuditHeadTable;
  audit_events: AuditEventTable;
}
