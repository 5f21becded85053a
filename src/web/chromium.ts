/** Debian's Chromium; Dwaar never downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for headless Chromium on a closed network: no sandbox (runs as root in containers), and none of
 * the background connections that would otherwise be refused, many at a time, at every start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
