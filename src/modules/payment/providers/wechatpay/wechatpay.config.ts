import { KeyObject } from 'node:crypto';
import { Environment } from '../../../../config/environment';
import { loadPrivateKey, loadPublicKey } from '../../../../config/key-material';

export interface WechatPayConfig {
  appId: string;
  mchId: string;
  apiV3Key: string;
  merchantKey: KeyObject;
  merchantSerial: string;
  /** Platform certificates / WeChat Pay public keys by serial: callbacks and responses name theirs. */
  platformKeys: Map<string, KeyObject>;
  baseUrl: string;
  notifyUrl: string;
}

export function wechatPayConfig(env: Environment): WechatPayConfig {
  const required = (name: keyof Environment): string => {
    const value = env[name];
    if (typeof value !== 'string' || !value) throw new Error(`${String(name)} is required for WeChat Pay`);
    return value;
  };
  return {
    appId: required('WECHATPAY_APP_ID'),
    mchId: required('WECHATPAY_MCH_ID'),
    apiV3Key: required('WECHATPAY_API_V3_KEY'),
    merchantKey: loadPrivateKey(required('WECHATPAY_MERCHANT_PRIVATE_KEY')),
    merchantSerial: required('WECHATPAY_MERCHANT_SERIAL'),
    platformKeys: new Map([[required('WECHATPAY_PLATFORM_SERIAL'), loadPublicKey(required('WECHATPAY_PLATFORM_PUBLIC_KEY'))]]),
    baseUrl: required('WECHATPAY_BASE_URL').replace(/\/+$/, ''),
    notifyUrl: required('WECHATPAY_NOTIFY_URL'),
  };
}
