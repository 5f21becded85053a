export { renderCircularBody, unsafeBodyParts } from './render-body.ts';
// Drafting, issuing, attachments, tally, print (helper D1) — add exports below.
// Reception: reading, acknowledging, banners (helper D2) — add exports below.
