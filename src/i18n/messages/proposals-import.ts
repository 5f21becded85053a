/**
 * Messages of the proposals feature, in English and Hindi. Keys are prefixed `proposals.`; the CSV import's
 * are `proposals.import.` (the proposal list and review pages keep theirs in a file of their own).
 */
export const en = {
  'proposals.title': 'Proposals',

  'proposals.import.title': 'Import officers from a CSV file',
  'proposals.import.intro':
    'Propose officers of your zone for remote access by uploading a CSV file. The file is checked first and nothing is imported until you confirm.',
  'proposals.import.templateLink': 'Download the CSV template',
  'proposals.import.templateHint':
    'Its first line is the exact header; keep it. Then one line per officer. Save as “CSV UTF-8”.',
  'proposals.import.zoneLabel': 'Zone',
  'proposals.import.zoneAll': 'All zones (state-wide)',
  'proposals.import.zoneFixed': 'Zone: {zone}',
  'proposals.import.fileLabel': 'CSV file',
  'proposals.import.fileHint': 'UTF-8 CSV, at most 10 MB and 60,000 officer rows.',
  'proposals.import.pasteLabel': 'Or paste the CSV text',
  'proposals.import.pasteHint': 'Copy the rows from your spreadsheet, header line included.',
  'proposals.import.check': 'Check the file (nothing is imported yet)',
  'proposals.import.fileTooBig': 'The file is larger than 10 MB. Split it into smaller files.',
  'proposals.import.fileUnreadable': 'The file could not be read. Choose it again.',
  'proposals.import.errNoCsv': 'Choose a CSV file or paste its text.',
  'proposals.import.errZone': 'Choose a zone.',
  'proposals.import.errFile': 'The file cannot be imported. Correct it and upload it again.',
  'proposals.import.columnsTitle': 'Columns of the file',
  'proposals.import.columnsIntro':
    'Header names are fixed and all eight are required, in any order. Rank, wing and district accept the ID, the English name or the Hindi name, in any case.',
  'proposals.import.colName': 'Column',
  'proposals.import.colNeed': 'Required',
  'proposals.import.colMeaning': 'What to enter',
  'proposals.import.colValues': 'Accepted values',
  'proposals.import.required': 'Required',
  'proposals.import.optional': 'Optional',
  'proposals.import.col.employee_no':
    'Employee number from the service records. A new number adds the officer to the directory; a number already there reuses its entry, unchanged.',
  'proposals.import.col.name_en': 'Name in English, as in the service records.',
  'proposals.import.col.name_hi': 'Name in Hindi, in Devanagari.',
  'proposals.import.col.rank': 'Rank.',
  'proposals.import.col.wing': 'Wing. Only Adjudication and Enforcement are eligible.',
  'proposals.import.col.district': 'District of posting. Zonal heads: districts of their own zone only.',
  'proposals.import.col.email':
    'Official e-mail, one per officer: the user ID and activation link are sent there.',
  'proposals.import.col.mobile': '10 digits starting with 6–9, optionally after +91.',
  'proposals.import.anyDistrict': 'Any district of the zone, e.g. {example}',

  'proposals.import.previewTitle': 'Check the import',
  'proposals.import.summary':
    '{rows} rows: {valid} valid, {rejected} rejected. {newOfficers} new officers, {existing} already in the directory.',
  'proposals.import.rejectedStatus': '{n} rows rejected',
  'proposals.import.allValid': 'All {n} rows are valid.',
  'proposals.import.blocked':
    'Nothing is imported while any row is rejected. Correct the file and upload it again, or import only the valid rows.',
  'proposals.import.problemsCaption': 'Problems, by row',
  'proposals.import.notesCaption': 'Notes (these rows are not rejected)',
  'proposals.import.validCaption': 'Valid rows',
  'proposals.import.line': 'Line',
  'proposals.import.column': 'Column',
  'proposals.import.value': 'Value in the file',
  'proposals.import.problem': 'Problem',
  'proposals.import.fix': 'How to fix it',
  'proposals.import.note': 'Note',
  'proposals.import.wholeFile': 'Whole file',
  'proposals.import.inDirectory': 'In directory',
  'proposals.import.directory': 'Directory',
  'proposals.import.email': 'E-mail',
  'proposals.import.newOfficer': 'New',
  'proposals.import.shown': 'Showing the first {shown} of {total}.',
  'proposals.import.reportLink': 'Download the full report (CSV)',
  'proposals.import.dropRejected': 'Import only the valid rows ({n}), dropping the rejected ones',
  'proposals.import.commit': 'Create a draft proposal with {n} officers',
  'proposals.import.commitHint':
    'New officers are added to the directory; officers already there are reused and their entries are not changed. The proposal stays a draft until you submit it to HQ.',
  'proposals.import.uploadAgain': 'Upload a corrected file',
  'proposals.import.uploadNew': 'Upload a CSV file',
  'proposals.import.uploadMissingTitle': 'This check is no longer available',
  'proposals.import.uploadMissingBody':
    'This import check does not exist or has expired: an uploaded file is kept for 30 minutes. Upload the file again.',
  'proposals.import.uploadForeignTitle': 'This check belongs to someone else',
  'proposals.import.uploadForeignBody':
    'Another staff member uploaded this file, and only they can see its check. Upload your own file.',
  'proposals.import.errMustDrop':
    'Some rows are rejected. Tick “Import only the valid rows” to import the others, or correct the file.',
  'proposals.import.errChanged':
    'The directory has changed since the check: {n} rows are rejected now. Nothing was imported.',
  'proposals.import.errNothingValid': 'No row is valid, so there is nothing to import.',
  'proposals.import.errExpired':
    'This upload has expired (uploads are kept for 30 minutes) or was already imported. Upload the file again.',

  'proposals.import.issue.too_large': 'The file is larger than {max} MB.',
  'proposals.import.fix.too_large': 'Split it into smaller files and import each.',
  'proposals.import.issue.empty': 'The file is empty.',
  'proposals.import.fix.empty': 'Use the template: the header on the first line, then one line per officer.',
  'proposals.import.issue.no_rows': 'The file has a header but no officer rows.',
  'proposals.import.fix.no_rows': 'Add one line per officer below the header.',
  'proposals.import.issue.too_many_rows': 'The file has more than {max} officer rows.',
  'proposals.import.fix.too_many_rows': 'Split it into files of at most {max} rows.',
  'proposals.import.issue.encoding': 'The file is not UTF-8 text.',
  'proposals.import.fix.encoding': 'In your spreadsheet, save it as “CSV UTF-8 (comma delimited)”.',
  'proposals.import.issue.malformed':
    'The CSV is broken here: a quotation mark is not closed or is misplaced.',
  'proposals.import.fix.malformed':
    'Put a value containing commas, quotes or line breaks in double quotes, and write each quote inside it twice ("").',
  'proposals.import.issue.missing_column': 'The header has no “{column}” column.',
  'proposals.import.fix.missing_column': 'Copy the header line from the template.',
  'proposals.import.issue.unknown_column': 'The header has a column this import does not know.',
  'proposals.import.fix.unknown_column': 'Remove the column, or correct its name as in the template.',
  'proposals.import.issue.duplicate_column': 'This column appears twice in the header.',
  'proposals.import.fix.duplicate_column': 'Keep only one of them.',
  'proposals.import.issue.column_count': 'This row has {found} fields; the header has {expected}.',
  'proposals.import.fix.column_count':
    'Put a value containing a comma in double quotes, and look for missing or extra commas.',
  'proposals.import.issue.required': 'This value is missing.',
  'proposals.import.fix.required': 'Fill it in. Only mobile may be left empty.',
  'proposals.import.issue.too_long': 'This value is longer than {max} characters.',
  'proposals.import.fix.too_long': 'Shorten it to at most {max} characters, as in the service records.',
  'proposals.import.issue.line_break': 'This value has a line break inside it.',
  'proposals.import.fix.line_break':
    'Write the value on one line: in the spreadsheet, remove the line break (Alt+Enter) from the cell.',
  'proposals.import.issue.control_characters': 'This value has invisible control characters.',
  'proposals.import.fix.control_characters':
    'Type the value again by hand instead of pasting it; copied text can carry hidden characters.',
  'proposals.import.issue.name_characters':
    "A name may contain only letters, spaces, full stops (.), apostrophes (') and hyphens (-).",
  'proposals.import.fix.name_characters':
    'Remove digits, commas, brackets and other symbols, e.g. write “Anil Kumar Verma”.',
  'proposals.import.issue.employee_no_invalid': 'This is not a valid employee number.',
  'proposals.import.fix.employee_no_invalid':
    'Use letters and digits as in the service records (at most 30), e.g. UPCT10001.',
  'proposals.import.issue.employee_no_duplicate':
    'This employee number is already on line {line}; that first row is kept, this one is not.',
  'proposals.import.fix.employee_no_duplicate':
    'Remove this row, or correct its employee number if it is a different officer.',
  'proposals.import.issue.employee_no_other_zone':
    'In the directory, this employee number belongs to an officer of {zone} zone.',
  'proposals.import.fix.employee_no_other_zone':
    'Check the number. Officers of another zone are proposed by that zone’s head.',
  'proposals.import.issue.officer_has_account': 'This officer already has a Dwaar account.',
  'proposals.import.fix.officer_has_account':
    'Remove the row. To send the activation link again, use the Accounts page.',
  'proposals.import.issue.officer_pending':
    'This officer is already on proposal {proposal}, awaiting a decision.',
  'proposals.import.fix.officer_pending': 'Remove the row; HQ will decide on the earlier proposal.',
  'proposals.import.issue.name_hi_not_devanagari': 'The Hindi name is not written in Devanagari.',
  'proposals.import.fix.name_hi_not_devanagari': 'Type the name in Devanagari, e.g. आशा वर्मा.',
  'proposals.import.issue.rank_unknown': 'This rank is not known.',
  'proposals.import.fix.rank_unknown':
    'Use a rank’s ID, English or Hindi name, e.g. cto or Deputy Commissioner.',
  'proposals.import.issue.wing_unknown': 'This wing is not known.',
  'proposals.import.fix.wing_unknown': 'Use adjudication or enforcement (or एडजुडिकेशन, प्रवर्तन).',
  'proposals.import.issue.wing_not_eligible': 'Officers of this wing are not eligible for remote access.',
  'proposals.import.fix.wing_not_eligible':
    'Only the Adjudication and Enforcement wings are eligible: correct the wing or remove the row.',
  'proposals.import.issue.directory_wing_not_eligible':
    'In the directory this officer is in the {wing} wing, which is not eligible for remote access.',
  'proposals.import.fix.directory_wing_not_eligible':
    'Remove the row, or ask HQ to correct the directory if the officer has moved.',
  'proposals.import.issue.district_unknown': 'This district is not known.',
  'proposals.import.fix.district_unknown':
    'Use the district’s ID, English or Hindi name, e.g. kanpur-nagar, Kanpur Nagar or कानपुर नगर.',
  'proposals.import.issue.district_outside_zone': 'This district is not in {zone} zone.',
  'proposals.import.fix.district_outside_zone':
    'Propose only officers posted in your zone’s districts: correct the district or remove the row.',
  'proposals.import.issue.email_invalid': 'This is not a valid e-mail address.',
  'proposals.import.fix.email_invalid': 'Enter the officer’s official e-mail, e.g. name@department.gov.in.',
  'proposals.import.issue.email_duplicate': 'The same e-mail is also on line {lines}.',
  'proposals.import.fix.email_duplicate': 'Each officer needs their own e-mail: correct it.',
  'proposals.import.issue.email_taken': 'Another officer in the directory uses this e-mail.',
  'proposals.import.fix.email_taken': 'Enter this officer’s own e-mail: confidential links are sent there.',
  'proposals.import.issue.mobile_invalid': 'This is not a valid mobile number.',
  'proposals.import.fix.mobile_invalid':
    'Enter 10 digits starting with 6, 7, 8 or 9, optionally after +91, or leave it empty.',
  'proposals.import.issue.directory_differs':
    'The directory has “{directory}”. The officer is reused as recorded; the directory is not changed.',
  'proposals.import.fix.directory_differs': 'If the directory is wrong, ask HQ to correct it.',
  'proposals.import.issue.office_open':
    'The office in {district} is open: HQ approves remote access there only as an exception.',
  'proposals.import.fix.office_open':
    'Keep the row only if the officer has a recorded reason to work remotely.',
} as const;

export const hi: Record<keyof typeof en, string> = {
  'proposals.title': 'प्रस्ताव',

  'proposals.import.title': 'CSV फ़ाइल से अधिकारियों का आयात',
  'proposals.import.intro':
    'CSV फ़ाइल अपलोड करके अपने जोन के अधिकारियों का रिमोट एक्सेस हेतु प्रस्ताव करें। फ़ाइल पहले जाँची जाती है; आपकी पुष्टि से पहले कुछ भी आयात नहीं होता।',
  'proposals.import.templateLink': 'CSV टेम्पलेट डाउनलोड करें',
  'proposals.import.templateHint':
    'इसकी पहली पंक्ति ठीक वही शीर्षक है; उसे न बदलें। फिर हर अधिकारी की एक पंक्ति। “CSV UTF-8” के रूप में सहेजें।',
  'proposals.import.zoneLabel': 'जोन',
  'proposals.import.zoneAll': 'सभी जोन (पूरा प्रदेश)',
  'proposals.import.zoneFixed': 'जोन: {zone}',
  'proposals.import.fileLabel': 'CSV फ़ाइल',
  'proposals.import.fileHint': 'UTF-8 CSV, अधिकतम 10 MB और 60,000 अधिकारी पंक्तियाँ।',
  'proposals.import.pasteLabel': 'या CSV का पाठ चिपकाएँ',
  'proposals.import.pasteHint': 'स्प्रेडशीट से पंक्तियाँ कॉपी करें, शीर्षक पंक्ति सहित।',
  'proposals.import.check': 'फ़ाइल जाँचें (अभी कुछ आयात नहीं होगा)',
  'proposals.import.fileTooBig': 'फ़ाइल 10 MB से बड़ी है। इसे छोटी फ़ाइलों में बाँटें।',
  'proposals.import.fileUnreadable': 'फ़ाइल पढ़ी नहीं जा सकी। उसे दोबारा चुनें।',
  'proposals.import.errNoCsv': 'CSV फ़ाइल चुनें या उसका पाठ चिपकाएँ।',
  'proposals.import.errZone': 'जोन चुनें।',
  'proposals.import.errFile': 'यह फ़ाइल आयात नहीं हो सकती। इसे ठीक करके दोबारा अपलोड करें।',
  'proposals.import.columnsTitle': 'फ़ाइल के कॉलम',
  'proposals.import.columnsIntro':
    'शीर्षक के नाम निश्चित हैं और आठों आवश्यक हैं, किसी भी क्रम में। पद, विंग और जनपद में आईडी, अंग्रेज़ी नाम या हिन्दी नाम लिखा जा सकता है, छोटे-बड़े अक्षर का भेद नहीं।',
  'proposals.import.colName': 'कॉलम',
  'proposals.import.colNeed': 'आवश्यक',
  'proposals.import.colMeaning': 'क्या लिखें',
  'proposals.import.colValues': 'स्वीकार्य मान',
  'proposals.import.required': 'आवश्यक',
  'proposals.import.optional': 'वैकल्पिक',
  'proposals.import.col.employee_no':
    'सेवा अभिलेख की कर्मचारी संख्या। नई संख्या से अधिकारी निर्देशिका में जुड़ता है; पहले से दर्ज संख्या पर उसकी प्रविष्टि बिना बदले उपयोग होती है।',
  'proposals.import.col.name_en': 'अंग्रेज़ी में नाम, सेवा अभिलेख के अनुसार।',
  'proposals.import.col.name_hi': 'हिन्दी में नाम, देवनागरी लिपि में।',
  'proposals.import.col.rank': 'पद।',
  'proposals.import.col.wing': 'विंग। केवल एडजुडिकेशन और प्रवर्तन पात्र हैं।',
  'proposals.import.col.district': 'तैनाती का जनपद। जोनल प्रमुख: केवल अपने जोन के जनपद।',
  'proposals.import.col.email': 'आधिकारिक ई-मेल, हर अधिकारी का अलग: यूज़र आईडी और सक्रियण लिंक इसी पर भेजे जाते हैं।',
  'proposals.import.col.mobile': '6–9 से शुरू होने वाले 10 अंक, चाहें तो +91 के साथ।',
  'proposals.import.anyDistrict': 'जोन का कोई भी जनपद, जैसे {example}',

  'proposals.import.previewTitle': 'आयात की जाँच',
  'proposals.import.summary':
    '{rows} पंक्तियाँ: {valid} मान्य, {rejected} अस्वीकृत। {newOfficers} नए अधिकारी, {existing} पहले से निर्देशिका में।',
  'proposals.import.rejectedStatus': '{n} पंक्तियाँ अस्वीकृत',
  'proposals.import.allValid': 'सभी {n} पंक्तियाँ मान्य हैं।',
  'proposals.import.blocked':
    'जब तक कोई पंक्ति अस्वीकृत है, कुछ भी आयात नहीं होगा। फ़ाइल ठीक करके दोबारा अपलोड करें, या केवल मान्य पंक्तियों का आयात करें।',
  'proposals.import.problemsCaption': 'समस्याएँ, पंक्ति के अनुसार',
  'proposals.import.notesCaption': 'टिप्पणियाँ (ये पंक्तियाँ अस्वीकृत नहीं हैं)',
  'proposals.import.validCaption': 'मान्य पंक्तियाँ',
  'proposals.import.line': 'पंक्ति',
  'proposals.import.column': 'कॉलम',
  'proposals.import.value': 'फ़ाइल में मान',
  'proposals.import.problem': 'समस्या',
  'proposals.import.fix': 'कैसे ठीक करें',
  'proposals.import.note': 'टिप्पणी',
  'proposals.import.wholeFile': 'पूरी फ़ाइल',
  'proposals.import.inDirectory': 'निर्देशिका में',
  'proposals.import.directory': 'निर्देशिका',
  'proposals.import.email': 'ई-मेल',
  'proposals.import.newOfficer': 'नया',
  'proposals.import.shown': 'कुल {total} में से पहली {shown} दिखाई गई हैं।',
  'proposals.import.reportLink': 'पूरी रिपोर्ट डाउनलोड करें (CSV)',
  'proposals.import.dropRejected': 'केवल मान्य पंक्तियों ({n}) का आयात करें, अस्वीकृत पंक्तियाँ छोड़ दें',
  'proposals.import.commit': '{n} अधिकारियों के साथ प्रारूप प्रस्ताव बनाएँ',
  'proposals.import.commitHint':
    'नए अधिकारी निर्देशिका में जोड़े जाते हैं; पहले से दर्ज अधिकारियों की प्रविष्टियाँ बिना बदले उपयोग होती हैं। मुख्यालय को भेजे जाने तक प्रस्ताव प्रारूप रहता है।',
  'proposals.import.uploadAgain': 'ठीक की गई फ़ाइल अपलोड करें',
  'proposals.import.uploadNew': 'CSV फ़ाइल अपलोड करें',
  'proposals.import.uploadMissingTitle': 'यह जाँच अब उपलब्ध नहीं है',
  'proposals.import.uploadMissingBody':
    'आयात की यह जाँच मौजूद नहीं है या इसकी अवधि समाप्त हो गई है: अपलोड की गई फ़ाइल 30 मिनट तक रखी जाती है। फ़ाइल दोबारा अपलोड करें।',
  'proposals.import.uploadForeignTitle': 'यह जाँच किसी और की है',
  'proposals.import.uploadForeignBody':
    'यह फ़ाइल किसी अन्य स्टाफ़ सदस्य ने अपलोड की है, और इसकी जाँच केवल वही देख सकते हैं। अपनी फ़ाइल अपलोड करें।',
  'proposals.import.errMustDrop':
    'कुछ पंक्तियाँ अस्वीकृत हैं। बाक़ी का आयात करने के लिए “केवल मान्य पंक्तियों का आयात करें” चुनें, या फ़ाइल ठीक करें।',
  'proposals.import.errChanged': 'जाँच के बाद निर्देशिका बदल गई है: अब {n} पंक्तियाँ अस्वीकृत हैं। कुछ भी आयात नहीं हुआ।',
  'proposals.import.errNothingValid': 'कोई पंक्ति मान्य नहीं है, इसलिए आयात के लिए कुछ नहीं है।',
  'proposals.import.errExpired':
    'यह अपलोड समाप्त हो गया है (अपलोड 30 मिनट तक रखे जाते हैं) या पहले ही आयात हो चुका है। फ़ाइल दोबारा अपलोड करें।',

  'proposals.import.issue.too_large': 'फ़ाइल {max} MB से बड़ी है।',
  'proposals.import.fix.too_large': 'इसे छोटी फ़ाइलों में बाँटकर हर एक का अलग से आयात करें।',
  'proposals.import.issue.empty': 'फ़ाइल ख़ाली है।',
  'proposals.import.fix.empty': 'टेम्पलेट का उपयोग करें: पहली पंक्ति में शीर्षक, फिर हर अधिकारी की एक पंक्ति।',
  'proposals.import.issue.no_rows': 'फ़ाइल में शीर्षक है, पर अधिकारियों की कोई पंक्ति नहीं।',
  'proposals.import.fix.no_rows': 'शीर्षक के नीचे हर अधिकारी की एक पंक्ति जोड़ें।',
  'proposals.import.issue.too_many_rows': 'फ़ाइल में {max} से अधिक अधिकारी पंक्तियाँ हैं।',
  'proposals.import.fix.too_many_rows': 'इसे अधिकतम {max} पंक्तियों वाली फ़ाइलों में बाँटें।',
  'proposals.import.issue.encoding': 'फ़ाइल UTF-8 पाठ नहीं है।',
  'proposals.import.fix.encoding': 'स्प्रेडशीट में इसे “CSV UTF-8 (comma delimited)” के रूप में सहेजें।',
  'proposals.import.issue.malformed': 'यहाँ CSV टूटी है: कोई उद्धरण चिह्न (") बंद नहीं है या गलत जगह है।',
  'proposals.import.fix.malformed':
    'अल्पविराम, उद्धरण चिह्न या नई पंक्ति वाले मान को दोहरे उद्धरण चिह्नों में रखें, और उसके भीतर हर " को दो बार ("") लिखें।',
  'proposals.import.issue.missing_column': 'शीर्षक में “{column}” कॉलम नहीं है।',
  'proposals.import.fix.missing_column': 'टेम्पलेट से शीर्षक पंक्ति कॉपी करें।',
  'proposals.import.issue.unknown_column': 'शीर्षक में एक ऐसा कॉलम है जिसे यह आयात नहीं पहचानता।',
  'proposals.import.fix.unknown_column': 'कॉलम हटाएँ, या उसका नाम टेम्पलेट के अनुसार ठीक करें।',
  'proposals.import.issue.duplicate_column': 'यह कॉलम शीर्षक में दो बार है।',
  'proposals.import.fix.duplicate_column': 'इनमें से केवल एक रखें।',
  'proposals.import.issue.column_count': 'इस पंक्ति में {found} फ़ील्ड हैं; शीर्षक में {expected} हैं।',
  'proposals.import.fix.column_count':
    'अल्पविराम वाले मान को दोहरे उद्धरण चिह्नों में रखें, और छूटे या अतिरिक्त अल्पविराम देखें।',
  'proposals.import.issue.required': 'यह मान नहीं भरा गया है।',
  'proposals.import.fix.required': 'इसे भरें। केवल मोबाइल ख़ाली छोड़ा जा सकता है।',
  'proposals.import.issue.too_long': 'यह मान {max} अक्षरों से लंबा है।',
  'proposals.import.fix.too_long': 'इसे सेवा अभिलेख के अनुसार अधिकतम {max} अक्षरों में लिखें।',
  'proposals.import.issue.line_break': 'इस मान के भीतर पंक्ति-विराम (लाइन ब्रेक) है।',
  'proposals.import.fix.line_break': 'मान को एक ही पंक्ति में लिखें: स्प्रेडशीट में सेल से पंक्ति-विराम (Alt+Enter) हटाएँ।',
  'proposals.import.issue.control_characters': 'इस मान में अदृश्य नियंत्रण वर्ण हैं।',
  'proposals.import.fix.control_characters':
    'मान को चिपकाने के बजाय हाथ से दोबारा टाइप करें; कॉपी किए गए पाठ में छिपे वर्ण आ सकते हैं।',
  'proposals.import.issue.name_characters':
    "नाम में केवल अक्षर, रिक्त स्थान, पूर्ण विराम (.), ऐपॉस्ट्रॉफ़ी (') और हाइफ़न (-) हो सकते हैं।",
  'proposals.import.fix.name_characters': 'अंक, अल्पविराम, कोष्ठक और अन्य चिह्न हटाएँ, जैसे “अनिल कुमार वर्मा” लिखें।',
  'proposals.import.issue.employee_no_invalid': 'यह मान्य कर्मचारी संख्या नहीं है।',
  'proposals.import.fix.employee_no_invalid': 'सेवा अभिलेख के अनुसार अक्षर और अंक लिखें (अधिकतम 30), जैसे UPCT10001।',
  'proposals.import.issue.employee_no_duplicate':
    'यह कर्मचारी संख्या पंक्ति {line} पर पहले से है; वह पहली पंक्ति रखी जाएगी, यह नहीं।',
  'proposals.import.fix.employee_no_duplicate':
    'यह पंक्ति हटाएँ, या यदि यह कोई दूसरा अधिकारी है तो इसकी कर्मचारी संख्या ठीक करें।',
  'proposals.import.issue.employee_no_other_zone': 'निर्देशिका में यह कर्मचारी संख्या {zone} जोन के एक अधिकारी की है।',
  'proposals.import.fix.employee_no_other_zone':
    'संख्या जाँचें। दूसरे जोन के अधिकारियों का प्रस्ताव उसी जोन के प्रमुख करते हैं।',
  'proposals.import.issue.officer_has_account': 'इस अधिकारी का Dwaar खाता पहले से है।',
  'proposals.import.fix.officer_has_account': 'पंक्ति हटाएँ। सक्रियण लिंक दोबारा भेजने के लिए खाते पृष्ठ का उपयोग करें।',
  'proposals.import.issue.officer_pending': 'यह अधिकारी पहले से प्रस्ताव {proposal} में है, जिस पर निर्णय बाक़ी है।',
  'proposals.import.fix.officer_pending': 'पंक्ति हटाएँ; मुख्यालय पिछले प्रस्ताव पर निर्णय लेगा।',
  'proposals.import.issue.name_hi_not_devanagari': 'हिन्दी नाम देवनागरी में नहीं लिखा है।',
  'proposals.import.fix.name_hi_not_devanagari': 'नाम देवनागरी में लिखें, जैसे आशा वर्मा।',
  'proposals.import.issue.rank_unknown': 'यह पद ज्ञात नहीं है।',
  'proposals.import.fix.rank_unknown': 'पद की आईडी, अंग्रेज़ी या हिन्दी नाम लिखें, जैसे cto या डिप्टी कमिश्नर।',
  'proposals.import.issue.wing_unknown': 'यह विंग ज्ञात नहीं है।',
  'proposals.import.fix.wing_unknown': 'adjudication या enforcement लिखें (या एडजुडिकेशन, प्रवर्तन)।',
  'proposals.import.issue.wing_not_eligible': 'इस विंग के अधिकारी रिमोट एक्सेस के पात्र नहीं हैं।',
  'proposals.import.fix.wing_not_eligible': 'केवल एडजुडिकेशन और प्रवर्तन विंग पात्र हैं: विंग ठीक करें या पंक्ति हटाएँ।',
  'proposals.import.issue.directory_wing_not_eligible':
    'निर्देशिका में यह अधिकारी {wing} विंग में है, जो रिमोट एक्सेस के लिए पात्र नहीं है।',
  'proposals.import.fix.directory_wing_not_eligible':
    'पंक्ति हटाएँ, या अधिकारी का स्थानांतरण हुआ हो तो मुख्यालय से निर्देशिका ठीक कराएँ।',
  'proposals.import.issue.district_unknown': 'यह जनपद ज्ञात नहीं है।',
  'proposals.import.fix.district_unknown':
    'जनपद की आईडी, अंग्रेज़ी या हिन्दी नाम लिखें, जैसे kanpur-nagar, Kanpur Nagar या कानपुर नगर।',
  'proposals.import.issue.district_outside_zone': 'यह जनपद {zone} जोन में नहीं है।',
  'proposals.import.fix.district_outside_zone':
    'केवल अपने जोन के जनपदों में तैनात अधिकारियों का प्रस्ताव करें: जनपद ठीक करें या पंक्ति हटाएँ।',
  'proposals.import.issue.email_invalid': 'यह मान्य ई-मेल पता नहीं है।',
  'proposals.import.fix.email_invalid': 'अधिकारी का आधिकारिक ई-मेल लिखें, जैसे name@department.gov.in।',
  'proposals.import.issue.email_duplicate': 'यही ई-मेल पंक्ति {lines} पर भी है।',
  'proposals.import.fix.email_duplicate': 'हर अधिकारी का अपना ई-मेल होना चाहिए: इसे ठीक करें।',
  'proposals.import.issue.email_taken': 'निर्देशिका में दूसरा अधिकारी यही ई-मेल उपयोग करता है।',
  'proposals.import.fix.email_taken': 'इस अधिकारी का अपना ई-मेल लिखें: गोपनीय लिंक उसी पर भेजे जाते हैं।',
  'proposals.import.issue.mobile_invalid': 'यह मान्य मोबाइल नंबर नहीं है।',
  'proposals.import.fix.mobile_invalid':
    '6, 7, 8 या 9 से शुरू होने वाले 10 अंक लिखें, चाहें तो +91 के साथ, या ख़ाली छोड़ें।',
  'proposals.import.issue.directory_differs':
    'निर्देशिका में “{directory}” दर्ज है। अधिकारी दर्ज विवरण के साथ ही लिया जाएगा; निर्देशिका नहीं बदलेगी।',
  'proposals.import.fix.directory_differs': 'निर्देशिका गलत हो तो मुख्यालय से ठीक कराएँ।',
  'proposals.import.issue.office_open':
    '{district} का कार्यालय खुला है: वहाँ रिमोट एक्सेस मुख्यालय केवल अपवाद के रूप में अनुमोदित करता है।',
  'proposals.import.fix.office_open': 'पंक्ति तभी रखें जब अधिकारी के रिमोट एक्सेस का कारण दर्ज हो।',
};
