import { createSign, createVerify, KeyObject } from 'node:crypto';
import { chinaLocalIso } from '../../../../common/time/china-time';

// Alipay open-platform RSA2 (SHA256withRSA) signing and verification. Pure functions.

export type Params = Record<string, string | undefined>;

/** Sorted (by code unit) `k=v` pairs joined by `&`, leaving out the excluded keys and empty values. */
export function signContent(params: Params, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((key) => !exclude.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function rsa2Sign(content: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** A request's `sign`: over every parameter but `sign` itself (sign_type included). */
export function signRequest(params: Params, privateKey: KeyObject): string {
  return rsa2Sign(signContent(params, ['sign']), privateKey);
}

export function verifyRequest(params: Params, publicKey: KeyObject): boolean {
  return typeof params.sign === 'string' && rsa2Verify(signContent(params, ['sign']), params.sign, publicKey);
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * An async notification's signature (Alipay's "V1" check): only sign_type RSA2, over every parameter but `sign`
 * and `sign_type`, already URL-decoded once, with the Alipay public key.
 */
export function verifyNotify(params: Params, alipayPublicKey: KeyObject): VerifyResult {
  if (params.sign_type !== 'RSA2') return { ok: false, reason: `sign_type ${params.sign_type ?? '(none)'} is not accepted` };
  if (!params.sign) return { ok: false, reason: 'sign is missing' };
  if (!rsa2Verify(signContent(params, ['sign', 'sign_type']), params.sign, alipayPublicKey)) {
    return { ok: false, reason: 'signature does not verify' };
  }
  return { ok: true };
}

/** application/x-www-form-urlencoded into a plain object; a repeated key is refused (it could smuggle a value). */
export function parseForm(body: string): Params | undefined {
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.prototype.hasOwnProperty.call(params, key)) return undefined;
    params[key] = value;
  }
  return params;
}

/** The app SDK's order string: every parameter with its sign, values URL-encoded. */
export function orderString(params: Params): string {
  const entries = Object.keys(params)
    .filter((key) => params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key): [string, string] => [key, params[key] as string]);
  return new URLSearchParams(entries).toString();
}

/** "yyyy-MM-dd HH:mm:ss" in China time, as Alipay's timestamps are. */
export function chinaDateTime(date: Date): string {
  return chinaLocalIso(date).replace('T', ' ');
}

export function parseChinaDateTime(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text.replace(' ', 'T')}+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The exact text of `"<key>": {...}` in a gateway answer: Alipay signs these bytes as sent, so the answer is
 * never re-serialised. Returns undefined when the key is absent or its value is not an object.
 */
export function rawJsonMember(text: string, key: string): string | undefined {
  const match = new RegExp(`^\\s*\\{\\s*"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:\\s*`).exec(text);
  let start = match ? match[0].length : -1;
  if (start < 0) {
    const at = text.indexOf(`"${key}"`);
    if (at < 0) return undefined;
    const colon = /^\s*:\s*/.exec(text.slice(at + key.length + 2));
    if (!colon) return undefined;
    start = at + key.length + 2 + colon[0].length;
  }
  if (text[start] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}
