import { allocate, sum } from '../../../common/money';
import { Adjustment, PricingStepName } from './pricing';

// Staff change what an unpaid order costs (改价): a new amount to pay, and optionally a new shipping
// fee. The goods may only get cheaper than the pipeline priced them; the difference is one order-level
// staff discount apportioned to the lines (largest remainder), like any other order discount, so that
// a later refund of one line stays exact. A new adjustment replaces the previous one.

export interface PricedOrderLine {
  id: string;
  lineSubtotal: number;
  adjustments: Adjustment[];
}

export interface OrderPrice {
  lines: readonly PricedOrderLine[];
  shippingTotal: number;
  /** Order-level adjustments (shipping, discounts). */
  adjustments: readonly Adjustment[];
}

export interface NewPrice {
  /** What the shopper pays, shipping included, fen. */
  total: number;
  /** The new shipping fee, fen; the current one when absent. */
  shippingTotal?: number;
  /** Why (kept on the adjustment). */
  reason: string;
}

export interface RepricedLine {
  id: string;
  discountTotal: number;
  lineTotal: number;
  adjustments: Adjustment[];
}

export interface Repriced {
  lines: RepricedLine[];
  discountTotal: number;
  shippingTotal: number;
  total: number;
  adjustments: Adjustment[];
  /** The staff discount on the goods, fen (≥ 0). */
  staffDiscount: number;
}

export class PriceAdjustmentError extends Error {
  constructor(
    readonly field: 'total' | 'shippingTotal',
    message: string,
  ) {
    super(message);
  }
}

const notStaff = (a: Adjustment) => a.step !== PricingStepName.StaffAdjustment;

/** The order's amounts after staff set its price; throws PriceAdjustmentError for a price it cannot take. */
export function reprice(order: OrderPrice, price: NewPrice): Repriced {
  const shippingTotal = price.shippingTotal ?? order.shippingTotal;
  if (!Number.isSafeInteger(shippingTotal) || shippingTotal < 0) {
    throw new PriceAdjustmentError('shippingTotal', 'must be whole fen, 0 or more');
  }
  if (!Number.isSafeInteger(price.total) || price.total < 1) {
    throw new PriceAdjustmentError('total', 'must be whole fen, 1 or more');
  }
  // What each line costs by the pipeline alone, without an earlier staff discount.
  const base = order.lines.map((line) => ({
    line,
    adjustments: line.adjustments.filter(notStaff),
    total: sum([line.lineSubtotal, ...line.adjustments.filter(notStaff).map((a) => a.amount)]),
  }));
  const goods = sum(base.map((b) => b.total));
  const staffDiscount = sum([goods, shippingTotal, -price.total]);
  if (staffDiscount < 0) {
    throw new PriceAdjustmentError(
      'total',
      `cannot exceed ${sum([goods, shippingTotal])}, the goods as priced (${goods}) plus shipping (${shippingTotal})`,
    );
  }
  if (staffDiscount > goods) {
    throw new PriceAdjustmentError('total', `cannot be less than the shipping fee (${shippingTotal})`);
  }

  const description = `Price adjusted by staff: ${price.reason}`;
  const shares = staffDiscount
    ? allocate(
        staffDiscount,
        base.map((b) => b.total),
      )
    : base.map(() => 0);
  const lines = base.map(({ line, adjustments, total }, i): RepricedLine => {
    const own = shares[i]
      ? [...adjustments, { step: PricingStepName.StaffAdjustment, amount: -shares[i], description, apportioned: true }]
      : adjustments;
    const lineTotal = sum([total, -shares[i]]);
    return { id: line.id, adjustments: own, lineTotal, discountTotal: sum([line.lineSubtotal, -lineTotal]) };
  });

  const adjustments = order.adjustments.filter((a) => notStaff(a) && a.step !== PricingStepName.Shipping);
  if (staffDiscount) adjustments.push({ step: PricingStepName.StaffAdjustment, amount: -staffDiscount, description });
  const shipping = order.adjustments.find((a) => a.step === PricingStepName.Shipping);
  if (shipping || shippingTotal) {
    adjustments.push(
      shipping && shipping.amount === shippingTotal
        ? shipping
        : { step: PricingStepName.Shipping, amount: shippingTotal, description: `Shipping set by staff: ${price.reason}` },
    );
  }
  return {
    lines,
    discountTotal: sum(lines.map((l) => l.discountTotal)),
    shippingTotal,
    total: price.total,
    adjustments,
    staffDiscount,
  };
}
