import { expect } from 'expect';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadEnvironment } from '../../src/config/environment';
import { AlipayProvider } from '../../src/modules/payment/providers/alipay/alipay.provider';
import { WebhookRejectedError } from '../../src/modules/payment/providers/payment-provider';
import { alipayEnv, alipayNotify, alipayTestKeys, content, FakeAlipay, rsa2Check } from './alipay-fake';
import { rsaKeyPair } from './wechatpay-fake';

const outTradeNo = () => `T${randomBytes(10).toString('hex')}`;

describe('Alipay provider against a fake Alipay gateway', () => {
  const keys = alipayTestKeys();
  const fake = new FakeAlipay(keys);
  let provider: AlipayProvider;

  before(async () => {
    await fake.start();
    provider = new AlipayProvider(
      loadEnvironment({ ...process.env, PAYMENT_PROVIDERS: 'alipay', ...alipayEnv(keys, fake.gateway) }),
    );
  });
  after(() => fake.stop());

  it('builds an RSA2-signed app-pay order string', async () => {
    const no = outTradeNo();
    const expiresAt = new Date('2026-11-22T09:30:00Z');
    const { clientParams } = await provider.create({
      outTradeNo: no,
      amount: 29,
      currency: 'CNY',
      description: 'Order 20261122000123',
      expiresAt,
    });
    const orderString = String(clientParams.orderString);
    const params = Object.fromEntries(new URLSearchParams(orderString));
    expect(params).toMatchObject({
      app_id: keys.appId,
      method: 'alipay.trade.app.pay',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      version: '1.0',
      notify_url: 'https://shop.example.com/v1/webhooks/payments/alipay',
    });
    expect(JSON.parse(params.biz_content)).toEqual({
      out_trade_no: no,
      total_amount: '0.29',
      subject: 'Order 20261122000123',
      product_code: 'QUICK_MSECURITY_PAY',
      time_expire: '2026-11-22 17:30:00',
    });
    expect(rsa2Check(content(params, ['sign']), params.sign, keys.app.publicKey)).toBe(true);
    // keys in ASCII order, as the SDK expects them
    const names = orderString.split('&').map((pair) => pair.split('=')[0]);
    expect(names).toEqual([...names].sort());
  });

  it('queries, closes, refunds and queries refunds through the signed gateway', async () => {
    const unopened = outTradeNo();
    expect(await provider.query(unopened)).toEqual({ kind: 'payment', outTradeNo: unopened, status: 'pending' });
    await expect(provider.close(unopened)).resolves.toBeUndefined();

    const waiting = outTradeNo();
    fake.pay(waiting, '10.00').trade_status = 'WAIT_BUYER_PAY';
    await provider.close(waiting);
    expect(await provider.query(waiting)).toMatchObject({ status: 'closed', amount: 1000 });

    const paid = outTradeNo();
    const trade = fake.pay(paid, '29.90');
    expect(await provider.query(paid)).toEqual({
      kind: 'payment',
      outTradeNo: paid,
      transactionId: trade.trade_no,
      status: 'succeeded',
      amount: 2990,
      currency: 'CNY',
      paidAt: new Date('2026-11-22T08:50:00Z'),
    });
    await expect(provider.close(paid)).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
      providerCode: 'ACQ.TRADE_STATUS_ERROR',
    });

    const refundNo = `R${randomBytes(8).toString('hex')}`;
    const refund = {
      outTradeNo: paid,
      transactionId: trade.trade_no,
      outRefundNo: refundNo,
      amount: 1001,
      total: 2990,
      currency: 'CNY' as const,
      reason: 'size',
    };
    expect(await provider.refund(refund)).toMatchObject({
      kind: 'refund',
      outRefundNo: refundNo,
      status: 'succeeded',
      amount: 1001,
    });
    expect(JSON.parse(fake.requests.at(-1)!.biz_content)).toEqual({
      out_trade_no: paid,
      trade_no: trade.trade_no,
      refund_amount: '10.01',
      refund_reason: 'size',
      out_request_no: refundNo,
    });
    // a retry moves no money (fund_change N) and is answered from the refund query
    expect(await provider.refund(refund)).toMatchObject({ outRefundNo: refundNo, status: 'succeeded', amount: 1001 });
    expect(fake.requests.at(-1)!.method).toBe('alipay.trade.fastpay.refund.query');
    expect(await provider.queryRefund(refundNo, paid)).toMatchObject({
      outRefundNo: refundNo,
      status: 'succeeded',
      amount: 1001,
    });
    expect(await provider.queryRefund('R-unknown', paid)).toMatchObject({ outRefundNo: 'R-unknown', status: 'processing' });
    expect(fake.rejected).toEqual([]);
  });

  it('refuses a gateway answer that Alipay did not sign', async () => {
    const no = outTradeNo();
    fake.pay(no, '1.00');
    fake.answerKey = rsaKeyPair().privateKey;
    try {
      await expect(provider.query(no)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    } finally {
      fake.answerKey = undefined;
    }
  });

  it('surfaces a refused request signature as a provider error', async () => {
    const other = new AlipayProvider(
      loadEnvironment({
        ...process.env,
        PAYMENT_PROVIDERS: 'alipay',
        ...alipayEnv({ ...keys, app: rsaKeyPair() }, fake.gateway),
      }),
    );
    await expect(other.query(outTradeNo())).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
      providerCode: 'isv.invalid-signature',
    });
    fake.rejected.length = 0;
  });

  describe('async notifications', () => {
    const paidFields = (overrides: Record<string, string> = {}) => ({
      trade_no: '2026112222001404330500000001',
      out_trade_no: 'T-notify-1',
      trade_status: 'TRADE_SUCCESS',
      total_amount: '0.29',
      receipt_amount: '0.29',
      ...overrides,
    });
    const verify = (rawBody: Buffer) =>
      provider.verifyNotification({ rawBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const rejected = async (rawBody: Buffer, status?: number) => {
      const error = await verify(rawBody).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebhookRejectedError);
      if (status) expect((error as WebhookRejectedError).status).toBe(status);
      return error as WebhookRejectedError;
    };

    it('parses a paid notification with total_amount converted to fen exactly', async () => {
      expect(await verify(alipayNotify(keys, paidFields()))).toEqual({
        kind: 'payment',
        outTradeNo: 'T-notify-1',
        transactionId: '2026112222001404330500000001',
        status: 'succeeded',
        amount: 29,
        currency: 'CNY',
        paidAt: new Date('2026-11-22T08:50:00Z'),
      });
      expect(
        await verify(alipayNotify(keys, paidFields({ trade_status: 'TRADE_FINISHED', total_amount: '1234.5' }))),
      ).toMatchObject({ status: 'succeeded', amount: 123450 });
      expect(await verify(alipayNotify(keys, paidFields({ trade_status: 'WAIT_BUYER_PAY' })))).toMatchObject({
        status: 'pending',
      });
      expect(await verify(alipayNotify(keys, paidFields({ trade_status: 'TRADE_CLOSED' })))).toMatchObject({ status: 'closed' });
    });

    it('verifies values containing characters that form encoding escapes', async () => {
      const body = alipayNotify(keys, paidFields({ subject: '订单 #1 & 100% 好=物+' }));
      expect(await verify(body)).toMatchObject({ status: 'succeeded' });
    });

    it('reports the refund a refund notification is about', async () => {
      const body = alipayNotify(
        keys,
        paidFields({ out_biz_no: 'R-1', refund_fee: '0.10', gmt_refund: '2026-11-22 17:00:00.123' }),
      );
      expect(await verify(body)).toEqual({
        kind: 'refund',
        outRefundNo: 'R-1',
        refundId: '2026112222001404330500000001',
        status: 'succeeded',
      });
    });

    it('rejects a forged signature', async () => {
      await rejected(alipayNotify(keys, paidFields(), { signWith: rsaKeyPair().privateKey }), 401);
      // signed with our own application key is no better
      await rejected(alipayNotify(keys, paidFields(), { signWith: keys.app.privateKey }), 401);
    });

    it('accepts only sign_type RSA2', async () => {
      expect((await rejected(alipayNotify(keys, paidFields(), { signType: 'RSA' }), 401)).reason).toMatch(/sign_type/);
      const withoutType = Buffer.from(
        alipayNotify(keys, paidFields())
          .toString()
          .replace(/&?sign_type=RSA2/, ''),
      );
      await rejected(withoutType, 401);
    });

    it('rejects a body tampered by one byte', async () => {
      const body = alipayNotify(keys, paidFields());
      const tampered = Buffer.from(body.toString().replace('total_amount=0.29', 'total_amount=0.39'));
      expect(tampered.equals(body)).toBe(false);
      await rejected(tampered, 401);
    });

    it('rejects a notification for another app id', async () => {
      expect((await rejected(alipayNotify(keys, paidFields({ app_id: '2021000000000001' })), 400)).reason).toMatch(/another app/);
    });

    it('rejects malformed bodies', async () => {
      await rejected(Buffer.from(''), 401);
      await rejected(Buffer.from('{"json":true}'), 401);
      const duplicated = Buffer.from(`${alipayNotify(keys, paidFields()).toString()}&total_amount=100.00`);
      await rejected(duplicated, 400);
      await rejected(alipayNotify(keys, paidFields({ total_amount: '0.295' })), 400);
      await rejected(alipayNotify(keys, paidFields({ total_amount: '1e3' })), 400);
      await rejected(alipayNotify(keys, paidFields({ trade_status: 'SOMETHING' })), 400);
      await rejected(alipayNotify(keys, paidFields({ out_trade_no: '' })), 400);
    });

    it('answers exactly "success" when processed', () => {
      expect(provider.reply(true)).toEqual({ status: 200, contentType: 'text/plain', body: 'success' });
      expect(provider.reply(false).body).not.toBe('success');
    });
  });
});
