import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** 256 random bits, URL-safe: the refresh token a client holds. Only its hash is stored. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

// A refresh token has 256 bits of entropy, so one fast hash is enough: nobody can brute-force it.
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A 6-digit code, leading zeros kept. */
export function newSmsCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

// A 6-digit code has only a million values, so a plain hash would fall to a lookup table if the store
// leaked; keyed with the server secret (and bound to phone and purpose) it does not.
export function hashSmsCode(secret: string, purpose: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${phone}:${code}`, 'utf8').digest('hex');
}
