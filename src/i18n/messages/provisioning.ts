/** Messages of the provisioning feature, in English and Hindi. Keys are prefixed `provisioning.`. */
export const en = {
  'provisioning.title': 'Account activation',
  'provisioning.stepsLabel': 'Activation steps',
  'provisioning.stepOf': 'Step {n} of 4',
  'provisioning.stepConfidentiality': 'Confidentiality',
  'provisioning.stepPassword': 'Password',
  'provisioning.stepTotp': 'Authenticator app',
  'provisioning.stepRecovery': 'Recovery codes',
  'provisioning.userIdIs': 'Your user ID: {userId}',

  'provisioning.linkUnknownTitle': 'This link is not valid',
  'provisioning.linkUnknownBody':
    'We do not recognise this link. Open the link from the e-mail exactly as it was sent, in full.',
  'provisioning.linkUsedTitle': 'This link has already been used',
  'provisioning.linkUsedBody':
    'Each link works only once. If you did not finish, or someone else opened it, a new link is needed.',
  'provisioning.linkExpiredTitle': 'This link has expired (links last {hours} hours)',
  'provisioning.linkExpiredBody': 'The link was not opened in time, so it no longer works.',
  'provisioning.linkSupersededTitle': 'A newer link was sent; use the latest e-mail',
  'provisioning.linkSupersededBody':
    'Only the most recent link works. Open the newest e-mail from Dwaar and use the link in it.',
  'provisioning.linkAskResend':
    'To get a new link, ask your zonal office or the system integrator at your location ({phone}) to send it again.',
  'provisioning.alreadyActiveTitle': 'This account is already active',
  'provisioning.alreadyActiveBody':
    'An activation link cannot be used for an active account. Sign in at the portal; if you have forgotten the password, ask your zonal office for a password reset link.',
  'provisioning.wrongStatusTitle': 'This link cannot be used for this account',
  'provisioning.wrongStatusBody': 'The account is: {status}. Contact your zonal office.',
  'provisioning.goToSignIn': 'Go to sign-in',

  'provisioning.linkIntro':
    'This link sets up your Dwaar account in four steps: the confidentiality undertaking, a password, an authenticator app on your phone, and recovery codes.',
  'provisioning.linkResetIntro': 'This link lets you choose a new password for your Dwaar account.',
  'provisioning.linkNothingYet': 'Nothing changes until you press the button below.',
  'provisioning.linkValidUntil':
    'The link works until {expires} (India time). If you stop part-way, open it again: you continue where you left off.',
  'provisioning.linkResume': 'You have already started. You will continue at step {n}: {step}.',
  'provisioning.linkStart': 'Start activation',
  'provisioning.linkContinue': 'Continue activation',

  'provisioning.stateExpiredTitle': 'Activation stopped',
  'provisioning.stateExpiredBody':
    'This page works for 30 minutes after you open the link from the e-mail, so it was stopped for your safety. Open the link from the e-mail again: what you have done so far is kept, and you continue where you left off.',
  'provisioning.noDocument':
    'The confidentiality undertaking cannot be shown right now. Try again later, or call the system integrator ({phone}).',

  'provisioning.confidentialityIntro':
    'Read the undertaking below. Your account can be used only after you accept it.',
  'provisioning.acceptConfidentiality': 'I have read and accept this undertaking',
  'provisioning.errAcceptRequired': 'Tick the box to confirm that you have read and accept the undertaking.',

  'provisioning.passwordIntro':
    'Choose a password for the gateway. It is yours alone: nobody from the department will ever ask for it.',
  'provisioning.passwordRules':
    'Use at least 12 characters (at most 128). A short sentence of several words is easy to remember and hard to guess. Do not use a common password, your user ID, your employee number or your name.',
  'provisioning.newPassword': 'New password',
  'provisioning.confirmPassword': 'Confirm new password',
  'provisioning.errPasswordRequired': 'Enter a new password.',
  'provisioning.errPasswordShort': 'The password must have at least {min} characters.',
  'provisioning.errPasswordLong': 'The password must have at most {max} characters.',
  'provisioning.errPasswordCommon': 'This password is too common and easy to guess. Choose another.',
  'provisioning.errPasswordUserId': 'The password must not contain your user ID ({part}).',
  'provisioning.errPasswordEmployeeNo': 'The password must not contain your employee number ({part}).',
  'provisioning.errPasswordName': 'The password must not contain your name (“{part}”).',
  'provisioning.errConfirmRequired': 'Enter the new password again to confirm it.',
  'provisioning.errConfirmMismatch':
    'The two passwords do not match. Enter the same password in both fields.',

  'provisioning.totpIntro':
    'Signing in needs a second step: a six-digit code from an authenticator app on your mobile phone, such as Google Authenticator or Microsoft Authenticator.',
  'provisioning.totpScan': 'In the app, add an account and scan this QR code.',
  'provisioning.totpQrAlt':
    'QR code that adds Dwaar ({userId}) to an authenticator app. If you cannot scan it, type the key shown below.',
  'provisioning.totpManual':
    'Cannot scan? In the app choose “Enter a setup key”, choose time-based, and type this key:',
  'provisioning.totpKey': 'Setup key',
  'provisioning.totpAccount': 'Account name',
  'provisioning.totpEnter': 'Then enter the six-digit code the app shows now.',
  'provisioning.totpCode': 'Six-digit code',
  'provisioning.totpRemoveOld':
    'If the app already has a “Dwaar” entry for {userId} from an earlier attempt, delete that entry first: only the key on this page will work.',
  'provisioning.totpSameKey':
    'This is the same key as when you last opened this step. If you have already added it to the app, do not add it again: just enter the code the app shows.',
  'provisioning.errTotpRequired': 'Enter the six-digit code from the app.',
  'provisioning.errTotpWrong':
    'That code is not right. Check that the phone sets its time automatically, wait for a new code, and enter it.',

  'provisioning.recoveryIntro':
    'If you lose your phone, each of these codes lets you sign in once in place of the app’s code. They are shown only now: write them down or print them, and keep them safe, away from this computer.',
  'provisioning.recoveryCaption': 'Your ten recovery codes',
  'provisioning.recoverySaved': 'I have saved these codes',
  'provisioning.recoveryKeepLabel': 'Keep a copy',
  'provisioning.recoveryPrint': 'Print the codes',
  'provisioning.recoveryDownload': 'Download the codes as a text file',
  'provisioning.recoveryFileTitle': 'Dwaar recovery codes',
  'provisioning.recoveryFileFor': 'User ID: {userId}',
  'provisioning.recoveryFileMade': 'Made on {time} (India time).',
  'provisioning.recoveryFileUse':
    'Each code lets you sign in once in place of the code from your authenticator app. Keep this file safe, away from this computer, or print it and delete the file.',
  'provisioning.errRecoverySaved': 'Tick the box to confirm that you have saved the codes.',
  'provisioning.finish': 'Finish activation',
  'provisioning.activatedTitle': 'Your account is active',
  'provisioning.activatedBody':
    'Sign in at the portal with your user ID, your password and the code from your authenticator app.',

  'provisioning.resetTitle': 'Choose a new password',
  'provisioning.resetIntro':
    'Choose a new password for {userId}. Your authenticator app and recovery codes stay as they are.',
  'provisioning.resetSave': 'Change password',
  'provisioning.resetDoneTitle': 'Your password has been changed',
  'provisioning.resetDoneBody':
    'Any sessions that were open have been ended, and any sign-in lock is cleared. Sign in with the new password and the code from your app.',

  'provisioning.mfaTitle': 'Second factor',
  'provisioning.mfaIntro':
    'Open the authenticator app on your phone and enter the six-digit code it shows for Dwaar.',
  'provisioning.mfaCode': 'One-time code',
  'provisioning.mfaVerify': 'Verify',
  'provisioning.mfaUseRecovery': 'Use a recovery code instead',
  'provisioning.mfaUseApp': 'Use the code from the app instead',
  'provisioning.mfaRecoveryIntro':
    'Enter one of the recovery codes you saved when you activated the account. Each code works once.',
  'provisioning.mfaRecoveryCode': 'Recovery code',
  'provisioning.errMfaRequired': 'Enter the code.',
  'provisioning.errMfaWrong': 'That code is not right, or it has already been used.',
  'provisioning.errMfaExpired':
    'The second step took longer than 5 minutes, so it was stopped. Enter your user ID and password again.',

  'provisioning.mailActivationSubject': 'Dwaar: your user ID and activation link',
  'provisioning.mailResetSubject': 'Dwaar: password reset link',
  'provisioning.mailActivationIntro':
    'An account has been created for you on the Dwaar gateway for working from home.',
  'provisioning.mailResetIntro': 'A password reset was requested for your account.',
  'provisioning.mailActivationLink':
    'To activate the account, open this link (single use, valid for {hours} hours):',
  'provisioning.mailResetLink':
    'To choose a new password, open this link (single use, valid for {hours} hours):',
  'provisioning.mailHelp': 'If you have trouble, contact the system integrator at your location: {phone}.',
  'provisioning.mailNeverAsk': 'We never ask for your password.',
  'provisioning.mailConfidential':
    'This information is confidential; wilful disclosure except in duty is punishable under section 133.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'provisioning.title': 'खाता सक्रियण',
  'provisioning.stepsLabel': 'सक्रियण के चरण',
  'provisioning.stepOf': 'चरण {n} / 4',
  'provisioning.stepConfidentiality': 'गोपनीयता',
  'provisioning.stepPassword': 'पासवर्ड',
  'provisioning.stepTotp': 'ऑथेंटिकेटर ऐप',
  'provisioning.stepRecovery': 'रिकवरी कोड',
  'provisioning.userIdIs': 'आपकी यूज़र आईडी: {userId}',

  'provisioning.linkUnknownTitle': 'यह लिंक मान्य नहीं है',
  'provisioning.linkUnknownBody':
    'यह लिंक पहचाना नहीं गया। ई-मेल में भेजा गया पूरा लिंक ठीक वैसा ही खोलें जैसा भेजा गया था।',
  'provisioning.linkUsedTitle': 'इस लिंक का प्रयोग पहले ही हो चुका है',
  'provisioning.linkUsedBody':
    'प्रत्येक लिंक केवल एक बार काम करता है। यदि आपने प्रक्रिया पूरी नहीं की, या किसी अन्य ने इसे खोला, तो नया लिंक आवश्यक है।',
  'provisioning.linkExpiredTitle': 'इस लिंक की अवधि समाप्त हो गई है (लिंक {hours} घंटे तक मान्य रहते हैं)',
  'provisioning.linkExpiredBody': 'लिंक समय पर नहीं खोला गया, इसलिए अब यह काम नहीं करता।',
  'provisioning.linkSupersededTitle': 'एक नया लिंक भेजा गया है; नवीनतम ई-मेल का प्रयोग करें',
  'provisioning.linkSupersededBody':
    'केवल सबसे नया लिंक काम करता है। द्वार की सबसे नई ई-मेल खोलें और उसमें दिए लिंक का प्रयोग करें।',
  'provisioning.linkAskResend':
    'नया लिंक पाने के लिए अपने जोनल कार्यालय या अपने स्थान के सिस्टम इंटीग्रेटर ({phone}) से उसे पुनः भेजने को कहें।',
  'provisioning.alreadyActiveTitle': 'यह खाता पहले से सक्रिय है',
  'provisioning.alreadyActiveBody':
    'सक्रिय खाते के लिए सक्रियण लिंक का प्रयोग नहीं हो सकता। पोर्टल पर साइन इन करें; पासवर्ड भूल गए हों तो अपने जोनल कार्यालय से पासवर्ड रीसेट लिंक माँगें।',
  'provisioning.wrongStatusTitle': 'इस खाते के लिए इस लिंक का प्रयोग नहीं हो सकता',
  'provisioning.wrongStatusBody': 'खाते की स्थिति: {status}। अपने जोनल कार्यालय से संपर्क करें।',
  'provisioning.goToSignIn': 'साइन-इन पर जाएँ',

  'provisioning.linkIntro':
    'यह लिंक चार चरणों में आपका द्वार खाता तैयार करता है: गोपनीयता वचनपत्र, पासवर्ड, आपके फ़ोन पर ऑथेंटिकेटर ऐप, और रिकवरी कोड।',
  'provisioning.linkResetIntro': 'इस लिंक से आप अपने द्वार खाते के लिए नया पासवर्ड चुन सकते हैं।',
  'provisioning.linkNothingYet': 'नीचे दिया बटन दबाने तक कुछ नहीं बदलेगा।',
  'provisioning.linkValidUntil':
    'यह लिंक {expires} (भारतीय समय) तक काम करेगा। बीच में रुक जाएँ तो इसे फिर से खोलें: आप वहीं से आगे बढ़ेंगे जहाँ रुके थे।',
  'provisioning.linkResume': 'आप पहले ही आरंभ कर चुके हैं। आप चरण {n}: {step} से आगे बढ़ेंगे।',
  'provisioning.linkStart': 'सक्रियण आरंभ करें',
  'provisioning.linkContinue': 'सक्रियण जारी रखें',

  'provisioning.stateExpiredTitle': 'सक्रियण रोक दिया गया',
  'provisioning.stateExpiredBody':
    'ई-मेल का लिंक खोलने के बाद यह पृष्ठ 30 मिनट तक ही काम करता है, इसलिए सुरक्षा हेतु इसे रोक दिया गया। ई-मेल का लिंक फिर से खोलें: अब तक किया गया काम सुरक्षित है और आप वहीं से आगे बढ़ेंगे जहाँ रुके थे।',
  'provisioning.noDocument':
    'गोपनीयता वचनपत्र अभी दिखाया नहीं जा सकता। बाद में पुनः प्रयास करें, या सिस्टम इंटीग्रेटर ({phone}) को फ़ोन करें।',

  'provisioning.confidentialityIntro': 'नीचे दिया वचनपत्र पढ़ें। इसे स्वीकार करने के बाद ही आपके खाते का प्रयोग हो सकेगा।',
  'provisioning.acceptConfidentiality': 'मैंने यह वचनपत्र पढ़ लिया है और मैं इसे स्वीकार करता/करती हूँ',
  'provisioning.errAcceptRequired': 'पुष्टि हेतु बॉक्स पर टिक करें कि आपने वचनपत्र पढ़कर स्वीकार किया है।',

  'provisioning.passwordIntro': 'गेटवे के लिए एक पासवर्ड चुनें। यह केवल आपका है: विभाग से कोई भी कभी इसे नहीं माँगेगा।',
  'provisioning.passwordRules':
    'कम से कम 12 अक्षर (अधिकतम 128) रखें। कई शब्दों का एक छोटा वाक्य याद रखना आसान और अनुमान लगाना कठिन होता है। सामान्य पासवर्ड, अपनी यूज़र आईडी, अपनी कर्मचारी संख्या या अपना नाम प्रयोग न करें।',
  'provisioning.newPassword': 'नया पासवर्ड',
  'provisioning.confirmPassword': 'नए पासवर्ड की पुष्टि करें',
  'provisioning.errPasswordRequired': 'नया पासवर्ड दर्ज करें।',
  'provisioning.errPasswordShort': 'पासवर्ड में कम से कम {min} अक्षर होने चाहिए।',
  'provisioning.errPasswordLong': 'पासवर्ड में अधिकतम {max} अक्षर हो सकते हैं।',
  'provisioning.errPasswordCommon': 'यह पासवर्ड बहुत सामान्य है और आसानी से अनुमान लगाया जा सकता है। कोई दूसरा चुनें।',
  'provisioning.errPasswordUserId': 'पासवर्ड में आपकी यूज़र आईडी ({part}) नहीं होनी चाहिए।',
  'provisioning.errPasswordEmployeeNo': 'पासवर्ड में आपकी कर्मचारी संख्या ({part}) नहीं होनी चाहिए।',
  'provisioning.errPasswordName': 'पासवर्ड में आपका नाम (“{part}”) नहीं होना चाहिए।',
  'provisioning.errConfirmRequired': 'पुष्टि के लिए नया पासवर्ड फिर से दर्ज करें।',
  'provisioning.errConfirmMismatch': 'दोनों पासवर्ड मेल नहीं खाते। दोनों फ़ील्ड में एक ही पासवर्ड दर्ज करें।',

  'provisioning.totpIntro':
    'साइन इन के लिए दूसरा सत्यापन चरण आवश्यक है: आपके मोबाइल फ़ोन के ऑथेंटिकेटर ऐप (जैसे Google Authenticator या Microsoft Authenticator) से छह अंकों का कोड।',
  'provisioning.totpScan': 'ऐप में एक खाता जोड़ें और यह QR कोड स्कैन करें।',
  'provisioning.totpQrAlt':
    'द्वार ({userId}) को ऑथेंटिकेटर ऐप में जोड़ने का QR कोड। स्कैन न कर सकें तो नीचे दी गई कुंजी टाइप करें।',
  'provisioning.totpManual': 'स्कैन नहीं हो रहा? ऐप में “सेटअप कुंजी दर्ज करें” चुनें, समय-आधारित चुनें, और यह कुंजी टाइप करें:',
  'provisioning.totpKey': 'सेटअप कुंजी',
  'provisioning.totpAccount': 'खाते का नाम',
  'provisioning.totpEnter': 'फिर ऐप में अभी दिख रहा छह अंकों का कोड दर्ज करें।',
  'provisioning.totpCode': 'छह अंकों का कोड',
  'provisioning.totpRemoveOld':
    'यदि ऐप में {userId} के लिए किसी पिछले प्रयास की “Dwaar” प्रविष्टि पहले से है, तो पहले उसे हटा दें: केवल इस पृष्ठ की कुंजी काम करेगी।',
  'provisioning.totpSameKey':
    'यह वही कुंजी है जो पिछली बार इस चरण पर दिखाई गई थी। यदि आप इसे ऐप में जोड़ चुके हैं, तो दोबारा न जोड़ें: बस ऐप में दिख रहा कोड दर्ज करें।',
  'provisioning.errTotpRequired': 'ऐप से छह अंकों का कोड दर्ज करें।',
  'provisioning.errTotpWrong':
    'यह कोड सही नहीं है। जाँचें कि फ़ोन का समय स्वतः सेट होता है, नए कोड की प्रतीक्षा करें और उसे दर्ज करें।',

  'provisioning.recoveryIntro':
    'फ़ोन खो जाने पर इनमें से प्रत्येक कोड से आप ऐप के कोड के स्थान पर एक बार साइन इन कर सकते हैं। ये केवल अभी दिखाए जा रहे हैं: इन्हें लिख लें या प्रिंट कर लें, और इस कंप्यूटर से अलग सुरक्षित रखें।',
  'provisioning.recoveryCaption': 'आपके दस रिकवरी कोड',
  'provisioning.recoverySaved': 'मैंने ये कोड सुरक्षित रख लिए हैं',
  'provisioning.recoveryKeepLabel': 'एक प्रति रखें',
  'provisioning.recoveryPrint': 'कोड प्रिंट करें',
  'provisioning.recoveryDownload': 'कोड टेक्स्ट फ़ाइल के रूप में डाउनलोड करें',
  'provisioning.recoveryFileTitle': 'द्वार रिकवरी कोड',
  'provisioning.recoveryFileFor': 'यूज़र आईडी: {userId}',
  'provisioning.recoveryFileMade': '{time} (भारतीय समय) पर बनाए गए।',
  'provisioning.recoveryFileUse':
    'प्रत्येक कोड से आप ऑथेंटिकेटर ऐप के कोड के स्थान पर एक बार साइन इन कर सकते हैं। इस फ़ाइल को इस कंप्यूटर से अलग सुरक्षित रखें, या इसे प्रिंट करके फ़ाइल हटा दें।',
  'provisioning.errRecoverySaved': 'पुष्टि हेतु बॉक्स पर टिक करें कि आपने कोड सुरक्षित रख लिए हैं।',
  'provisioning.finish': 'सक्रियण पूरा करें',
  'provisioning.activatedTitle': 'आपका खाता सक्रिय है',
  'provisioning.activatedBody': 'पोर्टल पर अपनी यूज़र आईडी, अपने पासवर्ड और ऑथेंटिकेटर ऐप के कोड से साइन इन करें।',

  'provisioning.resetTitle': 'नया पासवर्ड चुनें',
  'provisioning.resetIntro': '{userId} के लिए नया पासवर्ड चुनें। आपका ऑथेंटिकेटर ऐप और रिकवरी कोड यथावत रहेंगे।',
  'provisioning.resetSave': 'पासवर्ड बदलें',
  'provisioning.resetDoneTitle': 'आपका पासवर्ड बदल दिया गया है',
  'provisioning.resetDoneBody':
    'जो भी सत्र खुले थे वे समाप्त कर दिए गए हैं, और साइन-इन का कोई भी लॉक हटा दिया गया है। नए पासवर्ड और ऐप के कोड से साइन इन करें।',

  'provisioning.mfaTitle': 'दूसरा सत्यापन चरण',
  'provisioning.mfaIntro': 'अपने फ़ोन पर ऑथेंटिकेटर ऐप खोलें और द्वार के लिए दिख रहा छह अंकों का कोड दर्ज करें।',
  'provisioning.mfaCode': 'वन-टाइम कोड',
  'provisioning.mfaVerify': 'सत्यापित करें',
  'provisioning.mfaUseRecovery': 'इसके स्थान पर रिकवरी कोड का प्रयोग करें',
  'provisioning.mfaUseApp': 'इसके स्थान पर ऐप के कोड का प्रयोग करें',
  'provisioning.mfaRecoveryIntro':
    'खाता सक्रिय करते समय सुरक्षित रखे गए रिकवरी कोड में से कोई एक दर्ज करें। प्रत्येक कोड एक बार काम करता है।',
  'provisioning.mfaRecoveryCode': 'रिकवरी कोड',
  'provisioning.errMfaRequired': 'कोड दर्ज करें।',
  'provisioning.errMfaWrong': 'यह कोड सही नहीं है, या इसका प्रयोग पहले ही हो चुका है।',
  'provisioning.errMfaExpired':
    'दूसरे सत्यापन चरण में 5 मिनट से अधिक समय लगा, इसलिए उसे रोक दिया गया। अपनी यूज़र आईडी और पासवर्ड फिर से दर्ज करें।',

  'provisioning.mailActivationSubject': 'द्वार: आपकी यूज़र आईडी एवं सक्रियण लिंक',
  'provisioning.mailResetSubject': 'द्वार: पासवर्ड रीसेट लिंक',
  'provisioning.mailActivationIntro': 'वर्क फ्रॉम होम हेतु द्वार गेटवे पर आपका खाता बनाया गया है।',
  'provisioning.mailResetIntro': 'आपके खाते का पासवर्ड रीसेट करने का अनुरोध किया गया है।',
  'provisioning.mailActivationLink': 'खाता सक्रिय करने के लिए यह लिंक खोलें (केवल एक बार, {hours} घंटे तक मान्य):',
  'provisioning.mailResetLink': 'नया पासवर्ड बनाने के लिए यह लिंक खोलें (केवल एक बार, {hours} घंटे तक मान्य):',
  'provisioning.mailHelp': 'समस्या होने पर अपने स्थान के सिस्टम इंटीग्रेटर से संपर्क करें: {phone}।',
  'provisioning.mailNeverAsk': 'हम आपसे कभी आपका पासवर्ड नहीं माँगते।',
  'provisioning.mailConfidential':
    'यह सूचना गोपनीय है; कर्तव्य के अतिरिक्त जानबूझकर प्रकटन धारा 133 के अंतर्गत दंडनीय है।',
};
