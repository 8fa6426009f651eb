import { expect } from 'expect';
import { describe, it } from 'node:test';
import { CsvError, parseCsv } from './csv';

describe('CSV reader', () => {
  it('reads plain and quoted fields with their line numbers', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y",""\n\n2,"say ""hi""",\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', ''] },
      { line: 4, fields: ['2', 'say "hi"', ''] },
    ]);
  });

  it('keeps line breaks inside quotes and counts them', () => {
    expect(parseCsv('\uFEFFk,v\n1,"two\nlines"\n2,z')).toEqual([
      { line: 1, fields: ['k', 'v'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['2', 'z'] },
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
    expect(() => parseCsv('a\n"open')).toThrow('line 2');
    expect(() => parseCsv('"x"y')).toThrow('closing quote');
  });
});
