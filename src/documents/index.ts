export { type DocumentRow, findCurrentDocument, findDocument, insertAcknowledgement } from './repository.ts';
