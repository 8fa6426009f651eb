import { expect } from 'expect';
import { describe, it } from 'node:test';
import { pendingStep, PriceDraft, PricingError, PricingLineInput, PricingStepName, runPricing } from './pricing';

const line = (skuId: string, unitPrice: number, quantity: number): PricingLineInput => ({
  skuId,
  productId: `p-${skuId}`,
  quantity,
  unitPrice,
  memberPrice: null,
  weightGrams: 100,
});

describe('pricing pipeline', () => {
  it('prices lines at catalog price × quantity with no steps granting anything', async () => {
    const result = await runPricing(new PriceDraft([line('a', 1250, 2), line('b', 399, 1)], 'CNY'), [
      pendingStep(PricingStepName.MemberPrice),
      pendingStep(PricingStepName.Coupons),
    ]);
    expect(result).toEqual({
      lines: [
        expect.objectContaining({ skuId: 'a', lineSubtotal: 2500, discountTotal: 0, lineTotal: 2500, adjustments: [] }),
        expect.objectContaining({ skuId: 'b', lineSubtotal: 399, discountTotal: 0, lineTotal: 399, adjustments: [] }),
      ],
      subtotal: 2899,
      discountTotal: 0,
      shippingTotal: 0,
      total: 2899,
      currency: 'CNY',
      adjustments: [],
    });
  });

  it('apportions an order discount to the lines by largest remainder, so the shares add up exactly', async () => {
    const draft = new PriceDraft([line('a', 100, 1), line('b', 100, 1), line('c', 100, 1)], 'CNY');
    const result = await runPricing(draft, [
      {
        name: PricingStepName.FullReduction,
        apply: (d) => d.discountOrder({ step: PricingStepName.FullReduction, amount: 100, description: '1 off 3' }),
      },
      { name: PricingStepName.Shipping, apply: (d) => d.setShipping(800, 'Shipping') },
    ]);
    expect(result.lines.map((l) => l.discountTotal)).toEqual([34, 33, 33]);
    expect(result.lines.map((l) => l.lineTotal)).toEqual([66, 67, 67]);
    expect(result.lines[0].adjustments).toEqual([
      { step: 'full_reduction', amount: -34, description: '1 off 3', apportioned: true },
    ]);
    expect(result).toMatchObject({ subtotal: 300, discountTotal: 100, shippingTotal: 800, total: 1000 });
    expect(result.adjustments).toEqual([
      { step: 'full_reduction', amount: -100, description: '1 off 3' },
      { step: 'shipping', amount: 800, description: 'Shipping' },
    ]);
  });

  it('applies line discounts before order discounts and weighs the order discount by what lines cost then', async () => {
    const result = await runPricing(new PriceDraft([line('a', 1000, 1), line('b', 1000, 1)], 'CNY'), [
      {
        name: PricingStepName.ActivityPrice,
        apply: (d) => d.discountLine(0, { step: PricingStepName.ActivityPrice, amount: 500, description: 'Flash sale' }),
      },
      {
        name: PricingStepName.Coupons,
        apply: (d) => d.discountOrder({ step: PricingStepName.Coupons, amount: 300, description: 'Coupon', source: 'c1' }),
      },
    ]);
    expect(result.lines.map((l) => l.discountTotal)).toEqual([600, 200]);
    expect(result).toMatchObject({ subtotal: 2000, discountTotal: 800, total: 1200 });
  });

  it('refuses discounts below zero or beyond what is left to pay, fractional fen, and steps out of order', async () => {
    const draft = new PriceDraft([line('a', 100, 1)], 'CNY');
    expect(() => draft.discountLine(0, { step: PricingStepName.Coupons, amount: 101, description: 'x' })).toThrow(PricingError);
    expect(() => draft.discountOrder({ step: PricingStepName.Coupons, amount: -1, description: 'x' })).toThrow(PricingError);
    expect(() => draft.discountOrder({ step: PricingStepName.Coupons, amount: 1.5, description: 'x' })).toThrow(PricingError);
    expect(() => draft.setShipping(-1, 'x')).toThrow(PricingError);
    await expect(
      runPricing(draft, [pendingStep(PricingStepName.Shipping), pendingStep(PricingStepName.Coupons)]),
    ).rejects.toThrow(/out of order/);
    expect(() => new PriceDraft([], 'CNY')).toThrow(PricingError);
  });
});
