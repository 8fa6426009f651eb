import { expect } from 'expect';
import { createVerify, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadEnvironment } from '../../src/config/environment';
import { WebhookRejectedError } from '../../src/modules/payment/providers/payment-provider';
import { WechatPayProvider } from '../../src/modules/payment/providers/wechatpay/wechatpay.provider';
import {
  FakeWechatPay,
  lines,
  rsaKeyPair,
  signedHeaders,
  wechatPayEnv,
  wechatPayNotification,
  wechatPayTestKeys,
} from './wechatpay-fake';

const outTradeNo = () => `T${randomBytes(10).toString('hex')}`;

describe('WeChat Pay provider against a fake WeChat Pay API', () => {
  const keys = wechatPayTestKeys();
  const fake = new FakeWechatPay(keys);
  let provider: WechatPayProvider;

  before(async () => {
    await fake.start();
    provider = new WechatPayProvider(
      loadEnvironment({ ...process.env, PAYMENT_PROVIDERS: 'wechatpay', ...wechatPayEnv(keys, fake.baseUrl) }),
    );
  });
  after(() => fake.stop());

  const create = (no: string, amount = 2990) =>
    provider.create({
      outTradeNo: no,
      amount,
      currency: 'CNY',
      description: 'Order 20261122000123',
      openid: 'o-buyer-openid',
      expiresAt: new Date(Date.now() + 30 * 60_000),
    });

  it('creates a JSAPI payment with a signed request and answers paySign-ed client params', async () => {
    const no = outTradeNo();
    const { clientParams } = await create(no);
    expect(fake.rejected).toEqual([]);
    const sent = fake.transactions.get(no)!.body;
    expect(sent).toMatchObject({
      appid: keys.appId,
      mchid: keys.mchId,
      out_trade_no: no,
      description: 'Order 20261122000123',
      notify_url: 'https://shop.example.com/v1/webhooks/payments/wechatpay',
      amount: { total: 2990, currency: 'CNY' },
      payer: { openid: 'o-buyer-openid' },
    });
    expect(String(sent.time_expire)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(clientParams).toMatchObject({ appId: keys.appId, package: `prepay_id=wx${no}`, signType: 'RSA' });
    const p = clientParams as Record<string, string>;
    expect(Math.abs(Number(p.timeStamp) - Date.now() / 1000)).toBeLessThan(10);
    const verifies = createVerify('RSA-SHA256')
      .update(lines(p.appId, p.timeStamp, p.nonceStr, p.package))
      .verify(keys.merchant.publicKey, p.paySign, 'base64');
    expect(verifies).toBe(true);
  });

  it('refuses to create a payment without the payer openid', async () => {
    await expect(
      provider.create({
        outTradeNo: outTradeNo(),
        amount: 1,
        currency: 'CNY',
        description: 'x',
        expiresAt: new Date(Date.now() + 60_000),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('queries, closes, refunds and queries refunds, all signed', async () => {
    const unpaid = outTradeNo();
    await create(unpaid, 100);
    expect(await provider.query(unpaid)).toEqual({
      kind: 'payment',
      outTradeNo: unpaid,
      status: 'pending',
      amount: 100,
      currency: 'CNY',
      transactionId: undefined,
      paidAt: undefined,
    });
    await provider.close(unpaid);
    expect(fake.transactions.get(unpaid)!.trade_state).toBe('CLOSED');
    expect(await provider.query(unpaid)).toMatchObject({ status: 'closed' });

    const paid = outTradeNo();
    await create(paid, 2990);
    const tx = fake.pay(paid);
    const report = await provider.query(paid);
    expect(report).toMatchObject({
      kind: 'payment',
      outTradeNo: paid,
      status: 'succeeded',
      transactionId: tx.transaction_id,
      amount: 2990,
      currency: 'CNY',
    });
    expect(report.paidAt).toBeInstanceOf(Date);
    await expect(provider.close(paid)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', providerCode: 'ORDERPAID' });

    const outRefundNo = `R${randomBytes(8).toString('hex')}`;
    const refund = await provider.refund({
      outTradeNo: paid,
      transactionId: tx.transaction_id!,
      outRefundNo,
      amount: 1000,
      total: 2990,
      currency: 'CNY',
      reason: 'size',
    });
    expect(refund).toMatchObject({ kind: 'refund', outRefundNo, status: 'processing', amount: 1000 });
    const refundBody = JSON.parse(fake.requests.at(-1)!.body);
    expect(refundBody).toMatchObject({
      transaction_id: tx.transaction_id,
      out_refund_no: outRefundNo,
      reason: 'size',
      amount: { refund: 1000, total: 2990, currency: 'CNY' },
    });
    fake.refunds.get(outRefundNo)!.status = 'SUCCESS';
    expect(await provider.queryRefund(outRefundNo, paid)).toMatchObject({
      outRefundNo,
      status: 'succeeded',
      amount: 1000,
      refundId: refund.refundId,
    });
    fake.refunds.get(outRefundNo)!.status = 'CLOSED';
    expect(await provider.queryRefund(outRefundNo, paid)).toMatchObject({ status: 'failed' });
    fake.refunds.get(outRefundNo)!.status = 'ABNORMAL';
    expect(await provider.queryRefund(outRefundNo, paid)).toMatchObject({ status: 'processing' });

    expect(fake.rejected).toEqual([]);
    // GET requests sign an empty body and the query string is part of the signed URL
    const get = fake.requests.find((r) => r.method === 'GET')!;
    expect(get.url).toContain(`?mchid=${keys.mchId}`);
    expect(get.authorization).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="\d+",nonce_str="\w+",signature="[^"]+",timestamp="\d+",serial_no="\w+"$/,
    );
  });

  it('reports a provider error for an unknown order', async () => {
    await expect(provider.query(outTradeNo())).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
      providerCode: 'ORDER_NOT_EXIST',
      status: 502,
    });
  });

  it('refuses an answer that is not signed by the platform key', async () => {
    const no = outTradeNo();
    await create(no);
    fake.pay(no);
    fake.answerKey = rsaKeyPair().privateKey;
    try {
      await expect(provider.query(no)).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    } finally {
      fake.answerKey = undefined;
    }
  });

  it('surfaces a rejected request signature as a provider error', async () => {
    const other = new WechatPayProvider(
      loadEnvironment({
        ...process.env,
        ...wechatPayEnv({ ...keys, merchant: rsaKeyPair() }, fake.baseUrl),
        PAYMENT_PROVIDERS: 'wechatpay',
      }),
    );
    await expect(other.query(outTradeNo())).rejects.toMatchObject({ providerCode: 'SIGN_ERROR' });
    fake.rejected.length = 0;
  });

  describe('notifications', () => {
    const paidResource = (overrides: Record<string, unknown> = {}) => ({
      appid: keys.appId,
      mchid: keys.mchId,
      out_trade_no: 'T-notify-1',
      transaction_id: '4200001234202611220000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      success_time: '2026-11-22T16:50:00+08:00',
      payer: { openid: 'o-buyer-openid' },
      amount: { total: 2990, payer_total: 2990, currency: 'CNY', payer_currency: 'CNY' },
      ...overrides,
    });
    const verify = (body: Buffer, headers: Record<string, string>) => provider.verifyNotification({ rawBody: body, headers });
    const rejected = async (body: Buffer, headers: Record<string, string>, status?: number) => {
      const error = await verify(body, headers).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebhookRejectedError);
      if (status) expect((error as WebhookRejectedError).status).toBe(status);
      return error as WebhookRejectedError;
    };

    it('parses a success notification with its amount in fen', async () => {
      const { body, headers } = wechatPayNotification(keys, paidResource());
      expect(await verify(body, headers)).toEqual({
        kind: 'payment',
        outTradeNo: 'T-notify-1',
        transactionId: '4200001234202611220000000001',
        status: 'succeeded',
        amount: 2990,
        currency: 'CNY',
        paidAt: new Date('2026-11-22T08:50:00Z'),
      });
    });

    it('parses a refund notification', async () => {
      const { body, headers } = wechatPayNotification(
        keys,
        {
          mchid: keys.mchId,
          out_trade_no: 'T-notify-1',
          transaction_id: '4200001234202611220000000001',
          out_refund_no: 'R-1',
          refund_id: '50000000382019052709732678859',
          refund_status: 'SUCCESS',
          success_time: '2026-11-22T17:00:00+08:00',
          amount: { total: 2990, refund: 1000, payer_total: 2990, payer_refund: 1000 },
        },
        { originalType: 'refund' },
      );
      expect(await verify(body, headers)).toEqual({
        kind: 'refund',
        outRefundNo: 'R-1',
        refundId: '50000000382019052709732678859',
        status: 'succeeded',
        amount: 1000,
      });
    });

    it('rejects a forged signature', async () => {
      const { body, headers } = wechatPayNotification(keys, paidResource(), { signWith: rsaKeyPair().privateKey });
      await rejected(body, headers, 401);
    });

    it('rejects a serial it does not know, even when the signature is the platform key', async () => {
      const { body, headers } = wechatPayNotification(keys, paidResource(), { serial: 'PUB_KEY_ID_unknown' });
      expect((await rejected(body, headers, 401)).reason).toMatch(/serial/);
    });

    it('rejects a timestamp more than 5 minutes off, either way', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const timestamp of [now - 301, now + 301]) {
        const { body, headers } = wechatPayNotification(keys, paidResource(), { timestamp });
        expect((await rejected(body, headers, 401)).reason).toMatch(/timestamp/);
      }
      const { body, headers } = wechatPayNotification(keys, paidResource(), { timestamp: now - 290 });
      await expect(verify(body, headers)).resolves.toMatchObject({ status: 'succeeded' });
    });

    it('rejects the WECHATPAY/SIGNTEST/ probe', async () => {
      const { body, headers } = wechatPayNotification(keys, paidResource(), {
        signature: `WECHATPAY/SIGNTEST/${randomBytes(64).toString('base64')}`,
      });
      expect((await rejected(body, headers, 401)).reason).toMatch(/probe/);
    });

    it('rejects a body tampered by one byte', async () => {
      const { body, headers } = wechatPayNotification(keys, paidResource());
      const tampered = Buffer.from(body);
      tampered[tampered.indexOf('"summary":"ok"') + 12] ^= 1;
      await rejected(tampered, headers, 401);
      await rejected(Buffer.concat([body, Buffer.from(' ')]), headers, 401);
    });

    it('rejects a resource whose ciphertext does not authenticate (GCM tag)', async () => {
      // Each body below is signed correctly by the platform: only decryption can catch it.
      const resign = (json: Record<string, { [k: string]: string }>) => {
        const body = Buffer.from(JSON.stringify(json));
        return rejected(body, signedHeaders(keys, body), 400);
      };
      const { body } = wechatPayNotification(keys, paidResource());
      const flipped = JSON.parse(body.toString());
      const data = Buffer.from(flipped.resource.ciphertext, 'base64');
      data[5] ^= 1;
      flipped.resource.ciphertext = data.toString('base64');
      expect((await resign(flipped)).reason).toMatch(/decrypt/);

      const otherAad = JSON.parse(body.toString());
      otherAad.resource.associated_data = 'other';
      await resign(otherAad);

      const wrongKey = wechatPayNotification(keys, paidResource(), { apiV3Key: randomBytes(16).toString('hex') });
      await rejected(wrongKey.body, wrongKey.headers, 400);
    });

    it('rejects a notification for another merchant or another app', async () => {
      for (const overrides of [{ mchid: '1900000001' }, { appid: 'wx0000000000000000' }]) {
        const { body, headers } = wechatPayNotification(keys, paidResource(overrides));
        expect((await rejected(body, headers, 400)).reason).toMatch(/another/);
      }
    });

    it('rejects malformed bodies and missing headers', async () => {
      for (const text of [
        'not json',
        '{}',
        '{"resource":{"ciphertext":1}}',
        JSON.stringify({ resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'AAAA', nonce: 'n' } }),
      ]) {
        const body = Buffer.from(text);
        await rejected(body, signedHeaders(keys, body), 400);
      }
      const { body, headers } = wechatPayNotification(keys, paidResource({ amount: { total: 29.9, currency: 'CNY' } }));
      await rejected(body, headers, 400);
      const good = wechatPayNotification(keys, paidResource());
      const { ['wechatpay-nonce']: _nonce, ...withoutNonce } = good.headers;
      await rejected(good.body, withoutNonce, 401);
    });

    it('replies 204 without a body on success and FAIL JSON otherwise', () => {
      expect(provider.reply(true)).toEqual({ status: 204 });
      const failed = provider.reply(false, 'try again');
      expect(failed.status).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(failed.body!)).toEqual({ code: 'FAIL', message: 'try again' });
    });
  });
});
