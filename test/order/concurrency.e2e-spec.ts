import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { createSku, idempotencyKey, shopper, ShopApp, startShop, stockOf } from './shop';

describe('orders under concurrency', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop();
  });
  after(() => t.close());

  it('sells the last 5 units to exactly 5 of 20 simultaneous buyers; the other 15 get OUT_OF_STOCK', async () => {
    const sku = await createSku(t, { stock: 5 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => shopper(t)));
    const results = await Promise.all(
      buyers.map((b) =>
        t.http
          .post('/v1/store/orders')
          .set(b.auth)
          .set('Idempotency-Key', idempotencyKey())
          .send({ addressId: b.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 1 }] }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body).toMatchObject({ code: 'OUT_OF_STOCK', skuId: sku.skuId });
    }
    // All 5 units held, none available, and no ledger row ever went below zero.
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 5, reserved: 5 });
    const [{ orders }] = await t.db.query(`SELECT count(*)::int AS orders FROM order_lines WHERE sku_id = $1`, [sku.skuId]);
    expect(orders).toBe(5);
    const [{ bad }] = await t.db.query(
      `SELECT count(*)::int AS bad FROM stock_movements WHERE sku_id = $1 AND (reserved_after > on_hand_after OR reserved_after < 0)`,
      [sku.skuId],
    );
    expect(bad).toBe(0);
  });
});
