export {
  type DocumentRow,
  findCurrentDocument,
  findDocument,
  insertAcknowledgement,
  loadAcknowledged,
  loadCurrentVersions,
} from './repository.ts';
