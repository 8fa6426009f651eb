import { expect } from 'expect';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { chinaDate } from '../../src/common/time/china-time';
import { idempotencyKey, shopper, ShopApp } from '../order/shop';
import { IsolatedStore, isolatedStore } from '../support/isolated';
import { orderStatus, outboxCount, paymentRow, placeOrder, startPayShop } from './pay';
import { FakeTransaction, FakeWechatPay, wechatPayEnv, wechatPayNotification, wechatPayTestKeys } from './wechatpay-fake';

describe('WeChat Pay trade bill check', () => {
  const keys = wechatPayTestKeys();
  const fake = new FakeWechatPay(keys);
  const DAY = '2026-11-30';
  let t: ShopApp;
  // The check reads every payment of the day: on a database of its own it sees only this suite's.
  let store: IsolatedStore;

  before(async () => {
    await fake.start();
    store = await isolatedStore();
    t = await startPayShop({ ...store.overrides, PAYMENT_PROVIDERS: 'wechatpay', ...wechatPayEnv(keys, fake.baseUrl) });
  });
  after(async () => {
    await t?.close();
    await store?.drop();
    await fake.stop();
  });

  const check = (body: Record<string, unknown>, auth = t.admin) =>
    t.http.post('/v1/admin/payments/bill-checks').set(auth).send(body);

  /** A payment paid at WeChat Pay; `notified` also tells us (otherwise its callback was lost). */
  async function paid(price: number, notified: boolean) {
    const me = await shopper(t);
    const order = await placeOrder(t, me, { price, quantity: 1 });
    const res = await t.http
      .post(`/v1/store/orders/${order.id}/payments`)
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ provider: 'wechatpay', openid: 'o-buyer' })
      .expect(201);
    const tx = fake.pay(res.body.outTradeNo);
    if (notified) {
      const { body, headers } = wechatPayNotification(keys, fake.resource(tx));
      await t.http
        .post('/v1/webhooks/payments/wechatpay')
        .set('content-type', 'application/json')
        .set(headers)
        .send(body.toString());
      // Settled on the bill's day, as WeChat Pay's success_time would have said.
      await t.db.query(`UPDATE payments SET paid_at = $2 WHERE id = $1`, [res.body.id, `${DAY}T12:00:00+08:00`]);
    }
    return { order, payment: res.body as { id: string; outTradeNo: string; amount: number }, tx };
  }

  it('settles what the bill shows we missed, and lists every disagreement once', async () => {
    const a = await paid(1000, true);
    const lost = await paid(2000, false);
    const dearer = await paid(3000, true);
    const missing = await paid(4000, true);
    fake.refundStatus = 'SUCCESS';
    const refund = await t.http
      .post(`/v1/admin/payments/${a.payment.id}/refunds`)
      .set(t.admin)
      .set('Idempotency-Key', idempotencyKey())
      .send({ amount: 300, reason: 'one item back' })
      .expect(201);
    expect(refund.body.status).toBe('succeeded');
    // A refund we saw succeed on the bill's day that the bill leaves out.
    const unbilled = await t.http
      .post(`/v1/admin/payments/${dearer.payment.id}/refunds`)
      .set(t.admin)
      .set('Idempotency-Key', idempotencyKey())
      .send({ amount: 300, reason: 'damaged' })
      .expect(201);
    await t.db.query(`UPDATE refunds SET completed_at = $2 WHERE id = $1`, [unbilled.body.id, `${DAY}T13:00:00+08:00`]);
    const stranger: FakeTransaction = {
      appid: keys.appId,
      mchid: keys.mchId,
      out_trade_no: `PX${randomBytes(6).toString('hex').toUpperCase()}`,
      transaction_id: `42000${randomBytes(10).toString('hex')}`,
      trade_state: 'SUCCESS',
      amount: { total: 500, currency: 'CNY' },
      body: {},
    };
    fake.writeBill(DAY, {
      paid: [a.tx, lost.tx, dearer.tx, stranger],
      refunds: [fake.refunds.get(refund.body.outRefundNo)!],
      amounts: { [dearer.payment.outTradeNo]: 3100 },
    });

    const res = await check({ provider: 'wechatpay', date: DAY }).expect(200);
    expect(res.body).toMatchObject({
      provider: 'wechatpay',
      date: DAY,
      status: 'discrepancies',
      entries: 5,
      matched: 3, // a, the lost one once settled, the refund
      settled: 1,
      billPaid: 1000 + 2000 + 3100 + 500,
      billRefunded: 300,
      error: null,
      staffId: expect.any(String),
    });
    expect(res.body.discrepancies).toEqual([
      {
        kind: 'payment_amount_mismatch',
        outTradeNo: dearer.payment.outTradeNo,
        paymentId: dearer.payment.id,
        bill: 3100,
        ours: 3000,
      },
      { kind: 'unknown_payment', outTradeNo: stranger.out_trade_no, bill: 500 },
      { kind: 'payment_missing_from_bill', outTradeNo: missing.payment.outTradeNo, paymentId: missing.payment.id, ours: 4000 },
      {
        kind: 'refund_missing_from_bill',
        outTradeNo: dearer.payment.outTradeNo,
        outRefundNo: unbilled.body.outRefundNo,
        refundId: unbilled.body.id,
        ours: 300,
      },
    ]);
    // The lost callback is found through the verified query, not taken from the bill.
    expect(await orderStatus(t, lost.order.id)).toBe('paid');
    expect(await paymentRow(t, lost.payment.id)).toMatchObject({
      status: 'succeeded',
      provider_transaction_id: lost.tx.transaction_id,
    });
    const [note] = await t.db.query(`SELECT title, data FROM notifications WHERE type = 'payment.bill-discrepancies'`);
    expect(note).toMatchObject({ title: expect.stringContaining(DAY), data: { billCheckId: res.body.id, discrepancies: 4 } });

    // Checking the day again replaces the check; nothing is settled twice.
    const again = await check({ provider: 'wechatpay', date: DAY }).expect(200);
    expect(again.body).toMatchObject({ id: res.body.id, settled: 0, matched: 3 });
    const list = await t.http.get('/v1/admin/payments/bill-checks').query({ provider: 'wechatpay' }).set(t.admin).expect(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: res.body.id, status: 'discrepancies' }] });
    const one = await t.http.get(`/v1/admin/payments/bill-checks/${res.body.id}`).set(t.admin).expect(200);
    expect(one.body.discrepancies).toHaveLength(4);
  });

  it('settles a lost payment once however many checks of the day run at once', async () => {
    const lost = await paid(1800, false);
    fake.writeBill('2026-11-27', { paid: [lost.tx] });
    const answers = await Promise.all(Array.from({ length: 4 }, () => check({ provider: 'wechatpay', date: '2026-11-27' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.every((a) => a.body.id === answers[0].body.id && a.body.status === 'matched')).toBe(true);
    expect(answers.reduce((n, a) => n + (a.body.settled as number), 0)).toBe(1);
    expect(await orderStatus(t, lost.order.id)).toBe('paid');
    expect(await outboxCount(t, lost.order.id, 'order.paid')).toBe(1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM payment_bill_checks WHERE bill_date = '2026-11-27'`);
    expect(n).toBe(1);
  });

  it('records a bill it cannot trust or get as failed, changing nothing', async () => {
    const lost = await paid(1500, false);
    fake.writeBill('2026-11-29', { paid: [lost.tx] });
    fake.tamperBills = true;
    try {
      const tampered = await check({ provider: 'wechatpay', date: '2026-11-29' }).expect(200);
      expect(tampered.body).toMatchObject({ status: 'failed', entries: 0, error: expect.stringContaining('digest') });
    } finally {
      fake.tamperBills = false;
    }
    expect(await paymentRow(t, lost.payment.id)).toMatchObject({ status: 'pending' });
    const none = await check({ provider: 'wechatpay', date: '2026-11-01' }).expect(200);
    expect(none.body).toMatchObject({ status: 'failed', error: expect.stringContaining('NO_STATEMENT_EXIST') });
    expect(fake.rejected).toEqual([]);
  });

  it('refuses a day not over, a provider without bills, bad dates and shoppers', async () => {
    const today = await check({ provider: 'wechatpay', date: chinaDate(new Date()) }).expect(400);
    expect(today.body.errors).toEqual([{ field: 'date', messages: [expect.any(String)] }]);
    const mock = await check({ provider: 'mock', date: DAY }).expect(400);
    expect(mock.body.errors).toEqual([{ field: 'provider', messages: [expect.stringContaining('wechatpay')] }]);
    await check({ provider: 'wechatpay', date: '2026-13-01' }).expect(400);
    const noSuchDay = await check({ provider: 'wechatpay', date: '2026-02-30' }).expect(400);
    expect(noSuchDay.body.errors).toEqual([{ field: 'date', messages: ['must be a day of the calendar'] }]);
    const me = await shopper(t);
    await check({ provider: 'wechatpay', date: DAY }, me.auth).expect(403);
    await t.http.get('/v1/admin/payments/bill-checks/00000000-0000-4000-8000-000000000000').set(t.admin).expect(404);
  });
});
