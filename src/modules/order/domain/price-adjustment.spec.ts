import { expect } from 'expect';
import { describe, it } from 'node:test';
import { OrderPrice, PriceAdjustmentError, reprice } from './price-adjustment';
import { PricingStepName } from './pricing';

const shipping = { step: PricingStepName.Shipping, amount: 800, description: 'Express' };

// Two lines: 3 × 1000 with a 300 coupon share, and 1 × 999; shipping 800. Goods 3699, total 4499.
const order = (): OrderPrice => ({
  lines: [
    {
      id: 'a',
      lineSubtotal: 3000,
      adjustments: [{ step: PricingStepName.Coupons, amount: -300, description: 'Coupon', apportioned: true }],
    },
    { id: 'b', lineSubtotal: 999, adjustments: [] },
  ],
  shippingTotal: 800,
  adjustments: [{ step: PricingStepName.Coupons, amount: -300, description: 'Coupon' }, shipping],
});

describe('staff price adjustment', () => {
  it('turns a lower total into a staff discount apportioned to the lines that adds up exactly', () => {
    const result = reprice(order(), { total: 4000, reason: 'loyal customer' });
    expect(result.staffDiscount).toBe(499);
    expect(result.total).toBe(4000);
    expect(result.shippingTotal).toBe(800);
    // 499 over weights 2700 and 999: 364.2.. and 134.7.. -> 364 and 135 by largest remainder.
    expect(result.lines.map((l) => [l.id, l.lineTotal, l.discountTotal])).toEqual([
      ['a', 2336, 664],
      ['b', 864, 135],
    ]);
    expect(result.lines[0].adjustments.at(-1)).toEqual({
      step: PricingStepName.StaffAdjustment,
      amount: -364,
      description: 'Price adjusted by staff: loyal customer',
      apportioned: true,
    });
    expect(result.lines.reduce((a, l) => a + l.lineTotal, 0) + result.shippingTotal).toBe(result.total);
    expect(result.discountTotal).toBe(664 + 135);
    expect(result.adjustments).toEqual([
      { step: PricingStepName.Coupons, amount: -300, description: 'Coupon' },
      { step: PricingStepName.StaffAdjustment, amount: -499, description: 'Price adjusted by staff: loyal customer' },
      shipping,
    ]);
  });

  it('changes the shipping fee alone, and replaces an earlier staff adjustment instead of stacking', () => {
    const first = reprice(order(), { total: 4000, reason: 'first' });
    const again = reprice(
      {
        lines: order().lines.map((l, i) => ({ ...l, lineSubtotal: l.lineSubtotal, adjustments: first.lines[i].adjustments })),
        shippingTotal: first.shippingTotal,
        adjustments: first.adjustments,
      },
      { total: 3699, shippingTotal: 0, reason: 'free shipping' },
    );
    expect(again.staffDiscount).toBe(0);
    expect(again.lines.map((l) => l.lineTotal)).toEqual([2700, 999]);
    expect(again.lines.flatMap((l) => l.adjustments).some((a) => a.step === PricingStepName.StaffAdjustment)).toBe(false);
    expect(again.adjustments).toEqual([
      { step: PricingStepName.Coupons, amount: -300, description: 'Coupon' },
      { step: PricingStepName.Shipping, amount: 0, description: 'Shipping set by staff: free shipping' },
    ]);
    expect(again.total).toBe(3699);
  });

  it('keeps the shipping adjustment as it was when the fee does not change', () => {
    expect(reprice(order(), { total: 4499, reason: 'same' }).adjustments).toEqual(order().adjustments);
  });

  it('refuses a price above the priced goods plus shipping, below the shipping fee, or not whole fen', () => {
    const refused = (total: number, shippingTotal?: number) => {
      try {
        reprice(order(), { total, shippingTotal, reason: 'x' });
      } catch (error) {
        return error instanceof PriceAdjustmentError ? error.field : 'other';
      }
      return 'accepted';
    };
    expect(refused(4500)).toBe('total');
    expect(refused(799)).toBe('total');
    // The goods may be given away; the shipping fee is still paid.
    expect(refused(800)).toBe('accepted');
    expect(refused(0, 0)).toBe('total');
    expect(refused(10.5)).toBe('total');
    expect(refused(4000, -1)).toBe('shippingTotal');
    expect(refused(5000, 1500)).toBe('accepted');
  });
});
