import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as probes from '../bin/dwaar-inspect.js';
import { canonicalJson, reportMessage, REPORT_CONTEXT, PAIR_CONTEXT } from '../src/policy/agent-report.ts';

/**
 * The inspector's parsers, fed outputs captured from the real tools (trimmed). Each answers yes, no or
 * unknown; anything unexpected is unknown, never an exception.
 */

const DAY = 24 * 3600 * 1000;

describe('the inspector and the portal sign the same text', () => {
  it('builds byte-identical canonical JSON and contexts', () => {
    const facts = {
      screenLock: 'no',
      os: 'Windows 11 Pro',
      osVersion: '10.0.22631',
      osPatched: 'yes',
      diskEncryption: 'yes',
      firewall: 'unknown',
    } as const;
    expect(probes.reportMessage('abc', facts, 5)).toBe(reportMessage('abc', facts, 5));
    expect(probes.canonicalJson({ z: [1, { b: 'हिंदी', a: null }] })).toBe(
      canonicalJson({ z: [1, { b: 'हिंदी', a: null }] }),
    );
    expect([probes.REPORT_CONTEXT, probes.PAIR_CONTEXT]).toEqual([REPORT_CONTEXT, PAIR_CONTEXT]);
  });
});

describe('Linux', () => {
  it('reads /etc/os-release', () => {
    const text = `PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nID=ubuntu\n`;
    expect(probes.parseOsRelease(text)).toEqual({ name: 'Ubuntu', version: '24.04' });
    expect(probes.parseOsRelease('')).toEqual({ name: 'Linux', version: 'unknown' });
  });

  it('finds the root file system on LUKS through lsblk’s tree (new and old lsblk)', () => {
    const luks = JSON.stringify({
      blockdevices: [
        {
          name: 'nvme0n1',
          type: 'disk',
          mountpoints: [null],
          children: [
            { name: 'nvme0n1p1', type: 'part', mountpoints: ['/boot/efi'] },
            {
              name: 'nvme0n1p3',
              type: 'part',
              mountpoints: [null],
              children: [
                {
                  name: 'luks-4a1c',
                  type: 'crypt',
                  mountpoints: [null],
                  children: [{ name: 'vg-root', type: 'lvm', mountpoints: ['/'] }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(probes.parseLsblkRootEncrypted(luks)).toBe('yes');
    const plain = `{"blockdevices":[{"name":"sda","type":"disk","mountpoint":null,"children":[{"name":"sda1","type":"part","mountpoint":"/"}]}]}`;
    expect(probes.parseLsblkRootEncrypted(plain)).toBe('no');
    // An encrypted home with a plain root: the root is what counts.
    const homeOnly = `{"blockdevices":[{"name":"sda","type":"disk","mountpoints":[null],"children":[{"name":"sda1","type":"part","mountpoints":["/"]},{"name":"sda2","type":"part","mountpoints":[null],"children":[{"name":"home","type":"crypt","mountpoints":["/home"]}]}]}]}`;
    expect(probes.parseLsblkRootEncrypted(homeOnly)).toBe('no');
    expect(probes.parseLsblkRootEncrypted('{"blockdevices":[]}')).toBe('unknown');
    expect(probes.parseLsblkRootEncrypted('lsblk: unknown column')).toBe('unknown');
  });

  it('reads ufw, its config, firewalld and nftables', () => {
    expect(probes.parseUfwStatus('Status: active\n\nTo                         Action      From\n')).toBe(
      'yes',
    );
    expect(probes.parseUfwStatus('Status: inactive\n')).toBe('no');
    expect(probes.parseUfwStatus('ERROR: You need to be root to run this script')).toBe('unknown');
    expect(probes.parseUfwConf('# /etc/ufw/ufw.conf\n#\nENABLED=yes\nLOGLEVEL=low\n')).toBe('yes');
    expect(probes.parseUfwConf('ENABLED=no\n')).toBe('no');
    expect(probes.parseFirewalldState('running\n')).toBe('yes');
    expect(probes.parseFirewalldState('not running\n')).toBe('no');
    const nft = `table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n`;
    expect(probes.parseNftRuleset(nft)).toBe('yes');
    expect(probes.parseNftRuleset('')).toBe('no');
    expect(probes.anyYes(['no', 'unknown', 'yes'])).toBe('yes');
    expect(probes.anyYes(['unknown', 'no'])).toBe('no');
    expect(probes.anyYes(['unknown'])).toBe('unknown');
  });

  it('reads GNOME’s screen lock: enabled and an idle delay', () => {
    expect(probes.parseGnomeScreenLock('true\n', 'uint32 300\n')).toBe('yes');
    expect(probes.parseGnomeScreenLock('true', 'uint32 0')).toBe('no');
    expect(probes.parseGnomeScreenLock('false', 'uint32 300')).toBe('no');
    expect(probes.parseGnomeScreenLock('No such schema “org.gnome.desktop.screensaver”', '')).toBe('unknown');
  });

  it('reads pending security updates from apt and dnf', () => {
    const pending = `Reading package lists...\nInst bash [5.2.15-2+b8] (5.2.15-2+b13 Debian:12.15/oldstable [amd64])\nInst libgcrypt20 [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64])\n`;
    expect(probes.parseAptSimulation(pending)).toBe('no');
    expect(probes.parseAptSimulation('Inst bash [5.2] (5.3 Debian:12.15/oldstable [amd64])\n')).toBe('yes');
    expect(
      probes.parseAptSimulation('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n'),
    ).toBe('yes');
    expect(probes.parseAptSimulation('E: Could not open lock file')).toBe('unknown');
    expect(probes.parseDnfSecurity('')).toBe('yes');
    expect(probes.parseDnfSecurity('FEDORA-2026-1a2b3c Important/Sec. openssl-3.2.4-1.fc41.x86_64\n')).toBe(
      'no',
    );
  });
});

describe('Windows', () => {
  it('reads netsh’s firewall state for every profile', () => {
    const on = `\r\nDomain Profile Settings:\r\n----------------------------------------------------------------------\r\nState                                 ON\r\n\r\nPrivate Profile Settings:\r\n----------------------------------------------------------------------\r\nState                                 ON\r\n\r\nPublic Profile Settings:\r\n----------------------------------------------------------------------\r\nState                                 ON\r\nOk.\r\n`;
    expect(probes.parseNetshFirewall(on)).toBe('yes');
    expect(probes.parseNetshFirewall(on.replace(/ON\r\n\r\nPublic/, 'OFF\r\n\r\nPublic'))).toBe('no');
    expect(probes.parseNetshFirewall('The requested operation requires elevation')).toBe('unknown');
  });

  it('reads BitLocker from manage-bde, or the shell property without administrator rights', () => {
    const bde = `BitLocker Drive Encryption: Configuration Tool version 10.0.22621\r\nVolume C: [OS]\r\n    Conversion Status:    Fully Encrypted\r\n    Percentage Encrypted: 100.0%\r\n    Protection Status:    Protection On\r\n`;
    expect(probes.parseManageBde(bde)).toBe('yes');
    expect(probes.parseManageBde(bde.replace('Protection On', 'Protection Off'))).toBe('no');
    expect(probes.parseManageBde('ERROR: An attempt to access a required resource was denied.')).toBe(
      'unknown',
    );
    expect(probes.parseBitLockerProtection('1\r\n')).toBe('yes');
    expect(probes.parseBitLockerProtection('2')).toBe('no');
    expect(probes.parseBitLockerProtection('')).toBe('unknown');
  });

  it('reads the screen lock from the registry', () => {
    const desktop = probes.parseRegQuery(
      `\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\r\n    ScreenSaveActive    REG_SZ    1\r\n    ScreenSaverIsSecure    REG_SZ    1\r\n    ScreenSaveTimeOut    REG_SZ    600\r\n`,
    );
    expect(desktop).toMatchObject({
      ScreenSaveActive: '1',
      ScreenSaverIsSecure: '1',
      ScreenSaveTimeOut: '600',
    });
    expect(probes.windowsScreenLock(desktop, {}, {})).toBe('yes');
    expect(probes.windowsScreenLock({ ...desktop, ScreenSaverIsSecure: '0' }, {}, {})).toBe('no');
    // A group policy's machine inactivity limit locks whatever the screen saver says (REG_DWORD in hex).
    const system = probes.parseRegQuery(`    InactivityTimeoutSecs    REG_DWORD    0x384\r\n`);
    expect(probes.windowsScreenLock({ ScreenSaveActive: '0' }, {}, system)).toBe('yes');
    expect(probes.windowsScreenLock({}, {}, {})).toBe('unknown');
  });

  it('judges the patch level by the newest hot fix', () => {
    const now = Date.UTC(2026, 11, 1);
    expect(probes.parseHotfixDates('2026-06-10\r\n2026-11-20\r\n', now)).toBe('yes');
    expect(probes.parseHotfixDates('2026-06-10\r\n', now)).toBe('no');
    expect(probes.parseHotfixDates(`${new Date(now - 46 * DAY).toISOString().slice(0, 10)}\n`, now)).toBe(
      'no',
    );
    expect(probes.parseHotfixDates('', now)).toBe('unknown');
  });
});

describe('macOS', () => {
  it('reads sw_vers, FileVault, the application firewall, the screen lock and software updates', () => {
    expect(
      probes.parseSwVers('ProductName:\t\tmacOS\nProductVersion:\t\t14.5\nBuildVersion:\t\t23F79\n'),
    ).toEqual({
      name: 'macOS',
      version: '14.5 (23F79)',
    });
    expect(probes.parseFdesetup('FileVault is On.\n')).toBe('yes');
    expect(probes.parseFdesetup('FileVault is Off.\n')).toBe('no');
    expect(probes.parseSocketFilterFw('Firewall is enabled. (State = 1)\n')).toBe('yes');
    expect(
      probes.parseSocketFilterFw('Firewall is blocking all non-essential incoming connections. (State = 2)'),
    ).toBe('yes');
    expect(probes.parseSocketFilterFw('Firewall is disabled. (State = 0)\n')).toBe('no');
    expect(
      probes.parseSysadminctlScreenLock(
        '2026-12-01 10:00:00.000 sysadminctl[123:456] screenLock delay is 300 seconds',
      ),
    ).toBe('yes');
    expect(
      probes.parseSysadminctlScreenLock('2026-12-01 sysadminctl[1:2] screenLock delay is immediate'),
    ).toBe('yes');
    expect(probes.parseSysadminctlScreenLock('2026-12-01 sysadminctl[1:2] screenLock is off')).toBe('no');
    expect(
      probes.parseSoftwareUpdate(
        'Software Update Tool\n\nFinding available software\nNo new software available.\n',
      ),
    ).toBe('yes');
    const pending = `Software Update found the following new or updated software:\n* Label: macOS Sonoma 14.6-23G80\n\tTitle: macOS Sonoma 14.6, Version: 14.6, Size: 1000000K, Recommended: YES, Action: restart,\n`;
    expect(probes.parseSoftwareUpdate(pending)).toBe('no');
    expect(probes.parseSoftwareUpdate('Could not connect')).toBe('unknown');
  });
});

describe('probes', () => {
  it('answer undefined, never throw, for a missing program, a failure or a timeout', async () => {
    await expect(probes.run('dwaar-no-such-program', [])).resolves.toBeUndefined();
    await expect(probes.run(process.execPath, ['-e', 'process.exit(3)'])).resolves.toBeUndefined();
    await expect(
      probes.run(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { timeoutMs: 200 }),
    ).resolves.toBe(undefined);
    await expect(probes.run(process.execPath, ['-e', 'console.log("ok")'])).resolves.toBe('ok\n');
  });

  it('gather every fact on this machine, each a known value', async () => {
    const facts = await probes.gatherFacts();
    for (const key of ['osPatched', 'diskEncryption', 'firewall', 'screenLock'] as const)
      expect(['yes', 'no', 'unknown']).toContain(facts[key]);
    expect(facts.os.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the command', () => {
  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await probes.main(
      argv,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('explains its usage (exit 2), and refuses to report before pairing (exit 1)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'dwaar-inspect-cli-'));
    const saved = process.env.DWAAR_INSPECT_HOME;
    process.env.DWAAR_INSPECT_HOME = home;
    try {
      expect(await run([])).toMatchObject({ code: 2, err: expect.stringContaining('usage') as string });
      expect((await run(['pair', 'ftp://portal', 'ABCDE-12345'])).code).toBe(2);
      const unpaired = await run(['report', 'http://127.0.0.1:9', 'some-nonce-some-nonce']);
      expect(unpaired).toMatchObject({ code: 1, err: expect.stringContaining('not paired') as string });
      // A portal that does not answer: a failure in words, not a stack trace.
      const down = await run(['pair', 'http://127.0.0.1:9', 'ABCDE-12345']);
      expect(down.code).toBe(1);
      expect(down.err).toMatch(/^dwaar-inspect failed: /);
    } finally {
      if (saved === undefined) delete process.env.DWAAR_INSPECT_HOME;
      else process.env.DWAAR_INSPECT_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
