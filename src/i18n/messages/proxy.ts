/** Messages of the proxy and hand-off (issue 7: gateway), in English and Hindi. Keys are prefixed `proxy.`. */
export const en = {
  // WebSocket upgrades (live sessions and tunnels).
  'proxy.upgradeOnlyWebsocket': 'Only WebSocket connections can be opened through Dwaar.',
  'proxy.upgradeMalformed': 'This WebSocket request is incomplete or malformed.',
  'proxy.upgradeCrossOrigin': 'This WebSocket connection was started from another site and has been refused.',
  'proxy.upgradeSessionRequired': 'Session required. Sign in again at the Dwaar portal.',
  'proxy.upgradeUpstreamFailed': 'The application did not answer the WebSocket request. Try again shortly.',
  // A Host the gateway does not serve (issue 7 item 3).
  'proxy.misdirectedTitle': 'Wrong address',
  'proxy.misdirectedBody': 'This address is not served here. Open the Dwaar portal by its usual address.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  // WebSocket upgrades (live sessions and tunnels).
  'proxy.upgradeOnlyWebsocket': 'द्वार के माध्यम से केवल WebSocket कनेक्शन ही खोले जा सकते हैं।',
  'proxy.upgradeMalformed': 'यह WebSocket अनुरोध अधूरा है या सही प्रारूप में नहीं है।',
  'proxy.upgradeCrossOrigin':
    'यह WebSocket कनेक्शन किसी दूसरी साइट से शुरू किया गया था, इसलिए इसे अस्वीकार कर दिया गया है।',
  'proxy.upgradeSessionRequired': 'सत्र आवश्यक है। द्वार पोर्टल पर फिर से साइन इन करें।',
  'proxy.upgradeUpstreamFailed': 'अनुप्रयोग ने WebSocket अनुरोध का उत्तर नहीं दिया। थोड़ी देर बाद फिर प्रयास करें।',
  // A Host the gateway does not serve (issue 7 item 3).
  'proxy.misdirectedTitle': 'गलत पता',
  'proxy.misdirectedBody': 'यह पता यहाँ उपलब्ध नहीं है। द्वार पोर्टल को उसके सामान्य पते से खोलें।',
};
