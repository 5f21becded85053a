export { enqueueGuideMails } from './guide-mail.ts';
export { guideRoutes } from './routes.ts';
