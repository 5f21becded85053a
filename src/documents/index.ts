export {
  type AcknowledgementInput,
  documentContentHash,
  type NewDocumentVersion,
  publishDocumentVersion,
  type DocumentRow,
  findCurrentDocument,
  findDocument,
  insertAcknowledgement,
  loadAcknowledged,
  loadCurrentVersions,
} from './repository.ts';
