import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DistrictRef {
  zoneEn: string;
  zoneHi: string;
  districtEn: string;
  districtHi: string;
}

/** Stable identifiers from English names: "Kanpur Nagar" → "kanpur-nagar". */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Uttar Pradesh's 75 districts by division (the demo's zones), bundled with the product. */
export async function readUpDistricts(): Promise<DistrictRef[]> {
  const text = await readFile(join(import.meta.dirname, 'data', 'up-districts.csv'), 'utf8');
  const [, ...lines] = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [zoneEn, zoneHi, districtEn, districtHi] = line.split(',').map((s) => s.trim());
      if (!zoneEn || !zoneHi || !districtEn || !districtHi) throw new Error(`bad reference row: ${line}`);
      return { zoneEn, zoneHi, districtEn, districtHi };
    });
}

/** The demo's 19 districts whose offices stayed closed (the circular does not name them). */
export const DEMO_CLOSED_DISTRICTS = [
  'agra',
  'firozabad',
  'mathura',
  'aligarh',
  'bareilly',
  'basti',
  'gorakhpur',
  'jhansi',
  'kanpur-nagar',
  'lucknow',
  'unnao',
  'gautam-buddh-nagar',
  'ghaziabad',
  'meerut',
  'moradabad',
  'rampur',
  'prayagraj',
  'saharanpur',
  'varanasi',
] as const;

export const WINGS = [
  { id: 'adjudication', name_en: 'Adjudication', name_hi: 'एडजुडिकेशन', sort_order: 1 },
  { id: 'enforcement', name_en: 'Enforcement', name_hi: 'प्रवर्तन', sort_order: 2 },
  { id: 'sib', name_en: 'Special Investigation Branch', name_hi: 'विशेष अनुसंधान शाखा', sort_order: 3 },
  { id: 'audit', name_en: 'Tax Audit', name_hi: 'टैक्स ऑडिट', sort_order: 4 },
] as const;

export const RANKS = [
  { id: 'addl-commissioner', name_en: 'Additional Commissioner', name_hi: 'एडीशनल कमिश्नर', sort_order: 1 },
  { id: 'joint-commissioner', name_en: 'Joint Commissioner', name_hi: 'ज्वाइण्ट कमिश्नर', sort_order: 2 },
  { id: 'deputy-commissioner', name_en: 'Deputy Commissioner', name_hi: 'डिप्टी कमिश्नर', sort_order: 3 },
  {
    id: 'assistant-commissioner',
    name_en: 'Assistant Commissioner',
    name_hi: 'असिस्टेंट कमिश्नर',
    sort_order: 4,
  },
  { id: 'cto', name_en: 'Commercial Tax Officer', name_hi: 'वाणिज्य कर अधिकारी', sort_order: 5 },
] as const;

const GIVEN = [
  ['Amit', 'अमित'],
  ['Sunita', 'सुनीता'],
  ['Rajesh', 'राजेश'],
  ['Priya', 'प्रिया'],
  ['Vikas', 'विकास'],
  ['Neha', 'नेहा'],
  ['Sanjay', 'संजय'],
  ['Kavita', 'कविता'],
  ['Alok', 'आलोक'],
  ['Rekha', 'रेखा'],
  ['Mohd. Arif', 'मो० आरिफ़'],
  ['Anjali', 'अंजलि'],
  ['Deepak', 'दीपक'],
  ['Shalini', 'शालिनी'],
  ['Manoj', 'मनोज'],
  ['Pooja', 'पूजा'],
  ['Ravi', 'रवि'],
] as const;

const FAMILY = [
  ['Verma', 'वर्मा'],
  ['Srivastava', 'श्रीवास्तव'],
  ['Yadav', 'यादव'],
  ['Mishra', 'मिश्रा'],
  ['Khan', 'ख़ान'],
  ['Singh', 'सिंह'],
  ['Gupta', 'गुप्ता'],
  ['Pandey', 'पाण्डेय'],
  ['Tripathi', 'त्रिपाठी'],
  ['Chauhan', 'चौहान'],
  ['Saxena', 'सक्सेना'],
  ['Maurya', 'मौर्य'],
  ['Rawat', 'रावत'],
] as const;

/** A deterministic officer name for demo row `i` (English, Hindi). */
export function demoName(i: number): [string, string] {
  const g = GIVEN[i % GIVEN.length] ?? GIVEN[0];
  const f = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] ?? FAMILY[0];
  return [`${g[0]} ${f[0]}`, `${g[1]} ${f[1]}`];
}
