import { randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/common/database';
import { InventoryService } from '../../src/modules/inventory/inventory.service';
import { startApp, TestApp } from '../support/app';
import { createStock, expectLedgerAddsUp, inventoryOps, ledgerOf, reference, stockOf } from './stock';

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' ? ((result.reason as { code?: string }).code ?? String(result.reason)) : 'ok';

describe('inventory reservations (service API on the real database)', () => {
  let t: TestApp;
  let ops: ReturnType<typeof inventoryOps>;
  before(async () => {
    t = await startApp();
    ops = inventoryOps(t);
  });
  after(() => t.close());

  it('50 parallel reservations on stock 10 leave exactly 10 reserved and 0 available', async () => {
    const sku = await createStock(t, 10);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => ops.reserve(reference(), [{ skuId: sku, quantity: 1 }])),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(10);
    expect(codes.filter((c) => c === 'OUT_OF_STOCK')).toHaveLength(40);
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 10, reserved: 10 });
    expect((await t.app.get(InventoryService).availability([sku])).get(sku)).toBe(0);
    const { rows } = await expectLedgerAddsUp(t, sku);
    expect(rows.filter((r) => r.reason === 'reserve')).toHaveLength(10);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM stock_reservations WHERE sku_id = $1 AND status = 'reserved'`,
      [sku],
    );
    expect(n).toBe(10);
  });

  it('names the SKU in OUT_OF_STOCK', async () => {
    const sku = await createStock(t, 2);
    const error = await ops.reserve(reference(), [{ skuId: sku, quantity: 3 }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUT_OF_STOCK', status: 409, extensions: { skuId: sku, requested: 3, available: 2 } });
    expect((error as { extensions: { skuCode: string } }).extensions.skuCode).toMatch(/^T-/);
  });

  it('reserves all lines or none', async () => {
    const plenty = await createStock(t, 100);
    const scarce = await createStock(t, 1);
    const error = await ops
      .reserve(reference(), [
        { skuId: plenty, quantity: 5 },
        { skuId: scarce, quantity: 2 },
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUT_OF_STOCK', extensions: { skuId: scarce } });
    expect(await stockOf(t, plenty)).toMatchObject({ onHand: 100, reserved: 0 });
    expect(await stockOf(t, scarce)).toMatchObject({ onHand: 1, reserved: 0 });
    expect((await ledgerOf(t, plenty)).map((r) => r.reason)).toEqual(['initial']);

    const ok = reference();
    await ops.reserve(ok, [
      { skuId: scarce, quantity: 1 },
      { skuId: plenty, quantity: 2 },
      { skuId: plenty, quantity: 3 },
    ]);
    expect(await stockOf(t, plenty)).toMatchObject({ onHand: 100, reserved: 5 });
    expect(await stockOf(t, scarce)).toMatchObject({ onHand: 1, reserved: 0 + 1 });
  });

  it('rolls back only its own work when the caller catches OUT_OF_STOCK', async () => {
    const plenty = await createStock(t, 10);
    const scarce = await createStock(t, 0);
    const inventory = t.app.get(InventoryService);
    const outcome = await inTransaction(t.db, async (em) => {
      await inventory.reserve(em, reference(), [{ skuId: plenty, quantity: 1 }]);
      const failed = await inventory
        .reserve(em, reference(), [
          { skuId: plenty, quantity: 2 },
          { skuId: scarce, quantity: 1 },
        ])
        .catch((e: { code: string }) => e.code);
      return failed;
    });
    expect(outcome).toBe('OUT_OF_STOCK');
    expect(await stockOf(t, plenty)).toMatchObject({ reserved: 1 });
    await expectLedgerAddsUp(t, plenty);
  });

  it('answers 404 for a SKU without stock and changes nothing', async () => {
    const sku = await createStock(t, 5);
    const ghost = randomUUID();
    const error = await ops
      .reserve(reference(), [
        { skuId: sku, quantity: 1 },
        { skuId: ghost, quantity: 1 },
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, extensions: { skuId: ghost } });
    expect(await stockOf(t, sku)).toMatchObject({ reserved: 0 });
  });

  it('is idempotent per reference: the same lines replay, other lines conflict', async () => {
    const sku = await createStock(t, 10);
    const ref = reference();
    expect(await ops.reserve(ref, [{ skuId: sku, quantity: 3 }])).toMatchObject({ replayed: false });
    expect(await ops.reserve(ref, [{ skuId: sku, quantity: 3 }])).toMatchObject({ replayed: true });
    await expect(ops.reserve(ref, [{ skuId: sku, quantity: 4 }])).rejects.toMatchObject({
      code: 'RESERVATION_MISMATCH',
      status: 409,
    });
    // Concurrent duplicates of one reference: one reserves, the others replay.
    const ref2 = reference();
    const results = await Promise.all(Array.from({ length: 8 }, () => ops.reserve(ref2, [{ skuId: sku, quantity: 2 }])));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await stockOf(t, sku)).toMatchObject({ reserved: 5 });
    await expectLedgerAddsUp(t, sku);
  });

  it('releases once, even when called twice or in parallel', async () => {
    const a = await createStock(t, 10);
    const b = await createStock(t, 10);
    const ref = reference();
    await ops.reserve(ref, [
      { skuId: a, quantity: 4 },
      { skuId: b, quantity: 1 },
    ]);
    const released = await Promise.all(Array.from({ length: 6 }, () => ops.release(ref)));
    expect(released.filter((lines) => lines.length > 0)).toHaveLength(1);
    expect(await ops.release(ref)).toEqual([]);
    expect(await stockOf(t, a)).toMatchObject({ onHand: 10, reserved: 0 });
    expect(await stockOf(t, b)).toMatchObject({ onHand: 10, reserved: 0 });
    // A released reference cannot be committed any more.
    expect(await ops.commit(ref)).toEqual([]);
    const { rows } = await expectLedgerAddsUp(t, a);
    expect(rows.map((r) => r.reason)).toEqual(['initial', 'reserve', 'release']);
  });

  it('commits once, even when called twice or racing a release', async () => {
    const sku = await createStock(t, 10);
    const ref = reference();
    await ops.reserve(ref, [{ skuId: sku, quantity: 3 }]);
    const outcomes = await Promise.all([ops.commit(ref), ops.commit(ref), ops.release(ref), ops.commit(ref), ops.release(ref)]);
    expect(outcomes.filter((lines) => lines.length > 0)).toHaveLength(1);
    const stock = await stockOf(t, sku);
    // Whichever won, it acted exactly once.
    expect([
      { onHand: 7, reserved: 0 },
      { onHand: 10, reserved: 0 },
    ]).toContainEqual({ onHand: stock.onHand, reserved: stock.reserved });
    const { rows } = await expectLedgerAddsUp(t, sku);
    expect(rows.filter((r) => r.reason === 'commit' || r.reason === 'release')).toHaveLength(1);
  });

  it('commit takes onHand and reserved down together', async () => {
    const sku = await createStock(t, 10);
    const ref = reference();
    await ops.reserve(ref, [{ skuId: sku, quantity: 4 }]);
    expect(await ops.commit(ref)).toEqual([{ skuId: sku, quantity: 4 }]);
    expect(await ops.commit(ref)).toEqual([]);
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 6, reserved: 0 });
    const { rows } = await expectLedgerAddsUp(t, sku);
    expect(rows.at(-1)).toMatchObject({ reason: 'commit', on_hand_delta: -4, reserved_delta: -4, reference: ref });
  });

  it('restocks a return once per reference', async () => {
    const sku = await createStock(t, 5);
    const ret = reference('return');
    const results = await Promise.all(Array.from({ length: 5 }, () => ops.restock(ret, [{ skuId: sku, quantity: 2 }])));
    expect(results.filter((lines) => lines.length > 0)).toHaveLength(1);
    expect(await ops.restock(ret, [{ skuId: sku, quantity: 2 }])).toEqual([]);
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 7, reserved: 0 });
    const { rows } = await expectLedgerAddsUp(t, sku);
    expect(rows.map((r) => r.reason)).toEqual(['initial', 'return_restock']);
  });

  it('keeps the ledger equal to the stock after a concurrent mix of adjustments and reservations', async () => {
    const hot = await createStock(t, 30);
    const other = await createStock(t, 30);
    const refs: string[] = [];
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const ref = reference();
      refs.push(ref);
      const kind = i % 6;
      if (kind === 0) work.push(ops.adjust(hot, 3));
      else if (kind === 1) work.push(ops.adjust(hot, -4));
      else if (kind === 5) work.push(ops.restock(reference('return'), [{ skuId: hot, quantity: 1 }]));
      else
        work.push(
          ops.reserve(ref, [
            { skuId: hot, quantity: 2 },
            { skuId: other, quantity: 1 },
          ]),
        );
    }
    // Settle some of the reservations while others are still being made.
    for (const ref of refs.slice(0, 20)) work.push(ops.release(ref));
    for (const ref of refs.slice(20, 40)) work.push(ops.commit(ref));
    const results = await Promise.allSettled(work);
    const unexpected = results.map(codeOf).filter((c) => !['ok', 'OUT_OF_STOCK', 'INSUFFICIENT_STOCK'].includes(c));
    expect(unexpected).toEqual([]);
    for (const sku of [hot, other]) {
      const { onHand, reserved, rows } = await expectLedgerAddsUp(t, sku);
      expect(onHand).toBeGreaterThanOrEqual(reserved);
      expect(reserved).toBeGreaterThanOrEqual(0);
      expect(rows.length).toBeGreaterThan(1);
    }
  });
});
