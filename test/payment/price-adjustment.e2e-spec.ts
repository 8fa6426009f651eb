import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually';
import { markOrderPaid, shopper, ShopApp } from '../order/shop';
import { createPayment, notifySuccess, orderStatus, outboxCount, paymentRow, placeOrder, startPayShop } from './pay';

describe('staff price adjustment of unpaid orders (with workers)', () => {
  let t: ShopApp;
  before(async () => {
    t = await startPayShop({ OUTBOX_POLL_MS: '50' }, { workers: true });
  });
  after(() => t.close());

  const adjust = (orderId: string, body: Record<string, unknown>, auth = t.admin) =>
    t.http.patch(`/v1/admin/orders/${orderId}/price`).set(auth).send(body);

  const refundsOf = (paymentId: string) =>
    t.db.query(`SELECT amount::int AS amount, reason FROM refunds WHERE payment_id = $1`, [paymentId]) as Promise<
      { amount: number; reason: string }[]
    >;

  it('lowers the total with a staff discount apportioned to the lines, recorded and shown to the shopper', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 1000, quantity: 3 });
    const before = await t.http.get(`/v1/admin/orders/${order.id}`).set(t.admin).expect(200);
    const { shippingTotal } = before.body as { shippingTotal: number };

    const res = await adjust(order.id, { total: order.total - 501, reason: 'regular customer' }).expect(200);
    expect(res.body).toMatchObject({
      status: 'pending_payment',
      subtotal: 3000,
      shippingTotal,
      discountTotal: 501,
      total: order.total - 501,
    });
    expect(res.body.items[0]).toMatchObject({ lineSubtotal: 3000, discountTotal: 501, lineTotal: 2499 });
    expect(res.body.items[0].adjustments).toContainEqual({
      step: 'staff_adjustment',
      amount: -501,
      description: 'Price adjusted by staff: regular customer',
      apportioned: true,
    });
    expect(res.body.adjustments).toContainEqual({
      step: 'staff_adjustment',
      amount: -501,
      description: 'Price adjusted by staff: regular customer',
    });
    expect(res.body.notes).toEqual([
      expect.objectContaining({
        kind: 'price_adjusted',
        body: 'regular customer',
        data: {
          from: { total: order.total, shippingTotal, discountTotal: 0 },
          to: { total: order.total - 501, shippingTotal, discountTotal: 501 },
        },
      }),
    ]);
    expect(await outboxCount(t, order.id, 'order.price-adjusted')).toBe(1);

    // The shopper sees the new price; a second change replaces the first rather than stacking.
    const mine = await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200);
    expect(mine.body.total).toBe(order.total - 501);
    const again = await adjust(order.id, { total: 1000 + shippingTotal, reason: 'bundle price' }).expect(200);
    expect(again.body).toMatchObject({ discountTotal: 2000, total: 1000 + shippingTotal });
    expect(again.body.items[0].adjustments.filter((a: { step: string }) => a.step === 'staff_adjustment')).toHaveLength(1);

    // Free shipping: only the shipping fee changes.
    const free = await adjust(order.id, { total: 1000, shippingTotal: 0, reason: 'free shipping' }).expect(200);
    expect(free.body).toMatchObject({ shippingTotal: 0, discountTotal: 2000, total: 1000 });
  });

  it('refuses bad prices, other statuses and shoppers, and writes nothing', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 1000, quantity: 1 });
    const unchanged = async () => {
      const [row] = await t.db.query(`SELECT total::int AS total FROM orders WHERE id = $1`, [order.id]);
      expect(row.total).toBe(order.total);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM order_notes WHERE order_id = $1`, [order.id]);
      expect(n).toBe(0);
    };

    const dearer = await adjust(order.id, { total: order.total + 1, reason: 'x' }).expect(400);
    expect(dearer.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'total', messages: [expect.any(String)] }],
    });
    const belowShipping = await adjust(order.id, { total: 100, shippingTotal: 200, reason: 'x' }).expect(400);
    expect(belowShipping.body.errors).toEqual([{ field: 'total', messages: [expect.any(String)] }]);
    const invalid = await adjust(order.id, { total: 0.5, shippingTotal: -1, price: 1 }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'price',
      'reason',
      'shippingTotal',
      'total',
    ]);
    await adjust(randomUUID(), { total: 100, reason: 'x' }).expect(404);
    await adjust(order.id, { total: 100, reason: 'x' }, me.auth).expect(403);
    await t.http.patch(`/v1/admin/orders/${order.id}/price`).send({ total: 100, reason: 'x' }).expect(401);
    await unchanged();

    await markOrderPaid(t, order.id);
    const paid = await adjust(order.id, { total: 100, reason: 'too late' }).expect(409);
    expect(paid.body).toMatchObject({ code: 'ORDER_PRICE_LOCKED', orderStatus: 'paid' });
    await unchanged();
  });

  it('closes payments of the old price, refunds one that still arrives, and takes a payment of the new one', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 2000, quantity: 1 });
    const old = await createPayment(t, me, order.id);
    await adjust(order.id, { total: order.total - 500, reason: 'price match' }).expect(200);

    // The subscriber closes the old payment at the provider.
    expect(
      (
        await eventually(
          () => paymentRow(t, old.id),
          (p) => p.status !== 'pending',
        )
      ).status,
    ).toBe('closed');

    // The shopper had already paid it in the provider's app: the money goes back, the order keeps waiting.
    expect((await notifySuccess(t, old)).status).toBe(200);
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    expect(await refundsOf(old.id)).toEqual([{ amount: order.total, reason: expect.stringContaining('superseded payment') }]);

    const fresh = await createPayment(t, me, order.id);
    expect(fresh.amount).toBe(order.total - 500);
    expect((await notifySuccess(t, fresh)).status).toBe(200);
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await refundsOf(fresh.id)).toEqual([]);
  });

  it('never pays an order at a price other than its own when payments and adjustments race', async () => {
    const me = await shopper(t);
    const orders = await Promise.all(Array.from({ length: 8 }, () => placeOrder(t, me, { price: 1500, quantity: 1 })));
    const payments = await Promise.all(orders.map((o) => createPayment(t, me, o.id)));
    const results = await Promise.all(
      orders.map((o, i) => Promise.all([adjust(o.id, { total: o.total - 100, reason: 'race' }), notifySuccess(t, payments[i])])),
    );
    for (const [i, [adjusted, notified]] of results.entries()) {
      expect(notified.status).toBe(200);
      const [row] = await t.db.query(`SELECT status, total::int AS total FROM orders WHERE id = $1`, [orders[i].id]);
      const refunds = await refundsOf(payments[i].id);
      if (adjusted.status === 200) {
        // The adjustment won: the old payment cannot pay the order and is refunded in full.
        expect(row).toEqual({ status: 'pending_payment', total: orders[i].total - 100 });
        expect(refunds).toEqual([{ amount: orders[i].total, reason: expect.stringContaining('superseded payment') }]);
      } else {
        // The payment won: the order is paid at the price it was paid for, and its price is locked.
        expect(adjusted.status).toBe(409);
        expect(adjusted.body.code).toBe('ORDER_PRICE_LOCKED');
        expect(row).toEqual({ status: 'paid', total: orders[i].total });
        expect(refunds).toEqual([]);
      }
    }
  });
});
