import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually';
import { MockPaymentProvider } from '../../src/modules/payment/providers/mock/mock-payment.provider';
import { shopper, ShopApp } from '../order/shop';
import { createPayment, paymentRow, placeOrder, postMock, startPayShop, transactionId } from './pay';

describe('payments of cancelled orders and failed payments (with workers)', () => {
  let t: ShopApp;
  before(async () => {
    t = await startPayShop({ OUTBOX_POLL_MS: '50' }, { workers: true });
  });
  after(() => t.close());

  it('closes the pending payment at the provider when its order is cancelled', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me);
    const payment = await createPayment(t, me, order.id);
    await t.http.post(`/v1/store/orders/${order.id}/cancel`).set(me.auth).send({}).expect(200);

    const row = await eventually(
      () => paymentRow(t, payment.id),
      (p) => p.status !== 'pending',
    );
    expect(row.status).toBe('closed');
    expect(await t.app.get(MockPaymentProvider).query(payment.outTradeNo)).toMatchObject({ status: 'closed' });
    const events = await t.db.query(
      `SELECT from_status, to_status FROM payment_events WHERE payment_id = $1 AND type = 'status_changed'`,
      [payment.id],
    );
    expect(events).toContainEqual({ from_status: 'pending', to_status: 'closed' });
  });

  it('records a failed payment without touching the order, and lets the shopper pay again', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me);
    const payment = await createPayment(t, me, order.id);
    const res = await postMock(
      t,
      JSON.stringify({
        outTradeNo: payment.outTradeNo,
        transactionId: transactionId(),
        status: 'failed',
        amount: payment.amount,
      }),
    );
    expect(res.status).toBe(200);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'failed' });
    const [{ status }] = await t.db.query('SELECT status FROM orders WHERE id = $1', [order.id]);
    expect(status).toBe('pending_payment');
    const again = await createPayment(t, me, order.id);
    expect(again.id).not.toBe(payment.id);
  });
});
