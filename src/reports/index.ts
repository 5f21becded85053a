export { reportRoutes, type ReportRouteDeps } from './routes.ts';
