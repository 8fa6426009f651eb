import { expect } from 'expect';
import { describe, it } from 'node:test';
import { effectiveThreshold, isLowStock, lowStockTransition } from './low-stock';

describe('low-stock rule', () => {
  it('uses the SKU threshold, else the store default (0 is a real threshold)', () => {
    expect(effectiveThreshold(5, 10)).toBe(5);
    expect(effectiveThreshold(0, 10)).toBe(0);
    expect(effectiveThreshold(null, 10)).toBe(10);
    expect(effectiveThreshold(undefined, 10)).toBe(10);
  });

  it('is low strictly below the threshold', () => {
    expect(isLowStock(9, 10)).toBe(true);
    expect(isLowStock(10, 10)).toBe(false);
    expect(isLowStock(0, 0)).toBe(false);
    expect(isLowStock(0, 1)).toBe(true);
  });

  it('warns only on the crossing into low stock and re-arms on the way back', () => {
    expect(lowStockTransition(false, true)).toBe('warn');
    expect(lowStockTransition(true, true)).toBe('none');
    expect(lowStockTransition(true, false)).toBe('rearm');
    expect(lowStockTransition(false, false)).toBe('none');
  });

  it('warns once over a run of sales, and again after a restock', () => {
    const threshold = 3;
    let alerted = false;
    const warnings: number[] = [];
    for (const available of [5, 4, 3, 2, 1, 0, 10, 6, 2, 1]) {
      const low = isLowStock(available, threshold);
      if (lowStockTransition(alerted, low) === 'warn') warnings.push(available);
      alerted = low;
    }
    expect(warnings).toEqual([2, 2]);
  });
});
