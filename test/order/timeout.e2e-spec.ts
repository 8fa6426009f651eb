import { getQueueToken } from '@nestjs/bullmq';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { QueueName } from '../../src/common/queue/queue-names';
import { OrderLifecycleService } from '../../src/modules/order/order-lifecycle.service';
import { timeoutJobId } from '../../src/modules/order/order-timeout.scheduler';
import { createSku, idempotencyKey, shopper, Shopper, ShopApp, startShop, stockOf, markOrderPaid } from './shop';

describe('payment timeout and order events (workers)', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop({ ORDER_PAYMENT_TIMEOUT_SECONDS: '1' }, { workers: true, isolated: true });
  });
  after(() => t.close());

  const place = async (me: Shopper, skuId: string, quantity = 2) => {
    const res = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId, quantity }] })
      .expect(201);
    return res.body as { id: string; expiresAt: string };
  };

  const statusOf = async (id: string) =>
    ((await t.db.query(`SELECT status FROM orders WHERE id = $1`, [id])) as { status: string }[])[0].status;

  async function waitForStatus(id: string, status: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await statusOf(id)) === status) return;
      await sleep(100);
    }
    throw new Error(`order ${id} is ${await statusOf(id)}, not ${status}, after ${timeoutMs} ms`);
  }

  /** How often the order's stock was given back, cancellations recorded and order.cancelled published. */
  async function countsOf(id: string) {
    const [row] = await t.db.query(
      `SELECT
         (SELECT count(*)::int FROM stock_movements WHERE reference = $2 AND reason = 'release') AS releases,
         (SELECT count(*)::int FROM order_status_history WHERE order_id = $1::uuid AND to_status = 'cancelled') AS cancellations,
         (SELECT count(*)::int FROM outbox_events WHERE aggregate_id = $1::text AND type = 'order.cancelled') AS events`,
      [id, `order:${id}`],
    );
    return row as { releases: number; cancellations: number; events: number };
  }

  it('cancels an unpaid order when its delayed job runs, and gives its stock back once', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const order = await place(me, sku.skuId, 3);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 3 });
    const job = await t.app.get<Queue>(getQueueToken(QueueName.OrderTimeouts)).getJob(timeoutJobId(order.id));
    expect(job?.opts.delay).toBeGreaterThan(0);
    await waitForStatus(order.id, 'cancelled');
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 0 });
    expect(await countsOf(order.id)).toEqual({ releases: 1, cancellations: 1, events: 1 });
    const detail = await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200);
    expect(detail.body).toMatchObject({ status: 'cancelled', cancelReason: 'payment timed out' });
    expect(detail.body.history[1]).toMatchObject({
      from: 'pending_payment',
      to: 'cancelled',
      actorType: 'system',
      actorId: null,
    });
  });

  it('lets the sweep cancel an order whose job was lost', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const queue = t.app.get<Queue>(getQueueToken(QueueName.OrderTimeouts));
    const order = await place(me, sku.skuId);
    await queue.remove(timeoutJobId(order.id));
    await sleep(Math.max(0, new Date(order.expiresAt).getTime() - Date.now()) + 50);
    expect(await statusOf(order.id)).toBe('pending_payment');
    expect(await t.app.get(OrderLifecycleService).sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(order.id)).toBe('cancelled');
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 0 });
    expect(await countsOf(order.id)).toEqual({ releases: 1, cancellations: 1, events: 1 });
  });

  it('gives stock back exactly once when the job, the sweep and the shopper race on the same orders', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 50 });
    const lifecycle = t.app.get(OrderLifecycleService);
    const orders = await Promise.all(Array.from({ length: 5 }, () => place(me, sku.skuId, 2)));
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 50, reserved: 10 });
    // Start the race when the first is due, so the real delayed jobs fire while we race them by hand.
    await sleep(Math.max(0, Math.min(...orders.map((o) => new Date(o.expiresAt).getTime())) - Date.now()));
    const outcomes = await Promise.all(
      orders.flatMap((o) => [
        lifecycle.cancelUnpaid(o.id, 'payment timed out'),
        lifecycle.cancelUnpaid(o.id, 'payment timed out'),
        lifecycle.sweepExpired(),
        t.http
          .post(`/v1/store/orders/${o.id}/cancel`)
          .set(me.auth)
          .send({})
          .then((r) => r.status),
      ]),
    );
    // Every customer cancel either won (200) or found the order already cancelled (409).
    for (const status of outcomes.filter((_, i) => i % 4 === 3)) expect([200, 409]).toContain(status);
    for (const o of orders) await waitForStatus(o.id, 'cancelled');
    await sleep(300); // let any straggling job finish
    for (const o of orders) expect(await countsOf(o.id)).toEqual({ releases: 1, cancellations: 1, events: 1 });
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 50, reserved: 0 });
  });

  it('leaves a paid order alone when its job runs', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const order = await place(me, sku.skuId, 1);
    await markOrderPaid(t, order.id);
    await sleep(Math.max(0, new Date(order.expiresAt).getTime() - Date.now()) + 1500);
    expect(await t.app.get(OrderLifecycleService).sweepExpired()).toBe(0);
    expect(await statusOf(order.id)).toBe('paid');
    // Paid goods left stock at payment; nothing gave them back.
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 9, reserved: 0 });
  });

  it('drops the payment timeout job of an order once it is paid', async () => {
    const slow = await startShop(
      { ORDER_PAYMENT_TIMEOUT_SECONDS: '600', OUTBOX_POLL_MS: '50' },
      { workers: true, isolated: true },
    );
    try {
      const me = await shopper(slow);
      const sku = await createSku(slow, { stock: 10 });
      const res = await slow.http
        .post('/v1/store/orders')
        .set(me.auth)
        .set('Idempotency-Key', idempotencyKey())
        .send({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 1 }] })
        .expect(201);
      const queue = slow.app.get<Queue>(getQueueToken(QueueName.OrderTimeouts));
      expect(await queue.getJob(timeoutJobId(res.body.id))).toBeDefined();
      await markOrderPaid(slow, res.body.id);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await queue.getJob(timeoutJobId(res.body.id)))) await sleep(100);
      expect(await queue.getJob(timeoutJobId(res.body.id))).toBeUndefined();
    } finally {
      await slow.close();
    }
  });

  it('notifies the merchant once of a newly paid order', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { price: 1234, stock: 10 });
    const order = await place(me, sku.skuId, 1);
    await markOrderPaid(t, order.id);
    const deadline = Date.now() + 15_000;
    let rows: { type: string; title: string; body: string }[] = [];
    while (Date.now() < deadline) {
      rows = await t.db.query(`SELECT type, title, body FROM notifications WHERE data ->> 'orderId' = $1`, [order.id]);
      if (rows.length) break;
      await sleep(100);
    }
    expect(rows).toEqual([
      { type: 'order.paid', title: expect.stringContaining('New paid order'), body: expect.stringContaining('12.34 CNY') },
    ]);
  });
});
