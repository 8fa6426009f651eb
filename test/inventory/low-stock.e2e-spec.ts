import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp, TestApp } from '../support/app';
import { createStock, inventoryOps, reference, stockOf } from './stock';

describe('low-stock warnings', () => {
  let t: TestApp;
  let ops: ReturnType<typeof inventoryOps>;
  before(async () => {
    // Workers on: the outbox relay and the event handler that turns a warning into a notification.
    t = await startApp({}, { workers: true });
    ops = inventoryOps(t);
  });
  after(() => t.close());

  const warningEvents = async (skuId: string): Promise<number> => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = 'inventory.low-stock' AND aggregate_id = $1`,
      [skuId],
    );
    return n;
  };
  const notificationsFor = (skuId: string): Promise<{ id: string; title: string; data: Record<string, unknown> }[]> =>
    t.db.query(
      `SELECT id, title, data FROM notifications WHERE type = 'inventory.low-stock' AND data->>'skuId' = $1 ORDER BY created_at`,
      [skuId],
    );
  const waitForNotifications = async (skuId: string, count: number) => {
    for (let i = 0; i < 200; i++) {
      const rows = await notificationsFor(skuId);
      if (rows.length >= count) {
        // Give a duplicate the chance to show up before we count.
        await sleep(500);
        return notificationsFor(skuId);
      }
      await sleep(100);
    }
    throw new Error(`no ${count} low-stock notifications for ${skuId}`);
  };

  it('fires once when many concurrent reservations cross the threshold, and again after a restock', async () => {
    const sku = await createStock(t, 20, 10);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => ops.reserve(reference(), [{ skuId: sku, quantity: 1 }])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 20, reserved: 20, alerted: true });
    expect(await warningEvents(sku)).toBe(1);
    const first = await waitForNotifications(sku, 1);
    expect(first).toHaveLength(1);
    expect(first[0].data).toMatchObject({ skuId: sku, available: 9, threshold: 10, reason: 'reserve' });

    // Restocked to the threshold or above re-arms the warning without firing one.
    await ops.adjust(sku, 15);
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 35, reserved: 20, alerted: false });
    expect(await warningEvents(sku)).toBe(1);

    // Falling again warns again, once.
    await Promise.all(Array.from({ length: 10 }, () => ops.reserve(reference(), [{ skuId: sku, quantity: 1 }])));
    expect(await stockOf(t, sku)).toMatchObject({ reserved: 30, alerted: true });
    expect(await warningEvents(sku)).toBe(2);
    const both = await waitForNotifications(sku, 2);
    expect(both).toHaveLength(2);
    expect(both[1].data).toMatchObject({ available: 9 });
    expect(both[1].title).toContain('Low stock');
  });

  it('warns on an adjustment that crosses, not on one that stays low, and not for a SKU created low', async () => {
    const sku = await createStock(t, 12); // the store default threshold, 10
    await ops.adjust(sku, -2);
    expect(await warningEvents(sku)).toBe(0);
    await ops.adjust(sku, -1);
    expect(await warningEvents(sku)).toBe(1);
    await ops.adjust(sku, -5);
    expect(await warningEvents(sku)).toBe(1);

    const createdLow = await createStock(t, 3, 5);
    expect(await stockOf(t, createdLow)).toMatchObject({ alerted: true });
    await ops.reserve(reference(), [{ skuId: createdLow, quantity: 1 }]);
    expect(await warningEvents(createdLow)).toBe(0);
  });

  it('re-arms when a released reservation lifts available back to the threshold', async () => {
    const sku = await createStock(t, 10, 5);
    const ref = reference();
    await ops.reserve(ref, [{ skuId: sku, quantity: 6 }]);
    expect(await warningEvents(sku)).toBe(1);
    await ops.release(ref);
    expect(await stockOf(t, sku)).toMatchObject({ alerted: false });
    await ops.reserve(reference(), [{ skuId: sku, quantity: 6 }]);
    expect(await warningEvents(sku)).toBe(2);
  });
});
