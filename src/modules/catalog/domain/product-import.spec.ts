import { expect } from 'expect';
import { describe, it } from 'node:test';
import { parseCsv } from '../../../common/csv/csv';
import { groupRows, ImportRow, parseRow, readHeader, RowFailure } from './product-import';

function read(csv: string) {
  const [header, ...records] = parseCsv(csv);
  const { columns, problems } = readHeader(header.fields);
  expect(problems).toEqual([]);
  const rows: ImportRow[] = [];
  const failures: RowFailure[] = [];
  for (const record of records) {
    const result = parseRow(record, columns);
    if ('row' in result) rows.push(result.row);
    else failures.push(result.failure);
  }
  const grouped = groupRows(rows);
  return { groups: grouped.groups, failures: [...failures, ...grouped.failures].sort((a, b) => a.line - b.line) };
}

const HEADER = 'product_key,title,category,sku_code,specs,price_yuan,original_price_yuan,stock';

describe('product import rows', () => {
  it('names unknown and missing columns', () => {
    expect(readHeader(['Product_Key', 'title', 'colour']).problems).toEqual([
      'unknown column "colour"',
      'missing column "category"',
      'missing column "sku_code"',
      'missing column "price_yuan"',
    ]);
  });

  it('groups rows by product key and gathers the specs in order', () => {
    const { groups, failures } = read(
      [
        HEADER,
        'tee,纯棉T恤,服装>T恤,TEE-R-M,颜色:红|尺码:M,59.90,79,10',
        'tee,,,TEE-R-L,颜色:红|尺码:L,59.9,,',
        'mug,Mug,home,MUG-1,,12,,3',
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      productKey: 'tee',
      product: { title: '纯棉T恤', category: '服装>T恤', status: 'draft', tags: [] },
      specs: [
        { name: '颜色', values: ['红'] },
        { name: '尺码', values: ['M', 'L'] },
      ],
      skus: [
        { line: 2, code: 'TEE-R-M', price: 5990, originalPrice: 7900, stock: 10 },
        { line: 3, code: 'TEE-R-L', price: 5990, originalPrice: null, stock: 0 },
      ],
    });
  });

  it('reports each bad row with its line and keeps the good rows of the same product', () => {
    const { groups, failures } = read(
      [
        HEADER,
        'tee,Tee,c,A,颜色:红,10,,', // line 2
        'tee,Tee,c,B,颜色:蓝,abc,,', // line 3: bad price
        'tee,Tee,c,C,颜色:红,10,,', // line 4: repeats A's combination
        'tee,Other,c,D,颜色:绿,10,,', // line 5: contradicts the title
        'tee,,,A,颜色:黑,10,,', // line 6: code used on line 2
        'tee,,,E,颜色:白,10,5,', // line 7: original below price
        'tee,,,F,颜色白,10,,', // line 8: not a pair
        ',x,c,G,,1,,', // line 9: no key
        'solo,,c,H,,1,,', // line 10: no title
      ].join('\n'),
    );
    expect(failures.map((f) => [f.line, f.message])).toEqual([
      [3, expect.stringContaining('price_yuan "abc"')],
      [4, 'specs repeats the spec combination of line 2'],
      [5, "title differs from the product's first row (line 2)"],
      [6, 'sku_code "A" is already used on line 2'],
      [7, 'original_price_yuan must not be below the price'],
      [8, expect.stringContaining('not a name:value pair')],
      [9, 'product_key is required'],
      [10, expect.stringContaining('title required on the first row')],
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0].skus.map((s) => s.code)).toEqual(['A']);
    expect(groups[0].specs).toEqual([{ name: '颜色', values: ['红'] }]);
  });

  it('drops a row missing a spec its siblings have', () => {
    const { groups, failures } = read([HEADER, 'p,P,c,A,颜色:红|尺码:M,1,,', 'p,,,B,颜色:蓝,1,,'].join('\n'));
    expect(failures).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('specs 尺码 is required') })]);
    expect(groups[0].skus.map((s) => s.code)).toEqual(['A']);
  });
});
