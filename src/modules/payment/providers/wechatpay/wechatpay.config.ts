import { KeyObject } from 'node:crypto';
import { Environment } from '../../../../config/environment';
import { loadPrivateKey, loadPublicKeys } from '../../../../config/key-material';

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

// While WeChat Pay rotates keys (platform certificate to WeChat Pay public key) callbacks come signed by either.
function platformKeys(serialList: string, keyList: string): Map<string, KeyObject> {
  const serials = serialList.split(',').map((serial) => serial.trim());
  const keys = loadPublicKeys(keyList);
  if (serials.length !== keys.length)
    throw new Error('WECHATPAY_PLATFORM_SERIAL must name each WECHATPAY_PLATFORM_PUBLIC_KEY, in order');
  return new Map(serials.map((serial, i) => [serial, keys[i]]));
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
    platformKeys: platformKeys(required('WECHATPAY_PLATFORM_SERIAL'), required('WECHATPAY_PLATFORM_PUBLIC_KEY')),
    baseUrl: required('WECHATPAY_BASE_URL').replace(/\/+$/, ''),
    notifyUrl: required('WECHATPAY_NOTIFY_URL'),
  };
}
