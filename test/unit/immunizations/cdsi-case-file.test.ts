import { describe, expect, it } from 'vitest';
import {
  CsvError,
  caseDate,
  parseCdsiCases,
  parseCsv,
  parseCsvRecords,
} from '../../../src-shared/immunizations/cdsi';

/** RFC 4180 CSV and the layout of CDC's CDSi test case files (src-shared/immunizations/cdsi/csv.ts, cases.ts). */

describe('RFC 4180 CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF records', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\n1,,3\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['1', '', '3'],
    ]);
  });

  it('numbers each record by the line it begins on, drops blank lines and a byte-order mark', () => {
    const records = parseCsvRecords('\uFEFFh1,h2\n"multi\nline",2\n\n,\nlast,row');
    expect(records.map((r) => r.line)).toEqual([1, 2, 6]);
    expect(records[0]!.fields).toEqual(['h1', 'h2']);
    expect(records[2]!.fields).toEqual(['last', 'row']);
  });

  it('refuses an unterminated quote, naming the line where it began', () => {
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n')).toThrow(CsvError);
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n')).toThrow(/^line 2: a quoted field is not closed$/);
  });
});

const HEAD =
  'CDC_Test_ID,Test_Case_Name,DOB,gender,Med_History_Code,Med_History_Code_Sys,Series_Status,' +
  'Date_Administered_1,CVX_1,MVX_1,Evaluation_Status_1,Evaluation_Reason_1,' +
  'Date_Administered_2,CVX_2,MVX_2,Evaluation_Status_2,Evaluation_Reason_2,' +
  'Forecast_#,Earliest_Date,Recommended_Date,Past_Due_Date,Vaccine_Group,Assessment_Date,Evaluation_Test_Type,Forecast_Test_Type';

/** two empty doses (10 fields) */
const DOSES_NONE = ',,,,,,,,,';

describe("CDC's test case files", () => {
  it('reads a case: patient, doses, expected forecast, the vaccine group by name', () => {
    const file = parseCdsiCases(
      `${HEAD}\n2099-0001,"HepB #1, forecast #2",2025-01-01,F,,,Not complete,2025-02-15,08,MSD,Valid,,,,,,,2,2025-03-15,2025-03-15,2025-04-28,HepB,2025-02-20,Age,Interval\n`,
    );
    expect(file.problems).toEqual([]);
    expect(file.cases).toHaveLength(1);
    const c = file.cases[0]!;
    expect(c).toMatchObject({
      line: 2,
      id: '2099-0001',
      name: 'HepB #1, forecast #2',
      group: 'HepB',
      vaccineGroup: 'HepB',
      birthDate: '2025-01-01',
      gender: 'Female',
      assessmentDate: '2025-02-20',
      seriesStatus: 'Not complete',
      medHistoryCodes: [],
      forecast: {
        doseNumber: 2,
        earliestDate: '2025-03-15',
        recommendedDate: '2025-03-15',
        pastDueDate: '2025-04-28',
      },
    });
    expect(c.doses).toEqual([{ date: '2025-02-15', cvx: '08', mvx: 'MSD', status: 'Valid', reason: '' }]);
  });

  it('takes the underlying-conditions layout: Forecast_Num, US dates, several history codes, no test types', () => {
    const head =
      'CDC_Test_ID,Test_Case_Name,DOB,Gender,Med_History_Text,Med_History_Code,Med_History_Code_Sys,Series_Status,' +
      'Date_Administered_1,Vaccine_Name_1,CVX_1,MVX_1,Evaluation_Status_1,Evaluation_Reason_1,' +
      'Forecast_Num,Earliest_Date,Recommended_Date,Past_Due_Date,Vaccine_Group,Assessment_Date';
    const file = parseCdsiCases(
      `${head}\n2099-0101,Asplenia,1/5/2020,M,Asplenia,"034; 055",CDCPHINVS,Not complete,3/1/2021,PCV13,133,PFR,Valid,,2,05/01/2021,,,PCV,7/15/2021\n`,
    );
    expect(file.problems).toEqual([]);
    const c = file.cases[0]!;
    expect(c.birthDate).toBe('2020-01-05');
    expect(c.gender).toBe('Male');
    expect(c.medHistoryCodes).toEqual(['034', '055']);
    expect(c.medHistorySystem).toBe('CDCPHINVS');
    expect(c.vaccineGroup).toBe('Pneumococcal');
    expect(c.forecast).toEqual({
      doseNumber: 2,
      earliestDate: '2021-05-01',
      recommendedDate: null,
      pastDueDate: null,
    });
    expect(c.forecastTestType).toBe('');
  });

  it('reports a row that does not fit naming the line, the case and the column, and reads the others', () => {
    const file = parseCdsiCases(
      [
        HEAD,
        '2099-0002,bad birth date,2025-13-01,F,,,Not complete,' + DOSES_NONE + ',,,,,HepB,2025-02-20,,',
        '2099-0003,bad dose date,2025-01-01,F,,,Not complete,2025-02-15,08,,Valid,,2025-02-30,08,,Valid,,,,,,HepB,2025-02-20,,',
        '2099-0004,unknown group,2025-01-01,F,,,Complete,' + DOSES_NONE + ',,,,,XYZ,2025-02-20,,',
        '2099-0005,fine,2025-01-01,F,,,Not complete,' +
          DOSES_NONE +
          ',1,2025-01-01,2025-01-01,2025-01-28,HepB,2025-02-20,,',
      ].join('\n'),
    );
    expect(file.cases.map((c) => c.id)).toEqual(['2099-0005']);
    expect(file.problems).toHaveLength(3);
    expect(file.problems[0]).toMatch(/^line 2 \(case 2099-0002\): DOB: "2025-13-01" is not a date/);
    expect(file.problems[1]).toMatch(
      /^line 3 \(case 2099-0003\): Date_Administered_2: "2025-02-30" is not a date/,
    );
    expect(file.problems[2]).toMatch(
      /^line 4 \(case 2099-0004\): Vaccine_Group: not one of CDC's vaccine group codes/,
    );
  });

  it('refuses a header without the columns it needs, naming them', () => {
    const file = parseCdsiCases('CDC_Test_ID,DOB\n1,2025-01-01\n');
    expect(file.cases).toEqual([]);
    expect(file.problems[0]).toMatch(
      /^line 1: the header has no column gender, Series_Status, .*Date_Administered_1$/,
    );
  });

  it('reads ISO and US dates, and nothing else', () => {
    expect(caseDate('2025-11-10')).toBe('2025-11-10');
    expect(caseDate('11/10/2025')).toBe('2025-11-10');
    expect(caseDate('2/29/2024')).toBe('2024-02-29');
    expect(caseDate('2/29/2025')).toBeNull();
    expect(caseDate('20251110')).toBeNull();
  });
});
