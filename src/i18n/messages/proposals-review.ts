/**
 * Messages of HQ's review table (one row per officer, bulk selection, the confirm step), in English and Hindi.
 * A `[bracketed]` part of a label is read by screen readers only (review-markup.ts `withHiddenParts`): it puts
 * the officer's name in each control's name without repeating it in every cell of the row; each language
 * places it in its own word order.
 */
export const en = {
  'proposals.review.errNothingChosen':
    'Choose a decision in at least one officer’s row, or tick officers and use the buttons for the selected officers.',
  'proposals.review.errNoneSelected': 'Tick at least one officer in the Select column first.',
  'proposals.review.err_bulk_reason_required':
    'Enter the reason for rejecting the selected officers; the proposer will see it.',
  'proposals.review.err_bulk_reason_too_long': 'Keep the reason to 500 characters or fewer.',
  'proposals.review.err_bulk_reason_unprintable':
    'Write the reason on one line, without line breaks or invisible control characters.',
  'proposals.review.tableCaption': 'Officers on proposal #{id}: one row each',
  'proposals.review.colContact': 'Activation goes to',
  'proposals.review.badgeOfficeClosed': 'Office closed',
  'proposals.review.rowUndecided': 'Not yet[ for {name}]',
  'proposals.review.rowApprove': 'Approve[ {name}]',
  'proposals.review.rowException': 'Approve as an exception[ {name}]',
  'proposals.review.rowReject': 'Reject[ {name}]',
  'proposals.review.rowSelect': 'Select[ {name}]',
  'proposals.review.rowReason': 'Reason for rejecting[ {name}] (shown to the proposer)',
  'proposals.review.rowExceptionReason': 'Reason for the exception[ for {name}]',
  'proposals.review.rowValidUntil': 'Access valid until[ for {name}] (optional)',
  'proposals.review.rowsButton': 'Continue with the decisions chosen in the rows…',
  'proposals.review.selectedLegend': 'The officers ticked in the Select column',
  'proposals.review.approveSelected': 'Approve selected…',
  'proposals.review.bulkReasonLabel': 'Reason for rejecting the selected officers (shown to the proposer)',
  'proposals.review.rejectSelected': 'Reject selected with this reason…',
  'proposals.review.planTitle': 'Record {n} decision(s) on proposal #{id}?',
  'proposals.review.planCaption': 'Decisions to record',
  'proposals.review.planApproveBody':
    'Each approved officer gets an account (pending activation, no password) and a one-time activation link at their registered e-mail.',
  'proposals.review.planRejectBody': 'The proposer will see the reason for each rejection.',
  'proposals.review.planDetails': 'Details',
  'proposals.review.planReason': 'Reason: {reason}',
  'proposals.review.planException': 'Exception, the district office is open: {reason}',
  'proposals.review.planValidUntil': 'Access valid until {date}.',
  'proposals.review.planNoEnd': 'No end date.',
  'proposals.review.planConfirm': 'Yes, record {n} decision(s)',
  'proposals.review.planEdit': 'Go back and change',
  'proposals.review.planDiscard': 'Discard these decisions',
  'proposals.review.doneRejectedMany': 'Rejected {n} officers; the proposer will see the reasons.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'proposals.review.errNothingChosen':
    'कम से कम एक अधिकारी की पंक्ति में निर्णय चुनें, या अधिकारियों को चुनकर चुने गए अधिकारियों वाले बटन का प्रयोग करें।',
  'proposals.review.errNoneSelected': 'पहले "चुनें" स्तंभ में कम से कम एक अधिकारी चुनें।',
  'proposals.review.err_bulk_reason_required': 'चुने गए अधिकारियों को अस्वीकृत करने का कारण लिखें; प्रस्तावक इसे देखेंगे।',
  'proposals.review.err_bulk_reason_too_long': 'कारण 500 अक्षरों के भीतर रखें।',
  'proposals.review.err_bulk_reason_unprintable':
    'कारण एक ही पंक्ति में लिखें, बिना पंक्ति-विराम या अदृश्य नियंत्रण वर्णों के।',
  'proposals.review.tableCaption': 'प्रस्ताव #{id} के अधिकारी: प्रत्येक की एक पंक्ति',
  'proposals.review.colContact': 'सक्रियण कहाँ जाएगा',
  'proposals.review.badgeOfficeClosed': 'कार्यालय बंद',
  'proposals.review.rowUndecided': '[{name} पर ]अभी नहीं',
  'proposals.review.rowApprove': '[{name} को ]अनुमोदित करें',
  'proposals.review.rowException': '[{name} को ]अपवाद स्वरूप अनुमोदित करें',
  'proposals.review.rowReject': '[{name} को ]अस्वीकृत करें',
  'proposals.review.rowSelect': '[{name} को ]चुनें',
  'proposals.review.rowReason': '[{name} की ]अस्वीकृति का कारण (प्रस्तावक को दिखाया जाएगा)',
  'proposals.review.rowExceptionReason': '[{name} के ]अपवाद का कारण',
  'proposals.review.rowValidUntil': '[{name} की ]पहुँच इस तिथि तक मान्य (वैकल्पिक)',
  'proposals.review.rowsButton': 'पंक्तियों में चुने गए निर्णयों के साथ आगे बढ़ें…',
  'proposals.review.selectedLegend': '"चुनें" स्तंभ में चुने गए अधिकारी',
  'proposals.review.approveSelected': 'चुने गए अधिकारियों को अनुमोदित करें…',
  'proposals.review.bulkReasonLabel': 'चुने गए अधिकारियों की अस्वीकृति का कारण (प्रस्तावक को दिखाया जाएगा)',
  'proposals.review.rejectSelected': 'चुने गए अधिकारियों को इस कारण से अस्वीकृत करें…',
  'proposals.review.planTitle': 'प्रस्ताव #{id} पर {n} निर्णय दर्ज करें?',
  'proposals.review.planCaption': 'दर्ज किए जाने वाले निर्णय',
  'proposals.review.planApproveBody':
    'प्रत्येक अनुमोदित अधिकारी का खाता बनेगा (सक्रियण लंबित, बिना पासवर्ड) और उनके पंजीकृत ई-मेल पर एक बार प्रयोग होने वाला सक्रियण लिंक भेजा जाएगा।',
  'proposals.review.planRejectBody': 'प्रस्तावक प्रत्येक अस्वीकृति का कारण देखेंगे।',
  'proposals.review.planDetails': 'विवरण',
  'proposals.review.planReason': 'कारण: {reason}',
  'proposals.review.planException': 'अपवाद, जनपद कार्यालय खुला है: {reason}',
  'proposals.review.planValidUntil': 'पहुँच {date} तक मान्य।',
  'proposals.review.planNoEnd': 'कोई अंतिम तिथि नहीं।',
  'proposals.review.planConfirm': 'हाँ, {n} निर्णय दर्ज करें',
  'proposals.review.planEdit': 'वापस जाकर बदलें',
  'proposals.review.planDiscard': 'ये निर्णय छोड़ दें',
  'proposals.review.doneRejectedMany': '{n} अधिकारी अस्वीकृत; प्रस्तावक कारण देखेंगे।',
};
