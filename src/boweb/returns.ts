// Deterministic dummy dealer returns: the same rows on every start, so demos and tests agree.

export type ReturnForm = 'GSTR-3B' | 'GSTR-1';
export type ReturnStatus = 'filed' | 'pending-scrutiny' | 'notice-issued';

export interface DealerReturn {
  readonly id: string;
  readonly gstin: string;
  readonly tradeNameEn: string;
  readonly tradeNameHi: string;
  readonly districtEn: string;
  readonly districtHi: string;
  /** Tax period as `YYYY-MM`. */
  readonly taxPeriod: string;
  readonly form: ReturnForm;
  /** Tax liability in paise, so no floating-point rupees. */
  readonly taxLiabilityPaise: number;
  readonly status: ReturnStatus;
  /** Filing date as `YYYY-MM-DD`. */
  readonly filedOn: string;
}

const DEALERS: readonly (readonly [en: string, hi: string])[] = [
  ['Sharma Traders', 'शर्मा ट्रेडर्स'],
  ['Gupta Kirana Store', 'गुप्ता किराना स्टोर'],
  ['Verma Steel Works', 'वर्मा स्टील वर्क्स'],
  ['Agarwal Textiles', 'अग्रवाल टेक्सटाइल्स'],
  ['Yadav Dairy Products', 'यादव डेयरी प्रोडक्ट्स'],
  ['Khan Leather Exports', 'ख़ान लेदर एक्सपोर्ट्स'],
  ['Mishra Paper Mart', 'मिश्रा पेपर मार्ट'],
  ['Singh Auto Parts', 'सिंह ऑटो पार्ट्स'],
  ['Jaiswal Sweets', 'जायसवाल मिष्ठान्न'],
  ['Pandey Electricals', 'पाण्डेय इलेक्ट्रिकल्स'],
  ['Tiwari Hardware', 'तिवारी हार्डवेयर'],
  ['Srivastava Pharma', 'श्रीवास्तव फार्मा'],
  ['Rastogi Jewellers', 'रस्तोगी ज्वैलर्स'],
  ['Chaurasia Paan Bhandar', 'चौरसिया पान भंडार'],
  ['Saxena Book Depot', 'सक्सेना बुक डिपो'],
  ['Maurya Cold Storage', 'मौर्य कोल्ड स्टोरेज'],
  ['Kesarwani Oil Mills', 'केसरवानी ऑयल मिल्स'],
  ['Qureshi Carpets', 'क़ुरैशी कारपेट्स'],
  ['Dubey Cement Agency', 'दुबे सीमेंट एजेंसी'],
  ['Rathore Furniture House', 'राठौर फ़र्नीचर हाउस'],
];

const DISTRICTS: readonly (readonly [en: string, hi: string])[] = [
  ['Lucknow', 'लखनऊ'],
  ['Kanpur Nagar', 'कानपुर नगर'],
  ['Varanasi', 'वाराणसी'],
  ['Agra', 'आगरा'],
  ['Prayagraj', 'प्रयागराज'],
  ['Gorakhpur', 'गोरखपुर'],
];

const STATUSES: readonly ReturnStatus[] = ['filed', 'filed', 'pending-scrutiny', 'filed', 'notice-issued'];
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const STATE_CODE = '09';

function pickLetter(seed: number): string {
  return LETTERS.charAt(seed % LETTERS.length);
}

/** The GSTIN check character (mod-36 Luhn variant), so the dummy numbers look valid. */
export function computeGstinCheckChar(first14: string): string {
  let sum = 0;
  for (let index = 0; index < first14.length; index += 1) {
    const product = ALPHANUMERIC.indexOf(first14.charAt(index)) * (index % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return ALPHANUMERIC.charAt((36 - (sum % 36)) % 36);
}

function buildGstin(index: number, tradeName: string): string {
  // PAN shape: 3 letters, holder type (P person / F firm), initial, 4 digits, a letter.
  const pan =
    'AB' +
    pickLetter(index * 7) +
    (index % 3 === 0 ? 'F' : 'P') +
    tradeName.charAt(0) +
    String(1000 + ((index * 373) % 9000)).padStart(4, '0') +
    pickLetter(index * 11 + 3);
  const first14 = `${STATE_CODE}${pan}1Z`;
  return first14 + computeGstinCheckChar(first14);
}

function addMonth(period: string): { year: number; month: number } {
  const [year = 0, month = 0] = period.split('-').map(Number);
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

function buildDealerReturn(
  [tradeNameEn, tradeNameHi]: readonly [string, string],
  index: number,
): DealerReturn {
  const district = DISTRICTS[index % DISTRICTS.length] ?? ['Lucknow', 'लखनऊ'];
  // Financial year 2024-25: April 2024 to March 2025.
  const monthIndex = (index * 5) % 12;
  const month = ((monthIndex + 3) % 12) + 1;
  const year = month >= 4 ? 2024 : 2025;
  const taxPeriod = `${year}-${String(month).padStart(2, '0')}`;
  const form: ReturnForm = index % 2 === 0 ? 'GSTR-3B' : 'GSTR-1';
  const due = addMonth(taxPeriod);
  const filedDay = (form === 'GSTR-1' ? 11 : 20) - (index % 4);
  return {
    id: `R${String(index + 1).padStart(3, '0')}`,
    gstin: buildGstin(index, tradeNameEn),
    tradeNameEn,
    tradeNameHi,
    districtEn: district[0],
    districtHi: district[1],
    taxPeriod,
    form,
    // A multiplicative hash spreads the amounts between ₹12,500 and about ₹48 lakh.
    taxLiabilityPaise: (((index + 1) * 2_654_435_761) % 480_000_000) + 1_250_000,
    status: STATUSES[index % STATUSES.length] ?? 'filed',
    filedOn: `${due.year}-${String(due.month).padStart(2, '0')}-${String(filedDay).padStart(2, '0')}`,
  };
}

export const DEALER_RETURNS: readonly DealerReturn[] = Object.freeze(DEALERS.map(buildDealerReturn));

const RETURNS_BY_ID = new Map(DEALER_RETURNS.map((dealerReturn) => [dealerReturn.id, dealerReturn]));

export function findDealerReturn(id: string): DealerReturn | undefined {
  return RETURNS_BY_ID.get(id);
}
