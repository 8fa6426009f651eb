import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DEFAULT_CURRENCY } from '../../common/money';
import { CatalogService, SkuForSale } from '../catalog/catalog.service';
import { ShippingService } from '../shipping/shipping.service';
import type { PickupStoreSummary } from '../shipping/shipping.types';
import { DeliveryMethod } from './domain/order-status';
import { pendingStep, PriceBreakdown, PriceDraft, PricingStep, PricingStepName, runPricing } from './domain/pricing';
import { OrderSkuNotPurchasableError } from './order.errors';

export interface PricingRequest {
  customerId: string;
  /** Merged by SKU, in the order the shopper listed them. */
  lines: { skuId: string; quantity: number }[];
  deliveryMethod: DeliveryMethod;
  address?: { province: string; city: string; district: string };
  pickupStoreId?: string;
}

export interface PricedOrder {
  breakdown: PriceBreakdown;
  /** The catalog's view of each SKU when priced: the order lines' snapshot. */
  skus: Map<string, SkuForSale>;
  /** The pickup store of a pickup order, as the shipping module describes it. */
  pickupStore: PickupStoreSummary | null;
}

/**
 * The pricing pipeline around the catalog: catalog price → member price → activity price → coupons →
 * full reduction → points → shipping. Checkout preview and order creation both call `price`, so the
 * preview is exactly what the order will charge. Reads only.
 */
@Injectable()
export class PricingService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly shipping: ShippingService,
  ) {}

  async price(em: EntityManager | undefined, request: PricingRequest): Promise<PricedOrder> {
    const skus = new Map(
      (
        await this.catalog.skusForSale(
          request.lines.map((l) => l.skuId),
          em,
        )
      ).map((s) => [s.skuId, s]),
    );
    for (const line of request.lines) {
      const sku = skus.get(line.skuId);
      if (!sku?.purchasable) throw new OrderSkuNotPurchasableError(line.skuId, sku?.code ?? null);
    }
    const draft = new PriceDraft(
      request.lines.map((line) => {
        const sku = skus.get(line.skuId)!;
        return {
          skuId: sku.skuId,
          productId: sku.productId,
          quantity: line.quantity,
          unitPrice: sku.price,
          memberPrice: sku.memberPrice,
          weightGrams: sku.weightGrams,
        };
      }),
      skus.values().next().value?.currency ?? DEFAULT_CURRENCY,
    );
    let pickupStore: PickupStoreSummary | null = null;
    const breakdown = await runPricing(
      draft,
      this.steps(em, request, (store) => (pickupStore = store)),
    );
    return { breakdown, skus, pickupStore };
  }

  private steps(
    em: EntityManager | undefined,
    request: PricingRequest,
    onPickupStore: (store: PickupStoreSummary) => void,
  ): PricingStep[] {
    return [
      // The draft starts from the catalog's current price of each SKU (never a price from the client).
      { name: PricingStepName.CatalogPrice, apply: () => undefined },
      // Member prices wait for membership levels: a customer without a level pays the catalog price.
      pendingStep(PricingStepName.MemberPrice),
      pendingStep(PricingStepName.ActivityPrice),
      pendingStep(PricingStepName.Coupons),
      pendingStep(PricingStepName.FullReduction),
      pendingStep(PricingStepName.Points),
      {
        name: PricingStepName.Shipping,
        apply: async (draft) => {
          // Freight templates, same-city and cash-on-delivery rules, pickup stores: the shipping module's
          // coded errors (DELIVERY_UNAVAILABLE, PICKUP_STORE_UNAVAILABLE) reach the shopper as they are.
          const quote = await this.shipping.quote(em, {
            method: request.deliveryMethod,
            address: request.address,
            pickupStoreId: request.pickupStoreId,
            lines: draft.lines.map((line, i) => ({
              productId: line.productId,
              skuId: line.skuId,
              quantity: line.quantity,
              weightGrams: line.weightGrams,
              lineTotal: draft.lineTotal(i),
            })),
          });
          if (quote.pickupStore) onPickupStore(quote.pickupStore);
          draft.setShipping(quote.shippingTotal, quote.explanation.join('; ') || 'Shipping');
        },
      },
    ];
  }
}
