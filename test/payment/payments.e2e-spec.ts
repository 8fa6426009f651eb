import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { idempotencyKey, shopper, ShopApp, stockOf } from '../order/shop';
import {
  createPayment,
  notifySuccess,
  orderStatus,
  outboxCount,
  paymentRow,
  placeOrder,
  postMock,
  startPayShop,
  transactionId,
} from './pay';

describe('payments with the mock provider', () => {
  let t: ShopApp;
  before(async () => {
    t = await startPayShop();
  });
  after(() => t.close());

  const eventsOf = async (paymentId: string) =>
    (await t.db.query(`SELECT type, outcome, verified, from_status, to_status FROM payment_events WHERE payment_id = $1`, [
      paymentId,
    ])) as { type: string; outcome: string; verified: boolean | null; from_status: string | null; to_status: string | null }[];

  it('creates a payment, takes a signed callback, and pays the order once', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 1234, quantity: 2 });
    const created = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'mock' })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      orderId: order.id,
      provider: 'mock',
      status: 'pending',
      amount: order.total,
      currency: 'CNY',
      outTradeNo: expect.stringMatching(/^[A-Z0-9]{1,32}$/),
      clientParams: { provider: 'mock', outTradeNo: created.body.outTradeNo, amount: order.total },
    });
    expect(order.total).toBe(2468);

    const tx = transactionId();
    const res = await notifySuccess(t, created.body, { tx });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 'SUCCESS' });

    const payment = await t.http.get(`/v1/store/payments/${created.body.id}`).set(me.auth).expect(200);
    expect(payment.body).toMatchObject({ status: 'succeeded', paidAt: expect.any(String) });
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    // A paid order's stock is committed: its units leave stock and its reservation ends.
    expect(await stockOf(t, order.skuId)).toEqual({ onHand: 8, reserved: 0 });
    const history = await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200);
    expect(history.body.history.map((h: { to: string }) => h.to)).toEqual(['pending_payment', 'paid']);

    const detail = await t.http.get(`/v1/admin/payments/${created.body.id}`).set(t.admin).expect(200);
    expect(detail.body).toMatchObject({ status: 'succeeded', providerTransactionId: tx, needsReview: false, refunds: [] });
    expect(detail.body.events.map((e: { type: string; outcome: string }) => `${e.type}:${e.outcome}`)).toEqual([
      'status_changed:created',
      'status_changed:succeeded',
      'notification:processed',
    ]);
    const notification = detail.body.events.find((e: { type: string }) => e.type === 'notification');
    expect(notification).toMatchObject({ verified: true, headers: { 'x-mock-signature': expect.stringMatching(/^sha256=/) } });
    expect(JSON.parse(notification.rawBody)).toMatchObject({ outTradeNo: created.body.outTradeNo, transactionId: tx });

    const list = await t.http
      .get('/v1/admin/payments')
      .query({ orderId: order.id, status: 'succeeded' })
      .set(t.admin)
      .expect(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: created.body.id }] });

    // A replay of the processed callback is answered as success and changes nothing.
    const replay = await notifySuccess(t, created.body, { tx });
    expect(replay.status).toBe(200);
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    expect((await eventsOf(created.body.id)).filter((e) => e.to_status === 'succeeded')).toHaveLength(1);
  });

  it('answers a retried creation with the same payment, and reuses a pending one for the same provider', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me);
    const key = idempotencyKey();
    const first = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', key)
      .send({ provider: 'mock' });
    expect(first.status).toBe(201);
    const again = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', key)
      .send({ provider: 'mock' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const reused = await createPayment(t, me, order.id);
    expect(reused.id).toBe(first.body.id);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM payments WHERE order_id = $1', [order.id]);
    expect(n).toBe(1);

    await t.http.post(`/v1/store/orders/${order.id}/payments`).set(me.auth).send({ provider: 'mock' }).expect(400);
  });

  it('lets only the order owner pay or see a payment', async () => {
    const me = await shopper(t);
    const other = await shopper(t);
    const order = await placeOrder(t, me);
    const res = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(other.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'mock' })
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    const payment = await createPayment(t, me, order.id);
    await t.http.get(`/v1/store/payments/${payment.id}`).set(other.auth).expect(404);
    await t.http.get(`/v1/store/payments/${payment.id}`).set(me.auth).expect(200);
    expect([401, 403]).toContain((await t.http.get(`/v1/admin/payments/${payment.id}`).set(me.auth)).status);
  });

  it('refuses to pay a paid or cancelled order, and a provider that is off', async () => {
    const me = await shopper(t);
    const paid = await placeOrder(t, me);
    await notifySuccess(t, await createPayment(t, me, paid.id)).expect(200);
    const again = await t.http
      .post(`/v1/store/orders/${paid.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'mock' })
      .expect(409);
    expect(again.body.code).toBe('ORDER_NOT_PAYABLE');

    const cancelled = await placeOrder(t, me);
    await t.http.post(`/v1/store/orders/${cancelled.id}/cancel`).set(me.auth).send({}).expect(200);
    const res = await t.http
      .post(`/v1/store/orders/${cancelled.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'mock' })
      .expect(409);
    expect(res.body.code).toBe('ORDER_NOT_PAYABLE');

    const open = await placeOrder(t, me);
    const off = await t.http
      .post(`/v1/store/orders/${open.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'alipay' })
      .expect(400);
    expect(off.body).toMatchObject({ code: 'PAYMENT_PROVIDER_NOT_AVAILABLE', available: ['mock'] });
  });

  it('rejects forged, malformed and unknown callbacks and a wrong amount, paying nothing', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 5000 });
    const payment = await createPayment(t, me, order.id);
    const body = JSON.stringify({
      outTradeNo: payment.outTradeNo,
      transactionId: transactionId(),
      status: 'succeeded',
      amount: 5000,
    });

    const forged = await postMock(t, body, { secret: 'someone-elses-secret-value' });
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'FAIL' });
    expect((await postMock(t, body, { signature: null })).status).toBe(401);
    expect((await postMock(t, body, { signature: 'sha256=' })).status).toBe(401);
    // A signed body that is not what the mock sends.
    expect((await postMock(t, '{"outTradeNo": ')).status).toBe(400);
    expect(
      (await postMock(t, JSON.stringify({ outTradeNo: payment.outTradeNo, status: 'succeeded', amount: '50.00' }))).status,
    ).toBe(400);
    // The body reaches verification as raw bytes whatever its content type says (or without one).
    const noType = await t.http.post('/v1/webhooks/payments/mock').set('x-mock-signature', 'sha256=00').send(Buffer.from(body));
    expect(noType.status).toBe(401);
    const asText = await t.http
      .post('/v1/webhooks/payments/mock')
      .set('content-type', 'text/plain')
      .set('x-mock-signature', 'sha256=00')
      .send(body);
    expect(asText.status).toBe(401);
    await t.http.post('/v1/webhooks/payments/paypal').set('content-type', 'application/json').send(body).expect(404);
    // A well-signed success for a trade number that is not ours.
    const unknown = await postMock(
      t,
      JSON.stringify({ outTradeNo: 'PNOTOURS123', transactionId: transactionId(), status: 'succeeded', amount: 5000 }),
    );
    expect(unknown.status).toBe(400);
    const [unknownEvent] = await t.db.query(`SELECT outcome, verified FROM payment_events WHERE raw_body LIKE '%PNOTOURS123%'`);
    expect(unknownEvent).toEqual({ outcome: 'unknown_trade', verified: true });

    expect(await paymentRow(t, payment.id)).toMatchObject({
      status: 'pending',
      provider_transaction_id: null,
      needs_review: false,
    });
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    const rejected = (await t.db.query(
      `SELECT outcome, verified FROM payment_events WHERE payment_id IS NULL AND type = 'notification' AND raw_body LIKE $1`,
      [`%${payment.outTradeNo}%`],
    )) as { outcome: string; verified: boolean }[];
    expect(rejected.filter((r) => r.outcome === 'rejected' && r.verified === false).length).toBeGreaterThanOrEqual(6);

    // Signed, but for less than the order costs: on record, flagged, staff told, order not paid.
    const short = await notifySuccess(t, payment, { amount: 1 });
    expect(short.status).toBe(200);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'pending', needs_review: true });
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(0);
    const notices = await t.db.query(
      `SELECT title FROM notifications WHERE type = 'payment.needs-review' AND data->>'paymentId' = $1`,
      [payment.id],
    );
    expect(notices).toHaveLength(1);
    const detail = await t.http.get(`/v1/admin/payments/${payment.id}`).set(t.admin).expect(200);
    expect(detail.body.reviewReason).toMatch(/amount 1 differs from the expected 5000/);
  });

  it('pays once when the same callback arrives 20 times at once', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me);
    const payment = await createPayment(t, me, order.id);
    const tx = transactionId();
    const answers = await Promise.all(Array.from({ length: 20 }, () => notifySuccess(t, payment, { tx })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));

    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    const history = await t.db.query(`SELECT to_status FROM order_status_history WHERE order_id = $1 AND to_status = 'paid'`, [
      order.id,
    ]);
    expect(history).toHaveLength(1);
    const events = await eventsOf(payment.id);
    expect(events.filter((e) => e.type === 'status_changed' && e.to_status === 'succeeded')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'notification')).toHaveLength(20);
    expect(events.filter((e) => e.outcome === 'processed')).toHaveLength(1);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', provider_transaction_id: tx });
    // Its stock is committed once, not once per callback.
    expect(await stockOf(t, order.skuId)).toEqual({ onHand: 9, reserved: 0 });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM stock_movements WHERE reference = $1 AND reason = 'commit'`,
      [`order:${order.id}`],
    );
    expect(n).toBe(1);
  });
});
