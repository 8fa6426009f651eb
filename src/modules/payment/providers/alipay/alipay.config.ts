import { KeyObject } from 'node:crypto';
import { Environment } from '../../../../config/environment';
import { loadPrivateKey, loadPublicKey } from '../../../../config/key-material';

export interface AlipayConfig {
  appId: string;
  /** The application's private key: signs requests and order strings. */
  privateKey: KeyObject;
  /** Alipay's public key: verifies notifications and gateway answers. */
  alipayPublicKey: KeyObject;
  gateway: string;
  notifyUrl: string;
  /** The merchant's Alipay user id; notifications must name it when set. */
  sellerId: string | null;
}

export function alipayConfig(env: Environment): AlipayConfig {
  const required = (name: keyof Environment): string => {
    const value = env[name];
    if (typeof value !== 'string' || !value) throw new Error(`${String(name)} is required for Alipay`);
    return value;
  };
  return {
    appId: required('ALIPAY_APP_ID'),
    privateKey: loadPrivateKey(required('ALIPAY_PRIVATE_KEY')),
    alipayPublicKey: loadPublicKey(required('ALIPAY_PUBLIC_KEY')),
    gateway: required('ALIPAY_GATEWAY'),
    notifyUrl: required('ALIPAY_NOTIFY_URL'),
    sellerId: env.ALIPAY_SELLER_ID ?? null,
  };
}
