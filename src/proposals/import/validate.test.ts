import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fixture from '../../../test/factories/import.ts';
import { insertDraftProposal, insertProposalItems } from '../repository.ts';
import { describeIssueBoth } from './text.ts';
import { isClean, validateImport } from './validate.ts';

const { generateOfficerCsv, HEADER, listImportDistricts, TEST_DIALECTS } = fixture;

describe.each(TEST_DIALECTS)('validateImport on %s', (dialect) => {
  let s: fixture.SeededStore;
  /** Officers of the demo directory the rows refer to. */
  const known = {
    withAccount: '',
    otherZone: '',
    pending: '',
    reusable: '',
    reusableEmail: '',
    sib: 'SIB0001',
  };

  beforeAll(async () => {
    s = await fixture.openImportStore(dialect);
    const db = s.store.db;
    const officer = (district: string) =>
      db
        .selectFrom('officers')
        .leftJoin('accounts', 'accounts.officer_id', 'officers.id')
        .select(['officers.id', 'officers.employee_no', 'officers.email', 'accounts.id as accountId'])
        .where('officers.district_id', '=', district)
        .orderBy('officers.id')
        .execute();
    const lucknow = await officer('lucknow');
    const withAccount = lucknow.find((o) => o.accountId !== null);
    const free = lucknow.filter((o) => o.accountId === null);
    const agra = (await officer('agra'))[0];
    const unnao = (await officer('unnao'))[0];
    if (!withAccount || !free[0] || !agra || !unnao) throw new Error('demo directory changed');
    known.withAccount = withAccount.employee_no;
    known.reusable = free[0].employee_no;
    known.reusableEmail = free[0].email;
    known.otherZone = agra.employee_no;
    known.pending = unnao.employee_no;
    await db.transaction().execute(async (trx) => {
      const id = await insertDraftProposal(trx, { zoneId: 'lucknow', createdBy: s.hq.accountId, now: 1 });
      await insertProposalItems(trx, id, [unnao.id]);
    });
    await db
      .insertInto('officers')
      .values({
        employee_no: known.sib,
        name_en: 'Sib Officer',
        name_hi: 'विशेष अधिकारी',
        rank_id: 'cto',
        wing_id: 'sib',
        district_id: 'sitapur',
        email: 'sib@ctd.up.example',
        mobile: null,
        created_at: 1,
      })
      .execute();
  });
  afterAll(async () => {
    await s.close();
  });

  it('passes a valid file, reading ranks, wings and districts by ID, English or Hindi name', async () => {
    // The zone's two closed districts, so no row draws an open-office note.
    const districts = await listImportDistricts(s.store, 'lucknow');
    const csv = generateOfficerCsv({
      rows: 30,
      districts: districts.filter((d) => ['lucknow', 'unnao'].includes(d.id)),
    });
    const report = await validateImport(s.store.db, { zoneId: 'lucknow', csv });
    expect(report.problems).toEqual([]);
    expect(isClean(report)).toBe(true);
    expect(report.counts).toEqual({ rows: 30, valid: 30, rejected: 0, newOfficers: 30, existingOfficers: 0 });
    expect(new Set(report.rows.map((r) => r.wingId))).toEqual(new Set(['adjudication', 'enforcement']));
    expect(report.rows[1]).toMatchObject({ line: 3, officerId: null });
    expect(report.notes).toEqual([]);
  });

  it('reports every kind of row problem with its line and column', async () => {
    const rows = [
      /* 2 */ 'NEW1,Asha Verma,आशा वर्मा,cto,Enforcement,लखनऊ,asha@x.example,+91 9876543210',
      /* 3 */ 'NEW2,Ravi,रवि,cto,enforcement,Atlantis,ravi@x.example,',
      /* 4 */ 'NEW3,Ravi,रवि,cto,enforcement,Agra,ravi3@x.example,',
      /* 5 */ 'DUP1,Ravi,रवि,cto,enforcement,lucknow,dup1@x.example,',
      /* 6 */ 'dup1,Ravi,रवि,cto,enforcement,lucknow,dup1b@x.example,',
      /* 7 */ `${known.otherZone},Ravi,रवि,cto,enforcement,lucknow,oz@x.example,`,
      /* 8 */ `${known.withAccount},Ravi,रवि,cto,enforcement,lucknow,acc@x.example,`,
      /* 9 */ `${known.pending},Ravi,रवि,cto,enforcement,unnao,pend@x.example,`,
      /* 10 */ 'NEW4,Ravi,रवि,cto,enforcement,lucknow,not-an-email,',
      /* 11 */ 'NEW5,Ravi,रवि,cto,enforcement,lucknow,same@x.example,',
      /* 12 */ 'NEW6,Ravi,रवि,cto,enforcement,lucknow,SAME@x.example,',
      /* 13 */ `NEW7,Ravi,रवि,cto,enforcement,lucknow,${known.reusableEmail},`,
      /* 14 */ 'NEW8,,रवि,cto,enforcement,lucknow,n8@x.example,',
      /* 15 */ 'NEW9,Ravi,,cto,enforcement,lucknow,n9@x.example,',
      /* 16 */ 'NEW10,Ravi,Ravi,cto,enforcement,lucknow,n10@x.example,',
      /* 17 */ 'NEW11,Ravi,रवि,cto,sib,lucknow,n11@x.example,',
      /* 18 */ 'NEW12,Ravi,रवि,cto,customs,lucknow,n12@x.example,',
      /* 19 */ 'NEW13,Ravi,रवि,clerk,enforcement,lucknow,n13@x.example,',
      /* 20 */ 'NEW14,Ravi,रवि,cto,enforcement,lucknow,n14@x.example,12345',
      /* 21 */ 'NEW15,Ravi,रवि,cto,enforcement,lucknow',
      /* 22 */ 'N E W,Ravi,रवि,cto,enforcement,lucknow,n16@x.example,',
      /* 23 */ `${known.sib},Sib Officer,विशेष अधिकारी,cto,enforcement,sitapur,sib@ctd.up.example,`,
    ];
    const report = await validateImport(s.store.db, {
      zoneId: 'lucknow',
      csv: `${HEADER}\n${rows.join('\n')}\n`,
    });
    const found = report.problems.map((p) => [p.line, p.column, p.code]);
    expect(found).toEqual([
      [3, 'district', 'district_unknown'],
      [4, 'district', 'district_outside_zone'],
      [6, 'employee_no', 'employee_no_duplicate'],
      [7, 'employee_no', 'employee_no_other_zone'],
      [8, 'employee_no', 'officer_has_account'],
      [9, 'employee_no', 'officer_pending'],
      [10, 'email', 'email_invalid'],
      [11, 'email', 'email_duplicate'],
      [12, 'email', 'email_duplicate'],
      [13, 'email', 'email_taken'],
      [14, 'name_en', 'required'],
      [15, 'name_hi', 'required'],
      [16, 'name_hi', 'name_hi_not_devanagari'],
      [17, 'wing', 'wing_not_eligible'],
      [18, 'wing', 'wing_unknown'],
      [19, 'rank', 'rank_unknown'],
      [20, 'mobile', 'mobile_invalid'],
      [21, null, 'column_count'],
      [22, 'employee_no', 'employee_no_invalid'],
      [23, 'wing', 'directory_wing_not_eligible'],
    ]);
    // Line 5 is the first of the repeated DUP1: kept; line 6 repeats it: rejected.
    expect(report.counts).toMatchObject({ rows: 22, valid: 2, rejected: 20, newOfficers: 2 });
    expect(report.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(report.rows[0]).toMatchObject({
      line: 2,
      districtId: 'lucknow',
      mobile: '9876543210',
      wingId: 'enforcement',
    });

    const outside = report.problems[1];
    if (!outside) throw new Error('missing problem');
    expect(outside.value).toBe('Agra');
    const text = describeIssueBoth(outside);
    expect(text.en.problem).toBe('This district is not in Lucknow zone.');
    expect(text.hi.problem).toBe('यह जनपद लखनऊ जोन में नहीं है।');
    expect(text.en.fix).toContain('correct the district');
    const duplicate = report.problems[2];
    expect(duplicate && describeIssueBoth(duplicate).en.problem).toBe(
      'This employee number is already on line 5; that first row is kept, this one is not.',
    );
    expect(typeof report.problems[5]?.params.proposal).toBe('number');
  });

  it('rejects only the later rows of a repeated employee number, each naming the first', async () => {
    const rows = [
      /* 2 */ 'REP1,Meera Srivastava,मीरा श्रीवास्तव,cto,adjudication,lucknow,rep1@x.example,',
      /* 3 */ 'REP2,Ravi,रवि,cto,enforcement,lucknow,rep2@x.example,',
      /* 4 */ 'rep1,Sanjay Mishra,संजय मिश्र,cto,adjudication,unnao,sanjay@x.example,',
      // The same officer's row again, address and all: a repeat, not two officers sharing an address.
      /* 5 */ 'REP1,Meera Srivastava,मीरा श्रीवास्तव,cto,adjudication,lucknow,rep1@x.example,',
      // Two different officers with one address: the file cannot say whose it is, so both go.
      /* 6 */ 'REP3,Ravi,रवि,cto,enforcement,lucknow,shared@x.example,',
      /* 7 */ 'REP4,Ravi,रवि,cto,enforcement,lucknow,shared@x.example,',
    ];
    const report = await validateImport(s.store.db, {
      zoneId: 'lucknow',
      csv: `${HEADER}\n${rows.join('\n')}\n`,
    });
    expect(report.problems.map((p) => [p.line, p.column, p.code, p.params])).toEqual([
      [4, 'employee_no', 'employee_no_duplicate', { line: 2 }],
      [5, 'employee_no', 'employee_no_duplicate', { line: 2 }],
      [6, 'email', 'email_duplicate', { lines: '7' }],
      [7, 'email', 'email_duplicate', { lines: '6' }],
    ]);
    expect(report.rows.map((r) => [r.line, r.employeeNo, r.nameEn])).toEqual([
      [2, 'REP1', 'Meera Srivastava'],
      [3, 'REP2', 'Ravi'],
    ]);
    expect(report.counts).toMatchObject({ rows: 6, valid: 2, rejected: 4 });
    const later = report.problems[0];
    if (!later) throw new Error('missing problem');
    expect(describeIssueBoth(later).hi.problem).toBe(
      'यह कर्मचारी संख्या पंक्ति 2 पर पहले से है; वह पहली पंक्ति रखी जाएगी, यह नहीं।',
    );
  });

  it('reuses an officer already in the directory, noting differences without rejecting the row', async () => {
    const csv = `${HEADER}\n${known.reusable},Someone Else,कोई और,deputy-commissioner,adjudication,Lucknow,${known.reusableEmail},\n`;
    const report = await validateImport(s.store.db, { zoneId: 'lucknow', csv });
    expect(report.problems).toEqual([]);
    expect(report.counts).toMatchObject({ valid: 1, newOfficers: 0, existingOfficers: 1 });
    expect(report.rows[0]?.officerId).toBeGreaterThan(0);
    const notes = report.notes.filter((n) => n.code === 'directory_differs').map((n) => n.column);
    expect(notes).toContain('name_en');
    expect(notes).toContain('name_hi');
    expect(notes).not.toContain('email');
    expect(notes).not.toContain('district');
  });

  it('notes an officer whose office is open', async () => {
    const csv = `${HEADER}\nOPEN1,Ravi,रवि,cto,enforcement,hardoi,open1@x.example,\n`;
    const report = await validateImport(s.store.db, { zoneId: 'lucknow', csv });
    expect(isClean(report)).toBe(true);
    expect(report.notes).toMatchObject([{ code: 'office_open', line: 2, column: 'district' }]);
  });

  it('lets a state-wide import take every zone, still refusing other problems', async () => {
    const csv = `${HEADER}\nALL1,Ravi,रवि,cto,enforcement,agra,all1@x.example,\n${known.otherZone},Ravi,रवि,cto,enforcement,agra,x@x.example,\n`;
    const report = await validateImport(s.store.db, { zoneId: 'all', csv });
    expect(report.problems).toEqual([]);
    expect(report.rows.map((r) => r.zoneId)).toEqual(['agra', 'agra']);
  });

  it('reports problems with the whole file and checks no rows', async () => {
    const report = await validateImport(s.store.db, { zoneId: 'lucknow', csv: 'employee_no,name\nX,Y\n' });
    expect(report.fileProblems.map((p) => p.code)).toContain('unknown_column');
    expect(report.fileProblems.map((p) => p.code)).toContain('missing_column');
    expect(report.rows).toEqual([]);
    expect(isClean(report)).toBe(false);
    expect((await validateImport(s.store.db, { zoneId: 'lucknow', csv: '' })).fileProblems).toMatchObject([
      { code: 'empty' },
    ]);
  });
});
