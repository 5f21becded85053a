export { addressProblem, type AddressAllowList, createAddressAllowList } from './allow-list.ts';
export {
  createMetrics,
  type Metrics,
  type ScrapeProbes,
  SIGN_IN_RESULTS,
  type SignInMeter,
  type SignInResult,
  type StoreName,
} from './metrics.ts';
export { IDLE_METER, RouteMeter, UPSTREAM_BUCKETS } from './route-meter.ts';
