import { createHmac } from 'node:crypto';
import { expect } from 'expect';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhook } from './webhook-signature';

const secret = 'merchant-secret-0123456789';
const body = '{"id":"n1","type":"inventory.low-stock","title":"库存不足"}';

describe('merchant webhook signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, '1700000000', body)).toBe(`sha256=${expected}`);
    // A fixed vector, so that receivers in other languages can check their implementation.
    expect(signWebhook('secret', '1', '{}')).toBe(`sha256=${createHmac('sha256', 'secret').update('1.{}').digest('hex')}`);
  });

  it('verifies a fresh, untouched request', () => {
    const now = 1_700_000_000_000;
    const signature = signWebhook(secret, '1700000000', body);
    expect(verifyWebhook(secret, '1700000000', body, signature, { now })).toBe(true);
    expect(verifyWebhook(secret, '1700000000', body, signature, { now: now + 299_000 })).toBe(true);
  });

  it('refuses another body, timestamp, secret, a malformed header or a stale timestamp', () => {
    const now = 1_700_000_000_000;
    const signature = signWebhook(secret, '1700000000', body);
    expect(verifyWebhook(secret, '1700000000', `${body} `, signature, { now })).toBe(false);
    expect(verifyWebhook(secret, '1700000001', body, signature, { now })).toBe(false);
    expect(verifyWebhook('another-secret-0123456789', '1700000000', body, signature, { now })).toBe(false);
    expect(verifyWebhook(secret, '1700000000', body, signature.slice(7), { now })).toBe(false);
    expect(verifyWebhook(secret, '1700000000', body, signature, { now: now + 301_000 })).toBe(false);
    expect(verifyWebhook(secret, 'soon', body, signature, { now })).toBe(false);
  });
});
