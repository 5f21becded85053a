/**
 * Messages of the sign-in steps and their defences (trust choice, device-check findings, attempts left, a lost
 * flow, throttling, unlock links), in English and Hindi. Keys are prefixed `signin.`.
 */
export const en = {
  'signin.errThrottled':
    'Too many wrong passwords for this user ID from devices it has not signed in on. Sign-in from new devices is paused until {until}. If this is your account, sign in on a device you have used before, or open the unlock link sent to your registered e-mail.',
  'signin.unlockSubject': 'Sign-in to your Dwaar account from new devices is paused',
  'signin.unlockMailLocked':
    'Someone typed wrong passwords for your user ID several times from a device you have not signed in on. To protect your account, sign-in from new devices is paused until {until}. The devices you signed in on before still work.',
  'signin.unlockMailLink':
    'If it was you and you want to sign in now from a new device, open this link (it works once, within 24 hours):',
  'signin.unlockMailNotYou':
    'If it was not you, you need not do anything: your password was not accepted. Tell the system integrator at your location.',
  'signin.unlockTitle': 'Resume sign-in',
  'signin.unlockIntro': 'Press the button to let this account sign in from new devices again.',
  'signin.unlockButton': 'Resume sign-in',
  'signin.unlockDone': 'Sign-in from new devices is allowed again. You can sign in now.',
  'signin.errUnlockInvalid':
    'This unlock link is not valid: it has been used already, has expired, or was copied incompletely.',
  'signin.trustLegend': 'Do you trust this site on this device?',
  'signin.trustYes': 'Trust this site on this device and always allow the device check',
  'signin.trustNo': 'Not this time (the next sign-in asks again)',
  'signin.errTrustChoice': 'Choose whether to trust this site on this device.',
  'signin.cookiesAllowed': 'Allowed',
  'signin.cookiesBlocked': 'Blocked',
  'signin.attemptLeft': '{n} attempt left before the account is locked.',
  'signin.flowLostTitle': 'Sign-in stopped',
  'signin.flowLostUserId':
    'Your user ID {userId} is kept: it is filled in for you when you reach the login step again.',
  'signin.flowLostCookies':
    'If this happens again straight away, this browser may be blocking cookies for this site: the device check says so.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'signin.errThrottled':
    'इस यूज़र आईडी के लिए उन डिवाइस से, जिन पर इससे पहले साइन-इन नहीं हुआ, बहुत बार गलत पासवर्ड डाला गया। नए डिवाइस से साइन-इन {until} तक रोका गया है। यदि यह आपका खाता है, तो उस डिवाइस से साइन-इन करें जिस पर आप पहले साइन-इन कर चुके हैं, या अपनी पंजीकृत ई-मेल पर भेजा गया अनलॉक लिंक खोलें।',
  'signin.unlockSubject': 'नए डिवाइस से आपके द्वार खाते में साइन-इन रोका गया है',
  'signin.unlockMailLocked':
    'किसी ने आपकी यूज़र आईडी के लिए ऐसे डिवाइस से कई बार गलत पासवर्ड डाला, जिस पर आपने पहले साइन-इन नहीं किया है। आपके खाते की सुरक्षा के लिए नए डिवाइस से साइन-इन {until} तक रोका गया है। जिन डिवाइस पर आप पहले साइन-इन कर चुके हैं, वे काम करते रहेंगे।',
  'signin.unlockMailLink':
    'यदि यह आप थे और आप अभी किसी नए डिवाइस से साइन-इन करना चाहते हैं, तो यह लिंक खोलें (यह 24 घंटे के भीतर केवल एक बार काम करेगा):',
  'signin.unlockMailNotYou':
    'यदि यह आप नहीं थे, तो आपको कुछ करने की ज़रूरत नहीं है: आपका पासवर्ड स्वीकार नहीं हुआ। अपने स्थान के सिस्टम इंटीग्रेटर को सूचित करें।',
  'signin.unlockTitle': 'साइन-इन फिर से शुरू करें',
  'signin.unlockIntro': 'इस खाते में नए डिवाइस से फिर से साइन-इन की अनुमति देने के लिए बटन दबाएँ।',
  'signin.unlockButton': 'साइन-इन फिर से शुरू करें',
  'signin.unlockDone': 'नए डिवाइस से साइन-इन की अनुमति फिर से मिल गई है। अब आप साइन-इन कर सकते हैं।',
  'signin.errUnlockInvalid':
    'यह अनलॉक लिंक मान्य नहीं है: इसका उपयोग पहले ही हो चुका है, इसकी अवधि समाप्त हो गई है, या यह अधूरा कॉपी हुआ है।',
  'signin.trustLegend': 'क्या आप इस डिवाइस पर इस साइट को विश्वसनीय मानते हैं?',
  'signin.trustYes': 'इस डिवाइस पर इस साइट को विश्वसनीय मानें और डिवाइस जाँच की हमेशा अनुमति दें',
  'signin.trustNo': 'इस बार नहीं (अगले साइन-इन पर फिर पूछा जाएगा)',
  'signin.errTrustChoice': 'चुनें कि इस डिवाइस पर इस साइट को विश्वसनीय मानना है या नहीं।',
  'signin.cookiesAllowed': 'अनुमति है',
  'signin.cookiesBlocked': 'अवरुद्ध',
  'signin.attemptLeft': 'खाता लॉक होने से पहले {n} प्रयास शेष है।',
  'signin.flowLostTitle': 'साइन-इन रोका गया',
  'signin.flowLostUserId':
    'आपकी यूज़र आईडी {userId} सुरक्षित रखी गई है: लॉग इन चरण पर फिर पहुँचने पर यह अपने-आप भर दी जाएगी।',
  'signin.flowLostCookies':
    'यदि यह तुरंत फिर हो, तो हो सकता है कि यह ब्राउज़र इस साइट की कुकीज़ रोक रहा हो: डिवाइस जाँच यह बता देगी।',
};
