import { expect } from 'expect';
import { createCipheriv, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  authorization,
  decryptResource,
  parseAuthorization,
  payParams,
  signParts,
  signedMessage,
  verifySignature,
} from './wechatpay-signature';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = new Map([['PUB_KEY_ID_1', platform.publicKey]]);
const now = new Date('2026-11-22T08:50:00Z');
const ts = String(now.getTime() / 1000);

describe('WeChat Pay v3 signatures', () => {
  it('writes each part on its own line, the last one included', () => {
    expect(signedMessage(['GET', '/v3/x', '1', 'N', '']).toString()).toBe('GET\n/v3/x\n1\nN\n\n');
  });

  it('signs METHOD, URL, TIMESTAMP, NONCE and BODY into the Authorization header', () => {
    const header = authorization({
      mchId: '1900009191',
      serialNo: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
      privateKey: merchant.privateKey,
      method: 'post',
      url: '/v3/pay/transactions/jsapi',
      body: '{"a":1}',
      timestamp: 1554208460,
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    expect(header).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="[A-Za-z0-9+/=]+",timestamp="1554208460",serial_no="408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"$/,
    );
    const fields = parseAuthorization(header)!;
    const message = 'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n';
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, fields.signature, 'base64')).toBe(true);
  });

  it('signs paySign over appId, timeStamp, nonceStr and package', () => {
    const params = payParams('wx8888888888888888', 'wx201410272009395522657a690389285100', merchant.privateKey, now, 'N1');
    expect(params).toMatchObject({
      appId: 'wx8888888888888888',
      timeStamp: ts,
      nonceStr: 'N1',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    });
    const message = `wx8888888888888888\n${ts}\nN1\nprepay_id=wx201410272009395522657a690389285100\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, params.paySign, 'base64')).toBe(true);
  });

  describe('verifying callbacks and answers', () => {
    const body = Buffer.from('{"id":"EV-1","resource":{}}');
    const signed = (overrides: Record<string, string> = {}) => ({
      timestamp: ts,
      nonce: 'fdasflkja484w',
      serial: 'PUB_KEY_ID_1',
      signature: signParts([overrides.timestamp ?? ts, 'fdasflkja484w', body], platform.privateKey),
      ...overrides,
    });

    it('accepts the platform signature over the raw body', () => {
      expect(verifySignature(signed(), body, keys, now)).toEqual({ ok: true });
    });

    it('refuses every kind of wrong message', () => {
      const reason = (headers: Record<string, string | undefined>, b = body) => {
        const result = verifySignature(headers, b, keys, now);
        return result.ok ? 'ok' : result.reason;
      };
      expect(reason(signed({ signature: signParts([ts, 'fdasflkja484w', body], merchant.privateKey) }))).toMatch(
        /does not verify/,
      );
      expect(reason(signed({ serial: 'PUB_KEY_ID_2' }))).toMatch(/serial/);
      expect(reason(signed({ timestamp: String(Number(ts) - 301) }))).toMatch(/window/);
      expect(reason(signed({ timestamp: String(Number(ts) + 301) }))).toMatch(/window/);
      expect(reason(signed({ timestamp: String(Number(ts) - 300) }))).toBe('ok');
      expect(reason(signed({ timestamp: '1e9' }))).toMatch(/timestamp/);
      expect(reason(signed({ signature: 'WECHATPAY/SIGNTEST/abc' }))).toMatch(/probe/);
      expect(reason(signed({ nonce: 'other' }))).toMatch(/does not verify/);
      expect(reason({ ...signed(), signature: undefined })).toMatch(/missing/);
      expect(reason(signed({ signature: 'not base64 at all!' }))).toMatch(/does not verify/);
      for (let i = 0; i < body.length; i += 7) {
        const tampered = Buffer.from(body);
        tampered[i] ^= 0x20;
        expect(reason(signed(), tampered)).toMatch(/does not verify/);
      }
    });
  });

  describe('decrypting resources', () => {
    const apiV3Key = randomBytes(16).toString('hex');
    const encrypt = (plain: string, nonce: string, aad: string, key = apiV3Key) => {
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
      cipher.setAAD(Buffer.from(aad));
      return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64');
    };

    it('decrypts AEAD_AES_256_GCM with the APIv3 key, nonce and associated data', () => {
      const ciphertext = encrypt('{"out_trade_no":"T1"}', 'fdasfjihihih', 'transaction');
      expect(
        decryptResource(
          { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce: 'fdasfjihihih', associated_data: 'transaction' },
          apiV3Key,
        ),
      ).toBe('{"out_trade_no":"T1"}');
      const noAad = encrypt('{}', 'fdasfjihihih', '');
      expect(decryptResource({ algorithm: 'AEAD_AES_256_GCM', ciphertext: noAad, nonce: 'fdasfjihihih' }, apiV3Key)).toBe('{}');
    });

    it('refuses anything that does not authenticate', () => {
      const ciphertext = encrypt('{"out_trade_no":"T1"}', 'fdasfjihihih', 'transaction');
      const resource = { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce: 'fdasfjihihih', associated_data: 'transaction' };
      const flip = (i: number) => {
        const data = Buffer.from(ciphertext, 'base64');
        data[i] ^= 1;
        return data.toString('base64');
      };
      expect(() => decryptResource({ ...resource, ciphertext: flip(0) }, apiV3Key)).toThrow();
      expect(() =>
        decryptResource({ ...resource, ciphertext: flip(Buffer.from(ciphertext, 'base64').length - 1) }, apiV3Key),
      ).toThrow();
      expect(() => decryptResource({ ...resource, associated_data: 'refund' }, apiV3Key)).toThrow();
      expect(() => decryptResource({ ...resource, nonce: 'fdasfjihihiX' }, apiV3Key)).toThrow();
      expect(() => decryptResource(resource, randomBytes(16).toString('hex'))).toThrow();
      expect(() => decryptResource({ ...resource, ciphertext: 'AAAA' }, apiV3Key)).toThrow(/short/);
      expect(() => decryptResource({ ...resource, algorithm: 'AES_128_CBC' }, apiV3Key)).toThrow(/algorithm/);
      expect(() => decryptResource(resource, 'short-key')).toThrow(/32 bytes/);
    });
  });
});
