export { createKeyring, type Keyring } from './keyring.ts';
export { randomToken, safeEqual, sha256, splitToken } from './tokens.ts';
