import { createDecipheriv, createSign, createVerify, KeyObject, randomBytes } from 'node:crypto';

// WeChat Pay API v3 signatures (SHA256withRSA, PKCS#1 v1.5) and notification decryption (AEAD_AES_256_GCM).
// Pure functions: no configuration, no clock of their own.

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** Callbacks and responses older or newer than this are refused (replay window). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;
/** WeChat Pay sends deliberately wrong signatures with this prefix to test that merchants verify. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

/** Every part is one line ending in "\n", the last one included. */
export function signedMessage(parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.flatMap((part) => [Buffer.isBuffer(part) ? part : Buffer.from(part, 'utf8'), Buffer.from('\n')]));
}

export function signParts(parts: (string | Buffer)[], privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(signedMessage(parts)).sign(privateKey, 'base64');
}

export function nonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export interface AuthorizationInput {
  mchId: string;
  serialNo: string;
  privateKey: KeyObject;
  method: string;
  /** Path and query string, e.g. /v3/pay/transactions/out-trade-no/X?mchid=1. */
  url: string;
  body: string;
  timestamp: number;
  nonce: string;
}

/** The Authorization header of an API request: signs METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n. */
export function authorization(input: AuthorizationInput): string {
  const signature = signParts(
    [input.method.toUpperCase(), input.url, String(input.timestamp), input.nonce, input.body],
    input.privateKey,
  );
  return (
    `${AUTH_SCHEMA} mchid="${input.mchId}",nonce_str="${input.nonce}",signature="${signature}",` +
    `timestamp="${input.timestamp}",serial_no="${input.serialNo}"`
  );
}

/** Parses an Authorization header back into its fields (used by tests and fake servers). */
export function parseAuthorization(header: string): Record<string, string> | undefined {
  if (!header.startsWith(`${AUTH_SCHEMA} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[match[1]] = match[2];
  return fields;
}

export interface MiniProgramPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** The parameters of wx.requestPayment / WeixinJSBridge: paySign over appId\ntimeStamp\nnonceStr\npackage\n. */
export function payParams(
  appId: string,
  prepayId: string,
  privateKey: KeyObject,
  now: Date,
  nonceStr = nonce(),
): MiniProgramPayParams {
  const timeStamp = String(Math.floor(now.getTime() / 1000));
  const pkg = `prepay_id=${prepayId}`;
  return {
    appId,
    timeStamp,
    nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: signParts([appId, timeStamp, nonceStr, pkg], privateKey),
  };
}

export interface SignedHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  serial?: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks a callback's or a response's signature: TIMESTAMP\nNONCE\nBODY\n over the raw body bytes, with the
 * platform key that Wechatpay-Serial names, inside the replay window. Nothing in the body is read here.
 */
export function verifySignature(
  headers: SignedHeaders,
  body: Buffer,
  platformKeys: ReadonlyMap<string, KeyObject>,
  now: Date,
  toleranceSeconds = TIMESTAMP_TOLERANCE_SECONDS,
): VerifyResult {
  const { timestamp, nonce: nonceValue, signature, serial } = headers;
  if (!timestamp || !nonceValue || !signature || !serial) return { ok: false, reason: 'signature headers are missing' };
  if (signature.startsWith(SIGNTEST_PREFIX)) return { ok: false, reason: 'signature probe' };
  const key = platformKeys.get(serial);
  if (!key) return { ok: false, reason: `unknown platform serial ${serial}` };
  if (!/^[0-9]{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'timestamp outside the accepted window' };
  }
  let valid = false;
  try {
    valid = createVerify('RSA-SHA256')
      .update(signedMessage([timestamp, nonceValue, body]))
      .verify(key, signature, 'base64');
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, reason: 'signature does not verify' };
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

const TAG_BYTES = 16;

/** AEAD_AES_256_GCM with the APIv3 key; the ciphertext's last 16 bytes are the tag. Throws when it does not authenticate. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}
