import { allocate, multiply, sum } from '../../../common/money';

// The pricing pipeline: checkout preview and order creation both run it. Each step may add explained
// adjustments to lines or to the order; order-level discounts are apportioned to the lines (largest
// remainder) so that every line knows exactly what it cost, and a refund of one line is exact.

/** The steps, in the one order they run. */
export enum PricingStepName {
  CatalogPrice = 'catalog_price',
  MemberPrice = 'member_price',
  /** Limited-time discount, flash sale, group buy. */
  ActivityPrice = 'activity_price',
  Coupons = 'coupons',
  FullReduction = 'full_reduction',
  Points = 'points',
  Shipping = 'shipping',
  /** Not a step of the pipeline: staff changed the price of the placed order (domain/price-adjustment.ts). */
  StaffAdjustment = 'staff_adjustment',
}

export const PIPELINE: readonly PricingStepName[] = Object.values(PricingStepName).filter(
  (step) => step !== PricingStepName.StaffAdjustment,
);

export interface Adjustment {
  step: PricingStepName;
  /** Fen. Negative lowers the price (a discount), positive raises it (shipping). */
  amount: number;
  /** What the shopper is told, e.g. "Coupon: 10 off 100". */
  description: string;
  /** What granted it (a coupon id, an activity id), when something did. */
  source?: string;
  /** On a line: this is the line's share of an order-level adjustment. */
  apportioned?: boolean;
}

export interface PricingLineInput {
  skuId: string;
  productId: string;
  quantity: number;
  /** Catalog price of one unit, fen. */
  unitPrice: number;
  memberPrice: number | null;
  weightGrams: number | null;
}

export interface PricedLine {
  skuId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  /** unitPrice × quantity. */
  lineSubtotal: number;
  /** Sum of the line's discounts (own and apportioned), as a positive amount. */
  discountTotal: number;
  lineTotal: number;
  adjustments: Adjustment[];
}

export interface PriceBreakdown {
  lines: PricedLine[];
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  total: number;
  currency: string;
  /** Order-level adjustments (their line shares are on the lines). */
  adjustments: Adjustment[];
}

export class PricingError extends Error {}

interface DraftLine {
  input: PricingLineInput;
  lineSubtotal: number;
  adjustments: Adjustment[];
}

/** The order being priced, changed step by step. Only this class does the arithmetic. */
export class PriceDraft {
  private readonly draftLines: DraftLine[];
  private readonly orderAdjustments: Adjustment[] = [];
  private shipping: Adjustment | null = null;

  constructor(
    lines: readonly PricingLineInput[],
    readonly currency: string,
  ) {
    if (!lines.length) throw new PricingError('An order needs at least one line');
    this.draftLines = lines.map((input) => ({
      input,
      lineSubtotal: multiply(input.unitPrice, input.quantity),
      adjustments: [],
    }));
  }

  get lines(): readonly PricingLineInput[] {
    return this.draftLines.map((l) => l.input);
  }

  /** What line `index` costs after the adjustments so far. */
  lineTotal(index: number): number {
    const line = this.draftLines[index];
    return sum([line.lineSubtotal, ...line.adjustments.map((a) => a.amount)]);
  }

  /** What the lines cost after the adjustments so far (shipping excluded). */
  goodsTotal(): number {
    return sum(this.draftLines.map((_, i) => this.lineTotal(i)));
  }

  /** A discount of `amount` fen on one line; a line never goes below zero. */
  discountLine(index: number, adjustment: Omit<Adjustment, 'amount' | 'apportioned'> & { amount: number }): void {
    checkDiscount(adjustment.amount, this.lineTotal(index));
    if (adjustment.amount === 0) return;
    this.draftLines[index].adjustments.push({ ...adjustment, amount: -adjustment.amount });
  }

  /**
   * A discount of `amount` fen on the whole order, recorded on the order and apportioned to the lines
   * in proportion to what each costs now (largest remainder: the shares add up exactly).
   */
  discountOrder(adjustment: Omit<Adjustment, 'amount' | 'apportioned'> & { amount: number }): void {
    checkDiscount(adjustment.amount, this.goodsTotal());
    if (adjustment.amount === 0) return;
    const shares = allocate(
      adjustment.amount,
      this.draftLines.map((_, i) => this.lineTotal(i)),
    );
    shares.forEach((share, i) => {
      if (share) this.draftLines[i].adjustments.push({ ...adjustment, amount: -share, apportioned: true });
    });
    this.orderAdjustments.push({ ...adjustment, amount: -adjustment.amount });
  }

  /** The order's shipping fee; set once, by the shipping step. */
  setShipping(amount: number, description: string): void {
    if (!Number.isSafeInteger(amount) || amount < 0)
      throw new PricingError(`A shipping fee must be whole fen ≥ 0, got ${amount}`);
    if (this.shipping) throw new PricingError('The shipping fee is already set');
    this.shipping = { step: PricingStepName.Shipping, amount, description };
  }

  result(): PriceBreakdown {
    const lines = this.draftLines.map((line, i): PricedLine => {
      const lineTotal = this.lineTotal(i);
      return {
        skuId: line.input.skuId,
        productId: line.input.productId,
        quantity: line.input.quantity,
        unitPrice: line.input.unitPrice,
        lineSubtotal: line.lineSubtotal,
        discountTotal: sum([line.lineSubtotal, -lineTotal]),
        lineTotal,
        adjustments: line.adjustments,
      };
    });
    const shippingTotal = this.shipping?.amount ?? 0;
    const goods = sum(lines.map((l) => l.lineTotal));
    return {
      lines,
      subtotal: sum(lines.map((l) => l.lineSubtotal)),
      discountTotal: sum(lines.map((l) => l.discountTotal)),
      shippingTotal,
      total: sum([goods, shippingTotal]),
      currency: this.currency,
      adjustments: [...this.orderAdjustments, ...(this.shipping ? [this.shipping] : [])],
    };
  }
}

function checkDiscount(amount: number, upTo: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new PricingError(`A discount must be whole fen ≥ 0, got ${amount}`);
  if (amount > upTo) throw new PricingError(`A discount of ${amount} exceeds the ${upTo} left to pay`);
}

/** One step of the pipeline. Steps may be asynchronous (shipping asks the shipping module). */
export interface PricingStep {
  readonly name: PricingStepName;
  apply(draft: PriceDraft): void | Promise<void>;
}

/** Runs the steps in pipeline order (refusing any other order) and answers the breakdown. */
export async function runPricing(draft: PriceDraft, steps: readonly PricingStep[]): Promise<PriceBreakdown> {
  let last = -1;
  for (const step of steps) {
    const position = PIPELINE.indexOf(step.name);
    if (position <= last) throw new PricingError(`Pricing step ${step.name} is out of order`);
    last = position;
    await step.apply(draft);
  }
  return draft.result();
}

/** A step that is in place but grants nothing yet (waits for its module: membership levels, promotions, points). */
export function pendingStep(name: PricingStepName): PricingStep {
  return { name, apply: () => undefined };
}
