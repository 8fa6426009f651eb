// The low-stock rule, in one place. The low-stock list (InventoryRepository.listLowStock) states the
// same rule in SQL: `on_hand - reserved < COALESCE(low_stock_threshold, default)`.

/** The threshold that applies to a SKU: its own, or the store default when it has none. */
export function effectiveThreshold(own: number | null | undefined, storeDefault: number): number {
  return own ?? storeDefault;
}

/** Stock is low when available is strictly below the threshold, so a threshold of 0 never warns. */
export function isLowStock(available: number, threshold: number): boolean {
  return available < threshold;
}

export type LowStockTransition = 'warn' | 'rearm' | 'none';

/**
 * One warning per crossing: only the flip from "not low" to "low" warns. Going back to or above the
 * threshold (a restock, a released reservation) re-arms the flag, so the next fall warns again.
 */
export function lowStockTransition(wasLow: boolean, isLowNow: boolean): LowStockTransition {
  if (!wasLow && isLowNow) return 'warn';
  if (wasLow && !isLowNow) return 'rearm';
  return 'none';
}
