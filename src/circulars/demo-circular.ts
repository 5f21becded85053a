import { issueCircular, type IssueDeps, type IssueOutcome } from './issue-service.ts';
import { insertDraft } from './repository.ts';

/**
 * The circular that started the project (Commissioner, Commercial Tax, U.P., April 2020), summarised in
 * both languages, for the demo seed to insert as an issued circular. The seed owns the insert; this is
 * data only. Audiences: zonal heads and joint commissioners as recipients, HQ copied.
 */
export const DEMO_CIRCULAR = {
  number: '08/वाणिज्य कर/VPN/2020-21',
  issuedOn: '2020-04-20',
  subjectHi: 'Work From Home हेतु VPN सुविधा एवं धारा-133 के अंतर्गत गोपनीयता',
  subjectEn: 'VPN access for work from home, and confidentiality under section 133',
  bodyHi: [
    'Covid-19 के कारण लम्बी Lockdown अवधि के उपरान्त जिन जनपदों में विभागीय कार्यालय अभी नहीं खुल सके हैं, वहाँ जोनल एडीशनल कमिश्नर के प्रस्ताव पर एडजुडिकेशन विंग तथा प्रवर्तन विंग के 372 अधिकारियों के लिए "Work From Home" हेतु VPN सुविधा GSTN द्वारा उपलब्ध करा दी गई है।',
    '',
    'VPN की User ID तथा पासवर्ड जोनल कार्यालयों द्वारा उपलब्ध करायी गई ई-मेल पर भेजे गए हैं। VPN में Login के पश्चात् अधिकारी अपनी BOWEB User ID से कार्य कर सकते हैं। समस्या होने पर System Integrator का सहयोग लें या Ticket generate करें।',
    '',
    'उ0प्र0 माल एवं सेवा कर अधिनियम की धारा-133 के अनुसार कर्तव्य के अतिरिक्त जानबूझकर सूचना का प्रकटन छह माह तक के कारावास, पच्चीस हजार रुपये तक के अर्थदण्ड, या दोनों से दण्डनीय है। VPN से सम्बन्धित समस्त Credentials गोपनीय हैं; डाटा की सुरक्षा का उत्तरदायित्व सम्बन्धित यूज़र का होगा।',
    '',
    'कृपया सभी अधीनस्थ अधिकारियों को अवगत कराने का कष्ट करें।',
  ].join('\n'),
  bodyEn: [
    'After the long Covid-19 lockdown, in the districts whose departmental offices have not yet reopened, GSTN has provided VPN access for "work from home" to 372 officers of the adjudication and enforcement wings, on the proposals of the zonal additional commissioners.',
    '',
    'VPN user IDs and passwords have been sent to the e-mail addresses the zonal offices supplied. After signing in to the VPN, officers work in BOWEB with their existing BOWEB user ID. For problems, ask the system integrator at the location, or raise a ticket.',
    '',
    'Under section 133 of the U.P. Goods and Services Tax Act, wilfully disclosing information other than in the course of duty is punishable with imprisonment of up to six months, a fine of up to twenty-five thousand rupees, or both. All VPN credentials are confidential; each user is responsible for the security of the data.',
    '',
    'Please inform all subordinate officers accordingly.',
  ].join('\n'),
  authorityHi: 'कमिश्नर, वाणिज्य कर, उ0प्र0',
  authorityEn: 'Commissioner, Commercial Tax, Uttar Pradesh',
  copyToHi: [
    'निजी सचिव, अपर मुख्य सचिव, राज्य कर, उ0प्र0 शासन को माननीय महोदय के अवलोकनार्थ।',
    'एडीशनल कमिश्नर, वाणिज्य कर, उत्तर प्रदेश।',
  ].join('\n'),
  copyToEn: [
    'Private Secretary to the Additional Chief Secretary, State Tax, Government of U.P., for his kind perusal.',
    'Additional Commissioner, Commercial Tax, Uttar Pradesh.',
  ].join('\n'),
  ackRequired: true,
  gatesAccess: false,
  audiences: [
    { kind: 'recipient', role: 'zonal_head', zoneId: null, districtId: null },
    { kind: 'recipient', role: 'joint_commissioner', zoneId: null, districtId: null },
    { kind: 'copy', role: 'hq_admin', zoneId: null, districtId: null },
  ],
} as const;

/**
 * Issues the demo circular as HQ would (the demo's first start): a draft, then issued through the same
 * service as the console's button, so its recipients get their mail and see the banner.
 */
export async function issueDemoCircular(deps: IssueDeps): Promise<IssueOutcome> {
  const now = deps.clock.now();
  const id = await deps.store.db
    .transaction()
    .execute((trx) => insertDraft(trx, { ...DEMO_CIRCULAR, ackDeadline: null }, 'hq.admin', now));
  return issueCircular(deps, { userId: 'hq.admin', ip: '127.0.0.1' }, id);
}
