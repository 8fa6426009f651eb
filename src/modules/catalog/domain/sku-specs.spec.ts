import { expect } from 'expect';
import { describe, it } from 'node:test';
import { listPrice, specKey, validateSkus, validateSpecDefinitions } from './sku-specs';

const specs = [
  { name: '颜色', values: ['红', '蓝'] },
  { name: '尺码', values: ['M', 'L'] },
];

describe('spec definitions', () => {
  it('accepts distinct names with distinct values', () => {
    expect(validateSpecDefinitions(specs)).toEqual([]);
  });

  it('refuses repeated names, empty value lists and repeated values', () => {
    const errors = validateSpecDefinitions([
      { name: '颜色', values: ['红', '红'] },
      { name: '颜色', values: [] },
    ]);
    expect(errors.map((e) => e.field).sort()).toEqual(['specs[0].values[1]', 'specs[1].name', 'specs[1].values']);
  });
});

describe('SKU spec combinations', () => {
  const sku = (code: string, s: Record<string, string>, price = 100) => ({ code, specs: s, price });

  it('accepts one SKU per distinct full combination', () => {
    expect(
      validateSkus(specs, [
        sku('A', { 颜色: '红', 尺码: 'M' }),
        sku('B', { 颜色: '红', 尺码: 'L' }),
        sku('C', { 尺码: 'M', 颜色: '蓝' }),
      ]),
    ).toEqual([]);
  });

  it('names the missing spec, the unknown spec and the value outside the list', () => {
    const errors = validateSkus(specs, [sku('A', { 颜色: '红' }), sku('B', { 颜色: '绿', 尺码: 'M', 材质: '棉' })]);
    expect(errors).toEqual([
      { field: 'skus[0].specs.尺码', messages: [expect.stringContaining('required')] },
      { field: 'skus[1].specs.颜色', messages: [expect.stringContaining('"绿" is not one of the values')] },
      { field: 'skus[1].specs.材质', messages: [expect.stringContaining('not a spec of this product')] },
    ]);
  });

  it('refuses a repeated combination and a repeated code, pointing at the first one', () => {
    const errors = validateSkus(specs, [sku('A', { 颜色: '红', 尺码: 'M' }), sku('A', { 尺码: 'M', 颜色: '红' })]);
    expect(errors).toEqual([
      { field: 'skus[1].specs', messages: ['repeats the spec combination of skus[0]'] },
      { field: 'skus[1].code', messages: ['repeats the code of skus[0]'] },
    ]);
  });

  it('lets a product without specs have exactly one SKU', () => {
    expect(validateSkus([], [{ code: 'X', price: 1 }])).toEqual([]);
    expect(
      validateSkus(
        [],
        [
          { code: 'X', price: 1 },
          { code: 'Y', price: 1 },
        ],
      )[0].field,
    ).toBe('skus[1].specs');
    expect(validateSkus([], [])[0]).toEqual({ field: 'skus', messages: ['must list at least one SKU'] });
  });

  it('checks prices: non-negative integers, original at least price, member at most price', () => {
    const errors = validateSkus([], [{ code: 'X', price: 1000, originalPrice: 999, memberPrice: 1001 }]);
    expect(errors.map((e) => e.field)).toEqual(['skus[0].originalPrice', 'skus[0].memberPrice']);
    expect(validateSkus([], [{ code: 'X', price: -1 }])[0].field).toBe('skus[0].price');
    expect(validateSkus([], [{ code: 'X', price: 1.5 }])[0].field).toBe('skus[0].price');
    expect(validateSkus([], [{ code: 'X', price: 0, originalPrice: 0, memberPrice: 0 }])).toEqual([]);
  });

  it('keys a combination in the order of the product specs', () => {
    expect(specKey(specs, { 尺码: 'M', 颜色: '红' })).toBe(specKey(specs, { 颜色: '红', 尺码: 'M' }));
    expect(specKey([], {})).toBe('[]');
  });

  it('lists the cheapest SKU with its original price', () => {
    expect(listPrice([{ price: 300 }, { price: 200, originalPrice: 250 }, { price: 200, originalPrice: 9 }])).toEqual({
      price: 200,
      originalPrice: 250,
    });
    expect(listPrice([])).toBeNull();
  });
});
