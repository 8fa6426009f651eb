import { ValidationError } from '../../../common/errors';

export interface StockLine {
  skuId: string;
  quantity: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The one order in which every operation touches stock rows, so that two transactions never wait on each other in a cycle. */
export const bySkuId = (a: { skuId: string }, b: { skuId: string }) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0);

/**
 * Checks the lines of a reserve or restock and answers them merged by SKU (two lines of one SKU are
 * one line of their sum) in lock order. Postgres compares uuids as lower-case hex does, so this
 * order is also `ORDER BY sku_id`.
 */
export function normalizeLines(lines: readonly StockLine[]): StockLine[] {
  if (!lines.length) throw new ValidationError('At least one stock line is required');
  const merged = new Map<string, number>();
  lines.forEach((line, i) => {
    const skuId = String(line.skuId).toLowerCase();
    if (!UUID.test(skuId)) {
      throw new ValidationError('A stock line names an invalid SKU id', [
        { field: `lines[${i}].skuId`, messages: ['must be a UUID'] },
      ]);
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new ValidationError('A stock line has an invalid quantity', [
        { field: `lines[${i}].quantity`, messages: ['must be a positive integer'] },
      ]);
    }
    merged.set(skuId, (merged.get(skuId) ?? 0) + line.quantity);
  });
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity })).sort(bySkuId);
}

/** Whether two sets of lines hold the same quantity of the same SKUs. */
export function sameLines(a: readonly StockLine[], b: readonly StockLine[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort(bySkuId);
  const y = [...b].sort(bySkuId);
  return x.every((line, i) => line.skuId === y[i].skuId && line.quantity === y[i].quantity);
}
