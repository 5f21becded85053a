/** Messages of the directory feature, in English and Hindi. Keys are prefixed `directory.`. */
export const en = {
  'directory.title': 'Directory',
  'directory.actions': 'Actions',
  'directory.changeStatus': 'Change status',
  'directory.changeStatusOf': 'of {district}',
  'directory.history': 'History',
  'directory.historyOf': 'of {district}',
  'directory.changedBy': 'by {who}, {when}',
  'directory.detailTitle': '{district} district office',
  'directory.zoneLine': '{zone} zone',
  'directory.currentStatus': 'Current status',
  'directory.accessEnding': 'Remote access of {n} officer accounts in this district ends on {date}.',
  'directory.historyCaption': 'Status changes of {district}, newest first',
  'directory.historyEmpty': 'No status change has been recorded for this district yet.',
  'directory.colChangedAt': 'Recorded',
  'directory.colStatus': 'New status',
  'directory.colOrder': 'Order',
  'directory.colReason': 'Reason',
  'directory.colBy': 'Recorded by',
  'directory.orderRef': 'No. {no}, dated {date}',
  'directory.backToList': 'All district offices',

  'directory.formTitle': 'Change office status: {district}',
  'directory.formIntro':
    'Record the order of the competent authority. When an office is marked open, its officers’ remote access ends {days} working days after the order is recorded, at the close of that working day ({close} India time; Sundays and second and fourth Saturdays are not working days), and each officer who has activated is told by e-mail; marking it closed again before then keeps their access.',
  'directory.newStatus': 'New status',
  'directory.orderNo': 'Order number',
  'directory.orderNoHint': 'As written on the order, for example 1234/CT/2026.',
  'directory.orderDate': 'Order date',
  'directory.orderDateHint': 'Write it as dd-mm-yyyy, for example 28-11-2026. It cannot be in the future.',
  'directory.reason': 'Reason',
  'directory.reasonHint': 'Why the status changes, as stated in the order.',
  'directory.review': 'Review the change',
  'directory.confirmTitle': 'Confirm the change: {district}',
  'directory.confirmFromTo': 'The office status changes from {from} to {to}.',
  'directory.confirmOpenEffect':
    'Remote access of {n} officer accounts in this district will end on {date} (India time), the close of that working day. Each officer who has activated is told by e-mail now.',
  'directory.confirmNotActivated':
    '{n} of these officers have not activated their account yet: they get no notice, and their activation link stops working at that time.',
  'directory.confirmCloseEffect': '{n} officer accounts whose remote access was ending will keep it.',
  'directory.confirm': 'Confirm and record',
  'directory.edit': 'Go back and edit',
  'directory.recorded': 'Recorded: the {district} office is now {status}.',
  'directory.recordedOpen':
    'Remote access of {n} officer accounts ends on {date}; their notices are queued for sending.',
  'directory.recordedClosed': 'Remote access of {n} officer accounts is no longer ending.',

  'directory.errStatus': 'Choose the new status.',
  'directory.errUnchanged': 'The office is already {status}. Choose the other status, or cancel.',
  'directory.errOrderNo': 'Enter the order number (up to 100 characters).',
  'directory.errOrderNoCharacters':
    'Write the order number on one line, with letters, digits, spaces and . / - ( ) , : # only.',
  'directory.errOrderDate': 'Enter the order date as dd-mm-yyyy, for example 28-11-2026.',
  'directory.errOrderDateFuture': 'The order date cannot be in the future.',
  'directory.errReason': 'Enter the reason (up to 1000 characters).',
  'directory.errReasonCharacters':
    'The reason has invisible control characters. Type it again by hand instead of pasting it.',
  'directory.errNotFound': 'There is no such district.',

  'directory.mailSubject': 'Dwaar: your district office has reopened — remote access is ending',
  'directory.mailReopened':
    'Headquarters has declared the {district} district office open again (order no. {order}). Your remote access through the Dwaar gateway ends on {date} India time, at the close of that working day.',
  'directory.mailAfter':
    'After that, work from the office. If you have questions, contact your zonal office; for help, call the system integrator at your location: {phone}.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'directory.title': 'निर्देशिका',
  'directory.actions': 'कार्य',
  'directory.changeStatus': 'स्थिति बदलें',
  'directory.changeStatusOf': '— {district}',
  'directory.history': 'इतिहास',
  'directory.historyOf': '— {district}',
  'directory.changedBy': '{who} द्वारा, {when}',
  'directory.detailTitle': '{district} जनपद कार्यालय',
  'directory.zoneLine': '{zone} जोन',
  'directory.currentStatus': 'वर्तमान स्थिति',
  'directory.accessEnding': 'इस जनपद के {n} अधिकारी खातों का रिमोट एक्सेस {date} को समाप्त होगा।',
  'directory.historyCaption': '{district} की स्थिति में परिवर्तन, नवीनतम पहले',
  'directory.historyEmpty': 'इस जनपद की स्थिति में अभी तक कोई परिवर्तन दर्ज नहीं है।',
  'directory.colChangedAt': 'दर्ज किया गया',
  'directory.colStatus': 'नई स्थिति',
  'directory.colOrder': 'आदेश',
  'directory.colReason': 'कारण',
  'directory.colBy': 'दर्ज करने वाले',
  'directory.orderRef': 'सं. {no}, दिनांक {date}',
  'directory.backToList': 'सभी जनपद कार्यालय',

  'directory.formTitle': 'कार्यालय की स्थिति बदलें: {district}',
  'directory.formIntro':
    'सक्षम प्राधिकारी का आदेश दर्ज करें। कार्यालय खुला चिह्नित करने पर उसके अधिकारियों का रिमोट एक्सेस आदेश दर्ज होने के {days} कार्य दिवस बाद, उस कार्य दिवस की समाप्ति (भारतीय समय {close} बजे) पर समाप्त होता है (रविवार तथा दूसरा और चौथा शनिवार कार्य दिवस नहीं हैं), और खाता सक्रिय कर चुके प्रत्येक अधिकारी को ई-मेल से सूचित किया जाता है; उससे पहले पुनः बंद चिह्नित करने पर उनका एक्सेस बना रहता है।',
  'directory.newStatus': 'नई स्थिति',
  'directory.orderNo': 'आदेश संख्या',
  'directory.orderNoHint': 'जैसा आदेश पर लिखा है, उदाहरण: 1234/CT/2026।',
  'directory.orderDate': 'आदेश दिनांक',
  'directory.orderDateHint': 'dd-mm-yyyy रूप में लिखें, उदाहरण: 28-11-2026। यह भविष्य की तिथि नहीं हो सकती।',
  'directory.reason': 'कारण',
  'directory.reasonHint': 'स्थिति क्यों बदल रही है, जैसा आदेश में लिखा है।',
  'directory.review': 'परिवर्तन की समीक्षा करें',
  'directory.confirmTitle': 'परिवर्तन की पुष्टि करें: {district}',
  'directory.confirmFromTo': 'कार्यालय की स्थिति {from} से {to} हो जाएगी।',
  'directory.confirmOpenEffect':
    'इस जनपद के {n} अधिकारी खातों का रिमोट एक्सेस {date} (भारतीय समय), उस कार्य दिवस की समाप्ति पर, समाप्त होगा। खाता सक्रिय कर चुके प्रत्येक अधिकारी को अभी ई-मेल से सूचित किया जाएगा।',
  'directory.confirmNotActivated':
    'इनमें से {n} अधिकारियों ने अभी तक अपना खाता सक्रिय नहीं किया है: उन्हें कोई सूचना नहीं भेजी जाएगी, और उनका सक्रियण लिंक उसी समय काम करना बंद कर देगा।',
  'directory.confirmCloseEffect': '{n} अधिकारी खातों का समाप्त होने वाला रिमोट एक्सेस बना रहेगा।',
  'directory.confirm': 'पुष्टि करें और दर्ज करें',
  'directory.edit': 'वापस जाकर संपादित करें',
  'directory.recorded': 'दर्ज किया गया: {district} कार्यालय अब {status} है।',
  'directory.recordedOpen':
    '{n} अधिकारी खातों का रिमोट एक्सेस {date} को समाप्त होगा; उनकी सूचनाएँ भेजने हेतु कतार में हैं।',
  'directory.recordedClosed': '{n} अधिकारी खातों का रिमोट एक्सेस अब समाप्त नहीं होगा।',

  'directory.errStatus': 'नई स्थिति चुनें।',
  'directory.errUnchanged': 'कार्यालय पहले से {status} है। दूसरी स्थिति चुनें, या रद्द करें।',
  'directory.errOrderNo': 'आदेश संख्या दर्ज करें (अधिकतम 100 अक्षर)।',
  'directory.errOrderNoCharacters':
    'आदेश संख्या एक ही पंक्ति में लिखें, केवल अक्षर, अंक, रिक्त स्थान और . / - ( ) , : # के साथ।',
  'directory.errOrderDate': 'आदेश दिनांक dd-mm-yyyy रूप में दर्ज करें, उदाहरण: 28-11-2026।',
  'directory.errOrderDateFuture': 'आदेश दिनांक भविष्य की नहीं हो सकती।',
  'directory.errReason': 'कारण दर्ज करें (अधिकतम 1000 अक्षर)।',
  'directory.errReasonCharacters': 'कारण में अदृश्य नियंत्रण वर्ण हैं। इसे चिपकाने के बजाय हाथ से दोबारा टाइप करें।',
  'directory.errNotFound': 'ऐसा कोई जनपद नहीं है।',

  'directory.mailSubject': 'द्वार: आपका जनपद कार्यालय पुनः खुल गया है — रिमोट एक्सेस समाप्त हो रहा है',
  'directory.mailReopened':
    'मुख्यालय ने {district} जनपद कार्यालय को पुनः खुला घोषित किया है (आदेश सं. {order})। द्वार गेटवे के माध्यम से आपका रिमोट एक्सेस भारतीय समय के अनुसार {date}, उस कार्य दिवस की समाप्ति पर, समाप्त होगा।',
  'directory.mailAfter':
    'उसके बाद कार्यालय से कार्य करें। कोई प्रश्न हो तो अपने जोनल कार्यालय से संपर्क करें; सहायता हेतु अपने स्थान के सिस्टम इंटीग्रेटर को फ़ोन करें: {phone}।',
};
