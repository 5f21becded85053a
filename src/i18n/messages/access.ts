/** Messages of the access policy as officers meet it, in English and Hindi. Keys are prefixed `access.`. */
export const en = {
  'access.denyZone': 'Remote access to this application is granted to other zones only.',
  'access.denyDistrict': 'Remote access to this application is granted to other districts only.',
  'access.denyRank': 'Remote access to this application is granted to other ranks only.',
  'access.denyOfficeClosed': 'This application is for officers whose district office is open.',
  'access.denyAcknowledgement':
    'A document you must acknowledge has a new version. Open the application again to read and acknowledge it.',
  'access.denySecondFactor':
    'This application needs a stronger sign-in (for example a passkey). Sign out and sign in again with it.',
  'access.denyDevice':
    'This application opens only on a device you chose to trust. Sign in again and choose “Trust this site”.',
  'access.denyPostureRequired':
    'This application needs a recent report from the Dwaar inspector on this computer. Run the inspector from the portal page.',
  'access.denyPostureFailed':
    'The Dwaar inspector found this computer does not meet the security checks for this application (such as disk encryption or the firewall). Ask your system integrator.',
  'access.denyHours': 'This application is open only during its working hours (India time). Try again then.',
  'access.denyNetwork': 'This application cannot be opened from the network you are on.',
  'access.deniedNow': '{name} is not available to you now.',
  'access.removed': '{name} is no longer offered through Dwaar. Your other applications are below.',
  'access.ackTitle': 'Read and acknowledge',
  'access.ackIntro':
    'Before your session opens, read the following and confirm that you have read it. Your acknowledgement is recorded with the version, the time and your address.',
  'access.ackAccept': 'I have read the above and accept it.',
  'access.ackContinue': 'Acknowledge and continue',
  'access.ackRequired': 'Tick the box to confirm that you have read the above, or press Cancel.',
  'access.ackChanged':
    'A newer version was published while this page was open. Read it below and confirm again.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'access.denyZone': 'इस एप्लिकेशन का रिमोट एक्सेस केवल अन्य जोन को दिया गया है।',
  'access.denyDistrict': 'इस एप्लिकेशन का रिमोट एक्सेस केवल अन्य जनपदों को दिया गया है।',
  'access.denyRank': 'इस एप्लिकेशन का रिमोट एक्सेस केवल अन्य पदों को दिया गया है।',
  'access.denyOfficeClosed': 'यह एप्लिकेशन उन अधिकारियों के लिए है जिनका जनपद कार्यालय खुला है।',
  'access.denyAcknowledgement':
    'जिस दस्तावेज़ की पावती आपको देनी है, उसका नया संस्करण आया है। उसे पढ़ने और पावती देने के लिए एप्लिकेशन फिर से खोलें।',
  'access.denySecondFactor':
    'इस एप्लिकेशन के लिए अधिक सुरक्षित लॉग इन (जैसे पासकी) आवश्यक है। लॉग आउट करके उसी से फिर से लॉग इन करें।',
  'access.denyDevice':
    'यह एप्लिकेशन केवल उसी डिवाइस पर खुलता है जिसे आपने विश्वसनीय चुना हो। फिर से लॉग इन करें और “इस साइट पर भरोसा करें” चुनें।',
  'access.denyPostureRequired':
    'इस एप्लिकेशन के लिए इस कंप्यूटर पर द्वार इंस्पेक्टर की हाल की रिपोर्ट आवश्यक है। पोर्टल पृष्ठ से इंस्पेक्टर चलाएँ।',
  'access.denyPostureFailed':
    'द्वार इंस्पेक्टर के अनुसार यह कंप्यूटर इस एप्लिकेशन की सुरक्षा जाँचें (जैसे डिस्क एन्क्रिप्शन या फ़ायरवॉल) पूरी नहीं करता। अपने सिस्टम इंटीग्रेटर से संपर्क करें।',
  'access.denyHours': 'यह एप्लिकेशन केवल अपने कार्य समय (भारतीय समय) में खुलता है। तब फिर प्रयास करें।',
  'access.denyNetwork': 'आप जिस नेटवर्क पर हैं, वहाँ से यह एप्लिकेशन नहीं खोला जा सकता।',
  'access.deniedNow': '{name} अभी आपके लिए उपलब्ध नहीं है।',
  'access.removed': '{name} अब द्वार के माध्यम से उपलब्ध नहीं है। आपके अन्य एप्लिकेशन नीचे हैं।',
  'access.ackTitle': 'पढ़ें और पावती दें',
  'access.ackIntro':
    'आपका सत्र खुलने से पहले नीचे दिया गया पाठ पढ़ें और पुष्टि करें कि आपने उसे पढ़ लिया है। आपकी पावती संस्करण, समय और आपके पते के साथ दर्ज की जाती है।',
  'access.ackAccept': 'मैंने ऊपर दिया गया पाठ पढ़ लिया है और उसे स्वीकार करता/करती हूँ।',
  'access.ackContinue': 'पावती दें और आगे बढ़ें',
  'access.ackRequired': 'पुष्टि के लिए बॉक्स पर टिक करें कि आपने ऊपर दिया गया पाठ पढ़ लिया है, या रद्द करें दबाएँ।',
  'access.ackChanged': 'यह पृष्ठ खुला रहते हुए एक नया संस्करण प्रकाशित हुआ है। उसे नीचे पढ़ें और फिर से पुष्टि करें।',
};
