import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

// Provider keys come as PEM text, as the bare base64 body Alipay's console hands out, or as a path to a
// PEM file. Env files often carry PEM on one line with literal "\n".
function keyText(value: string): string {
  const text = value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
  if (text.includes('-----BEGIN')) return text;
  const compact = text.replace(/\s+/g, '');
  if (compact.length > 100 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return compact;
  if (existsSync(text.trim())) return readFileSync(text.trim(), 'utf8');
  throw new Error('is neither PEM text, a base64 key nor a readable file');
}

function bareBase64Pem(body: string, label: string): string {
  return `-----BEGIN ${label}-----\n${body.replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----\n`;
}

export function loadPrivateKey(value: string): KeyObject {
  const text = keyText(value);
  if (text.includes('-----BEGIN')) return createPrivateKey(text);
  // Alipay's tool exports PKCS#8 by default; older keys are PKCS#1.
  try {
    return createPrivateKey(bareBase64Pem(text, 'PRIVATE KEY'));
  } catch {
    return createPrivateKey(bareBase64Pem(text, 'RSA PRIVATE KEY'));
  }
}

/** A public key, or the public key inside an X.509 certificate. */
export function loadPublicKey(value: string): KeyObject {
  const keys = loadPublicKeys(value);
  if (keys.length !== 1) throw new Error(`holds ${keys.length} keys, expected one`);
  return keys[0];
}

/**
 * Several public keys (or certificates), in order: PEM blocks one after the other, or comma-separated
 * paths / base64 keys. WeChat Pay signs with either of two keys while it rotates them.
 */
export function loadPublicKeys(value: string): KeyObject[] {
  const texts = value.includes('-----BEGIN') ? [keyText(value)] : value.split(',').map((part) => keyText(part.trim()));
  return texts.flatMap((text) => {
    if (text.includes('PRIVATE KEY')) throw new Error('is a private key, not the public key');
    const blocks = text.includes('-----BEGIN')
      ? (text.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g) ?? [])
      : [bareBase64Pem(text, 'PUBLIC KEY')];
    if (!blocks.length) throw new Error('holds no complete PEM block');
    return blocks.map((block) => createPublicKey(block));
  });
}
