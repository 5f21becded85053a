#!/usr/bin/env node
// dwaar-inspect: Dwaar's optional endpoint inspector. One file, Node 20+ and nothing else, so an officer
// may copy it to a PC alone (or run `npx dwaar-inspect`). It reports what it can tell about this computer
// (OS and patch level, disk encryption, firewall, screen lock), signed with a key that never leaves it.
//
//   dwaar-inspect pair   <portal-url> <pairing-code>   register this computer's key for the trusted browser
//   dwaar-inspect report <portal-url> <nonce>          send a signed report for the signed-in session
//   dwaar-inspect facts                                print what it finds, send nothing
//
// Exit status: 0 done, 1 refused by the portal or failed, 2 wrong usage.
//
// Every probe runs with a timeout; a probe that fails, times out or prints something unexpected answers
// "unknown", never an error: a partial report is still a truthful one.
import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir, platform, release, version } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The signed texts start with these, so a signature made for one purpose can never pass for another. */
export const REPORT_CONTEXT = 'dwaar-inspect report v1\n';
export const PAIR_CONTEXT = 'dwaar-inspect pair v1\n';

/** A Windows machine whose newest update is older than this is "not patched" (Microsoft ships monthly). */
const PATCH_MAX_AGE_DAYS = 45;

// ---------------------------------------------------------------------------------------------------
// Canonical JSON: keys sorted at every level, no spaces. The portal rebuilds the same bytes to verify.

/** @param {unknown} value @returns {string} */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The exact text a report's signature covers. */
export function reportMessage(nonce, facts, at) {
  return REPORT_CONTEXT + canonicalJson({ at, facts, nonce });
}

// ---------------------------------------------------------------------------------------------------
// Parsers: pure functions of a tool's output, each answering 'yes' | 'no' | 'unknown' (or a string).

/** /etc/os-release → { name, version }. */
export function parseOsRelease(text) {
  const fields = {};
  for (const line of String(text).split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]] = m[2].replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return {
    name: fields.NAME || 'Linux',
    version: fields.VERSION_ID || fields.VERSION || fields.BUILD_ID || 'unknown',
  };
}

/**
 * `lsblk -J -o NAME,TYPE,MOUNTPOINT[S]` → whether the root file system sits on an encrypted (dm-crypt,
 * LUKS) device: lsblk nests a device under the one it is built on, so an ancestor of type "crypt" counts.
 */
export function parseLsblkRootEncrypted(jsonText) {
  let tree;
  try {
    tree = JSON.parse(jsonText);
  } catch {
    return 'unknown';
  }
  /** @type {'yes' | 'no' | 'unknown'} */
  let answer = 'unknown';
  const visit = (node, underCrypt) => {
    if (!node || typeof node !== 'object') return;
    const crypt = underCrypt || node.type === 'crypt';
    const mounts = Array.isArray(node.mountpoints) ? node.mountpoints : [node.mountpoint];
    if (mounts.includes('/')) answer = crypt ? 'yes' : 'no';
    for (const child of Array.isArray(node.children) ? node.children : []) visit(child, crypt);
  };
  for (const device of Array.isArray(tree?.blockdevices) ? tree.blockdevices : []) visit(device, false);
  return answer;
}

/** `ufw status` → "Status: active" / "Status: inactive". */
export function parseUfwStatus(text) {
  const m = /^Status:\s*(\w+)/im.exec(String(text));
  if (!m) return 'unknown';
  return m[1].toLowerCase() === 'active' ? 'yes' : m[1].toLowerCase() === 'inactive' ? 'no' : 'unknown';
}

/** /etc/ufw/ufw.conf → ENABLED=yes|no (readable without root, unlike `ufw status`). */
export function parseUfwConf(text) {
  const m = /^\s*ENABLED\s*=\s*"?(yes|no)"?\s*$/im.exec(String(text));
  return m ? (m[1].toLowerCase() === 'yes' ? 'yes' : 'no') : 'unknown';
}

/** `firewall-cmd --state` → "running" / "not running". */
export function parseFirewalldState(text) {
  const s = String(text).trim().toLowerCase();
  if (s === 'running') return 'yes';
  if (s === 'not running') return 'no';
  return 'unknown';
}

/** `nft list ruleset` (root only) → any filter chain on the input hook counts as a firewall. */
export function parseNftRuleset(text) {
  const s = String(text);
  if (s.trim() === '') return 'no';
  return /type filter hook input/.test(s) ? 'yes' : 'no';
}

/** `gsettings get org.gnome.desktop.screensaver lock-enabled` and `… session idle-delay`. */
export function parseGnomeScreenLock(lockEnabled, idleDelay) {
  const lock = String(lockEnabled).trim();
  if (lock === 'false') return 'no';
  if (lock !== 'true') return 'unknown';
  // idle-delay 0 means the screen never blanks, so it never locks by itself.
  const delay = /(\d+)\s*$/.exec(String(idleDelay).trim());
  if (!delay) return 'unknown';
  return Number(delay[1]) > 0 ? 'yes' : 'no';
}

/** `apt-get -s upgrade`: pending security updates mean "not patched"; none pending means patched. */
export function parseAptSimulation(text) {
  const lines = String(text)
    .split('\n')
    .filter((l) => l.startsWith('Inst '));
  if (lines.some((l) => /-security/i.test(l))) return 'no';
  // Without an "Inst" line apt still prints its summary: "0 upgraded, 0 newly installed, …".
  if (lines.length === 0) return /\b0 upgraded\b/.test(String(text)) ? 'yes' : 'unknown';
  return 'yes';
}

/** `dnf -q updateinfo list --security`: one line per pending security advisory. */
export function parseDnfSecurity(text) {
  const lines = String(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(Last metadata|Updating|Repositories)/i.test(l));
  return lines.length === 0 ? 'yes' : 'no';
}

/** `netsh advfirewall show allprofiles state`: every profile ON → yes; any OFF → no. */
export function parseNetshFirewall(text) {
  const states = [...String(text).matchAll(/^\s*State\s+(ON|OFF)\s*$/gim)].map((m) => m[1].toUpperCase());
  if (states.length === 0) return 'unknown';
  return states.every((s) => s === 'ON') ? 'yes' : 'no';
}

/** `manage-bde -status C:` (administrator) → "Protection Status: Protection On|Off". */
export function parseManageBde(text) {
  const m = /Protection Status:\s*Protection (On|Off)/i.exec(String(text));
  if (!m) return 'unknown';
  return m[1].toLowerCase() === 'on' ? 'yes' : 'no';
}

/** The shell's System.Volume.BitLockerProtection of the system drive (no administrator needed): 1 on, 2 off. */
export function parseBitLockerProtection(text) {
  const s = String(text).trim();
  if (s === '1' || s === '3' || s === '5') return 'yes';
  if (s === '2' || s === '0') return 'no';
  return 'unknown';
}

/** `reg query KEY` output → { valueName: data }. */
export function parseRegQuery(text) {
  const values = {};
  for (const line of String(text).split(/\r?\n/)) {
    const m = /^\s+(\S+)\s+REG_\w+\s+(.*?)\s*$/.exec(line);
    if (m) values[m[1]] = m[2];
  }
  return values;
}

/**
 * Windows screen lock from the registry: a machine inactivity limit (policy) or a password-protected
 * screen saver with a timeout locks the screen; a screen saver that is off or not protected does not.
 */
export function windowsScreenLock(desktop, policyDesktop, system) {
  const limit = Number.parseInt(system.InactivityTimeoutSecs ?? '', 16);
  if (limit > 0) return 'yes';
  const merged = { ...desktop, ...policyDesktop };
  const active = merged.ScreenSaveActive;
  const secure = merged.ScreenSaverIsSecure;
  const timeout = Number(merged.ScreenSaveTimeOut ?? '0');
  if (active === '1' && secure === '1' && timeout > 0) return 'yes';
  if (active === '0' || secure === '0') return 'no';
  return 'unknown';
}

/** The newest date in `Get-HotFix`'s InstalledOn list (one ISO date a line) → patched when recent. */
export function parseHotfixDates(text, now) {
  const dates = String(text)
    .split(/\r?\n/)
    .map((l) => Date.parse(l.trim()))
    .filter((d) => Number.isFinite(d));
  if (dates.length === 0) return 'unknown';
  const newest = Math.max(...dates);
  return now - newest <= PATCH_MAX_AGE_DAYS * 24 * 3600 * 1000 ? 'yes' : 'no';
}

/** `sw_vers` → { name, version } (e.g. macOS, 14.5 (23F79)). */
export function parseSwVers(text) {
  const get = (key) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(String(text))?.[1]?.trim();
  const build = get('BuildVersion');
  const productVersion = get('ProductVersion');
  return {
    name: get('ProductName') || 'macOS',
    version: productVersion ? (build ? `${productVersion} (${build})` : productVersion) : 'unknown',
  };
}

/** `fdesetup status` → "FileVault is On." / "FileVault is Off.". */
export function parseFdesetup(text) {
  const m = /FileVault is (On|Off)/i.exec(String(text));
  if (!m) return 'unknown';
  return m[1].toLowerCase() === 'on' ? 'yes' : 'no';
}

/** `socketfilterfw --getglobalstate` → "Firewall is enabled. (State = 1)" (2: block all) / "disabled". */
export function parseSocketFilterFw(text) {
  const s = String(text);
  if (/Firewall is (enabled|blocking)/i.test(s) || /State = [12]/.test(s)) return 'yes';
  if (/Firewall is disabled/i.test(s) || /State = 0/.test(s)) return 'no';
  return 'unknown';
}

/** `sysadminctl -screenLock status` → "screenLock delay is 300 seconds" / "… immediate" / "screenLock is off". */
export function parseSysadminctlScreenLock(text) {
  const s = String(text);
  if (/screenLock is off/i.test(s)) return 'no';
  if (/screenLock delay is/i.test(s)) return 'yes';
  return 'unknown';
}

/** `softwareupdate -l` → "No new software available." means patched; any listed update means not. */
export function parseSoftwareUpdate(text) {
  const s = String(text);
  if (/No new software available/i.test(s)) return 'yes';
  if (/^\s*\*\s*Label:/m.test(s) || /^\s*\*\s+\S/m.test(s)) return 'no';
  return 'unknown';
}

/** Any 'yes' wins; else any 'no'; else unknown. For several tools that may each manage the firewall. */
export function anyYes(values) {
  if (values.includes('yes')) return 'yes';
  if (values.includes('no')) return 'no';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------------
// Probes: run a tool, never throw.

/**
 * Runs a program without a shell and resolves with its output, or undefined when it is missing, fails or
 * outlives `timeoutMs`. `both` joins stderr to stdout (some macOS tools answer on stderr).
 */
export function run(file, args, { timeoutMs = 15_000, both = false, okCodes = [0] } = {}) {
  return new Promise((resolve) => {
    try {
      execFile(
        file,
        args,
        {
          timeout: timeoutMs,
          windowsHide: true,
          maxBuffer: 4 * 1024 * 1024,
          env: { ...process.env, LC_ALL: 'C' },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          if (error && (error.killed || !okCodes.includes(code))) return resolve(undefined);
          resolve(both ? `${stdout}\n${stderr}` : String(stdout));
        },
      );
    } catch {
      resolve(undefined);
    }
  });
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const orUnknown = (text, parse) => (text === undefined ? 'unknown' : parse(text));

async function linuxFacts() {
  const osRelease = parseOsRelease(readText('/etc/os-release') ?? readText('/usr/lib/os-release') ?? '');
  const [lsblk, ufw, firewalld, nft, lock, idle, apt, dnf] = await Promise.all([
    run('lsblk', ['-J', '-o', 'NAME,TYPE,MOUNTPOINTS']).then(
      (out) => out ?? run('lsblk', ['-J', '-o', 'NAME,TYPE,MOUNTPOINT']),
    ),
    run('ufw', ['status']),
    run('firewall-cmd', ['--state'], { okCodes: [0, 252] }),
    run('nft', ['list', 'ruleset']),
    run('gsettings', ['get', 'org.gnome.desktop.screensaver', 'lock-enabled']),
    run('gsettings', ['get', 'org.gnome.desktop.session', 'idle-delay']),
    run('apt-get', ['-s', '-o', 'Debug::NoLocking=1', 'upgrade'], { timeoutMs: 30_000 }),
    run('dnf', ['-q', 'updateinfo', 'list', '--security'], { timeoutMs: 30_000 }),
  ]);
  const ufwConf = readText('/etc/ufw/ufw.conf');
  return {
    os: osRelease.name,
    osVersion: `${osRelease.version} (kernel ${release()})`,
    osPatched: apt !== undefined ? parseAptSimulation(apt) : orUnknown(dnf, parseDnfSecurity),
    diskEncryption: orUnknown(lsblk, parseLsblkRootEncrypted),
    firewall: anyYes([
      orUnknown(ufw, parseUfwStatus),
      ufw === undefined ? orUnknown(ufwConf, parseUfwConf) : 'unknown',
      orUnknown(firewalld, parseFirewalldState),
      orUnknown(nft, parseNftRuleset),
    ]),
    // Without a graphical session (SSH, a server) gsettings answers its defaults, not a screen's settings.
    screenLock:
      lock === undefined || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
        ? 'unknown'
        : parseGnomeScreenLock(lock, idle ?? ''),
  };
}

async function windowsFacts(now) {
  const drive = process.env.SystemDrive || 'C:';
  const ps = (command) =>
    run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command], { timeoutMs: 30_000 });
  const [bde, shellBde, netsh, desktop, policyDesktop, system, hotfixes] = await Promise.all([
    run('manage-bde', ['-status', drive]),
    ps(
      `(New-Object -ComObject Shell.Application).NameSpace('${drive}').Self.ExtendedProperty('System.Volume.BitLockerProtection')`,
    ),
    run('netsh', ['advfirewall', 'show', 'allprofiles', 'state']),
    run('reg', ['query', 'HKCU\\Control Panel\\Desktop']),
    run('reg', ['query', 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop']),
    run('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System']),
    ps("Get-HotFix | Where-Object InstalledOn | ForEach-Object { $_.InstalledOn.ToString('yyyy-MM-dd') }"),
  ]);
  const manageBde = orUnknown(bde, parseManageBde);
  return {
    os: version(),
    osVersion: release(),
    osPatched: orUnknown(hotfixes, (t) => parseHotfixDates(t, now)),
    diskEncryption: manageBde !== 'unknown' ? manageBde : orUnknown(shellBde, parseBitLockerProtection),
    firewall: orUnknown(netsh, parseNetshFirewall),
    screenLock: windowsScreenLock(
      parseRegQuery(desktop ?? ''),
      parseRegQuery(policyDesktop ?? ''),
      parseRegQuery(system ?? ''),
    ),
  };
}

async function macFacts() {
  const [swVers, fde, fw, lock, updates] = await Promise.all([
    run('sw_vers', []),
    run('fdesetup', ['status']),
    run('/usr/libexec/ApplicationFirewall/socketfilterfw', ['--getglobalstate']),
    run('sysadminctl', ['-screenLock', 'status'], { both: true }),
    run('softwareupdate', ['-l'], { both: true, timeoutMs: 90_000 }),
  ]);
  const os = parseSwVers(swVers ?? '');
  return {
    os: os.name,
    osVersion: os.version,
    osPatched: orUnknown(updates, parseSoftwareUpdate),
    diskEncryption: orUnknown(fde, parseFdesetup),
    firewall: orUnknown(fw, parseSocketFilterFw),
    screenLock: orUnknown(lock, parseSysadminctlScreenLock),
  };
}

/** What this computer reports; `DWAAR_INSPECT_FACTS` (a JSON file) replaces the probes, for tests. */
export async function gatherFacts(now = Date.now()) {
  const fixed = process.env.DWAAR_INSPECT_FACTS;
  if (fixed) return JSON.parse(readFileSync(fixed, 'utf8'));
  const os = platform();
  if (os === 'linux') return linuxFacts();
  if (os === 'win32') return windowsFacts(now);
  if (os === 'darwin') return macFacts();
  return {
    os,
    osVersion: release(),
    osPatched: 'unknown',
    diskEncryption: 'unknown',
    firewall: 'unknown',
    screenLock: 'unknown',
  };
}

// ---------------------------------------------------------------------------------------------------
// The key: one Ed25519 pair per portal, private key in the user's own config folder (0600).

export function configDir() {
  if (process.env.DWAAR_INSPECT_HOME) return process.env.DWAAR_INSPECT_HOME;
  const os = platform();
  if (os === 'win32')
    return join(process.env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'dwaar-inspect');
  if (os === 'darwin') return join(homedir(), 'Library', 'Application Support', 'dwaar-inspect');
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dwaar-inspect');
}

function keyPath(portal) {
  return join(configDir(), `${portal.host.replace(/[^a-zA-Z0-9.-]/g, '_')}.key.pem`);
}

function loadKey(portal) {
  const pem = readText(keyPath(portal));
  return pem === undefined ? undefined : createPrivateKey(pem);
}

/**
 * This computer's key for `portal`: the existing one, so every browser paired on this PC shares it, or a
 * new one written readable by the user alone.
 */
function loadOrCreateKey(portal) {
  const existing = loadKey(portal);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  const path = keyPath(portal);
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return privateKey;
}

/** The public half, as the portal stores it: SPKI DER, base64url. */
function spkiOf(privateKey) {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64url');
}

const signText = (privateKey, text) =>
  sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url');

// ---------------------------------------------------------------------------------------------------
// The commands.

async function post(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

function portalUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`not a web address: ${text}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`not a web address: ${text}`);
  return url;
}

class UsageError extends Error {}

const LABELS = [
  ['os', 'Operating system'],
  ['osVersion', 'Version'],
  ['osPatched', 'Security updates installed'],
  ['diskEncryption', 'Disk encryption'],
  ['firewall', 'Firewall'],
  ['screenLock', 'Screen lock'],
];

function printFacts(facts, out) {
  for (const [key, label] of LABELS) out(`  ${label.padEnd(28)} ${facts[key]}`);
}

function refusal(answer) {
  const message = answer.json?.error?.message;
  return `The portal refused (${answer.status})${message ? `: ${message}` : '.'}`;
}

export async function main(argv, out = console.log, err = console.error) {
  const [command, ...rest] = argv;
  try {
    if (command === 'facts') {
      printFacts(await gatherFacts(), out);
      return 0;
    }
    if (command === 'pair') {
      const [url, code] = rest;
      if (!url || !code) throw new UsageError('usage: dwaar-inspect pair <portal-url> <pairing-code>');
      const portal = portalUrl(url);
      const key = loadOrCreateKey(portal);
      const compact = code.replace(/[\s-]/g, '').toUpperCase();
      const answer = await post(new URL('/inspector/pair', portal), {
        code: compact,
        publicKey: spkiOf(key),
        signature: signText(key, PAIR_CONTEXT + compact),
      });
      if (answer.status !== 200) {
        err(refusal(answer));
        return 1;
      }
      out('This computer is paired with your trusted browser. Run the report command from the portal next.');
      return 0;
    }
    if (command === 'report') {
      const [url, nonce] = rest;
      if (!url || !nonce) throw new UsageError('usage: dwaar-inspect report <portal-url> <nonce>');
      const portal = portalUrl(url);
      const key = loadKey(portal);
      if (!key) {
        err(`This computer is not paired with ${portal.host} yet: choose "trust this site" and pair first.`);
        return 1;
      }
      const facts = await gatherFacts();
      const at = Date.now();
      const answer = await post(new URL('/inspector/report', portal), {
        nonce,
        at,
        facts,
        signature: signText(key, reportMessage(nonce, facts, at)),
      });
      out('This computer reports:');
      printFacts(facts, out);
      if (answer.status !== 200) {
        err(refusal(answer));
        return 1;
      }
      out('The portal accepted the report. Reload the portal page to see it.');
      return 0;
    }
    throw new UsageError(
      'usage: dwaar-inspect pair <portal-url> <code> | report <portal-url> <nonce> | facts',
    );
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    err(`dwaar-inspect failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

// Run only as a program (directly, through npx's link, or copied alone), never when a test imports it.
const invoked = (() => {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
})();
if (invoked) process.exitCode = await main(process.argv.slice(2));
