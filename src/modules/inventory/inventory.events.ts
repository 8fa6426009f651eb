import { MovementReason } from './domain/movement-reason';

// Event types follow the bus's `module.verb` pattern (lower case, dashes).
export const INVENTORY_LOW_STOCK = 'inventory.low-stock';

/** Published, in the transaction of the stock change, when a SKU's available stock crosses below its threshold. */
export interface LowStockPayload {
  skuId: string;
  productId: string;
  skuCode: string;
  onHand: number;
  reserved: number;
  available: number;
  threshold: number;
  /** The movement that crossed the threshold. */
  reason: MovementReason;
  reference: string | null;
}
