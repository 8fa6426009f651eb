// A local stand-in for the WeChat Pay API v3: it checks each request's WECHATPAY2-SHA256-RSA2048 signature
// with the merchant's public key, answers like the provider, and signs its answers with the platform key.
import { createCipheriv, createSign, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHash, createVerify } from 'node:crypto';
import { parseAuthorization } from '../../src/modules/payment/providers/wechatpay/wechatpay-signature';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  publicPem: string;
  privatePem: string;
}

export function rsaKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export const lines = (...parts: (string | Buffer)[]): Buffer =>
  Buffer.concat(parts.flatMap((p) => [Buffer.isBuffer(p) ? p : Buffer.from(p), Buffer.from('\n')]));

export const rsaSign = (message: Buffer | string, key: KeyObject): string =>
  createSign('RSA-SHA256').update(message).sign(key, 'base64');

/** AEAD_AES_256_GCM as WeChat Pay encrypts notification resources: base64(ciphertext || tag). */
export function encryptResource(
  plain: string,
  apiV3Key: string,
  nonce = randomBytes(6).toString('hex'),
  associatedData = 'transaction',
) {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: associatedData };
}

export interface WechatPayTestKeys {
  merchant: KeyPair;
  platform: KeyPair;
  merchantSerial: string;
  platformSerial: string;
  apiV3Key: string;
  appId: string;
  mchId: string;
}

export function wechatPayTestKeys(): WechatPayTestKeys {
  return {
    merchant: rsaKeyPair(),
    platform: rsaKeyPair(),
    merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
    platformSerial: `PUB_KEY_ID_${randomBytes(12).toString('hex')}`,
    apiV3Key: randomBytes(16).toString('hex'),
    appId: `wx${randomBytes(8).toString('hex')}`,
    mchId: String(1_900_000_000 + Math.floor(Math.random() * 99_999_999)),
  };
}

/** The Environment overrides that point the provider at a fake server. */
export function wechatPayEnv(keys: WechatPayTestKeys, baseUrl: string): Record<string, string> {
  return {
    WECHATPAY_APP_ID: keys.appId,
    WECHATPAY_MCH_ID: keys.mchId,
    WECHATPAY_API_V3_KEY: keys.apiV3Key,
    WECHATPAY_MERCHANT_PRIVATE_KEY: keys.merchant.privatePem,
    WECHATPAY_MERCHANT_SERIAL: keys.merchantSerial,
    WECHATPAY_PLATFORM_PUBLIC_KEY: keys.platform.publicPem,
    WECHATPAY_PLATFORM_SERIAL: keys.platformSerial,
    WECHATPAY_BASE_URL: baseUrl,
    WECHATPAY_NOTIFY_URL: 'https://shop.example.com/v1/webhooks/payments/wechatpay',
  };
}

export interface NotificationOptions {
  eventType?: string;
  originalType?: 'transaction' | 'refund';
  timestamp?: number;
  serial?: string;
  signWith?: KeyObject;
  signature?: string;
  apiV3Key?: string;
}

/** A notification as WeChat Pay sends it: encrypted resource, signed headers over the exact body. */
export function wechatPayNotification(
  keys: WechatPayTestKeys,
  plain: Record<string, unknown>,
  options: NotificationOptions = {},
) {
  const originalType = options.originalType ?? 'transaction';
  const body = Buffer.from(
    JSON.stringify({
      id: randomBytes(16).toString('hex'),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: options.eventType ?? (originalType === 'refund' ? 'REFUND.SUCCESS' : 'TRANSACTION.SUCCESS'),
      summary: 'ok',
      resource: {
        original_type: originalType,
        ...encryptResource(JSON.stringify(plain), options.apiV3Key ?? keys.apiV3Key, undefined, originalType),
      },
    }),
  );
  return { body, headers: signedHeaders(keys, body, options) };
}

export function signedHeaders(keys: WechatPayTestKeys, body: Buffer, options: NotificationOptions = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature':
      options.signature ?? rsaSign(lines(timestamp, nonce, body), options.signWith ?? keys.platform.privateKey),
    'wechatpay-serial': options.serial ?? keys.platformSerial,
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

export interface FakeTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  success_time?: string;
  amount: { total: number; currency: string; payer_total?: number };
  payer?: { openid: string };
  body: Record<string, unknown>;
}

export interface FakeRefund {
  out_refund_no: string;
  refund_id: string;
  out_trade_no: string;
  transaction_id: string;
  status: string;
  amount: { refund: number; total: number; currency: string };
}

export interface RecordedRequest {
  method: string;
  url: string;
  body: string;
  authorization: string;
}

export class FakeWechatPay {
  readonly transactions = new Map<string, FakeTransaction>();
  readonly refunds = new Map<string, FakeRefund>();
  readonly requests: RecordedRequest[] = [];
  /** Rejected requests (bad signature): the test expects none from our code. */
  readonly rejected: string[] = [];
  /** Sign answers with this key instead of the platform key (to test that we refuse them). */
  answerKey?: KeyObject;
  refundStatus = 'PROCESSING';
  /** Trade bills by day (yyyy-MM-dd), as the file WeChat Pay serves; `tamperBills` alters each after its digest. */
  readonly bills = new Map<string, string>();
  tamperBills = false;
  private server?: Server;
  baseUrl = '';

  constructor(readonly keys: WechatPayTestKeys) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The buyer pays: the transaction succeeds as WeChat Pay would record it. */
  pay(outTradeNo: string): FakeTransaction {
    const tx = this.transactions.get(outTradeNo);
    if (!tx) throw new Error(`no transaction ${outTradeNo}`);
    Object.assign(tx, {
      trade_state: 'SUCCESS',
      transaction_id: `42000${randomBytes(10).toString('hex')}`,
      success_time: new Date().toISOString().slice(0, 19) + '+08:00',
    });
    tx.amount.payer_total = tx.amount.total;
    return tx;
  }

  /**
   * Writes the day's trade bill (format of bill_type ALL) from the given paid transactions and refunds;
   * `amounts` overrides what the bill says a trade paid, in fen.
   */
  writeBill(
    date: string,
    {
      paid = [],
      refunds = [],
      amounts = {},
    }: { paid?: FakeTransaction[]; refunds?: FakeRefund[]; amounts?: Record<string, number> },
  ): void {
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const header =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,' +
      '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,' +
      '手续费,费率,订单金额,申请退款金额,费率备注';
    const line = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');
    const { appId, mchId } = this.keys;
    const rows = [
      ...paid.map((tx) => {
        const total = yuan(amounts[tx.out_trade_no] ?? tx.amount.total);
        // prettier-ignore
        return line([`${date} 10:00:00`, appId, mchId, '0', '', String(tx.transaction_id), tx.out_trade_no, 'oUser', 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY', total, '0.00', '0', '0', '0.00', '0.00', '', '', 'Order', '', '0.00', '0.60%', total, '0.00', '']);
      }),
      ...refunds.map((r) => {
        // prettier-ignore
        return line([`${date} 11:00:00`, appId, mchId, '0', '', r.transaction_id, r.out_trade_no, 'oUser', 'JSAPI', 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00', r.refund_id, r.out_refund_no, yuan(r.amount.refund), '0.00', 'ORIGINAL', r.status, 'Order', '', '0.00', '0.60%', yuan(r.amount.total), yuan(r.amount.refund), '']);
      }),
    ];
    const summary = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
    this.bills.set(date, [header, ...rows, summary, line([String(rows.length), '0', '0', '0', '0', '0', '0'])].join('\r\n'));
  }

  /** The decrypted resource of the success notification for a paid transaction. */
  resource(tx: FakeTransaction): Record<string, unknown> {
    const { body: _body, ...rest } = tx;
    return { ...rest, trade_type: 'JSAPI', bank_type: 'OTHERS', attach: '' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const authorization = String(req.headers.authorization ?? '');
    this.requests.push({ method, url, body, authorization });

    const auth = parseAuthorization(authorization);
    const valid =
      auth &&
      auth.mchid === this.keys.mchId &&
      auth.serial_no === this.keys.merchantSerial &&
      Math.abs(Date.now() / 1000 - Number(auth.timestamp)) < 300 &&
      createVerify('RSA-SHA256')
        .update(lines(method, url, auth.timestamp, auth.nonce_str, body))
        .verify(this.keys.merchant.publicKey, auth.signature, 'base64');
    if (!valid) {
      this.rejected.push(`${method} ${url}`);
      return this.answer(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const path = url.split('?')[0];
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    let match: RegExpExecArray | null;

    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') {
      const amount = json.amount as { total: number; currency: string };
      if (json.mchid !== this.keys.mchId || json.appid !== this.keys.appId)
        return this.answer(res, 400, { code: 'PARAM_ERROR', message: 'appid/mchid' });
      const outTradeNo = String(json.out_trade_no);
      if (!this.transactions.has(outTradeNo)) {
        this.transactions.set(outTradeNo, {
          appid: this.keys.appId,
          mchid: this.keys.mchId,
          out_trade_no: outTradeNo,
          trade_state: 'NOTPAY',
          amount: { total: amount.total, currency: amount.currency },
          payer: json.payer as { openid: string },
          body: json,
        });
      }
      return this.answer(res, 200, { prepay_id: `wx${outTradeNo}` });
    }
    if (method === 'GET' && (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path))) {
      const tx = this.transactions.get(decodeURIComponent(match[1]));
      if (!tx || !url.includes(`mchid=${this.keys.mchId}`))
        return this.answer(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return this.answer(res, 200, this.resource(tx));
    }
    if (method === 'POST' && (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path))) {
      const tx = this.transactions.get(decodeURIComponent(match[1]));
      if (json.mchid !== this.keys.mchId) return this.answer(res, 400, { code: 'PARAM_ERROR', message: 'mchid' });
      if (tx?.trade_state === 'SUCCESS') return this.answer(res, 400, { code: 'ORDERPAID', message: '订单已支付' });
      if (tx) tx.trade_state = 'CLOSED';
      return this.answer(res, 204);
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') {
      const amount = json.amount as { refund: number; total: number; currency: string };
      const tx = [...this.transactions.values()].find((t) => t.transaction_id === json.transaction_id);
      if (!tx) return this.answer(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
      if (amount.total !== tx.amount.total) return this.answer(res, 400, { code: 'PARAM_ERROR', message: 'total' });
      const refund: FakeRefund = {
        out_refund_no: String(json.out_refund_no),
        refund_id: `50000${randomBytes(10).toString('hex')}`,
        out_trade_no: tx.out_trade_no,
        transaction_id: String(tx.transaction_id),
        status: this.refundStatus,
        amount: { refund: amount.refund, total: amount.total, currency: amount.currency },
      };
      this.refunds.set(refund.out_refund_no, refund);
      return this.answer(res, 200, refund);
    }
    if (method === 'GET' && (match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path))) {
      const refund = this.refunds.get(decodeURIComponent(match[1]));
      if (!refund) return this.answer(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
      return this.answer(res, 200, refund);
    }
    if (method === 'GET' && path === '/v3/bill/tradebill') {
      const query = new URLSearchParams(url.split('?')[1] ?? '');
      const bill = this.bills.get(query.get('bill_date') ?? '');
      if (!bill || query.get('bill_type') !== 'ALL')
        return this.answer(res, 400, { code: 'NO_STATEMENT_EXIST', message: '账单文件不存在' });
      return this.answer(res, 200, {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(bill).digest('hex'),
        download_url: `${this.baseUrl}/v3/billdownload/file?token=${query.get('bill_date')}`,
      });
    }
    if (method === 'GET' && path === '/v3/billdownload/file') {
      const bill = this.bills.get(new URLSearchParams(url.split('?')[1] ?? '').get('token') ?? '');
      if (!bill) return this.answer(res, 404, { code: 'NOT_FOUND', message: 'token' });
      // The file is not signed: its digest came in the signed answer above.
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(this.tamperBills ? bill.replace(/`0\.00/, '`9.99') : bill);
      return;
    }
    return this.answer(res, 404, { code: 'NOT_FOUND', message: path });
  }

  private answer(res: ServerResponse, status: number, payload?: unknown): void {
    const body = Buffer.from(payload === undefined ? '' : JSON.stringify(payload));
    const headers = signedHeaders(this.keys, body, { signWith: this.answerKey });
    res.writeHead(status, { ...headers, ...(body.length ? { 'Content-Type': 'application/json' } : {}) });
    res.end(body);
  }
}
