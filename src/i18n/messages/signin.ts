/** Messages of sign-in defences: throttling, unlock links, body limits, in English and Hindi. Keys are prefixed `signin.`. */
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
} as const;

export const hi: Record<keyof typeof en, string> = {
  'signin.errThrottled':
    'इस यूज़र आईडी के लिए उन उपकरणों से, जिन पर इससे पहले साइन-इन नहीं हुआ, बहुत बार गलत पासवर्ड डाला गया। नए उपकरणों से साइन-इन {until} तक रोका गया है। यदि यह आपका खाता है, तो उस उपकरण से साइन-इन करें जिस पर आप पहले साइन-इन कर चुके हैं, या अपनी पंजीकृत ई-मेल पर भेजा गया अनलॉक लिंक खोलें।',
  'signin.unlockSubject': 'नए उपकरणों से आपके द्वार खाते में साइन-इन रोका गया है',
  'signin.unlockMailLocked':
    'किसी ने आपकी यूज़र आईडी के लिए ऐसे उपकरण से कई बार गलत पासवर्ड डाला, जिस पर आपने पहले साइन-इन नहीं किया है। आपके खाते की सुरक्षा के लिए नए उपकरणों से साइन-इन {until} तक रोका गया है। जिन उपकरणों पर आप पहले साइन-इन कर चुके हैं, वे काम करते रहेंगे।',
  'signin.unlockMailLink':
    'यदि यह आप थे और आप अभी किसी नए उपकरण से साइन-इन करना चाहते हैं, तो यह लिंक खोलें (यह 24 घंटे के भीतर केवल एक बार काम करेगा):',
  'signin.unlockMailNotYou':
    'यदि यह आप नहीं थे, तो आपको कुछ करने की ज़रूरत नहीं है: आपका पासवर्ड स्वीकार नहीं हुआ। अपने स्थान के सिस्टम इंटीग्रेटर को सूचित करें।',
  'signin.unlockTitle': 'साइन-इन फिर से शुरू करें',
  'signin.unlockIntro': 'इस खाते में नए उपकरणों से फिर से साइन-इन की अनुमति देने के लिए बटन दबाएँ।',
  'signin.unlockButton': 'साइन-इन फिर से शुरू करें',
  'signin.unlockDone': 'नए उपकरणों से साइन-इन की अनुमति फिर से मिल गई है। अब आप साइन-इन कर सकते हैं।',
  'signin.errUnlockInvalid':
    'यह अनलॉक लिंक मान्य नहीं है: इसका उपयोग पहले ही हो चुका है, इसकी अवधि समाप्त हो गई है, या यह अधूरा कॉपी हुआ है।',
};
