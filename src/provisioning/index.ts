export { activationRoutes } from './routes.ts';
export { provisionOfficerAccount } from './provision-account.ts';
export { startProgressSweeper } from './progress-sweeper.ts';
