import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { inTransaction } from '../../src/common/database';
import { AdjustmentReason } from '../../src/modules/inventory/domain/movement-reason';
import { InventoryAdminService } from '../../src/modules/inventory/inventory-admin.service';
import { InventoryService, StockLine } from '../../src/modules/inventory/inventory.service';
import { TestApp } from '../support/app';

/** Stock rows made straight through the service the catalog calls, with fresh ids, so tests never share a SKU. */
export async function createStock(t: TestApp, onHand: number, lowStockThreshold: number | null = null): Promise<string> {
  const skuId = randomUUID();
  await inTransaction(t.db, (em) =>
    t.app
      .get(InventoryService)
      .createStockItems(em, [
        { skuId, productId: randomUUID(), skuCode: `T-${randomBytes(4).toString('hex')}`, onHand, lowStockThreshold },
      ]),
  );
  return skuId;
}

export const reference = (label = 'order') => `${label}:${randomUUID()}`;

/** Each call in its own transaction, as the order module will make them. */
export function inventoryOps(t: TestApp) {
  const inventory = t.app.get(InventoryService);
  const tx = <T>(work: (em: EntityManager) => Promise<T>) => inTransaction(t.db, work);
  return {
    reserve: (ref: string, lines: StockLine[]) => tx((em) => inventory.reserve(em, ref, lines)),
    release: (ref: string) => tx((em) => inventory.release(em, ref)),
    commit: (ref: string) => tx((em) => inventory.commit(em, ref)),
    restock: (ref: string, lines: StockLine[]) => tx((em) => inventory.restock(em, ref, lines)),
    adjust: (skuId: string, delta: number) =>
      t.app.get(InventoryAdminService).adjust(skuId, { delta, reason: AdjustmentReason.Correction }, randomUUID()),
  };
}

export async function stockOf(t: TestApp, skuId: string) {
  const [row] = await t.db.query('SELECT on_hand, reserved, low_stock_alerted FROM stock_items WHERE sku_id = $1', [skuId]);
  return { onHand: row.on_hand as number, reserved: row.reserved as number, alerted: row.low_stock_alerted as boolean };
}

export interface LedgerRow {
  reason: string;
  on_hand_delta: number;
  reserved_delta: number;
  on_hand_before: number;
  on_hand_after: number;
  reserved_before: number;
  reserved_after: number;
  reference: string | null;
}

export async function ledgerOf(t: TestApp, skuId: string): Promise<LedgerRow[]> {
  return t.db.query(
    `SELECT reason, on_hand_delta, reserved_delta, on_hand_before, on_hand_after, reserved_before, reserved_after, reference
       FROM stock_movements WHERE sku_id = $1 ORDER BY seq`,
    [skuId],
  );
}

/** The ledger's sums equal the stock, and each row starts where the one before it ended. */
export async function expectLedgerAddsUp(
  t: TestApp,
  skuId: string,
): Promise<{ rows: LedgerRow[]; onHand: number; reserved: number }> {
  const rows = await ledgerOf(t, skuId);
  const stock = await stockOf(t, skuId);
  const sum = (f: (r: LedgerRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const problems: string[] = [];
  if (sum((r) => r.on_hand_delta) !== stock.onHand)
    problems.push(`onHand deltas sum to ${sum((r) => r.on_hand_delta)}, stock is ${stock.onHand}`);
  if (sum((r) => r.reserved_delta) !== stock.reserved)
    problems.push(`reserved deltas sum to ${sum((r) => r.reserved_delta)}, stock is ${stock.reserved}`);
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    const [onHand, reserved] = prev ? [prev.on_hand_after, prev.reserved_after] : [0, 0];
    if (r.on_hand_before !== onHand || r.reserved_before !== reserved)
      problems.push(`row ${i} starts at ${r.on_hand_before}/${r.reserved_before}, previous ended at ${onHand}/${reserved}`);
    if (r.on_hand_after < 0 || r.reserved_after < 0 || r.on_hand_after < r.reserved_after)
      problems.push(`row ${i} ends negative: ${r.on_hand_after}/${r.reserved_after}`);
  });
  if (problems.length) throw new Error(`ledger of ${skuId} does not add up:\n  ${problems.join('\n  ')}`);
  return { rows, ...stock };
}
