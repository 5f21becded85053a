export { enqueueGuideMails } from './guide-mail.ts';
export { guideRoutes } from './routes.ts';
export { readGuideCss, renderPdf, type PdfResult } from './guide-pdf.ts';
