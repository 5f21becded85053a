/** Messages of the proxy and hand-off (issue 7: gateway), in English and Hindi. Keys are prefixed `proxy.`. */
export const en = {
  // WebSocket upgrades (live sessions and tunnels).
  'proxy.upgradeOnlyWebsocket': 'Only WebSocket connections can be opened through Dwaar.',
  'proxy.upgradeMalformed': 'This WebSocket request is incomplete or malformed.',
  'proxy.upgradeCrossOrigin': 'This WebSocket connection was started from another site and has been refused.',
  'proxy.upgradeSessionRequired': 'Session required. Sign in again at the Dwaar portal.',
  'proxy.upgradeNotAllowed':
    'The access policy does not allow this connection now. Open the Dwaar portal to see why.',
  'proxy.upgradeUpstreamFailed': 'The application did not answer the WebSocket request. Try again shortly.',
  // A Host the gateway does not serve (issue 7 item 3).
  'proxy.misdirectedTitle': 'Wrong address',
  'proxy.misdirectedBody': 'This address is not served here. Open the Dwaar portal by its usual address.',
  // The session bar on resource hosts (issue 8 item 5); `{time}` is filled in by the script.
  'proxy.barLabel': 'Dwaar session',
  'proxy.barTimeLeft': 'Session time left: {time}',
  'proxy.barWebtop': 'Dwaar: your applications',
  'proxy.barLogout': 'Log out of Dwaar',
  'proxy.warnTitle': 'Your session is about to end',
  'proxy.warnBody': 'You have not used Dwaar for a while. Your session ends in {time}.',
  'proxy.warnKeep': 'What you have typed stays on this page. Press Escape or the button to continue.',
  'proxy.warnExtend': 'Continue session',
  'proxy.warnEndedTitle': 'Your session has ended',
  'proxy.warnEnded':
    'What you typed on this page has not been sent. Copy it somewhere safe, then sign in again.',
  'proxy.warnSignIn': 'Sign in again',
  'proxy.warnFailed': 'The session could not be extended. Try again.',
  'proxy.timeMinSec': '{m} min {s} s',
  'proxy.timeSec': '{s} s',
  'proxy.timeMin': '{m} min',
  // A form sent after the session ended (issue 8 item 5).
  'proxy.postEndedTitle': 'Your session has ended',
  'proxy.postEndedAt': 'Your Dwaar session ended at {time}.',
  'proxy.postNoSession': 'You are not signed in to Dwaar.',
  'proxy.postNotSent': 'What you typed was not sent. Your browser’s Back button may still show it.',
  'proxy.postSignIn': 'Sign in again to return to this page.',
  'proxy.postSignInButton': 'Sign in again',
  // A back office opened directly, without a Dwaar session (issue 8 item 7).
  'proxy.directTitle': 'Sign in to Dwaar first',
  'proxy.directBody':
    'You opened the back office directly. Sign in to Dwaar first; then you will be taken there.',
  'proxy.directButton': 'Sign in to Dwaar',
  // Recovery codes left, on the webtop after one was used (issue 8 item 4).
  'proxy.recoveryLeft': 'You signed in with a recovery code. Recovery codes left: {n} of {total}.',
  'proxy.recoveryFew':
    'Few recovery codes are left. Keep your authenticator app at hand and ask the helpdesk ({phone}) for new codes.',
  'proxy.recoveryNone':
    'You have no recovery codes left. Ask the helpdesk ({phone}) for new codes before you need one.',
  // The webtop's idle warning (issue 8 item 9).
  'proxy.webtopWarn': 'Your session will end in {time} because it has been idle.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  // WebSocket upgrades (live sessions and tunnels).
  'proxy.upgradeOnlyWebsocket': 'द्वार के माध्यम से केवल WebSocket कनेक्शन ही खोले जा सकते हैं।',
  'proxy.upgradeMalformed': 'यह WebSocket अनुरोध अधूरा है या सही प्रारूप में नहीं है।',
  'proxy.upgradeCrossOrigin':
    'यह WebSocket कनेक्शन किसी दूसरी साइट से शुरू किया गया था, इसलिए इसे अस्वीकार कर दिया गया है।',
  'proxy.upgradeSessionRequired': 'सत्र आवश्यक है। द्वार पोर्टल पर फिर से साइन इन करें।',
  'proxy.upgradeNotAllowed': 'एक्सेस नीति अभी इस कनेक्शन की अनुमति नहीं देती। कारण जानने के लिए द्वार पोर्टल खोलें।',
  'proxy.upgradeUpstreamFailed': 'अनुप्रयोग ने WebSocket अनुरोध का उत्तर नहीं दिया। थोड़ी देर बाद फिर प्रयास करें।',
  // A Host the gateway does not serve (issue 7 item 3).
  'proxy.misdirectedTitle': 'गलत पता',
  'proxy.misdirectedBody': 'यह पता यहाँ उपलब्ध नहीं है। द्वार पोर्टल को उसके सामान्य पते से खोलें।',
  // The session bar on resource hosts (issue 8 item 5); `{time}` is filled in by the script.
  'proxy.barLabel': 'द्वार सत्र',
  'proxy.barTimeLeft': 'सत्र का शेष समय: {time}',
  'proxy.barWebtop': 'द्वार: आपके एप्लिकेशन',
  'proxy.barLogout': 'द्वार से लॉग आउट',
  'proxy.warnTitle': 'आपका सत्र समाप्त होने वाला है',
  'proxy.warnBody': 'आपने कुछ समय से द्वार का उपयोग नहीं किया है। आपका सत्र {time} में समाप्त होगा।',
  'proxy.warnKeep': 'आपने जो टाइप किया है वह इसी पृष्ठ पर रहेगा। जारी रखने के लिए Escape या बटन दबाएँ।',
  'proxy.warnExtend': 'सत्र जारी रखें',
  'proxy.warnEndedTitle': 'आपका सत्र समाप्त हो गया है',
  'proxy.warnEnded':
    'इस पृष्ठ पर आपने जो टाइप किया है वह भेजा नहीं गया है। उसे किसी सुरक्षित स्थान पर कॉपी करें, फिर दोबारा लॉग इन करें।',
  'proxy.warnSignIn': 'दोबारा लॉग इन करें',
  'proxy.warnFailed': 'सत्र आगे नहीं बढ़ाया जा सका। फिर प्रयास करें।',
  'proxy.timeMinSec': '{m} मिनट {s} सेकंड',
  'proxy.timeSec': '{s} सेकंड',
  'proxy.timeMin': '{m} मिनट',
  // A form sent after the session ended (issue 8 item 5).
  'proxy.postEndedTitle': 'आपका सत्र समाप्त हो गया है',
  'proxy.postEndedAt': 'आपका द्वार सत्र {time} पर समाप्त हो गया।',
  'proxy.postNoSession': 'आप द्वार में लॉग इन नहीं हैं।',
  'proxy.postNotSent': 'आपने जो टाइप किया था वह भेजा नहीं गया। ब्राउज़र के Back बटन से वह अभी भी दिख सकता है।',
  'proxy.postSignIn': 'इस पृष्ठ पर लौटने के लिए दोबारा लॉग इन करें।',
  'proxy.postSignInButton': 'दोबारा लॉग इन करें',
  // A back office opened directly, without a Dwaar session (issue 8 item 7).
  'proxy.directTitle': 'पहले द्वार में लॉग इन करें',
  'proxy.directBody': 'आपने बैक-ऑफिस पोर्टल सीधे खोला है। पहले द्वार में लॉग इन करें; उसके बाद आपको वहीं ले जाया जाएगा।',
  'proxy.directButton': 'द्वार में लॉग इन करें',
  // Recovery codes left, on the webtop after one was used (issue 8 item 4).
  'proxy.recoveryLeft': 'आपने रिकवरी कोड से लॉग इन किया है। शेष रिकवरी कोड: {total} में से {n}।',
  'proxy.recoveryFew':
    'कुछ ही रिकवरी कोड बचे हैं। अपना ऑथेंटिकेटर ऐप पास रखें और नए कोड के लिए हेल्पडेस्क ({phone}) से संपर्क करें।',
  'proxy.recoveryNone':
    'आपके पास कोई रिकवरी कोड नहीं बचा है। ज़रूरत पड़ने से पहले नए कोड के लिए हेल्पडेस्क ({phone}) से संपर्क करें।',
  // The webtop's idle warning (issue 8 item 9).
  'proxy.webtopWarn': 'उपयोग न होने के कारण आपका सत्र {time} में समाप्त होगा।',
};
