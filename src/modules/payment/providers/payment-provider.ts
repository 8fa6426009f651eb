// The one interface every payment provider implements (mock, wechatpay, alipay; balance later).
// Providers speak their own wire formats; the payment service speaks only these types.

export type ProviderName = 'mock' | 'wechatpay' | 'alipay';
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');

export interface CreatePaymentInput {
  /** Our unique trade number, sent to the provider (at most 32 characters, [A-Za-z0-9_-]). */
  outTradeNo: string;
  /** Minor units (fen). */
  amount: number;
  currency: 'CNY';
  /** Shown to the payer, e.g. "Order 20261122000123". */
  description: string;
  /** The payer's openid, for WeChat JSAPI / mini-program payments. */
  openid?: string;
  /** The payer's Alipay user id (2088…) or open id, for Alipay mini-program payments. */
  buyerId?: string;
  /** The provider must refuse payment after this moment (the order's payment deadline). */
  expiresAt: Date;
}

export interface CreatedPayment {
  /** Exactly what the frontend hands to the provider's SDK (wx.requestPayment params, Alipay order string). */
  clientParams: Record<string, unknown>;
}

/** What the provider says about a payment, from a webhook or a query. Amounts in minor units. */
export interface PaymentReport {
  kind: 'payment';
  outTradeNo: string;
  /** The provider's transaction id; absent while nothing was paid. */
  transactionId?: string;
  status: 'succeeded' | 'failed' | 'closed' | 'pending';
  amount?: number;
  currency?: string;
  paidAt?: Date;
}

export interface RefundReport {
  kind: 'refund';
  outRefundNo: string;
  refundId?: string;
  status: 'succeeded' | 'failed' | 'processing';
  amount?: number;
}

export type ProviderReport = PaymentReport | RefundReport;

export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: signatures are over these bytes. */
  rawBody: Buffer;
}

/** The answer a provider expects to a notification (WeChat: 204 or 4xx/5xx + JSON; Alipay: plain `success`). */
export interface WebhookReply {
  status: number;
  contentType?: string;
  body?: string;
}

export interface RefundInput {
  outTradeNo: string;
  transactionId: string;
  outRefundNo: string;
  /** Minor units to refund now, and the payment's total (WeChat and Alipay both want it). */
  amount: number;
  total: number;
  currency: 'CNY';
  reason: string;
}

/** Thrown by verifyNotification when a message must be refused (bad signature, stale, malformed, wrong app). */
export class WebhookRejectedError extends Error {
  constructor(
    readonly reason: string,
    readonly status = 400,
  ) {
    super(reason);
  }
}

/** A line of a provider's daily trade bill (对账单). Amounts in minor units. */
export interface BillEntry {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  transactionId?: string;
  /** A payment: the order amount paid; a refund: the amount refunded. */
  amount: number;
  outRefundNo?: string;
  refundId?: string;
  /** A refund's state at the provider. */
  status?: 'succeeded' | 'processing' | 'failed';
}

export interface PaymentProvider {
  readonly name: ProviderName;
  create(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** Whether a pending payment's client params serve a new request of the same order (same kind of payment). */
  suits?(clientParams: Record<string, unknown>, request: Pick<CreatePaymentInput, 'buyerId'>): boolean;
  /** Verifies the signature (before reading anything else), decrypts, and reports; throws WebhookRejectedError. */
  verifyNotification(request: WebhookRequest): Promise<ProviderReport>;
  /** The reply for a processed (ok) or refused notification, in the provider's format. */
  reply(ok: boolean, message?: string): WebhookReply;
  /** Asks the provider for the payment's state (reconciliation of lost webhooks). */
  query(outTradeNo: string): Promise<PaymentReport>;
  /** Closes an unpaid payment at the provider (its order was cancelled). */
  close(outTradeNo: string): Promise<void>;
  refund(input: RefundInput): Promise<RefundReport>;
  queryRefund(outRefundNo: string, outTradeNo: string): Promise<RefundReport>;
  /** The trade bill of a day in China time (yyyy-MM-dd), integrity checked; absent for providers without one. */
  tradeBill?(date: string): Promise<BillEntry[]>;
}
