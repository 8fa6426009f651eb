import { Injectable } from '@nestjs/common';
import { formatMajor, parseMajor } from '../../../../common/money';
import { Environment } from '../../../../config/environment';
import { readZip, ZipError } from '../../../../common/zip';
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
import { AlipayConfig, alipayConfig } from './alipay.config';
import { AlipayBillFormatError, parseAlipayTradeBill } from './alipay-bill';
import {
  chinaDateTime,
  orderString,
  Params,
  parseChinaDateTime,
  parseForm,
  rawJsonMember,
  rsa2Verify,
  signRequest,
  verifyNotify,
} from './alipay-signature';

const REQUEST_TIMEOUT_MS = 10_000;
const SUCCESS = '10000';

type Answer = Record<string, unknown> & { code?: string; msg?: string; sub_code?: string; sub_msg?: string };

const TRADE_STATUS = {
  TRADE_SUCCESS: 'succeeded',
  TRADE_FINISHED: 'succeeded', // also sent when the refund window closes: the service treats it idempotently
  WAIT_BUYER_PAY: 'pending',
  TRADE_CLOSED: 'closed',
} as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

function amount(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    return parseMajor(String(value));
  } catch {
    return Number.NaN;
  }
}

/**
 * Alipay open platform: app payments (alipay.trade.app.pay order strings), mini-program payments
 * (alipay.trade.create, whose trade number my.tradePay takes) and the trade APIs.
 */
@Injectable()
export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  private loaded?: AlipayConfig;

  constructor(private readonly env: Environment) {}

  // Read on first use, so that a registry may construct every provider while listing only some.
  private get config(): AlipayConfig {
    this.loaded ??= alipayConfig(this.env);
    return this.loaded;
  }

  async create(input: CreatePaymentInput): Promise<CreatedPayment> {
    if (input.buyerId) return this.createMiniProgram(input, input.buyerId);
    const params = this.commonParams('alipay.trade.app.pay', {
      out_trade_no: input.outTradeNo,
      total_amount: formatMajor(input.amount),
      subject: input.description.slice(0, 256),
      product_code: 'QUICK_MSECURITY_PAY',
      time_expire: chinaDateTime(input.expiresAt),
    });
    params.notify_url = this.config.notifyUrl;
    params.sign = signRequest(params, this.config.privateKey);
    return { clientParams: { orderString: orderString(params) } };
  }

  // An app payment's order string cannot open the mini-program cashier, nor a mini-program trade the app's.
  suits(clientParams: Record<string, unknown>, request: Pick<CreatePaymentInput, 'buyerId'>): boolean {
    return 'tradeNO' in clientParams === Boolean(request.buyerId);
  }

  // A mini-program payment exists at Alipay before the buyer pays: created for that buyer, in our app.
  private async createMiniProgram(input: CreatePaymentInput, buyerId: string): Promise<CreatedPayment> {
    const answer = await this.call(
      'alipay.trade.create',
      {
        out_trade_no: input.outTradeNo,
        total_amount: formatMajor(input.amount),
        subject: input.description.slice(0, 256),
        product_code: 'JSAPI_PAY',
        op_app_id: this.config.appId,
        // A user id is 2088 and 12 digits; newer apps give out open ids instead.
        ...(/^2088\d{12}$/.test(buyerId) ? { buyer_id: buyerId } : { buyer_open_id: buyerId }),
        time_expire: chinaDateTime(input.expiresAt),
      },
      { notify_url: this.config.notifyUrl },
    );
    this.expectSuccess('alipay.trade.create', answer);
    const tradeNo = text(answer.trade_no);
    if (answer.out_trade_no !== input.outTradeNo || !tradeNo) {
      throw new ProviderCallError(this.name, `alipay.trade.create answered another trade than ${input.outTradeNo}`);
    }
    return { clientParams: { tradeNO: tradeNo } };
  }

  async verifyNotification(request: WebhookRequest): Promise<ProviderReport> {
    const params = parseForm(request.rawBody.toString('utf8'));
    if (!params) throw new WebhookRejectedError('malformed form body');
    const verified = verifyNotify(params, this.config.alipayPublicKey);
    if (!verified.ok) throw new WebhookRejectedError(verified.reason, 401);
    if (params.app_id !== this.config.appId) throw new WebhookRejectedError('notification for another app');
    if (this.config.sellerId && params.seller_id !== this.config.sellerId)
      throw new WebhookRejectedError('notification for another seller');
    if (params.charset && params.charset.toLowerCase() !== 'utf-8')
      throw new WebhookRejectedError(`charset ${params.charset} is not supported`);
    const outTradeNo = text(params.out_trade_no);
    if (!outTradeNo) throw new WebhookRejectedError('out_trade_no is missing');

    // A refund changes the trade and Alipay notifies it with the refund's out_biz_no; refund_fee is the running total.
    if (params.out_biz_no && (params.refund_fee || params.gmt_refund)) {
      return { kind: 'refund', outRefundNo: params.out_biz_no, refundId: text(params.trade_no), status: 'succeeded' };
    }
    const status = TRADE_STATUS[(params.trade_status ?? '') as keyof typeof TRADE_STATUS];
    if (!status) throw new WebhookRejectedError(`unknown trade_status ${params.trade_status ?? '(none)'}`);
    const total = amount(params.total_amount);
    if (total === undefined || Number.isNaN(total)) throw new WebhookRejectedError('total_amount is not an amount');
    return {
      kind: 'payment',
      outTradeNo,
      transactionId: text(params.trade_no),
      status,
      amount: total,
      currency: 'CNY',
      paidAt: parseChinaDateTime(params.gmt_payment),
    };
  }

  reply(ok: boolean): WebhookReply {
    // Alipay stops resending only on exactly "success"; anything else is a failure.
    return ok
      ? { status: 200, contentType: 'text/plain', body: 'success' }
      : { status: 400, contentType: 'text/plain', body: 'fail' };
  }

  async query(outTradeNo: string): Promise<PaymentReport> {
    const answer = await this.call('alipay.trade.query', { out_trade_no: outTradeNo });
    // The trade exists at Alipay only once the buyer opened the cashier.
    if (answer.code !== SUCCESS && answer.sub_code === 'ACQ.TRADE_NOT_EXIST')
      return { kind: 'payment', outTradeNo, status: 'pending' };
    this.expectSuccess('alipay.trade.query', answer);
    const status = TRADE_STATUS[String(answer.trade_status) as keyof typeof TRADE_STATUS];
    const total = amount(answer.total_amount);
    if (answer.out_trade_no !== outTradeNo || !status || Number.isNaN(total)) {
      throw new ProviderCallError(this.name, `query answered an unexpected trade for ${outTradeNo}`);
    }
    return {
      kind: 'payment',
      outTradeNo,
      transactionId: text(answer.trade_no),
      status,
      amount: total,
      currency: 'CNY',
      paidAt: parseChinaDateTime(text(answer.send_pay_date)),
    };
  }

  async close(outTradeNo: string): Promise<void> {
    const answer = await this.call('alipay.trade.close', { out_trade_no: outTradeNo });
    if (answer.code !== SUCCESS && answer.sub_code === 'ACQ.TRADE_NOT_EXIST') return; // never opened: nothing to close
    this.expectSuccess('alipay.trade.close', answer);
  }

  async refund(input: RefundInput): Promise<RefundReport> {
    const answer = await this.call('alipay.trade.refund', {
      out_trade_no: input.outTradeNo,
      trade_no: input.transactionId,
      refund_amount: formatMajor(input.amount),
      refund_reason: input.reason.slice(0, 256) || undefined,
      out_request_no: input.outRefundNo,
    });
    this.expectSuccess('alipay.trade.refund', answer);
    if (answer.out_trade_no !== input.outTradeNo)
      throw new ProviderCallError(this.name, `refund answered for another trade than ${input.outTradeNo}`);
    // fund_change N: this call moved no money (e.g. a retry of a refund already made); ask what the refund is.
    if (answer.fund_change !== 'Y') return this.queryRefund(input.outRefundNo, input.outTradeNo);
    return {
      kind: 'refund',
      outRefundNo: input.outRefundNo,
      refundId: text(answer.trade_no),
      status: 'succeeded',
      amount: input.amount,
    };
  }

  async queryRefund(outRefundNo: string, outTradeNo: string): Promise<RefundReport> {
    const answer = await this.call('alipay.trade.fastpay.refund.query', {
      out_trade_no: outTradeNo,
      out_request_no: outRefundNo,
      query_options: ['gmt_refund_pay'],
    });
    this.expectSuccess('alipay.trade.fastpay.refund.query', answer);
    const refunded = amount(answer.refund_amount);
    if (Number.isNaN(refunded)) throw new ProviderCallError(this.name, 'refund_amount is not an amount');
    // Alipay: data for the request means the refund is done; none means not (yet) refunded, and a retry with the
    // same out_request_no is safe. We keep it processing rather than failed so that it is never paid out twice.
    const done =
      answer.refund_status === 'REFUND_SUCCESS' ||
      (answer.refund_status === undefined && answer.out_request_no === outRefundNo && refunded !== undefined);
    return {
      kind: 'refund',
      outRefundNo,
      refundId: text(answer.trade_no),
      status: done ? 'succeeded' : 'processing',
      amount: refunded,
    };
  }

  /**
   * The day's trade bill: its address comes in a signed gateway answer and must be Alipay's (or the
   * configured gateway's host); the archive's detail file (业务明细, GBK text) is read, the summary left.
   */
  async tradeBill(date: string): Promise<BillEntry[]> {
    const answer = await this.call('alipay.data.dataservice.bill.downloadurl.query', { bill_type: 'trade', bill_date: date });
    this.expectSuccess('alipay.data.dataservice.bill.downloadurl.query', answer);
    const url = text(answer.bill_download_url);
    const at = url ? new URL(url) : undefined;
    const trusted =
      at &&
      ((at.protocol === 'https:' && (at.hostname === 'alipay.com' || at.hostname.endsWith('.alipay.com'))) ||
        at.origin === new URL(this.config.gateway).origin);
    if (!trusted) throw new ProviderCallError(this.name, `the bill of ${date} has no usable download address`);
    let archive: Buffer;
    try {
      const response = await fetch(at, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      archive = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new ProviderCallError(this.name, `the bill of ${date} could not be downloaded: ${String(error)}`);
    }
    try {
      const detail = readZip(archive).find((e) => e.name.endsWith('.csv') && !e.name.includes('汇总'));
      if (!detail) throw new AlipayBillFormatError('the archive has no detail file');
      return parseAlipayTradeBill(new TextDecoder('gbk').decode(detail.data));
    } catch (error) {
      if (error instanceof ZipError || error instanceof AlipayBillFormatError) {
        throw new ProviderCallError(this.name, `the bill of ${date}: ${error.message}`);
      }
      throw error;
    }
  }

  private commonParams(method: string, biz: Record<string, unknown>): Params {
    return {
      app_id: this.config.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: chinaDateTime(new Date()),
      version: '1.0',
      biz_content: JSON.stringify(biz),
    };
  }

  private expectSuccess(method: string, answer: Answer): void {
    if (answer.code !== SUCCESS) {
      const detail = [answer.code, answer.msg, answer.sub_code, answer.sub_msg].filter(Boolean).join(' ');
      throw new ProviderCallError(this.name, `${method}: ${detail}`, answer.sub_code ?? answer.code);
    }
  }

  /** A signed gateway call; the answer is read only from the bytes whose signature verifies. */
  private async call(method: string, biz: Record<string, unknown>, extra: Params = {}): Promise<Answer> {
    const { gateway, privateKey, alipayPublicKey } = this.config;
    const params = { ...this.commonParams(method, biz), ...extra };
    params.sign = signRequest(params, privateKey);
    let body: string;
    try {
      const response = await fetch(gateway, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8', Accept: 'application/json' },
        body: new URLSearchParams(params as Record<string, string>).toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      throw new ProviderCallError(this.name, `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const key = `${method.replace(/\./g, '_')}_response`;
    const member = rawJsonMember(body, key);
    let sign: unknown;
    try {
      sign = (JSON.parse(body) as Record<string, unknown>).sign;
    } catch {
      throw new ProviderCallError(this.name, `answer to ${method} is not JSON`);
    }
    if (!member) {
      // e.g. error_response for a bad signature of ours or an unknown app: unsigned, used for the message only
      const error = rawJsonMember(body, 'error_response');
      const parsed = error ? (JSON.parse(error) as Answer) : {};
      throw new ProviderCallError(
        this.name,
        `${method}: ${[parsed.code, parsed.msg, parsed.sub_code, parsed.sub_msg].filter(Boolean).join(' ') || 'no answer'}`,
        parsed.sub_code,
      );
    }
    if (typeof sign !== 'string' || !rsa2Verify(member, sign, alipayPublicKey)) {
      throw new ProviderCallError(this.name, `answer to ${method} has no valid signature`);
    }
    return JSON.parse(member) as Answer;
  }
}
