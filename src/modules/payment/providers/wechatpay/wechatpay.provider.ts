import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ValidationError } from '../../../../common/errors';
import { Environment } from '../../../../config/environment';
import {
  BillEntry,
  CreatedPayment,
  CreatePaymentInput,
  PaymentProvider,
  PaymentReport,
  ProviderReport,
  RefundInput,
  RefundReport,
  WebhookRejectedError,
  WebhookReply,
  WebhookRequest,
} from '../payment-provider';
import { ProviderCallError } from '../provider-call.error';
import { WechatPayConfig, wechatPayConfig } from './wechatpay.config';
import { authorization, decryptResource, EncryptedResource, nonce, payParams, verifySignature } from './wechatpay-signature';
import { chinaLocalIso } from '../../../../common/time/china-time';
import { BillFormatError, parseWechatTradeBill } from './wechatpay-bill';

const REQUEST_TIMEOUT_MS = 10_000;

interface Transaction {
  appid?: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: { total?: number; currency?: string };
}

interface Refund {
  mchid?: string;
  out_trade_no?: string;
  out_refund_no?: string;
  refund_id?: string;
  status?: string;
  refund_status?: string;
  amount?: { refund?: number };
}

const header = (headers: WebhookRequest['headers'], name: string): string | undefined => {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
};

// RFC 3339 in China time, the form WeChat Pay's examples use: 2026-11-22T18:30:00+08:00.
function chinaTime(date: Date): string {
  return `${chinaLocalIso(date)}+08:00`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** WeChat Pay API v3, JSAPI / mini-program payments. */
@Injectable()
export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  private loaded?: WechatPayConfig;

  constructor(private readonly env: Environment) {}

  // Read on first use, so that a registry may construct every provider while listing only some.
  private get config(): WechatPayConfig {
    this.loaded ??= wechatPayConfig(this.env);
    return this.loaded;
  }

  async create(input: CreatePaymentInput): Promise<CreatedPayment> {
    if (!input.openid)
      throw new ValidationError('WeChat Pay needs the payer openid', [
        { field: 'openid', messages: ['openid is required for wechatpay'] },
      ]);
    const { appId, mchId, notifyUrl, merchantKey } = this.config;
    const answer = await this.call<{ prepay_id?: string }>('POST', '/v3/pay/transactions/jsapi', {
      appid: appId,
      mchid: mchId,
      description: input.description.slice(0, 127),
      out_trade_no: input.outTradeNo,
      time_expire: chinaTime(input.expiresAt),
      notify_url: notifyUrl,
      amount: { total: input.amount, currency: input.currency },
      payer: { openid: input.openid },
    });
    if (!answer?.prepay_id) throw new ProviderCallError(this.name, 'no prepay_id in the answer');
    return { clientParams: { ...payParams(appId, answer.prepay_id, merchantKey, new Date()) } };
  }

  async verifyNotification(request: WebhookRequest): Promise<ProviderReport> {
    const { platformKeys, apiV3Key, mchId, appId } = this.config;
    const verified = verifySignature(
      {
        timestamp: header(request.headers, 'wechatpay-timestamp'),
        nonce: header(request.headers, 'wechatpay-nonce'),
        signature: header(request.headers, 'wechatpay-signature'),
        serial: header(request.headers, 'wechatpay-serial'),
      },
      request.rawBody,
      platformKeys,
      new Date(),
    );
    if (!verified.ok) throw new WebhookRejectedError(verified.reason, 401);

    let notification: unknown;
    try {
      notification = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new WebhookRejectedError('body is not JSON');
    }
    if (!isObject(notification) || !isObject(notification.resource)) throw new WebhookRejectedError('no resource');
    const resource = notification.resource;
    if (typeof resource.ciphertext !== 'string' || typeof resource.nonce !== 'string' || typeof resource.algorithm !== 'string') {
      throw new WebhookRejectedError('malformed resource');
    }
    let plain: unknown;
    try {
      plain = JSON.parse(decryptResource(resource as unknown as EncryptedResource, apiV3Key));
    } catch {
      throw new WebhookRejectedError('resource does not decrypt');
    }
    if (!isObject(plain)) throw new WebhookRejectedError('malformed resource');
    if (plain.mchid !== mchId) throw new WebhookRejectedError('notification for another merchant');

    const eventType = String(notification.event_type ?? '');
    if (resource.original_type === 'refund' || eventType.startsWith('REFUND.')) {
      const report = this.refundReport(plain as Refund);
      if (!report) throw new WebhookRejectedError('malformed refund');
      return report;
    }
    if (plain.appid !== appId) throw new WebhookRejectedError('notification for another app');
    const report = this.paymentReport(plain as Transaction);
    if (!report) throw new WebhookRejectedError('malformed transaction');
    return report;
  }

  reply(ok: boolean, message = 'not processed'): WebhookReply {
    // The status code governs WeChat Pay's retries: 204 stops them; a 4xx/5xx with FAIL asks for a resend.
    if (ok) return { status: 204 };
    return { status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message }) };
  }

  async query(outTradeNo: string): Promise<PaymentReport> {
    const { mchId, appId } = this.config;
    const tx = await this.call<Transaction>(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(mchId)}`,
    );
    const report =
      tx && tx.mchid === mchId && tx.appid === appId && tx.out_trade_no === outTradeNo ? this.paymentReport(tx) : undefined;
    if (!report) throw new ProviderCallError(this.name, `query answered an unexpected transaction for ${outTradeNo}`);
    return report;
  }

  async close(outTradeNo: string): Promise<void> {
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
      mchid: this.config.mchId,
    });
  }

  async refund(input: RefundInput): Promise<RefundReport> {
    const refund = await this.call<Refund>('POST', '/v3/refund/domestic/refunds', {
      transaction_id: input.transactionId,
      out_refund_no: input.outRefundNo,
      reason: input.reason.slice(0, 80) || undefined,
      notify_url: this.config.notifyUrl,
      amount: { refund: input.amount, total: input.total, currency: input.currency },
    });
    return this.expectRefund(refund, input.outRefundNo);
  }

  async queryRefund(outRefundNo: string, _outTradeNo?: string): Promise<RefundReport> {
    const refund = await this.call<Refund>('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
    return this.expectRefund(refund, outRefundNo);
  }

  /**
   * The day's trade bill: its download address comes in a signed answer with the SHA-1 of the file;
   * the file itself is unsigned, so it is read only when its digest matches, and only from our API host.
   */
  async tradeBill(date: string): Promise<BillEntry[]> {
    const answer = await this.call<{ hash_type?: string; hash_value?: string; download_url?: string }>(
      'GET',
      `/v3/bill/tradebill?bill_date=${encodeURIComponent(date)}&bill_type=ALL`,
    );
    const download = answer?.download_url ? new URL(answer.download_url) : undefined;
    if (!download || download.origin !== new URL(this.config.baseUrl).origin || answer?.hash_type !== 'SHA1') {
      throw new ProviderCallError(this.name, `the bill of ${date} has no usable download address`);
    }
    const { raw } = await this.send('GET', `${download.pathname}${download.search}`);
    if (createHash('sha1').update(raw).digest('hex') !== answer.hash_value?.toLowerCase()) {
      throw new ProviderCallError(this.name, `the bill of ${date} does not match its digest`);
    }
    try {
      return parseWechatTradeBill(raw.toString('utf8'));
    } catch (error) {
      if (error instanceof BillFormatError) throw new ProviderCallError(this.name, `the bill of ${date}: ${error.message}`);
      throw error;
    }
  }

  private expectRefund(refund: Refund | undefined, outRefundNo: string): RefundReport {
    const report = refund && refund.out_refund_no === outRefundNo ? this.refundReport(refund) : undefined;
    if (!report) throw new ProviderCallError(this.name, `refund answer does not describe ${outRefundNo}`);
    return report;
  }

  private paymentReport(tx: Transaction): PaymentReport | undefined {
    if (typeof tx.out_trade_no !== 'string' || !tx.out_trade_no) return undefined;
    const total = tx.amount?.total;
    if (total !== undefined && !Number.isSafeInteger(total)) return undefined;
    const status = (
      {
        SUCCESS: 'succeeded',
        REFUND: 'succeeded', // paid, then (partly) refunded
        NOTPAY: 'pending',
        USERPAYING: 'pending',
        ACCEPT: 'pending',
        PAYERROR: 'failed',
        CLOSED: 'closed',
        REVOKED: 'closed',
      } as const
    )[tx.trade_state ?? ''];
    if (!status) return undefined;
    const paidAt = tx.success_time ? new Date(tx.success_time) : undefined;
    return {
      kind: 'payment',
      outTradeNo: tx.out_trade_no,
      transactionId: tx.transaction_id || undefined,
      status,
      amount: total,
      currency: tx.amount?.currency,
      paidAt: paidAt && !Number.isNaN(paidAt.getTime()) ? paidAt : undefined,
    };
  }

  private refundReport(refund: Refund): RefundReport | undefined {
    if (typeof refund.out_refund_no !== 'string' || !refund.out_refund_no) return undefined;
    const amount = refund.amount?.refund;
    if (amount !== undefined && !Number.isSafeInteger(amount)) return undefined;
    // Queries answer `status`, notifications `refund_status`. ABNORMAL is not final (the money waits to be rerouted).
    const status = ({ SUCCESS: 'succeeded', CLOSED: 'failed', PROCESSING: 'processing', ABNORMAL: 'processing' } as const)[
      refund.status ?? refund.refund_status ?? ''
    ];
    if (!status) return undefined;
    return { kind: 'refund', outRefundNo: refund.out_refund_no, refundId: refund.refund_id || undefined, status, amount };
  }

  /** A signed API call; a 2xx answer is trusted only when its own signature verifies. */
  private async call<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T | undefined> {
    const { platformKeys } = this.config;
    const { response, raw } = await this.send(method, url, payload);
    const verified = verifySignature(
      {
        timestamp: response.headers.get('wechatpay-timestamp') ?? undefined,
        nonce: response.headers.get('wechatpay-nonce') ?? undefined,
        signature: response.headers.get('wechatpay-signature') ?? undefined,
        serial: response.headers.get('wechatpay-serial') ?? undefined,
      },
      raw,
      platformKeys,
      new Date(),
    );
    if (!verified.ok)
      throw new ProviderCallError(this.name, `answer to ${method} ${url.split('?')[0]} refused: ${verified.reason}`);
    if (!raw.length) return undefined;
    try {
      return JSON.parse(raw.toString('utf8')) as T;
    } catch {
      throw new ProviderCallError(this.name, `answer to ${method} ${url.split('?')[0]} is not JSON`);
    }
  }

  /** A request signed by the merchant key; a failure status is thrown with WeChat Pay's code. */
  private async send(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ response: Response; raw: Buffer }> {
    const { baseUrl, mchId, merchantSerial, merchantKey } = this.config;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'commerce-api',
      Authorization: authorization({
        mchId,
        serialNo: merchantSerial,
        privateKey: merchantKey,
        method,
        url,
        body,
        timestamp: Math.floor(Date.now() / 1000),
        nonce: nonce(),
      }),
    };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    let raw: Buffer;
    try {
      response = await fetch(`${baseUrl}${url}`, {
        method,
        headers,
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      raw = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new ProviderCallError(
        this.name,
        `${method} ${url.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) {
      let code: string | undefined;
      let message = `HTTP ${response.status}`;
      try {
        const problem = JSON.parse(raw.toString('utf8')) as { code?: string; message?: string };
        code = problem.code;
        message = `${message} ${problem.code ?? ''} ${problem.message ?? ''}`.trim();
      } catch {
        // not JSON: keep the status alone
      }
      throw new ProviderCallError(this.name, `${method} ${url.split('?')[0]}: ${message}`, code);
    }
    return { response, raw };
  }
}
