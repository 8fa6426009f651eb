import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis, RedisKeys } from '../../../../common/redis/redis.module';
import { Environment } from '../../../../config/environment';
import {
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

export const MOCK_SIGNATURE_HEADER = 'x-mock-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the value of X-Mock-Signature. */
export function mockSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

const STATUSES = ['succeeded', 'failed'] as const;
// Keeps the mock's own state (what was created, paid, refunded) for a week: long enough for any test or demo.
const STATE_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A provider for development and tests. Its "payments" live in a Redis hash; a signed webhook (or
 * `settle`, which plays the payer) records what was paid there, so query, close and refund answer
 * from that state like a real provider would.
 */
@Injectable()
export class MockPaymentProvider implements PaymentProvider {
  readonly name = 'mock' as const;

  constructor(
    private readonly env: Environment,
    @InjectRedis() private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async create(input: CreatePaymentInput): Promise<CreatedPayment> {
    await this.write(input.outTradeNo, { status: 'pending', amount: String(input.amount), currency: input.currency });
    return { clientParams: { provider: 'mock', outTradeNo: input.outTradeNo, amount: input.amount, currency: input.currency } };
  }

  async verifyNotification(request: WebhookRequest): Promise<ProviderReport> {
    const header = request.headers[MOCK_SIGNATURE_HEADER];
    const given = Buffer.from(typeof header === 'string' ? header : '', 'utf8');
    const expected = Buffer.from(mockSignature(this.env.MOCK_PAYMENT_SECRET, request.rawBody), 'utf8');
    // Signature first, in constant time; nothing of the body is read before it checks out.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebhookRejectedError('invalid signature', 401);
    }
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new WebhookRejectedError('body is not JSON');
    }
    const { outTradeNo, transactionId, status, amount } = (body ?? {}) as Record<string, unknown>;
    if (
      typeof outTradeNo !== 'string' ||
      !outTradeNo ||
      typeof transactionId !== 'string' ||
      !transactionId ||
      !STATUSES.includes(status as (typeof STATUSES)[number]) ||
      !Number.isSafeInteger(amount) ||
      (amount as number) < 0
    ) {
      throw new WebhookRejectedError('body must be { outTradeNo, transactionId, status: succeeded|failed, amount (fen) }');
    }
    const report: PaymentReport = {
      kind: 'payment',
      outTradeNo,
      transactionId,
      status: status as PaymentReport['status'],
      amount: amount as number,
      currency: 'CNY',
      paidAt: status === 'succeeded' ? new Date() : undefined,
    };
    await this.record(report);
    return report;
  }

  reply(ok: boolean, message?: string): WebhookReply {
    return ok
      ? { status: 200, contentType: 'application/json', body: JSON.stringify({ code: 'SUCCESS' }) }
      : { status: 400, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message: message ?? 'rejected' }) };
  }

  /** Plays the payer: the payment succeeds (or fails) at the "provider" without a webhook being sent. */
  async settle(outTradeNo: string, outcome: { status: 'succeeded' | 'failed'; transactionId: string; amount: number }) {
    await this.record({ kind: 'payment', outTradeNo, ...outcome, currency: 'CNY' });
  }

  /**
   * Plays the provider's refund desk for one payment: `refuse` answers every refund as failed,
   * `unreachable` throws as if the provider could not be reached, `accept` (the default) refunds.
   */
  async setRefundBehaviour(outTradeNo: string, behaviour: 'accept' | 'refuse' | 'unreachable'): Promise<void> {
    await this.write(outTradeNo, { refundBehaviour: behaviour });
  }

  async query(outTradeNo: string): Promise<PaymentReport> {
    const state = await this.redis.hgetall(this.key(outTradeNo));
    if (!state.status) return { kind: 'payment', outTradeNo, status: 'closed' };
    return {
      kind: 'payment',
      outTradeNo,
      status: state.status as PaymentReport['status'],
      transactionId: state.transactionId || undefined,
      amount: state.amount ? Number(state.amount) : undefined,
      currency: state.currency || 'CNY',
      paidAt: state.paidAt ? new Date(state.paidAt) : undefined,
    };
  }

  async close(outTradeNo: string): Promise<void> {
    const state = await this.redis.hgetall(this.key(outTradeNo));
    if (state.status === 'succeeded') throw new Error(`mock payment ${outTradeNo} is already paid`);
    await this.write(outTradeNo, { status: 'closed' });
  }

  async refund(input: RefundInput): Promise<RefundReport> {
    const refundKey = this.key(input.outTradeNo, 'refund', input.outRefundNo);
    const existing = await this.redis.hgetall(refundKey);
    // Same refund number, same refund: a retry answers what the first call did.
    if (existing.status) return this.refundReport(input.outRefundNo, existing);
    const state = await this.redis.hgetall(this.key(input.outTradeNo));
    if (state.refundBehaviour === 'unreachable') throw new Error('mock provider unreachable');
    if (state.refundBehaviour === 'refuse' || state.status !== 'succeeded' || state.transactionId !== input.transactionId) {
      return { kind: 'refund', outRefundNo: input.outRefundNo, status: 'failed', amount: input.amount };
    }
    const refunded = await this.redis.hincrby(this.key(input.outTradeNo), 'refunded', input.amount);
    if (refunded > Number(state.amount)) {
      await this.redis.hincrby(this.key(input.outTradeNo), 'refunded', -input.amount);
      return { kind: 'refund', outRefundNo: input.outRefundNo, status: 'failed', amount: input.amount };
    }
    const refund = {
      status: 'succeeded',
      refundId: `mock-refund-${randomBytes(8).toString('hex')}`,
      amount: String(input.amount),
    };
    await this.redis.multi().hset(refundKey, refund).expire(refundKey, STATE_TTL_SECONDS).exec();
    return this.refundReport(input.outRefundNo, refund);
  }

  async queryRefund(outRefundNo: string, outTradeNo: string): Promise<RefundReport> {
    const state = await this.redis.hgetall(this.key(outTradeNo, 'refund', outRefundNo));
    // A refund the mock never saw was never made: asking again (refund) is safe, it dedupes on the number.
    if (!state.status) return { kind: 'refund', outRefundNo, status: 'failed' };
    return this.refundReport(outRefundNo, state);
  }

  private refundReport(outRefundNo: string, state: Record<string, string>): RefundReport {
    return {
      kind: 'refund',
      outRefundNo,
      status: state.status as RefundReport['status'],
      refundId: state.refundId || undefined,
      amount: state.amount ? Number(state.amount) : undefined,
    };
  }

  private async record(report: PaymentReport): Promise<void> {
    await this.write(report.outTradeNo, {
      status: report.status,
      ...(report.transactionId ? { transactionId: report.transactionId } : {}),
      ...(report.amount !== undefined ? { amount: String(report.amount) } : {}),
      ...(report.status === 'succeeded' ? { paidAt: (report.paidAt ?? new Date()).toISOString() } : {}),
    });
  }

  private async write(outTradeNo: string, fields: Record<string, string>): Promise<void> {
    const key = this.key(outTradeNo);
    await this.redis.multi().hset(key, fields).expire(key, STATE_TTL_SECONDS).exec();
  }

  private key(...parts: string[]): string {
    return this.keys.key('mock-payments', ...parts);
  }
}
