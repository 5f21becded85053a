// Types of bin/dwaar-inspect.js (plain JavaScript, so it runs alone on an officer's PC), for its tests.
export type PostureValue = 'yes' | 'no' | 'unknown';
export interface InspectorFacts {
  os: string;
  osVersion: string;
  osPatched: PostureValue;
  diskEncryption: PostureValue;
  firewall: PostureValue;
  screenLock: PostureValue;
}
export const REPORT_CONTEXT: string;
export const PAIR_CONTEXT: string;
export function canonicalJson(value: unknown): string;
export function reportMessage(nonce: string, facts: InspectorFacts, at: number): string;
export function parseOsRelease(text: string): { name: string; version: string };
export function parseLsblkRootEncrypted(jsonText: string): PostureValue;
export function parseUfwStatus(text: string): PostureValue;
export function parseUfwConf(text: string): PostureValue;
export function parseFirewalldState(text: string): PostureValue;
export function parseNftRuleset(text: string): PostureValue;
export function parseGnomeScreenLock(lockEnabled: string, idleDelay: string): PostureValue;
export function parseAptSimulation(text: string): PostureValue;
export function parseDnfSecurity(text: string): PostureValue;
export function parseNetshFirewall(text: string): PostureValue;
export function parseManageBde(text: string): PostureValue;
export function parseBitLockerProtection(text: string): PostureValue;
export function parseRegQuery(text: string): Record<string, string>;
export function windowsScreenLock(
  desktop: Record<string, string>,
  policyDesktop: Record<string, string>,
  system: Record<string, string>,
): PostureValue;
export function parseHotfixDates(text: string, now: number): PostureValue;
export function parseSwVers(text: string): { name: string; version: string };
export function parseFdesetup(text: string): PostureValue;
export function parseSocketFilterFw(text: string): PostureValue;
export function parseSysadminctlScreenLock(text: string): PostureValue;
export function parseSoftwareUpdate(text: string): PostureValue;
export function anyYes(values: readonly PostureValue[]): PostureValue;
export function run(
  file: string,
  args: readonly string[],
  options?: { timeoutMs?: number; both?: boolean; okCodes?: readonly number[] },
): Promise<string | undefined>;
export function gatherFacts(now?: number): Promise<InspectorFacts>;
export function configDir(): string;
export function main(
  argv: readonly string[],
  out?: (line: string) => void,
  err?: (line: string) => void,
): Promise<number>;
