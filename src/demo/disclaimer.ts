/** The first published disclaimer. Later versions are new rows; this text is never edited in place. */
export const DISCLAIMER_V1 = {
  kind: 'disclaimer' as const,
  version: 1,
  title_en: 'Disclaimer',
  title_hi: 'अस्वीकरण',
  body_en: `This gateway is for authorised officers of the department only.

All activity is logged and may be audited.

Information here is confidential; wilful disclosure except in duty is punishable under section 133 of the Uttar Pradesh Goods and Services Tax Act, 2017, with imprisonment of up to six months, a fine of up to twenty-five thousand rupees, or both.

The security of data accessed through this facility is your responsibility. Do not share your user ID, password or second factor with anyone, and use the facility only from a device you control.`,
  body_hi: `यह गेटवे केवल विभाग के अधिकृत अधिकारियों के लिए है।

समस्त गतिविधि दर्ज की जाती है और उसका ऑडिट किया जा सकता है।

यह सूचना गोपनीय है; कर्तव्य के अतिरिक्त जानबूझकर प्रकटन उत्तर प्रदेश माल एवं सेवा कर अधिनियम, 2017 की धारा 133 के अंतर्गत छह माह तक के कारावास, पच्चीस हज़ार रुपये तक के अर्थदण्ड, अथवा दोनों से दंडनीय है।

इस सुविधा से प्राप्त डाटा की सुरक्षा का समस्त उत्तरदायित्व आपका है। अपनी यूज़र आईडी, पासवर्ड या दूसरा सत्यापन चरण किसी से साझा न करें, और इस सुविधा का प्रयोग केवल अपने नियंत्रण वाले डिवाइस से करें।`,
};

/** The section-133 confidentiality acknowledgement an officer accepts before first access. */
export const CONFIDENTIALITY_V1 = {
  kind: 'confidentiality' as const,
  version: 1,
  title_en: 'Confidentiality of credentials and data (section 133)',
  title_hi: 'क्रेडेंशियल्स एवं डाटा की गोपनीयता (धारा 133)',
  body_en: `Your user ID, password and second factor for this gateway are confidential information, sent only to the e-mail address your zonal office registered.

Section 133 of the Uttar Pradesh Goods and Services Tax Act, 2017 ("Liability of officers and certain other persons") makes wilful disclosure of any information or the contents of any return, otherwise than in the execution of duty, punishable with imprisonment of up to six months, a fine of up to twenty-five thousand rupees, or both.

The entire responsibility for the security of data accessed through this facility rests with you, the user. Do not share your credentials, do not let others use your session, and log out when you finish.`,
  body_hi: `इस गेटवे की आपकी यूज़र आईडी, पासवर्ड और दूसरा सत्यापन चरण गोपनीय सूचना हैं, जो केवल आपके जोनल कार्यालय द्वारा पंजीकृत ई-मेल पर भेजी जाती हैं।

उत्तर प्रदेश माल एवं सेवा कर अधिनियम, 2017 की धारा 133 ("अधिकारियों एवं कतिपय अन्य व्यक्तियों का दायित्व") के अंतर्गत कर्तव्य-निर्वहन के अतिरिक्त किसी सूचना या रिटर्न की विषय-वस्तु का जानबूझकर प्रकटन छह माह तक के कारावास, पच्चीस हज़ार रुपये तक के अर्थदण्ड, अथवा दोनों से दंडनीय है।

इस सुविधा से प्राप्त डाटा की सुरक्षा का समस्त उत्तरदायित्व आप, यूज़र, का होगा। अपने क्रेडेंशियल्स साझा न करें, अपने सत्र का उपयोग किसी अन्य को न करने दें, और कार्य समाप्त होने पर लॉग आउट करें।`,
};
