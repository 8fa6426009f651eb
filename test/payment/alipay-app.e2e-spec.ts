import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { PaymentReconciliationService } from '../../src/modules/payment/payment-reconciliation.service';
import { idempotencyKey, shopper, ShopApp } from '../order/shop';
import { IsolatedStore, isolatedStore } from '../support/isolated';
import { alipayEnv, alipayNotify, alipayTestKeys, content, FakeAlipay, rsa2Check } from './alipay-fake';
import { createPayment, notifySuccess, orderStatus, outboxCount, paymentRow, placeOrder, startPayShop } from './pay';

describe('Alipay through the app', () => {
  const keys = alipayTestKeys();
  const fake = new FakeAlipay(keys);
  let t: ShopApp;
  // Reconciliation reads every stale payment: on a database of its own it sees only this suite's.
  let store: IsolatedStore;

  before(async () => {
    await fake.start();
    store = await isolatedStore();
    t = await startPayShop({
      ...store.overrides,
      PAYMENT_PROVIDERS: 'alipay,mock',
      PAYMENT_RECONCILE_AFTER_SECONDS: '0',
      ...alipayEnv(keys, fake.gateway),
      ALIPAY_SELLER_ID: '2088101106499364',
    });
  });
  after(async () => {
    await t?.close();
    await store?.drop();
    await fake.stop();
  });

  const post = (body: Buffer) =>
    t.http
      .post('/v1/webhooks/payments/alipay')
      .set('content-type', 'application/x-www-form-urlencoded; charset=utf-8')
      .send(body.toString('utf8'));

  async function created(price: number, buyerId?: string) {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price, quantity: 1 });
    const res = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'alipay', ...(buyerId ? { buyerId } : {}) })
      .expect(201);
    return {
      me,
      order,
      payment: res.body as {
        id: string;
        outTradeNo: string;
        amount: number;
        clientParams: { orderString?: string; tradeNO?: string };
      },
    };
  }

  const paidFields = (outTradeNo: string, totalAmount: string, tradeNo: string) => ({
    out_trade_no: outTradeNo,
    trade_no: tradeNo,
    trade_status: 'TRADE_SUCCESS',
    total_amount: totalAmount,
    receipt_amount: totalAmount,
  });

  it('builds a signed order string, takes the signed notify, pays the order once; a replay changes nothing', async () => {
    const { me, order, payment } = await created(29);
    const params = Object.fromEntries(new URLSearchParams(payment.clientParams.orderString!));
    expect(rsa2Check(content(params, ['sign']), params.sign, keys.app.publicKey)).toBe(true);
    expect(JSON.parse(params.biz_content)).toMatchObject({ out_trade_no: payment.outTradeNo, total_amount: '0.29' });

    const trade = fake.pay(payment.outTradeNo, '0.29');
    const body = alipayNotify(keys, paidFields(payment.outTradeNo, '0.29', trade.trade_no));
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('success');
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', provider_transaction_id: trade.trade_no });
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);

    const replay = await post(body);
    expect(replay.text).toBe('success');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    const seen = await t.http.get(`/v1/store/payments/${payment.id}`).set(me.auth).expect(200);
    expect(seen.body).toMatchObject({ status: 'succeeded' });
  });

  it('creates a mini-program payment at Alipay for the buyer, whose trade number my.tradePay takes', async () => {
    const { order, payment } = await created(1999, '2088102122524333');
    const request = fake.requests.find((r) => r.method === 'alipay.trade.create' && r.biz_content.includes(payment.outTradeNo));
    expect(request).toMatchObject({ notify_url: 'https://shop.example.com/v1/webhooks/payments/alipay' });
    expect(JSON.parse(request!.biz_content)).toMatchObject({
      out_trade_no: payment.outTradeNo,
      total_amount: '19.99',
      product_code: 'JSAPI_PAY',
      op_app_id: keys.appId,
      buyer_id: '2088102122524333',
      time_expire: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    });
    const trade = fake.trades.get(payment.outTradeNo)!;
    expect(payment.clientParams).toEqual({ tradeNO: trade.trade_no });

    fake.pay(payment.outTradeNo, '19.99');
    const res = await post(alipayNotify(keys, paidFields(payment.outTradeNo, '19.99', trade.trade_no)));
    expect(res.text).toBe('success');
    expect(await orderStatus(t, order.id)).toBe('paid');

    // Newer mini-programs identify buyers by open id.
    const other = await created(500, '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
    const second = fake.requests.find(
      (r) => r.method === 'alipay.trade.create' && r.biz_content.includes(other.payment.outTradeNo),
    );
    expect(JSON.parse(second!.biz_content)).toMatchObject({ buyer_open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' });
    expect(JSON.parse(second!.biz_content)).not.toHaveProperty('buyer_id');
    expect(fake.rejected).toEqual([]);
  });

  it('reuses a pending Alipay payment only for the same kind of payment, app or mini-program', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 1200, quantity: 1 });
    const pay = (body: Record<string, string>) =>
      t.http
        .post(`/v1/store/orders/${order.id}/payments`)
        .set(me.auth)
        .set('Idempotency-Key', idempotencyKey())
        .send({ provider: 'alipay', ...body })
        .expect(201);
    const app = await pay({});
    const mini = await pay({ buyerId: '2088102122524333' });
    expect(mini.body.id).not.toBe(app.body.id);
    expect(mini.body.clientParams).toEqual({ tradeNO: expect.any(String) });
    expect(await paymentRow(t, app.body.id)).toMatchObject({ status: 'closed' });
    expect((await pay({ buyerId: '2088102122524333' })).body.id).toBe(mini.body.id);
  });

  it('refuses a wrong app id or seller id, sign_type RSA and a forged sign, never answering success', async () => {
    const { order, payment } = await created(500);
    const trade = fake.pay(payment.outTradeNo, '5.00');
    const fields = paidFields(payment.outTradeNo, '5.00', trade.trade_no);
    for (const body of [
      alipayNotify(keys, { ...fields, app_id: '2021000000000001' }),
      alipayNotify(keys, { ...fields, seller_id: '2088000000000001' }),
      alipayNotify(keys, fields, { signType: 'RSA' }),
      alipayNotify(keys, fields, { signWith: keys.app.privateKey }),
    ]) {
      const res = await post(body);
      expect(res.text).not.toBe('success');
    }
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'pending' });
  });

  it('closes the pending payment of another provider when the shopper switches, and refunds a second success', async () => {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 880, quantity: 1 });
    const first = await createPayment(t, me, order.id);
    const res = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'alipay' })
      .expect(201);
    expect(await paymentRow(t, first.id)).toMatchObject({ status: 'closed' });
    expect(await paymentRow(t, res.body.id)).toMatchObject({ status: 'pending', provider: 'alipay' });

    // The shopper had paid the mock payment anyway: it pays the order; the Alipay money that follows goes back.
    expect((await notifySuccess(t, first)).status).toBe(200);
    expect(await orderStatus(t, order.id)).toBe('paid');
    const trade = fake.pay(res.body.outTradeNo, '8.80');
    expect((await post(alipayNotify(keys, paidFields(res.body.outTradeNo, '8.80', trade.trade_no)))).text).toBe('success');
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    expect(trade.refunds.size).toBe(1);
    expect([...trade.refunds.values()][0]).toMatchObject({ refund_amount: '8.80' });
    expect(await paymentRow(t, res.body.id)).toMatchObject({ status: 'refunded' });
  });

  it('checks the trade bill of a day: settles the lost notify, and lists an unknown trade and a missing one', async () => {
    const DAY = '2026-11-28';
    const notified = await created(1000);
    const notifiedTrade = fake.pay(notified.payment.outTradeNo, '10.00');
    expect((await post(alipayNotify(keys, paidFields(notified.payment.outTradeNo, '10.00', notifiedTrade.trade_no)))).text).toBe(
      'success',
    );
    const missing = await created(700);
    const missingTrade = fake.pay(missing.payment.outTradeNo, '7.00');
    expect((await post(alipayNotify(keys, paidFields(missing.payment.outTradeNo, '7.00', missingTrade.trade_no)))).text).toBe(
      'success',
    );
    await t.db.query(`UPDATE payments SET paid_at = $2 WHERE id = ANY($1)`, [
      [notified.payment.id, missing.payment.id],
      `${DAY}T12:00:00+08:00`,
    ]);
    const refund = await t.http
      .post(`/v1/admin/payments/${notified.payment.id}/refunds`)
      .set(t.admin)
      .set('Idempotency-Key', idempotencyKey())
      .send({ amount: 400, reason: 'one item back' })
      .expect(201);
    expect(refund.body.status).toBe('succeeded');
    const lost = await created(2500);
    const lostTrade = fake.pay(lost.payment.outTradeNo, '25.00');
    const stranger = { ...fake.pay(`PX${Date.now()}`, '3.00') };
    fake.writeBill(DAY, {
      paid: [notifiedTrade, lostTrade, stranger],
      refunds: [{ trade: notifiedTrade, outRefundNo: refund.body.outRefundNo }],
    });

    const res = await t.http
      .post('/v1/admin/payments/bill-checks')
      .set(t.admin)
      .send({ provider: 'alipay', date: DAY })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'discrepancies',
      entries: 4,
      matched: 3,
      settled: 1,
      billPaid: 1000 + 2500 + 300,
      billRefunded: 400,
    });
    expect(res.body.discrepancies).toEqual([
      { kind: 'unknown_payment', outTradeNo: stranger.out_trade_no, bill: 300 },
      { kind: 'payment_missing_from_bill', outTradeNo: missing.payment.outTradeNo, paymentId: missing.payment.id, ours: 700 },
    ]);
    expect(await orderStatus(t, lost.order.id)).toBe('paid');
    const none = await t.http
      .post('/v1/admin/payments/bill-checks')
      .set(t.admin)
      .send({ provider: 'alipay', date: '2026-11-01' })
      .expect(200);
    expect(none.body).toMatchObject({ status: 'failed', error: expect.stringContaining('isp.bill_not_exist') });
  });

  it('finds a payment whose notify was lost by querying Alipay, and refunds it through the gateway', async () => {
    const { order, payment } = await created(1250);
    const trade = fake.pay(payment.outTradeNo, '12.50');
    await t.app.get(PaymentReconciliationService).run();
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', provider_transaction_id: trade.trade_no });

    const refund = await t.http
      .post(`/v1/admin/payments/${payment.id}/refunds`)
      .set(t.admin)
      .set('Idempotency-Key', idempotencyKey())
      .send({ amount: 250, reason: 'price adjusted' })
      .expect(201);
    expect(refund.body).toMatchObject({ amount: 250, status: 'succeeded' });
    expect(trade.refunds.get(refund.body.outRefundNo)).toMatchObject({ refund_amount: '2.50' });
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'partially_refunded', refunded_amount: '250' });
    expect(fake.rejected).toEqual([]);
  });
});
