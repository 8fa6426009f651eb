import { expect } from 'expect';
import { describe, it } from 'node:test';
import { normalizeLines, sameLines } from './stock-lines';

const A = '0a5c7a52-5f0e-4f43-9a57-8d2b2ff6c001';
const B = 'b1e4a1c2-1d47-4c77-8a0e-3c3d2a9e0002';
const C = 'F0000000-0000-4000-8000-000000000003';

describe('stock lines', () => {
  it('merges lines of one SKU and sorts them in lock order', () => {
    expect(
      normalizeLines([
        { skuId: C, quantity: 1 },
        { skuId: B, quantity: 2 },
        { skuId: A, quantity: 3 },
        { skuId: B, quantity: 4 },
      ]),
    ).toEqual([
      { skuId: A, quantity: 3 },
      { skuId: B, quantity: 6 },
      { skuId: C.toLowerCase(), quantity: 1 },
    ]);
  });

  it('rejects empty lines, bad ids and non-positive or fractional quantities', () => {
    expect(() => normalizeLines([])).toThrow('At least one');
    expect(() => normalizeLines([{ skuId: 'nope', quantity: 1 }])).toThrow('invalid SKU id');
    for (const quantity of [0, -1, 1.5, Number.NaN]) {
      expect(() => normalizeLines([{ skuId: A, quantity }])).toThrow('invalid quantity');
    }
  });

  it('compares sets of lines regardless of order', () => {
    expect(
      sameLines(
        [
          { skuId: A, quantity: 1 },
          { skuId: B, quantity: 2 },
        ],
        [
          { skuId: B, quantity: 2 },
          { skuId: A, quantity: 1 },
        ],
      ),
    ).toBe(true);
    expect(sameLines([{ skuId: A, quantity: 1 }], [{ skuId: A, quantity: 2 }])).toBe(false);
    expect(
      sameLines(
        [{ skuId: A, quantity: 1 }],
        [
          { skuId: A, quantity: 1 },
          { skuId: B, quantity: 1 },
        ],
      ),
    ).toBe(false);
  });
});
