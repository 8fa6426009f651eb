import { expect } from 'expect';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadEnvironment } from '../../../../config/environment';
import { alipayConfig } from './alipay.config';

const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');
const pkcs8 = app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1 = app.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const alipayPublic = alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const complete = {
  PAYMENT_PROVIDERS: 'alipay',
  ALIPAY_APP_ID: '2021000000000001',
  ALIPAY_PRIVATE_KEY: pkcs8,
  ALIPAY_PUBLIC_KEY: alipayPublic,
  ALIPAY_NOTIFY_URL: 'https://shop.example.com/v1/webhooks/payments/alipay',
};

describe('Alipay configuration', () => {
  it('is required only when PAYMENT_PROVIDERS lists alipay, and names what is missing', () => {
    expect(() => loadEnvironment({ PAYMENT_PROVIDERS: 'mock' })).not.toThrow();
    expect(() => loadEnvironment({ PAYMENT_PROVIDERS: 'alipay', ALIPAY_APP_ID: '2021000000000001' })).toThrow(
      /ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY, ALIPAY_NOTIFY_URL: required when PAYMENT_PROVIDERS lists alipay/,
    );
    expect(() => loadEnvironment({ ...complete, ALIPAY_PUBLIC_KEY: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' })).toThrow(
      /ALIPAY_PUBLIC_KEY:/,
    );
    expect(() => loadEnvironment({ ...complete, ALIPAY_GATEWAY: 'gateway.do' })).toThrow(/ALIPAY_GATEWAY/);
  });

  it('takes keys as PEM or as the bare base64 that Alipay hands out (PKCS#8 or PKCS#1)', () => {
    for (const privateKey of [pkcs8, bare(pkcs8), bare(pkcs1)]) {
      const config = alipayConfig(
        loadEnvironment({ ...complete, ALIPAY_PRIVATE_KEY: privateKey, ALIPAY_PUBLIC_KEY: bare(alipayPublic) }),
      );
      expect(config.privateKey.type).toBe('private');
      expect(config.alipayPublicKey.export({ type: 'spki', format: 'pem' })).toBe(alipayPublic);
      expect(config.gateway).toBe('https://openapi.alipay.com/gateway.do');
    }
  });
});
