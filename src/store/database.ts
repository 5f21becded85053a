import type { AccountTable, AccountTokenTable, RecoveryCodeTable } from '../accounts/table.ts';
import type {
  AuditCheckpointTable,
  AuditCursorTable,
  AuditEventTable,
  AuditHeadTable,
} from '../audit/table.ts';
import type { AuditAnomalyTable } from '../anomalies/table.ts';
import type {
  HolidayTable,
  SlaTargetTable,
  SupportLocationTable,
  TicketAttachmentTable,
  TicketEventTable,
  TicketTable,
} from '../helpdesk/table.ts';
import type {
  CircularAttachmentTable,
  CircularAttestationTable,
  CircularAudienceTable,
  CircularRecipientTable,
  CircularTable,
} from '../circulars/table.ts';
import type {
  DistrictStatusHistoryTable,
  DistrictTable,
  NamedTable,
  OfficerTable,
  ZoneTable,
} from '../directory/table.ts';
import type { MailOutboxTable } from '../mail/table.ts';
import type { ProposalItemTable, ProposalTable } from '../proposals/table.ts';
import type { ActivationProgressTable } from '../provisioning/table.ts';
import type { AcknowledgementTable, DocumentTable } from '../documents/table.ts';
import type { SigningKeyTable } from '../gateway/table.ts';
import type { DeviceTable, SessionBindingTable, SessionTable } from '../session/table.ts';
import type { PolicyVersionTable } from '../policy/table.ts';
import type { WebauthnCredentialTable } from '../login/table.ts';

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
  signing_keys: SigningKeyTable;
  audit_head: AuditHeadTable;
  audit_events: AuditEventTable;
  district_status_history: DistrictStatusHistoryTable;
  proposals: ProposalTable;
  proposal_items: ProposalItemTable;
  account_tokens: AccountTokenTable;
  recovery_codes: RecoveryCodeTable;
  mail_outbox: MailOutboxTable;
  activation_progress: ActivationProgressTable;
  policy_versions: PolicyVersionTable;
  webauthn_credentials: WebauthnCredentialTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_cursors: AuditCursorTable;
  audit_anomalies: AuditAnomalyTable;
  circulars: CircularTable;
  circular_audiences: CircularAudienceTable;
  circular_recipients: CircularRecipientTable;
  circular_attachments: CircularAttachmentTable;
  circular_attestations: CircularAttestationTable;
  support_locations: SupportLocationTable;
  holidays: HolidayTable;
  sla_targets: SlaTargetTable;
  tickets: TicketTable;
  ticket_events: TicketEventTable;
  ticket_attachments: TicketAttachmentTable;
}
