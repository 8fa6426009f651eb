import { createHmac, timingSafeEqual } from 'node:crypto';

// The webhook signature of our merchant notifications (X-Commerce-*, src/modules/notification/README.md) and of
// generic carrier tracking pushes (X-Logistics-*):
//   X-…-Timestamp: <unix seconds>
//   X-…-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
// Signing the timestamp with the body lets a receiver refuse replays older than its tolerance.

export const SIGNATURE_PREFIX = 'sha256=';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * What a receiver does: recompute the signature over the raw body, compare in constant time, and
 * refuse a timestamp further than `toleranceSeconds` from its clock.
 */
export function verifyWebhook(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  { now = Date.now(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
