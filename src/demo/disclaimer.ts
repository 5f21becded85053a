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
