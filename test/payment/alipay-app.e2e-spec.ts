import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { idempotencyKey, shopper, ShopApp } from '../order/shop';
import { alipayEnv, alipayNotify, alipayTestKeys, content, FakeAlipay, rsa2Check } from './alipay-fake';
import { orderStatus, outboxCount, paymentRow, placeOrder, startPayShop } from './pay';

describe('Alipay through the app', () => {
  const keys = alipayTestKeys();
  const fake = new FakeAlipay(keys);
  let t: ShopApp;

  before(async () => {
    await fake.start();
    t = await startPayShop({ PAYMENT_PROVIDERS: 'mock,alipay', ...alipayEnv(keys, fake.gateway) });
  });
  after(async () => {
    await t?.close();
    await fake.stop();
  });

  const post = (body: Buffer) =>
    t.http
      .post('/v1/webhooks/payments/alipay')
      .set('content-type', 'application/x-www-form-urlencoded; charset=utf-8')
      .send(body.toString('utf8'));

  async function created(price: number) {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price, quantity: 1 });
    const res = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'alipay' })
      .expect(201);
    return {
      me,
      order,
      payment: res.body as { id: string; outTradeNo: string; amount: number; clientParams: { orderString: string } },
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
    const params = Object.fromEntries(new URLSearchParams(payment.clientParams.orderString));
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

  it('refuses a wrong app id, sign_type RSA and a forged sign, never answering success', async () => {
    const { order, payment } = await created(500);
    const trade = fake.pay(payment.outTradeNo, '5.00');
    const fields = paidFields(payment.outTradeNo, '5.00', trade.trade_no);
    for (const body of [
      alipayNotify(keys, { ...fields, app_id: '2021000000000001' }),
      alipayNotify(keys, fields, { signType: 'RSA' }),
      alipayNotify(keys, fields, { signWith: keys.app.privateKey }),
    ]) {
      const res = await post(body);
      expect(res.text).not.toBe('success');
    }
    expect(await orderStatus(t, order.id)).toBe('pending_payment');
    expect(await paymentRow(t, payment.id)).toMatchObject({ status: 'pending' });
  });
});
