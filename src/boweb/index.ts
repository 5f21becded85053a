export { buildBoweb } from './app.ts';
export { BOWEB_DEMO_USERS } from './users.ts';
