/**
 * Messages of the optional endpoint inspector (`dwaar-inspect`): pairing at the trust step, the report
 * command, its findings and its refusals, in English and Hindi. Keys are prefixed `inspector.`.
 */
export const en = {
  'inspector.trustOptionSummary': 'Also use the inspector (optional)',
  'inspector.trustOptionExplain':
    'Some applications ask for a report from Dwaar’s inspector, a small program you run on this computer. It tells the portal whether the operating system has its security updates and whether disk encryption, the firewall and the screen lock are on. Tick this to get a one-time pairing code on the next page.',
  'inspector.trustOptionLabel': 'Pair the inspector with this device',
  'inspector.pairTitle': 'Pair the inspector',
  'inspector.pairIntro':
    'This device is now trusted. To pair the inspector with it, run this command on this computer within 10 minutes (it needs Node.js 20 or later). The code works once.',
  'inspector.pairCodeLabel': 'Pairing code',
  'inspector.commandLabel': 'Command to run',
  'inspector.download': 'Download the inspector (dwaar-inspect.js)',
  'inspector.pairCheck': 'I have run it: check again',
  'inspector.pairDone': 'The inspector is paired with this device.',
  'inspector.pairNone':
    'There is no pairing code for this device now. A code is offered when you choose to trust this site and tick “Pair the inspector”; it is valid for 10 minutes.',
  'inspector.pairNotTrusted':
    'This browser is not a trusted device, so the inspector cannot be paired with it.',
  'inspector.continueSignIn': 'Continue signing in',
  'inspector.pageTitle': 'Computer check (inspector)',
  'inspector.reportIntro':
    'Run this command on this computer within 10 minutes. The inspector checks the computer, signs its findings with the key it registered when it was paired, and sends them for this session only. The command works once.',
  'inspector.reportAfter': 'Then reload this page to see the findings.',
  'inspector.noDevice':
    'This session did not start on a trusted device, so the inspector cannot report for it. At your next sign-in, choose to trust this site and pair the inspector.',
  'inspector.notPaired':
    'The inspector is not paired with this device. Pairing is offered at the trust step: log out, sign in again, choose to trust this site and tick “Pair the inspector”.',
  'inspector.backToWebtop': 'Back to my applications',
  'inspector.findingsCaption': 'Last report from the inspector, received {when}',
  'inspector.noReport': 'The inspector has not reported for this session yet.',
  'inspector.colCheck': 'Check',
  'inspector.colFinding': 'Finding',
  'inspector.factOs': 'Operating system',
  'inspector.factOsPatched': 'Security updates installed',
  'inspector.factDisk': 'Disk encryption',
  'inspector.factFirewall': 'Firewall',
  'inspector.factScreenLock': 'Screen lock',
  'inspector.valueYes': 'Yes',
  'inspector.valueNo': 'No',
  'inspector.valueUnknown': 'Could not tell',
  'inspector.webtopLink': 'Check this computer with the inspector',
  'inspector.errTitle': 'Inspector report refused',
  'inspector.errCodeUnknown':
    'This pairing code is unknown, already used or expired. Choose to trust this site again at your next sign-in to get a new one.',
  'inspector.errNonceUnknown':
    'This report command is unknown, already used or expired. Open the inspector page in the portal again for a new command.',
  'inspector.errBadSignature':
    'The report’s signature does not match the key paired with this device, so it was not accepted.',
  'inspector.errPairSignature': 'The pairing request was not signed with the key it registers.',
  'inspector.errNotPaired':
    'The inspector is not paired with this device. Pair it at the trust step of your next sign-in.',
  'inspector.errDeviceRevoked':
    'This device is no longer trusted. Sign in again and trust the site to use the inspector.',
  'inspector.errAlreadyPaired':
    'This device is already paired with an inspector. To pair another, trust the site again at your next sign-in.',
  'inspector.errStale':
    'The report’s time differs from the portal’s by more than 5 minutes. Check this computer’s clock, then run a new command from the inspector page.',
  'inspector.errSessionEnded': 'The session this report was for has ended.',
  'inspector.errMalformed': 'The inspector’s request could not be read. Use the latest dwaar-inspect.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'inspector.trustOptionSummary': 'इंस्पेक्टर प्रोग्राम का भी उपयोग करें (वैकल्पिक)',
  'inspector.trustOptionExplain':
    'कुछ अनुप्रयोग द्वार के इंस्पेक्टर प्रोग्राम की रिपोर्ट माँगते हैं। यह एक छोटा प्रोग्राम है जिसे आप इसी कंप्यूटर पर चलाते हैं। यह पोर्टल को बताता है कि ऑपरेटिंग सिस्टम में सुरक्षा अपडेट लगे हैं या नहीं, और डिस्क एन्क्रिप्शन, फ़ायरवॉल तथा स्क्रीन लॉक चालू हैं या नहीं। अगले पृष्ठ पर एक बार उपयोग होने वाला पेयरिंग कोड पाने के लिए इसे चुनें।',
  'inspector.trustOptionLabel': 'इंस्पेक्टर प्रोग्राम को इस डिवाइस से जोड़ें',
  'inspector.pairTitle': 'इंस्पेक्टर प्रोग्राम जोड़ें',
  'inspector.pairIntro':
    'यह डिवाइस अब विश्वसनीय है। इंस्पेक्टर प्रोग्राम को इससे जोड़ने के लिए 10 मिनट के भीतर इसी कंप्यूटर पर यह कमांड चलाएँ (इसके लिए Node.js 20 या नया संस्करण चाहिए)। कोड केवल एक बार काम करता है।',
  'inspector.pairCodeLabel': 'पेयरिंग कोड',
  'inspector.commandLabel': 'चलाने के लिए कमांड',
  'inspector.download': 'इंस्पेक्टर प्रोग्राम डाउनलोड करें (dwaar-inspect.js)',
  'inspector.pairCheck': 'मैंने चला दिया: फिर से देखें',
  'inspector.pairDone': 'इंस्पेक्टर प्रोग्राम इस डिवाइस से जुड़ गया है।',
  'inspector.pairNone':
    'इस डिवाइस के लिए अभी कोई पेयरिंग कोड नहीं है। कोड तब मिलता है जब आप इस साइट को विश्वसनीय मानें और “इंस्पेक्टर प्रोग्राम को इस डिवाइस से जोड़ें” चुनें; यह 10 मिनट तक मान्य रहता है।',
  'inspector.pairNotTrusted':
    'यह ब्राउज़र विश्वसनीय डिवाइस नहीं है, इसलिए इंस्पेक्टर प्रोग्राम को इससे नहीं जोड़ा जा सकता।',
  'inspector.continueSignIn': 'साइन-इन जारी रखें',
  'inspector.pageTitle': 'कंप्यूटर जाँच (इंस्पेक्टर प्रोग्राम)',
  'inspector.reportIntro':
    '10 मिनट के भीतर इसी कंप्यूटर पर यह कमांड चलाएँ। इंस्पेक्टर प्रोग्राम कंप्यूटर की जाँच करता है, अपने निष्कर्षों पर जोड़ते समय पंजीकृत कुंजी से हस्ताक्षर करता है और उन्हें केवल इसी सत्र के लिए भेजता है। कमांड केवल एक बार काम करता है।',
  'inspector.reportAfter': 'फिर निष्कर्ष देखने के लिए यह पृष्ठ दोबारा लोड करें।',
  'inspector.noDevice':
    'यह सत्र किसी विश्वसनीय डिवाइस पर शुरू नहीं हुआ, इसलिए इंस्पेक्टर प्रोग्राम इसके लिए रिपोर्ट नहीं भेज सकता। अगले साइन-इन पर इस साइट को विश्वसनीय मानें और इंस्पेक्टर प्रोग्राम जोड़ें।',
  'inspector.notPaired':
    'इंस्पेक्टर प्रोग्राम इस डिवाइस से नहीं जुड़ा है। इसे विश्वसनीय साइट वाले चरण में जोड़ा जाता है: लॉग आउट करें, फिर से साइन-इन करें, इस साइट को विश्वसनीय मानें और “इंस्पेक्टर प्रोग्राम को इस डिवाइस से जोड़ें” चुनें।',
  'inspector.backToWebtop': 'मेरे अनुप्रयोगों पर वापस जाएँ',
  'inspector.findingsCaption': 'इंस्पेक्टर प्रोग्राम की पिछली रिपोर्ट, {when} को मिली',
  'inspector.noReport': 'इंस्पेक्टर प्रोग्राम ने इस सत्र के लिए अभी कोई रिपोर्ट नहीं भेजी है।',
  'inspector.colCheck': 'जाँच',
  'inspector.colFinding': 'निष्कर्ष',
  'inspector.factOs': 'ऑपरेटिंग सिस्टम',
  'inspector.factOsPatched': 'सुरक्षा अपडेट लगे हैं',
  'inspector.factDisk': 'डिस्क एन्क्रिप्शन',
  'inspector.factFirewall': 'फ़ायरवॉल',
  'inspector.factScreenLock': 'स्क्रीन लॉक',
  'inspector.valueYes': 'हाँ',
  'inspector.valueNo': 'नहीं',
  'inspector.valueUnknown': 'पता नहीं चल सका',
  'inspector.webtopLink': 'इंस्पेक्टर प्रोग्राम से इस कंप्यूटर की जाँच करें',
  'inspector.errTitle': 'इंस्पेक्टर प्रोग्राम की रिपोर्ट अस्वीकृत',
  'inspector.errCodeUnknown':
    'यह पेयरिंग कोड अज्ञात है, पहले ही उपयोग हो चुका है या उसकी अवधि समाप्त हो गई है। नया कोड पाने के लिए अगले साइन-इन पर इस साइट को फिर से विश्वसनीय मानें।',
  'inspector.errNonceUnknown':
    'यह रिपोर्ट कमांड अज्ञात है, पहले ही उपयोग हो चुका है या उसकी अवधि समाप्त हो गई है। नए कमांड के लिए पोर्टल में इंस्पेक्टर प्रोग्राम वाला पृष्ठ फिर से खोलें।',
  'inspector.errBadSignature':
    'रिपोर्ट का हस्ताक्षर इस डिवाइस से जुड़ी कुंजी से मेल नहीं खाता, इसलिए रिपोर्ट स्वीकार नहीं की गई।',
  'inspector.errPairSignature': 'जोड़ने के अनुरोध पर उस कुंजी से हस्ताक्षर नहीं है जिसे वह पंजीकृत करता है।',
  'inspector.errNotPaired':
    'इंस्पेक्टर प्रोग्राम इस डिवाइस से नहीं जुड़ा है। इसे अगले साइन-इन के विश्वसनीय साइट वाले चरण में जोड़ें।',
  'inspector.errDeviceRevoked':
    'यह डिवाइस अब विश्वसनीय नहीं है। इंस्पेक्टर प्रोग्राम के उपयोग के लिए फिर से साइन-इन करें और इस साइट को विश्वसनीय मानें।',
  'inspector.errAlreadyPaired':
    'यह डिवाइस पहले से एक इंस्पेक्टर प्रोग्राम से जुड़ा है। दूसरा जोड़ने के लिए अगले साइन-इन पर इस साइट को फिर से विश्वसनीय मानें।',
  'inspector.errStale':
    'रिपोर्ट का समय पोर्टल के समय से 5 मिनट से अधिक अलग है। इस कंप्यूटर की घड़ी जाँचें, फिर इंस्पेक्टर प्रोग्राम वाले पृष्ठ से नया कमांड चलाएँ।',
  'inspector.errSessionEnded': 'जिस सत्र के लिए यह रिपोर्ट थी, वह समाप्त हो चुका है।',
  'inspector.errMalformed': 'इंस्पेक्टर प्रोग्राम का अनुरोध पढ़ा नहीं जा सका। dwaar-inspect का नवीनतम संस्करण उपयोग करें।',
};
