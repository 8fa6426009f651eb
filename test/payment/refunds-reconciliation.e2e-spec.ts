import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { MockPaymentProvider } from '../../src/modules/payment/providers/mock/mock-payment.provider';
import { PaymentReconciliationService } from '../../src/modules/payment/payment-reconciliation.service';
import { idempotencyKey, shopper, ShopApp } from '../order/shop';
import {
  createPayment,
  notifySuccess,
  orderStatus,
  outboxCount,
  paymentRow,
  placeOrder,
  startPayShop,
  transactionId,
} from './pay';

describe('refunds and reconciliation with the mock provider', () => {
  let t: ShopApp;
  before(async () => {
    t = await startPayShop({ PAYMENT_RECONCILE_AFTER_SECONDS: '0' });
  });
  after(() => t.close());

  const refund = (paymentId: string, amount: number, key = idempotencyKey()) =>
    t.http
      .post(`/v1/admin/payments/${paymentId}/refunds`)
      .set(t.admin)
      .set('Idempotency-Key', key)
      .send({ amount, reason: 'customer asked' });

  async function paidPayment(price = 1000) {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price });
    const payment = await createPayment(t, me, order.id);
    await notifySuccess(t, payment).expect(200);
    return { me, order, payment };
  }

  it('finds a payment whose webhook was lost', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me);
    const payment = await createPayment(t, me, order.id);
    // The payer paid at the provider; its callback never reached us.
    const tx = transactionId();
    await t.app
      .get(MockPaymentProvider)
      .settle(payment.outTradeNo, { status: 'succeeded', transactionId: tx, amount: payment.amount });
    expect(await orderStatus(t, order.id)).toBe('pending_payment');

    const result = await t.app.get(PaymentReconciliationService).run();
    expect(result.paymentsChanged).toBeGreaterThanOrEqual(1);
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', provider_transaction_id: tx });
    // The callback arriving late, and reconciliation running again, change nothing.
    await notifySuccess(t, payment, { tx }).expect(200);
    await t.app.get(PaymentReconciliationService).run();
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    const detail = await t.http.get(`/v1/admin/payments/${payment.id}`).set(t.admin).expect(200);
    expect(detail.body.events.filter((e: { toStatus: string }) => e.toStatus === 'succeeded')).toHaveLength(1);
    expect(
      detail.body.events.some((e: { type: string; outcome: string }) => e.type === 'query' && e.outcome === 'processed'),
    ).toBe(true);
  });

  it('refunds a payment that arrives after its order was cancelled', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 777 });
    const payment = await createPayment(t, me, order.id);
    await t.http.post(`/v1/store/orders/${order.id}/cancel`).set(me.auth).send({}).expect(200);

    const res = await notifySuccess(t, payment);
    expect(res.status).toBe(200);
    expect(await orderStatus(t, order.id)).toBe('cancelled');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(0);
    const detail = await t.http.get(`/v1/admin/payments/${payment.id}`).set(t.admin).expect(200);
    expect(detail.body).toMatchObject({ status: 'refunded', refundedAmount: 777, needsReview: false });
    expect(detail.body.refunds).toEqual([
      expect.objectContaining({
        amount: 777,
        status: 'succeeded',
        staffId: null,
        reason: 'late payment: the order was cancelled',
      }),
    ]);
    expect(await outboxCount(t, order.id, 'order.refunded')).toBe(1);
    const [event] = await t.db.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'order.refunded'`, [
      order.id,
    ]);
    expect(event.payload).toMatchObject({
      orderId: order.id,
      paymentId: payment.id,
      amount: 777,
      refundedTotal: 777,
      full: true,
    });
  });

  it('flags a late payment for review when the provider refuses its refund', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 888 });
    const payment = await createPayment(t, me, order.id);
    await t.http.post(`/v1/store/orders/${order.id}/cancel`).set(me.auth).send({}).expect(200);
    const mock = t.app.get(MockPaymentProvider);
    await mock.setRefundBehaviour(payment.outTradeNo, 'refuse');
    // Found by reconciliation this time: the same path as the webhook.
    await mock.settle(payment.outTradeNo, { status: 'succeeded', transactionId: transactionId(), amount: 888 });
    await t.app.get(PaymentReconciliationService).run();

    const detail = await t.http.get(`/v1/admin/payments/${payment.id}`).set(t.admin).expect(200);
    expect(detail.body).toMatchObject({ status: 'succeeded', refundedAmount: 0, needsReview: true });
    expect(detail.body.reviewReason).toMatch(/automatic refund .* was refused/);
    expect(detail.body.refunds).toEqual([expect.objectContaining({ amount: 888, status: 'failed', staffId: null })]);
    expect(await orderStatus(t, order.id)).toBe('cancelled');
    const notices = await t.db.query(
      `SELECT id FROM notifications WHERE type = 'payment.needs-review' AND data->>'paymentId' = $1`,
      [payment.id],
    );
    expect(notices).toHaveLength(1);
  });

  it('leaves a refund pending while the provider is unreachable, and the poll completes it', async () => {
    const { order, payment } = await paidPayment(600);
    const mock = t.app.get(MockPaymentProvider);
    await mock.setRefundBehaviour(payment.outTradeNo, 'unreachable');
    const res = await refund(payment.id, 250).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', amount: 250 });
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', refunded_amount: '0' });
    // What is pending counts against what is left.
    expect((await refund(payment.id, 351).expect(409)).body).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', refundable: 350 });

    await mock.setRefundBehaviour(payment.outTradeNo, 'accept');
    const result = await t.app.get(PaymentReconciliationService).run();
    expect(result.refundsChecked).toBeGreaterThanOrEqual(1);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'partially_refunded', refunded_amount: '250' });
    const [row] = await t.db.query(`SELECT status FROM refunds WHERE id = $1`, [res.body.id]);
    expect(row.status).toBe('succeeded');
    expect(await outboxCount(t, order.id, 'order.refunded')).toBe(1);
  });

  it('refunds in parts that add up, never beyond the payment', async () => {
    const { order, payment } = await paidPayment(1000);
    const first = await refund(payment.id, 300).expect(201);
    expect(first.body).toMatchObject({
      amount: 300,
      status: 'succeeded',
      providerRefundId: expect.any(String),
      staffId: expect.any(String),
    });
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'partially_refunded', refunded_amount: '300' });

    const tooMuch = await refund(payment.id, 701).expect(409);
    expect(tooMuch.body).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', refundable: 700 });
    await refund(payment.id, 700).expect(201);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'refunded', refunded_amount: '1000' });
    expect((await refund(payment.id, 1).expect(409)).body.code).toBe('PAYMENT_NOT_REFUNDABLE');
    expect(await outboxCount(t, order.id, 'order.refunded')).toBe(2);

    const invalid = await refund(payment.id, 0).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers a retried refund request with the same refund', async () => {
    const { payment } = await paidPayment(500);
    const key = idempotencyKey();
    const a = await refund(payment.id, 100, key).expect(201);
    const b = await refund(payment.id, 100, key).expect(201);
    expect(b.body.id).toBe(a.body.id);
    expect(await paymentRow(t, payment.id)).toMatchObject({ refunded_amount: '100' });
  });

  it('never refunds more than was paid when 10 refunds race', async () => {
    const { payment } = await paidPayment(1000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => refund(payment.id, 300)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'partially_refunded', refunded_amount: '900' });
    const [{ total }] = await t.db.query(
      `SELECT sum(amount)::int AS total FROM refunds WHERE payment_id = $1 AND status = 'succeeded'`,
      [payment.id],
    );
    expect(total).toBe(900);
  });

  it('refunds only with the refund permission and on payments that exist', async () => {
    await refund('00000000-0000-4000-8000-000000000000', 1).expect(404);
    const me = await shopper(t);
    const res = await t.http
      .post(`/v1/admin/payments/00000000-0000-4000-8000-000000000000/refunds`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ amount: 1, reason: 'x' });
    expect([401, 403]).toContain(res.status);
  });
});
