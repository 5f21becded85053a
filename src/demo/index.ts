export { DEMO_ACCOUNTS, seedDemo } from './seed.ts';
