import { describe, expect, it } from 'vitest';
import { checkText, normaliseText, textProblem } from './text-fields.ts';

describe('text fields (issue 7 item 10)', () => {
  it("accepts names of every script with marks, spaces and . ' - only", () => {
    for (const name of [
      'Anil Kumar Verma',
      "D'Souza",
      'R. K. Sharma-Rao',
      'अनिल कुमार वर्मा',
      'क्षत्रिय',
      'José',
      'मो० आरिफ़',
      'मो॰ आरिफ़',
    ])
      expect(textProblem(name, 'name', 100), name).toBeUndefined();
    // Devanagari conjuncts sometimes need the zero-width joiners.
    expect(textProblem('क्\u200Dष', 'name', 100)).toBeUndefined();
    expect(textProblem('क्\u200Cष', 'name', 100)).toBeUndefined();
  });

  it('refuses a name with a newline, a control character, a bidi override, symbols or no letter', () => {
    expect(textProblem('Anil\nKumar', 'name', 100)).toBe('line_break');
    expect(textProblem('Anil\rKumar', 'name', 100)).toBe('line_break');
    expect(textProblem('Anil\u2028Kumar', 'name', 100)).toBe('line_break');
    expect(textProblem('Anil\u0000Kumar', 'name', 100)).toBe('control');
    expect(textProblem('Anil\u0007', 'name', 100)).toBe('control');
    expect(textProblem('Anil \u202Eramuk', 'name', 100)).toBe('control');
    expect(textProblem('Anil\u2066x', 'name', 100)).toBe('control');
    expect(textProblem('Anil <b>', 'name', 100)).toBe('characters');
    expect(textProblem('Anil 2', 'name', 100)).toBe('characters');
    expect(textProblem("'.-", 'name', 100)).toBe('characters');
  });

  it('counts the limit in characters, so a long Hindi name is not cut short by UTF-16 units', () => {
    expect(textProblem('a'.repeat(100), 'name', 100)).toBeUndefined();
    expect(textProblem('a'.repeat(101), 'name', 100)).toBe('too_long');
    // 100 characters outside the BMP are 200 UTF-16 units but 100 characters.
    expect(textProblem('𝐀'.repeat(100), 'line', 100)).toBeUndefined();
    expect(textProblem('𝐀'.repeat(101), 'line', 100)).toBe('too_long');
  });

  it('a line takes any printable text of any script; a paragraph keeps its line breaks', () => {
    expect(textProblem('Transfer order № 12/2026 — ₹500, (see §4) “ok”!', 'line', 500)).toBeUndefined();
    expect(textProblem('a\nb', 'line', 500)).toBe('line_break');
    expect(textProblem('a\tb', 'line', 500)).toBe('control');
    expect(textProblem('first line\nsecond line', 'paragraph', 500)).toBeUndefined();
    expect(textProblem('first\u202E line', 'paragraph', 500)).toBe('control');
    expect(textProblem('a\u0085b', 'paragraph', 500)).toBe('control');
  });

  it('a reference is letters, digits and . / - ( ) , : #; a user ID is ASCII letters, digits and . _ -', () => {
    expect(textProblem('GAD/12-2026 (A), No: #4', 'reference', 100)).toBeUndefined();
    expect(textProblem('GAD; drop', 'reference', 100)).toBe('characters');
    expect(textProblem('anil.verma_2-x', 'userId', 100)).toBeUndefined();
    expect(textProblem('anil verma', 'userId', 100)).toBe('characters');
    expect(textProblem('अनिल', 'userId', 100)).toBe('characters');
  });

  it('normalises to NFC, trims, and turns CRLF into LF in paragraphs only', () => {
    expect(normaliseText('  Jose\u0301 ', 'name')).toBe('José');
    expect(normaliseText('a\r\nb\rc', 'paragraph')).toBe('a\nb\nc');
    expect(checkText('a\r\nb', 'line', 10)).toEqual({ ok: false, problem: 'line_break' });
    expect(checkText(' Anil ', 'name', 10)).toEqual({ ok: true, value: 'Anil' });
    expect(checkText('', 'name', 10)).toEqual({ ok: true, value: '' });
  });
});
