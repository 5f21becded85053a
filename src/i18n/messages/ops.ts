/** Messages of operations: faults, readiness, storage and recovery, in English and Hindi. Keys are prefixed `ops.`. */
export const en = {
  'ops.unavailableTitle': 'Temporarily unavailable',
  'ops.databaseUnavailableBody':
    'Dwaar cannot reach its database right now, so this page is temporarily unavailable. Applications you already have open keep working. Try again in a few minutes.',
  'ops.kvUnavailableBody':
    'Dwaar cannot reach its shared session service right now, so this page is temporarily unavailable. Try again in a few minutes.',
  'ops.replicaUnavailableBody':
    'Reports and exports read from a copy of the database that cannot be reached right now. Everything else in Dwaar keeps working. Try again in a few minutes.',
  'ops.storageFullBody':
    'Dwaar cannot save anything right now because the server’s storage is full. Try again later.',
  'ops.storageFailedBody':
    'Dwaar cannot save anything right now because of a storage fault on the server. Try again later.',
  'ops.helpReference': 'If this goes on, call the helpdesk and quote this reference: {ref}.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'ops.unavailableTitle': 'अस्थायी रूप से अनुपलब्ध',
  'ops.databaseUnavailableBody':
    'द्वार अभी अपने डेटाबेस से संपर्क नहीं कर पा रहा है, इसलिए यह पृष्ठ अस्थायी रूप से अनुपलब्ध है। आपके पहले से खुले अनुप्रयोग काम करते रहेंगे। कुछ मिनट बाद फिर प्रयास करें।',
  'ops.kvUnavailableBody':
    'द्वार अभी अपनी साझा सत्र सेवा से संपर्क नहीं कर पा रहा है, इसलिए यह पृष्ठ अस्थायी रूप से अनुपलब्ध है। कुछ मिनट बाद फिर प्रयास करें।',
  'ops.replicaUnavailableBody':
    'रिपोर्ट और निर्यात डेटाबेस की जिस प्रति से पढ़े जाते हैं, उससे अभी संपर्क नहीं हो पा रहा है। द्वार का बाकी सब काम करता रहेगा। कुछ मिनट बाद फिर प्रयास करें।',
  'ops.storageFullBody':
    'सर्वर का भंडारण भर गया है, इसलिए द्वार अभी कुछ भी सहेज नहीं पा रहा है। कुछ समय बाद फिर प्रयास करें।',
  'ops.storageFailedBody':
    'सर्वर के भंडारण में खराबी के कारण द्वार अभी कुछ भी सहेज नहीं पा रहा है। कुछ समय बाद फिर प्रयास करें।',
  'ops.helpReference': 'यदि यह बना रहे, तो हेल्पडेस्क को फ़ोन करें और यह संदर्भ बताएँ: {ref}।',
};
