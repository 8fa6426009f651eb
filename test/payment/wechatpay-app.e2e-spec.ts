import { expect } from 'expect';
import { createVerify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PaymentReconciliationService } from '../../src/modules/payment/payment-reconciliation.service';
import { idempotencyKey, shopper, ShopApp } from '../order/shop';
import { IsolatedStore, isolatedStore } from '../support/isolated';
import { orderStatus, outboxCount, paymentRow, placeOrder, startPayShop } from './pay';
import { FakeWechatPay, lines, rsaKeyPair, wechatPayEnv, wechatPayNotification, wechatPayTestKeys } from './wechatpay-fake';

describe('WeChat Pay through the app', () => {
  const keys = wechatPayTestKeys();
  const fake = new FakeWechatPay(keys);
  let t: ShopApp;
  // Reconciliation reads every stale payment: on a database of its own it sees only this suite's.
  let store: IsolatedStore;

  before(async () => {
    await fake.start();
    store = await isolatedStore();
    t = await startPayShop({
      ...store.overrides,
      PAYMENT_PROVIDERS: 'wechatpay',
      PAYMENT_RECONCILE_AFTER_SECONDS: '0',
      ...wechatPayEnv(keys, fake.baseUrl),
    });
  });
  after(async () => {
    await t?.close();
    await store?.drop();
    await fake.stop();
  });

  const post = (body: Buffer, headers: Record<string, string>) =>
    t.http
      .post('/v1/webhooks/payments/wechatpay')
      .set('content-type', 'application/json')
      .set(headers)
      .send(body.toString('utf8'));

  async function paidAtProvider() {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price: 1495, quantity: 2 });
    const created = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'wechatpay', openid: 'o-buyer-openid' })
      .expect(201);
    return {
      me,
      order,
      payment: created.body as { id: string; outTradeNo: string; amount: number; clientParams: Record<string, string> },
    };
  }

  it('creates a JSAPI payment, takes the signed callback, pays the order once; a replay changes nothing', async () => {
    const { me, order, payment } = await paidAtProvider();
    expect(payment).toMatchObject({ provider: 'wechatpay', status: 'pending', amount: 2990, currency: 'CNY' });
    const p = payment.clientParams;
    expect(p).toMatchObject({ appId: keys.appId, package: `prepay_id=wx${payment.outTradeNo}`, signType: 'RSA' });
    expect(
      createVerify('RSA-SHA256')
        .update(lines(p.appId, p.timeStamp, p.nonceStr, p.package))
        .verify(keys.merchant.publicKey, p.paySign, 'base64'),
    ).toBe(true);
    expect(fake.transactions.get(payment.outTradeNo)!.body).toMatchObject({
      amount: { total: 2990, currency: 'CNY' },
      payer: { openid: 'o-buyer-openid' },
    });
    expect(fake.rejected).toEqual([]);

    const tx = fake.pay(payment.outTradeNo);
    const { body, headers } = wechatPayNotification(keys, fake.resource(tx));
    const res = await post(body, headers);
    expect(res.status).toBe(204);
    expect(await orderStatus(t, order.id)).toBe('paid');
    const row = await paymentRow(t, payment.id);
    expect(row).toMatchObject({ status: 'succeeded', provider_transaction_id: tx.transaction_id });
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);

    const replay = await post(body, headers);
    expect(replay.status).toBeLessThan(300);
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', provider_transaction_id: tx.transaction_id });
    const seen = await t.http.get(`/v1/store/payments/${payment.id}`).set(me.auth).expect(200);
    expect(seen.body).toMatchObject({ status: 'succeeded' });
  });

  it('refuses forged, stale and tampered callbacks with FAIL and changes nothing', async () => {
    const { order, payment } = await paidAtProvider();
    const tx = fake.pay(payment.outTradeNo);
    const forged = wechatPayNotification(keys, fake.resource(tx), { signWith: rsaKeyPair().privateKey });
    const stale = wechatPayNotification(keys, fake.resource(tx), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const otherKey = wechatPayNotification(keys, fake.resource(tx), { apiV3Key: 'k'.repeat(32) });
    for (const { body, headers } of [forged, stale, otherKey]) {
      const res = await post(body, headers);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'FAIL' });
    }
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'pending' });
  });

  it('does not pay the order when the notified amount differs', async () => {
    const { order, payment } = await paidAtProvider();
    const tx = fake.pay(payment.outTradeNo);
    const { body, headers } = wechatPayNotification(keys, {
      ...fake.resource(tx),
      amount: { total: 1, payer_total: 1, currency: 'CNY' },
    });
    await post(body, headers);
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(0);
  });

  it('finds a payment whose callback was lost by querying WeChat Pay', async () => {
    const { order, payment } = await paidAtProvider();
    const tx = fake.pay(payment.outTradeNo);
    await t.app.get(PaymentReconciliationService).run();
    expect(await orderStatus(t, order.id)).toBe('paid');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'succeeded', provider_transaction_id: tx.transaction_id });
    // the callback arriving late changes nothing
    const { body, headers } = wechatPayNotification(keys, fake.resource(tx));
    expect((await post(body, headers)).status).toBe(204);
    expect(await outboxCount(t, order.id, 'order.paid')).toBe(1);
  });

  it('refunds through WeChat Pay; the signed refund notification completes the refund', async () => {
    const { payment } = await paidAtProvider();
    const tx = fake.pay(payment.outTradeNo);
    const paid = wechatPayNotification(keys, fake.resource(tx));
    expect((await post(paid.body, paid.headers)).status).toBe(204);

    fake.refundStatus = 'PROCESSING';
    const refund = await t.http
      .post(`/v1/admin/payments/${payment.id}/refunds`)
      .set(t.admin)
      .set('Idempotency-Key', idempotencyKey())
      .send({ amount: 1000, reason: 'one item back' })
      .expect(201);
    expect(refund.body).toMatchObject({ amount: 1000, status: 'processing' });
    const atProvider = fake.refunds.get(refund.body.outRefundNo)!;
    expect(atProvider).toMatchObject({
      transaction_id: tx.transaction_id,
      amount: { refund: 1000, total: 2990, currency: 'CNY' },
    });

    const done = wechatPayNotification(
      keys,
      {
        mchid: keys.mchId,
        out_trade_no: payment.outTradeNo,
        transaction_id: tx.transaction_id,
        out_refund_no: atProvider.out_refund_no,
        refund_id: atProvider.refund_id,
        refund_status: 'SUCCESS',
        success_time: '2026-11-22T17:00:00+08:00',
        amount: { total: 2990, refund: 1000, payer_total: 2990, payer_refund: 1000 },
      },
      { originalType: 'refund' },
    );
    expect((await post(done.body, done.headers)).status).toBe(204);
    const detail = await t.http.get(`/v1/admin/payments/${payment.id}`).set(t.admin).expect(200);
    expect(detail.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 1000 });
    expect(detail.body.refunds).toEqual([
      expect.objectContaining({ outRefundNo: atProvider.out_refund_no, status: 'succeeded', amount: 1000 }),
    ]);
  });
});
