import { expect } from 'expect';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadEnvironment } from '../../../../config/environment';
import { wechatPayConfig } from './wechatpay.config';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchantPem = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const platformPem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const complete = {
  PAYMENT_PROVIDERS: 'wechatpay',
  WECHATPAY_APP_ID: 'wx8888888888888888',
  WECHATPAY_MCH_ID: '1900009191',
  WECHATPAY_API_V3_KEY: randomBytes(16).toString('hex'),
  WECHATPAY_MERCHANT_PRIVATE_KEY: merchantPem,
  WECHATPAY_MERCHANT_SERIAL: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
  WECHATPAY_PLATFORM_PUBLIC_KEY: platformPem,
  WECHATPAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0114232134912410000000000000',
  WECHATPAY_NOTIFY_URL: 'https://shop.example.com/v1/webhooks/payments/wechatpay',
};

describe('WeChat Pay configuration', () => {
  it('is required only when PAYMENT_PROVIDERS lists wechatpay, and names what is missing', () => {
    expect(() => loadEnvironment({ PAYMENT_PROVIDERS: 'mock' })).not.toThrow();
    expect(() => loadEnvironment({ PAYMENT_PROVIDERS: 'mock,wechatpay', WECHATPAY_APP_ID: 'wx1' })).toThrow(
      /WECHATPAY_MCH_ID, WECHATPAY_API_V3_KEY, WECHATPAY_MERCHANT_PRIVATE_KEY, WECHATPAY_MERCHANT_SERIAL, WECHATPAY_PLATFORM_PUBLIC_KEY, WECHATPAY_PLATFORM_SERIAL, WECHATPAY_NOTIFY_URL: required when PAYMENT_PROVIDERS lists wechatpay/,
    );
    expect(() => loadEnvironment(complete)).not.toThrow();
  });

  it('refuses keys that do not parse and a malformed APIv3 key', () => {
    expect(() => loadEnvironment({ ...complete, WECHATPAY_MERCHANT_PRIVATE_KEY: '/no/such/file.pem' })).toThrow(
      /WECHATPAY_MERCHANT_PRIVATE_KEY:/,
    );
    expect(() => loadEnvironment({ ...complete, WECHATPAY_PLATFORM_PUBLIC_KEY: merchantPem })).toThrow(
      /WECHATPAY_PLATFORM_PUBLIC_KEY: is a private key/,
    );
    expect(() => loadEnvironment({ ...complete, WECHATPAY_API_V3_KEY: 'too-short' })).toThrow(/WECHATPAY_API_V3_KEY/);
    expect(() => loadEnvironment({ ...complete, WECHATPAY_BASE_URL: 'not a url' })).toThrow(/WECHATPAY_BASE_URL/);
  });

  it('takes keys as PEM text, PEM on one line with \\n, or a path to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wechatpay-'));
    try {
      const path = join(dir, 'apiclient_key.pem');
      writeFileSync(path, merchantPem);
      for (const value of [merchantPem, merchantPem.replace(/\n/g, '\\n'), path]) {
        const config = wechatPayConfig(loadEnvironment({ ...complete, WECHATPAY_MERCHANT_PRIVATE_KEY: value }));
        expect(config.merchantKey.asymmetricKeyType).toBe('rsa');
        expect(config.merchantKey.type).toBe('private');
      }
      const config = wechatPayConfig(loadEnvironment(complete));
      expect(config.baseUrl).toBe('https://api.mch.weixin.qq.com');
      expect([...config.platformKeys.keys()]).toEqual(['PUB_KEY_ID_0114232134912410000000000000']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every platform key by its serial while WeChat Pay rotates them', () => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const config = wechatPayConfig(
      loadEnvironment({
        ...complete,
        WECHATPAY_PLATFORM_PUBLIC_KEY: platformPem + next,
        WECHATPAY_PLATFORM_SERIAL: '5157F09EFDC096DE15EBE81A47057A72, PUB_KEY_ID_2',
      }),
    );
    expect([...config.platformKeys.keys()]).toEqual(['5157F09EFDC096DE15EBE81A47057A72', 'PUB_KEY_ID_2']);
    expect(config.platformKeys.get('PUB_KEY_ID_2')!.export({ type: 'spki', format: 'pem' })).toBe(next);
    expect(config.platformKeys.get('5157F09EFDC096DE15EBE81A47057A72')!.export({ type: 'spki', format: 'pem' })).toBe(
      platformPem,
    );
    expect(() => loadEnvironment({ ...complete, WECHATPAY_PLATFORM_PUBLIC_KEY: platformPem + next })).toThrow(
      /WECHATPAY_PLATFORM_SERIAL: names 1 keys, WECHATPAY_PLATFORM_PUBLIC_KEY holds 2/,
    );
  });
});
