import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { OutboxService } from '../../common/outbox';
import { NotificationService } from '../notification/notification.service';
import { PaymentEventType } from './entities/payment-event.entity';
import { Payment, PaymentStatus } from './entities/payment.entity';
import { Refund, RefundStatus } from './entities/refund.entity';
import { PaymentNotFoundError, PaymentNotRefundableError, RefundExceedsPaymentError } from './payment.errors';
import { OrderRefundedPayload, PaymentEventName } from './payment.events';
import { PaymentRepository } from './payment.repository';
import { RefundReport } from './providers/payment-provider';
import { PaymentProviders } from './providers/payment-providers';

const REFUNDABLE = new Set<PaymentStatus>([PaymentStatus.Succeeded, PaymentStatus.PartiallyRefunded]);
const OPEN = new Set<RefundStatus>([RefundStatus.Pending, RefundStatus.Processing]);

export interface ReportAudit {
  type: PaymentEventType;
  verified?: boolean | null;
  rawBody?: string | null;
  headers?: Record<string, string> | null;
}

/** Our refund number: `R`, the time in base 36 and random hex, at most 32 characters. */
export const newOutRefundNo = () => `R${Date.now().toString(36)}${randomBytes(8).toString('hex')}`.toUpperCase();

/**
 * Refunds, whole or partial, by staff or automatic (a payment for a cancelled order). A refund row is
 * written under the payment's row lock (so that refunds never add up to more than was paid), the
 * provider is asked after commit, and its answer (at once, by webhook or by the poll) is applied here.
 */
@Injectable()
export class RefundService {
  private readonly logger = new Logger(RefundService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentRepository,
    private readonly providers: PaymentProviders,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationService,
  ) {}

  /** Staff refund `amount` of a payment, then ask the provider. Answers the refund as it stands after that. */
  async request(staffId: string, paymentId: string, amount: number, reason: string): Promise<Refund> {
    const refund = await inTransaction(this.dataSource, async (em) => {
      const payment = await this.repository.lockById(em, paymentId);
      if (!payment) throw new PaymentNotFoundError();
      return this.open(em, payment, amount, reason, staffId);
    });
    await this.execute(refund.id);
    return (await this.repository.findRefundById(this.dataSource.manager, refund.id)) ?? refund;
  }

  /**
   * Records a pending refund in the caller's transaction. The caller holds the payment's row lock:
   * the check of what is left and the insert happen under it, so concurrent refunds cannot overdraw.
   */
  async open(em: EntityManager, payment: Payment, amount: number, reason: string, staffId: string | null): Promise<Refund> {
    if (!REFUNDABLE.has(payment.status)) throw new PaymentNotRefundableError(payment.status);
    const left = payment.amount - (await this.repository.committedRefunds(em, payment.id));
    if (amount > left) throw new RefundExceedsPaymentError(amount, left);
    const refund = await this.repository.insertRefund(em, {
      paymentId: payment.id,
      outRefundNo: newOutRefundNo(),
      amount,
      reason,
      status: RefundStatus.Pending,
      providerRefundId: null,
      staffId,
      error: null,
      completedAt: null,
    });
    await this.repository.recordEvent(em, {
      paymentId: payment.id,
      refundId: refund.id,
      provider: payment.provider,
      type: PaymentEventType.Refund,
      outcome: 'requested',
      toStatus: RefundStatus.Pending,
    });
    return refund;
  }

  /**
   * Asks the provider for an open refund and applies its answer. Safe to repeat: providers dedupe on
   * our refund number. A provider that cannot be reached leaves the refund pending for the poll.
   */
  async execute(refundId: string): Promise<void> {
    const em = this.dataSource.manager;
    const refund = await this.repository.findRefundById(em, refundId);
    if (!refund || !OPEN.has(refund.status)) return;
    const payment = await this.repository.findById(em, refund.paymentId);
    const provider = payment && this.providers.find(payment.provider);
    if (!payment || !provider || !payment.providerTransactionId) {
      this.logger.warn(`refund ${refundId}: payment provider ${payment?.provider ?? '?'} is not available; left pending`);
      return;
    }
    let report: RefundReport;
    try {
      report = await provider.refund({
        outTradeNo: payment.outTradeNo,
        transactionId: payment.providerTransactionId,
        outRefundNo: refund.outRefundNo,
        amount: refund.amount,
        total: payment.amount,
        currency: 'CNY',
        reason: refund.reason,
      });
    } catch (error) {
      this.logger.warn({ err: error }, `refund ${refundId}: ${provider.name} did not answer; the poll will ask again`);
      return;
    }
    await this.applyReport(provider.name, report, { type: PaymentEventType.Refund });
  }

  /** Applies what a provider says about a refund (its answer, a webhook, a poll). Answers whether the refund is ours. */
  async applyReport(provider: string, report: RefundReport, audit: ReportAudit): Promise<{ ok: boolean; outcome: string }> {
    return inTransaction(this.dataSource, async (em) => {
      const found = await this.repository.findRefundByOutRefundNo(em, report.outRefundNo);
      // Lock order: the payment, then its refund (as `open` does).
      const payment = found && (await this.repository.lockById(em, found.paymentId));
      const refund = found && (await this.repository.lockRefund(em, found.id));
      if (!payment || !refund || payment.provider !== provider) {
        await this.repository.recordEvent(em, { provider, ...audit, outcome: 'unknown_refund', error: report.outRefundNo });
        return { ok: false, outcome: 'unknown_refund' };
      }
      const record = (outcome: string, extra: { error?: string | null; fromStatus?: string; toStatus?: string } = {}) =>
        this.repository.recordEvent(em, { paymentId: payment.id, refundId: refund.id, provider, ...audit, outcome, ...extra });

      if (!OPEN.has(refund.status) || report.status === 'processing') {
        if (report.status === 'processing' && refund.status === RefundStatus.Pending) {
          await this.repository.updateRefund(em, refund.id, {
            status: RefundStatus.Processing,
            providerRefundId: report.refundId ?? null,
          });
          await record('processing', { fromStatus: refund.status, toStatus: RefundStatus.Processing });
          return { ok: true, outcome: 'processing' };
        }
        await record('duplicate');
        return { ok: true, outcome: 'duplicate' };
      }

      if (report.status === 'failed') {
        await this.repository.updateRefund(em, refund.id, {
          status: RefundStatus.Failed,
          error: 'refused by the provider',
          completedAt: new Date(),
        });
        await record('failed', { fromStatus: refund.status, toStatus: RefundStatus.Failed });
        if (!refund.staffId) {
          // An automatic refund (money for a cancelled order) that the provider refused: a person must act.
          await this.flag(em, payment, `automatic refund ${refund.outRefundNo} was refused by ${provider}`);
        }
        return { ok: true, outcome: 'failed' };
      }

      const refundedAmount = payment.refundedAmount + refund.amount;
      const status = refundedAmount >= payment.amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
      await this.repository.updateRefund(em, refund.id, {
        status: RefundStatus.Succeeded,
        providerRefundId: report.refundId ?? null,
        completedAt: new Date(),
      });
      await this.repository.update(em, payment.id, { refundedAmount, status });
      await record('succeeded', { fromStatus: refund.status, toStatus: RefundStatus.Succeeded });
      if (status !== payment.status) {
        await this.repository.recordEvent(em, {
          paymentId: payment.id,
          provider,
          type: PaymentEventType.StatusChanged,
          outcome: 'refunded',
          fromStatus: payment.status,
          toStatus: status,
        });
      }
      await this.outbox.publish<OrderRefundedPayload>(
        em,
        PaymentEventName.OrderRefunded,
        {
          orderId: payment.orderId,
          paymentId: payment.id,
          refundId: refund.id,
          provider,
          amount: refund.amount,
          refundedTotal: refundedAmount,
          paymentAmount: payment.amount,
          currency: payment.currency,
          full: status === PaymentStatus.Refunded,
          reason: refund.reason,
          staffId: refund.staffId,
        },
        payment.orderId,
      );
      return { ok: true, outcome: 'succeeded' };
    });
  }

  /** Marks the payment for staff review and tells them, once per reason. */
  async flag(em: EntityManager, payment: Payment, reason: string): Promise<void> {
    await this.repository.update(em, payment.id, { needsReview: true, reviewReason: reason });
    await this.notifications.notify(em, {
      type: 'payment.needs-review',
      title: 'A payment needs review',
      body: `Payment ${payment.outTradeNo} (${payment.provider}) of order ${payment.orderId}: ${reason}`,
      data: { paymentId: payment.id, orderId: payment.orderId, provider: payment.provider, reason },
      dedupeKey: `payment.needs-review:${payment.id}:${reason}`,
    });
  }
}
