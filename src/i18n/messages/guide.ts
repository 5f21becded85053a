/** Messages of the guide feature, in English and Hindi. Keys are prefixed `guide.`. */
export const en = {
  'guide.title': 'User guide',
  'guide.heading': 'Dwaar user guide (English)',
  'guide.subtitle':
    'Working from home through the Dwaar gateway — for officers of the Commercial Tax Department, Uttar Pradesh',
  'guide.version': 'Version {version}',
  'guide.lastUpdated': 'Last updated: {date}',
  'guide.generated':
    'This guide is generated from the gateway’s live settings; its version changes whenever they change.',
  'guide.contents': 'Contents',
  'guide.languages': 'Languages',
  'guide.jumpEn': 'Read in English',
  'guide.jumpHi': 'हिन्दी में पढ़ें',
  'guide.pdfLink': 'Download the guide as PDF',
  'guide.versionAfterComma': ', version {n}',
  'guide.versionInBrackets': ' (version {n})',

  'guide.openTitle': 'Opening the portal',
  'guide.openUrl': 'Open the portal in your web browser at this exact address:',
  'guide.openNoInstall':
    'Nothing needs to be installed. Type the address yourself or use a bookmark; never open the portal from links in other e-mails or messages.',
  'guide.browsersIntro': 'Use a current browser:',
  'guide.browserChromium': 'Google Chrome or Microsoft Edge, version {v} or newer',
  'guide.browserFirefox': 'Mozilla Firefox, version {v} or newer',
  'guide.browserSafari': 'Safari, version {v} or newer',
  'guide.osNeeded':
    'on Windows 10 or newer, macOS, Linux, ChromeOS or Android with current updates. Use only an office or personal device, never a shared or public computer.',
  'guide.resourcesIntro': 'Through the gateway you can reach:',
  'guide.resourcesNone': 'No applications are configured yet.',

  'guide.activateTitle': 'First time: activating your account',
  'guide.activateMail':
    'After headquarters approves your zonal head’s proposal, you receive an e-mail at your registered address with your user ID and a one-time activation link. The link works once, for {hours} hours.',
  'guide.activateStep1':
    'Open the link. Read the confidentiality acknowledgement (section 133{version}) and accept it.',
  'guide.activateStep2':
    'Choose a password. Keep it to yourself and do not write it where others can see it.',
  'guide.activateStep3':
    'Set up an authenticator app on your phone (for example Google Authenticator or Microsoft Authenticator): scan the QR code shown, then type the 6-digit code the app shows.',
  'guide.activateStep4':
    'Save the recovery codes shown: print them or write them down and keep them safe. Each works once, if you lose your phone. They are shown only once.',
  'guide.activateDone': 'Your account is now active. Sign in as described in the next section.',

  'guide.signInTitle': 'Signing in',
  'guide.signInIntro': 'Every sign-in takes four steps, shown at the top of each page:',
  'guide.stepInspect':
    'Device check: the page checks your browser, operating system, secure connection and cookies. It does not read your files.',
  'guide.stepTrust':
    '{trust}: choose one of the two answers. On an office or your own device, choose to trust this site, so that the device check runs without asking next time; on any other device, choose “Not this time”.',
  'guide.stepDisclaimer':
    'Disclaimer: read it{version} and choose “{agree}”. Without agreeing you cannot continue.',
  'guide.stepLogin':
    'Secure login: enter your user ID, your password and the 6-digit one-time code from your authenticator app. If you have lost your phone, use one of your recovery codes instead of the code.',

  'guide.webtopTitle': 'Your applications and the back-office portal',
  'guide.webtopIntro':
    'After login, the webtop lists the applications you may use. Choose “{open}” next to one.',
  'guide.webtopBackOffice':
    'The back-office portal opens on its own address. Log in there with your existing back-office user ID and password — they are not your gateway password.',
  'guide.webtopSession':
    'Your session ends after {idle} minutes without use, and after {hours} hours at most. A warning appears before an idle session ends; choose “{continue}” to keep working. Save your work in the back-office portal often.',
  'guide.webtopLogout': 'When you finish, choose “{logout}” on the webtop.',
  'guide.webtopReopen':
    'Remote access is for officers whose district office is closed. When headquarters declares your district office open again, you receive an e-mail, and your remote access ends {days} working days later, at 18:00 India time.',

  'guide.errorsTitle': 'If something goes wrong',
  'guide.errorsCaption': 'Messages you may see, what they mean and what to do',
  'guide.colMessage': 'What you see',
  'guide.colMeaning': 'What it means',
  'guide.colAction': 'What to do',
  'guide.errWrongSee': 'The user ID or password is wrong',
  'guide.errWrongMeans': 'One of them was typed wrongly. The page says how many attempts are left.',
  'guide.errWrongDo': 'Check Caps Lock and the keyboard language, then type both again carefully.',
  'guide.errLockedSee': 'Sign-in is locked until …',
  'guide.errLockedMeans':
    'After {failures} wrong attempts sign-in is locked: {minutes} minutes the first time, doubling each time after that, up to {maxHours} hours.',
  'guide.errLockedDo':
    'Wait until the time shown, or call the system integrator at your location to unlock it sooner.',
  'guide.errNotActivatedSee': 'This account is not activated yet',
  'guide.errNotActivatedMeans': 'Activation from the e-mail has not been completed.',
  'guide.errNotActivatedDo':
    'Open the activation link in the e-mail. If it does not work, ask your zonal office to send a new one.',
  'guide.errExpiredSee': 'The link has expired',
  'guide.errExpiredMeans': 'Activation links work for {hours} hours only.',
  'guide.errExpiredDo': 'Ask your zonal office to send a new link.',
  'guide.errUsedSee': 'The link has already been used',
  'guide.errUsedMeans': 'Each link works only once.',
  'guide.errUsedDo':
    'If you completed activation, simply sign in. If you did not, call the system integrator at once: someone else may have used your link.',
  'guide.errSupersededSee': 'A newer link has been sent',
  'guide.errSupersededMeans': 'A new link was sent after this one, so this one no longer works.',
  'guide.errSupersededDo': 'Use the link in the newest e-mail.',
  'guide.errBrowserSee': 'Device check failed: Browser',
  'guide.errBrowserMeans': 'Your browser is too old or not supported.',
  'guide.errBrowserDo':
    'Update Chrome or Edge to version {chromium} or newer, Firefox to {firefox} or newer, or Safari to {safari} or newer, then choose “{retry}”.',
  'guide.errOsSee': 'Device check failed: Operating system',
  'guide.errOsMeans':
    'The operating system no longer receives security updates (for example Windows 7 or Windows 8).',
  'guide.errOsDo': 'Use Windows 10 or newer, macOS, Linux, ChromeOS or Android with current updates.',
  'guide.errSecureSee': 'Device check failed: Secure connection',
  'guide.errSecureMeans': 'The portal was not opened over a secure connection at its proper address.',
  'guide.errSecureDo': 'Open exactly {url}, typed or from a bookmark, then choose “{retry}”.',
  'guide.errCookiesSee': 'Device check failed: Cookies',
  'guide.errCookiesMeans': 'Your browser blocks cookies for this site; sign-in needs them.',
  'guide.errCookiesDo':
    'Allow cookies for this site in the browser settings (or leave private browsing), then choose “{retry}”.',
  'guide.errIdleSee': 'Your session ended because it was not used',
  'guide.errIdleMeans': 'There was no activity for {idle} minutes.',
  'guide.errIdleDo':
    'Sign in again. Work not yet saved in the back-office portal may need to be entered again.',
  'guide.errLimitSee': 'Your session reached its time limit',
  'guide.errLimitMeans': 'A session lasts {hours} hours at most.',
  'guide.errLimitDo': 'Sign in again.',
  'guide.errDownSee': 'Application not answering',
  'guide.errDownMeans': 'The back-office portal is down or slow; the gateway itself is working.',
  'guide.errDownDo': 'Try again in a few minutes. If it persists, call the system integrator.',
  'guide.errInactiveSee': 'This account is suspended, revoked or expired',
  'guide.errInactiveMeans':
    'Your remote access has been stopped, or its period has ended (for example because your office reopened).',
  'guide.errInactiveDo': 'Contact your zonal office.',
  'guide.errOfficeSee': 'Your district office is open, so remote access is not available',
  'guide.errOfficeMeans': 'Remote access is only for officers whose district office is closed.',
  'guide.errOfficeDo': 'Work from the office. If the office is in fact closed, tell your zonal office.',

  'guide.helpTitle': 'Whom to call',
  'guide.helpSi': 'First call the system integrator at your location: {phone}.',
  'guide.helpTicket':
    'If they cannot solve the problem, they raise a ticket with headquarters. Tell them your user ID, the time, and the message or reference number shown on the page.',
  'guide.helpNever':
    'Nobody from the department or the helpdesk will ever ask for your password, one-time code or recovery codes. Never tell them to anyone.',

  'guide.confidentialityTitle': 'Confidentiality (section 133)',
  'guide.confidentialityLaw':
    'Your user ID, password and second factor are confidential. Under section 133 of the Uttar Pradesh Goods and Services Tax Act, 2017, wilful disclosure of any information or of the contents of any return, otherwise than in the execution of duty, is punishable with imprisonment of up to six months, a fine of up to twenty-five thousand rupees, or both.',
  'guide.confidentialityDuty':
    'The entire responsibility for the security of data accessed through this facility is yours. Do not share your credentials, do not let others use your session, and log out when you finish.',

  'guide.pdfUnavailableTitle': 'The PDF is not available right now',
  'guide.pdfUnavailableBody':
    'The PDF copy of the user guide cannot be produced on this server at the moment. The same guide is available as a web page, which you can read, print or save.',
  'guide.openHtml': 'Open the user guide (web page)',

  'guide.mailSubject': 'Dwaar: user guide for officers working from home',
  'guide.mailGreeting': 'Dear colleague,',
  'guide.mailIntro':
    'The user guide for officers of your zone who work from home through the Dwaar gateway is ready. Please share it with them and with the system integrators.',
  'guide.mailLinkHtml': 'Read the guide as a web page:',
  'guide.mailLinkPdf': 'The same guide is available as a PDF, to print or share:',
  'guide.mailSummary':
    'In short: officers open {url}, activate their account from the e-mail they receive (confidentiality acknowledgement, password, authenticator app, recovery codes), then sign in through the device check, trust this site, the disclaimer and secure login. For help they call the system integrator at their location: {phone}.',
  'guide.mailVersionLabel': 'Guide version',
  'guide.mailNoSecrets': 'This mail contains no passwords and no sign-in links.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'guide.title': 'उपयोगकर्ता मार्गदर्शिका',
  'guide.heading': 'द्वार उपयोगकर्ता मार्गदर्शिका (हिन्दी)',
  'guide.subtitle': 'द्वार गेटवे के माध्यम से घर से कार्य — वाणिज्य कर विभाग, उत्तर प्रदेश के अधिकारियों हेतु',
  'guide.version': 'संस्करण {version}',
  'guide.lastUpdated': 'अंतिम अद्यतन: {date}',
  'guide.generated':
    'यह मार्गदर्शिका गेटवे की वर्तमान सेटिंग्स से बनाई जाती है; सेटिंग्स बदलने पर इसका संस्करण भी बदल जाता है।',
  'guide.contents': 'विषय-सूची',
  'guide.languages': 'भाषाएँ',
  'guide.jumpEn': 'Read in English',
  'guide.jumpHi': 'हिन्दी में पढ़ें',
  'guide.pdfLink': 'मार्गदर्शिका PDF के रूप में डाउनलोड करें',
  'guide.versionAfterComma': ', संस्करण {n}',
  'guide.versionInBrackets': ' (संस्करण {n})',

  'guide.openTitle': 'पोर्टल खोलना',
  'guide.openUrl': 'अपने वेब ब्राउज़र में पोर्टल ठीक इसी पते पर खोलें:',
  'guide.openNoInstall':
    'कुछ भी इंस्टॉल करने की आवश्यकता नहीं है। पता स्वयं टाइप करें या बुकमार्क का प्रयोग करें; अन्य ई-मेल या संदेशों के लिंक से पोर्टल कभी न खोलें।',
  'guide.browsersIntro': 'वर्तमान ब्राउज़र का प्रयोग करें:',
  'guide.browserChromium': 'गूगल क्रोम या माइक्रोसॉफ्ट एज, संस्करण {v} या नया',
  'guide.browserFirefox': 'मोज़िला फ़ायरफ़ॉक्स, संस्करण {v} या नया',
  'guide.browserSafari': 'सफ़ारी, संस्करण {v} या नया',
  'guide.osNeeded':
    'विंडोज़ 10 या नया, macOS, लिनक्स, ChromeOS या एंड्रॉइड पर, नवीनतम अपडेट सहित। केवल कार्यालय या निजी डिवाइस का प्रयोग करें, साझा या सार्वजनिक कंप्यूटर का कभी नहीं।',
  'guide.resourcesIntro': 'गेटवे के माध्यम से आप इन तक पहुँच सकते हैं:',
  'guide.resourcesNone': 'अभी कोई एप्लिकेशन कॉन्फ़िगर नहीं है।',

  'guide.activateTitle': 'पहली बार: अपना खाता सक्रिय करना',
  'guide.activateMail':
    'मुख्यालय द्वारा आपके जोनल प्रमुख का प्रस्ताव अनुमोदित होने के बाद, आपके पंजीकृत ई-मेल पर आपकी यूज़र आईडी और एक बार प्रयोग होने वाला सक्रियण लिंक आता है। लिंक केवल एक बार, {hours} घंटे तक काम करता है।',
  'guide.activateStep1': 'लिंक खोलें। गोपनीयता पावती (धारा 133{version}) पढ़ें और स्वीकार करें।',
  'guide.activateStep2': 'पासवर्ड चुनें। इसे गोपनीय रखें और ऐसी जगह न लिखें जहाँ अन्य लोग देख सकें।',
  'guide.activateStep3':
    'अपने फ़ोन पर ऑथेंटिकेटर ऐप (जैसे Google Authenticator या Microsoft Authenticator) सेट करें: दिखाया गया QR कोड स्कैन करें, फिर ऐप में दिखने वाला 6 अंकों का कोड टाइप करें।',
  'guide.activateStep4':
    'दिखाए गए रिकवरी कोड सहेजें: उन्हें प्रिंट करें या लिखकर सुरक्षित रखें। फ़ोन खो जाने पर प्रत्येक कोड एक बार काम करता है। ये केवल एक बार दिखाए जाते हैं।',
  'guide.activateDone': 'अब आपका खाता सक्रिय है। अगले भाग में बताए अनुसार साइन इन करें।',

  'guide.signInTitle': 'साइन इन करना',
  'guide.signInIntro': 'हर साइन इन में चार चरण होते हैं, जो प्रत्येक पृष्ठ के ऊपर दिखते हैं:',
  'guide.stepInspect':
    'डिवाइस जाँच: पृष्ठ आपके ब्राउज़र, ऑपरेटिंग सिस्टम, सुरक्षित कनेक्शन और कुकीज़ की जाँच करता है। यह आपकी फ़ाइलें नहीं पढ़ता।',
  'guide.stepTrust':
    '{trust}: दोनों में से एक उत्तर चुनें। कार्यालय के या अपने निजी डिवाइस पर इस साइट को विश्वसनीय मानने का विकल्प चुनें, ताकि अगली बार डिवाइस जाँच बिना पूछे हो जाए; किसी अन्य डिवाइस पर “इस बार नहीं” चुनें।',
  'guide.stepDisclaimer': 'अस्वीकरण: इसे{version} पढ़ें और “{agree}” चुनें। सहमति के बिना आगे नहीं बढ़ा जा सकता।',
  'guide.stepLogin':
    'सुरक्षित लॉग इन: अपनी यूज़र आईडी, पासवर्ड और ऑथेंटिकेटर ऐप का 6 अंकों का वन-टाइम कोड दर्ज करें। फ़ोन खो गया हो तो कोड के स्थान पर अपना कोई रिकवरी कोड प्रयोग करें।',

  'guide.webtopTitle': 'आपके एप्लिकेशन और बैक-ऑफिस पोर्टल',
  'guide.webtopIntro':
    'लॉग इन के बाद वेबटॉप पर वे एप्लिकेशन दिखते हैं जिनका आप प्रयोग कर सकते हैं। किसी के सामने “{open}” चुनें।',
  'guide.webtopBackOffice':
    'बैक-ऑफिस पोर्टल अपने अलग पते पर खुलता है। वहाँ अपनी मौजूदा बैक-ऑफिस यूज़र आईडी और पासवर्ड से लॉग इन करें — ये आपका गेटवे पासवर्ड नहीं हैं।',
  'guide.webtopSession':
    'उपयोग न होने पर आपका सत्र {idle} मिनट बाद, और अधिकतम {hours} घंटे बाद समाप्त हो जाता है। निष्क्रिय सत्र समाप्त होने से पहले चेतावनी दिखती है; कार्य जारी रखने के लिए “{continue}” चुनें। बैक-ऑफिस पोर्टल में अपना कार्य बार-बार सहेजें।',
  'guide.webtopLogout': 'कार्य समाप्त होने पर वेबटॉप पर “{logout}” चुनें।',
  'guide.webtopReopen':
    'रिमोट एक्सेस उन अधिकारियों के लिए है जिनका जनपद कार्यालय बंद है। मुख्यालय द्वारा आपका जनपद कार्यालय पुनः खुला घोषित होने पर आपको ई-मेल मिलता है, और आपका रिमोट एक्सेस {days} कार्य दिवस बाद, भारतीय समय 18:00 बजे समाप्त हो जाता है।',

  'guide.errorsTitle': 'कोई समस्या आने पर',
  'guide.errorsCaption': 'दिखने वाले संदेश, उनका अर्थ और क्या करें',
  'guide.colMessage': 'क्या दिखता है',
  'guide.colMeaning': 'इसका अर्थ',
  'guide.colAction': 'क्या करें',
  'guide.errWrongSee': 'यूज़र आईडी या पासवर्ड गलत है',
  'guide.errWrongMeans': 'दोनों में से कोई एक गलत टाइप हुआ। पृष्ठ पर बचे हुए प्रयास दिखाए जाते हैं।',
  'guide.errWrongDo': 'कैप्स लॉक और कीबोर्ड की भाषा जाँचें, फिर दोनों ध्यान से दोबारा टाइप करें।',
  'guide.errLockedSee': 'साइन इन … तक लॉक है',
  'guide.errLockedMeans':
    '{failures} गलत प्रयासों के बाद साइन इन लॉक हो जाता है: पहली बार {minutes} मिनट के लिए, उसके बाद हर बार दोगुना, अधिकतम {maxHours} घंटे तक।',
  'guide.errLockedDo':
    'दिखाए गए समय तक प्रतीक्षा करें, या जल्दी अनलॉक कराने के लिए अपने स्थान के सिस्टम इंटीग्रेटर को फ़ोन करें।',
  'guide.errNotActivatedSee': 'यह खाता अभी सक्रिय नहीं है',
  'guide.errNotActivatedMeans': 'ई-मेल से सक्रियण पूरा नहीं हुआ है।',
  'guide.errNotActivatedDo':
    'ई-मेल में दिया सक्रियण लिंक खोलें। वह काम न करे तो अपने जोनल कार्यालय से नया लिंक भेजने को कहें।',
  'guide.errExpiredSee': 'लिंक की अवधि समाप्त हो गई है',
  'guide.errExpiredMeans': 'सक्रियण लिंक केवल {hours} घंटे तक काम करते हैं।',
  'guide.errExpiredDo': 'अपने जोनल कार्यालय से नया लिंक भेजने को कहें।',
  'guide.errUsedSee': 'यह लिंक पहले ही प्रयोग हो चुका है',
  'guide.errUsedMeans': 'प्रत्येक लिंक केवल एक बार काम करता है।',
  'guide.errUsedDo':
    'यदि आपने सक्रियण पूरा किया है तो बस साइन इन करें। यदि नहीं, तो तुरंत सिस्टम इंटीग्रेटर को फ़ोन करें: हो सकता है किसी और ने आपका लिंक प्रयोग किया हो।',
  'guide.errSupersededSee': 'एक नया लिंक भेजा जा चुका है',
  'guide.errSupersededMeans': 'इसके बाद एक नया लिंक भेजा गया, इसलिए यह लिंक अब काम नहीं करता।',
  'guide.errSupersededDo': 'सबसे नए ई-मेल में दिया लिंक प्रयोग करें।',
  'guide.errBrowserSee': 'डिवाइस जाँच विफल: ब्राउज़र',
  'guide.errBrowserMeans': 'आपका ब्राउज़र बहुत पुराना है या समर्थित नहीं है।',
  'guide.errBrowserDo':
    'क्रोम या एज को संस्करण {chromium} या नए, फ़ायरफ़ॉक्स को {firefox} या नए, या सफ़ारी को {safari} या नए पर अपडेट करें, फिर “{retry}” चुनें।',
  'guide.errOsSee': 'डिवाइस जाँच विफल: ऑपरेटिंग सिस्टम',
  'guide.errOsMeans': 'ऑपरेटिंग सिस्टम को अब सुरक्षा अपडेट नहीं मिलते (जैसे विंडोज़ 7 या विंडोज़ 8)।',
  'guide.errOsDo': 'विंडोज़ 10 या नया, macOS, लिनक्स, ChromeOS या एंड्रॉइड नवीनतम अपडेट सहित प्रयोग करें।',
  'guide.errSecureSee': 'डिवाइस जाँच विफल: सुरक्षित कनेक्शन',
  'guide.errSecureMeans': 'पोर्टल उसके सही पते पर सुरक्षित कनेक्शन से नहीं खोला गया।',
  'guide.errSecureDo': 'ठीक {url} खोलें, टाइप करके या बुकमार्क से, फिर “{retry}” चुनें।',
  'guide.errCookiesSee': 'डिवाइस जाँच विफल: कुकीज़',
  'guide.errCookiesMeans': 'आपका ब्राउज़र इस साइट की कुकीज़ रोक रहा है; साइन इन के लिए ये आवश्यक हैं।',
  'guide.errCookiesDo':
    'ब्राउज़र सेटिंग्स में इस साइट के लिए कुकीज़ की अनुमति दें (या प्राइवेट ब्राउज़िंग से बाहर आएँ), फिर “{retry}” चुनें।',
  'guide.errIdleSee': 'उपयोग न होने के कारण आपका सत्र समाप्त हो गया',
  'guide.errIdleMeans': '{idle} मिनट तक कोई गतिविधि नहीं हुई।',
  'guide.errIdleDo': 'पुनः साइन इन करें। बैक-ऑफिस पोर्टल में जो कार्य सहेजा नहीं गया था, उसे दोबारा दर्ज करना पड़ सकता है।',
  'guide.errLimitSee': 'आपका सत्र अपनी समय-सीमा तक पहुँच गया',
  'guide.errLimitMeans': 'एक सत्र अधिकतम {hours} घंटे चलता है।',
  'guide.errLimitDo': 'पुनः साइन इन करें।',
  'guide.errDownSee': 'एप्लिकेशन उत्तर नहीं दे रहा',
  'guide.errDownMeans': 'बैक-ऑफिस पोर्टल बंद या धीमा है; गेटवे स्वयं ठीक काम कर रहा है।',
  'guide.errDownDo': 'कुछ मिनट बाद पुनः प्रयास करें। समस्या बनी रहे तो सिस्टम इंटीग्रेटर को फ़ोन करें।',
  'guide.errInactiveSee': 'यह खाता निलंबित, निरस्त या समाप्त है',
  'guide.errInactiveMeans':
    'आपका रिमोट एक्सेस रोक दिया गया है, या उसकी अवधि समाप्त हो गई है (जैसे आपका कार्यालय पुनः खुलने के कारण)।',
  'guide.errInactiveDo': 'अपने जोनल कार्यालय से संपर्क करें।',
  'guide.errOfficeSee': 'आपका जनपद कार्यालय खुला है, इसलिए रिमोट एक्सेस उपलब्ध नहीं है',
  'guide.errOfficeMeans': 'रिमोट एक्सेस केवल उन अधिकारियों के लिए है जिनका जनपद कार्यालय बंद है।',
  'guide.errOfficeDo': 'कार्यालय से कार्य करें। यदि कार्यालय वास्तव में बंद है, तो अपने जोनल कार्यालय को बताएँ।',

  'guide.helpTitle': 'किसे फ़ोन करें',
  'guide.helpSi': 'सबसे पहले अपने स्थान के सिस्टम इंटीग्रेटर को फ़ोन करें: {phone}।',
  'guide.helpTicket':
    'यदि वे समस्या हल न कर सकें, तो वे मुख्यालय में टिकट दर्ज करते हैं। उन्हें अपनी यूज़र आईडी, समय, और पृष्ठ पर दिखा संदेश या संदर्भ संख्या बताएँ।',
  'guide.helpNever':
    'विभाग या हेल्पडेस्क से कोई भी कभी आपका पासवर्ड, वन-टाइम कोड या रिकवरी कोड नहीं माँगेगा। इन्हें कभी किसी को न बताएँ।',

  'guide.confidentialityTitle': 'गोपनीयता (धारा 133)',
  'guide.confidentialityLaw':
    'आपकी यूज़र आईडी, पासवर्ड और दूसरा सत्यापन चरण गोपनीय हैं। उत्तर प्रदेश माल एवं सेवा कर अधिनियम, 2017 की धारा 133 के अंतर्गत कर्तव्य-निर्वहन के अतिरिक्त किसी सूचना या रिटर्न की विषय-वस्तु का जानबूझकर प्रकटन छह माह तक के कारावास, पच्चीस हज़ार रुपये तक के अर्थदण्ड, अथवा दोनों से दंडनीय है।',
  'guide.confidentialityDuty':
    'इस सुविधा से प्राप्त डाटा की सुरक्षा का समस्त उत्तरदायित्व आपका है। अपने क्रेडेंशियल्स साझा न करें, अपने सत्र का उपयोग किसी अन्य को न करने दें, और कार्य समाप्त होने पर लॉग आउट करें।',

  'guide.pdfUnavailableTitle': 'PDF अभी उपलब्ध नहीं है',
  'guide.pdfUnavailableBody':
    'उपयोगकर्ता मार्गदर्शिका की PDF प्रति अभी इस सर्वर पर नहीं बन पा रही है। यही मार्गदर्शिका वेब पृष्ठ के रूप में उपलब्ध है, जिसे आप पढ़, प्रिंट या सहेज सकते हैं।',
  'guide.openHtml': 'उपयोगकर्ता मार्गदर्शिका खोलें (वेब पृष्ठ)',

  'guide.mailSubject': 'द्वार: घर से कार्य करने वाले अधिकारियों हेतु उपयोगकर्ता मार्गदर्शिका',
  'guide.mailGreeting': 'प्रिय सहकर्मी,',
  'guide.mailIntro':
    'द्वार गेटवे के माध्यम से घर से कार्य करने वाले आपके जोन के अधिकारियों हेतु उपयोगकर्ता मार्गदर्शिका तैयार है। कृपया इसे उनके तथा सिस्टम इंटीग्रेटरों के साथ साझा करें।',
  'guide.mailLinkHtml': 'मार्गदर्शिका वेब पृष्ठ के रूप में पढ़ें:',
  'guide.mailLinkPdf': 'प्रिंट करने या साझा करने हेतु यही मार्गदर्शिका PDF के रूप में उपलब्ध है:',
  'guide.mailSummary':
    'संक्षेप में: अधिकारी {url} खोलते हैं, प्राप्त ई-मेल से अपना खाता सक्रिय करते हैं (गोपनीयता पावती, पासवर्ड, ऑथेंटिकेटर ऐप, रिकवरी कोड), फिर डिवाइस जाँच, विश्वसनीय साइट, अस्वीकरण और सुरक्षित लॉग इन से साइन इन करते हैं। सहायता हेतु वे अपने स्थान के सिस्टम इंटीग्रेटर को फ़ोन करते हैं: {phone}।',
  'guide.mailVersionLabel': 'मार्गदर्शिका संस्करण',
  'guide.mailNoSecrets': 'इस ई-मेल में कोई पासवर्ड या साइन-इन लिंक नहीं है।',
};
