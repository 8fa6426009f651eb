import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { SYSTEM } from '../order/domain/order-status';
import { OrderLifecycleService } from '../order/order-lifecycle.service';
import { IllegalOrderTransitionError, OrderTotalChangedError } from '../order/order.errors';
import { PaymentEventType } from './entities/payment-event.entity';
import { Payment, PaymentStatus } from './entities/payment.entity';
import { PaymentRepository } from './payment.repository';
import { PaymentReport } from './providers/payment-provider';
import { RefundService, ReportAudit } from './refund.service';

export type SettlementOutcome =
  | 'processed'
  | 'duplicate'
  | 'no_change'
  | 'unknown_trade'
  | 'needs_review'
  | 'late_payment_refunding'
  | 'superseded_payment_refunding';

export interface SettlementResult {
  /** False only when the report names no payment of ours: the provider is told so. */
  ok: boolean;
  outcome: SettlementOutcome;
}

/**
 * The one path by which a provider's word about a payment changes anything, whether it came by
 * webhook or by reconciliation: under the payment's row lock, checked against what we asked for,
 * applied at most once per provider transaction.
 */
@Injectable()
export class PaymentSettlementService {
  private readonly logger = new Logger(PaymentSettlementService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentRepository,
    private readonly lifecycle: OrderLifecycleService,
    private readonly refunds: RefundService,
  ) {}

  async apply(provider: string, report: PaymentReport, audit: ReportAudit): Promise<SettlementResult> {
    const refundIds: string[] = [];
    const result = await inTransaction(this.dataSource, async (em): Promise<SettlementResult> => {
      refundIds.length = 0;
      const payment = await this.repository.lockByOutTradeNo(em, report.outTradeNo);
      if (!payment || payment.provider !== provider) {
        await this.repository.recordEvent(em, {
          provider,
          ...audit,
          outcome: 'unknown_trade',
          error: `no payment ${report.outTradeNo}`,
        });
        return { ok: false, outcome: 'unknown_trade' };
      }
      const record = (outcome: SettlementOutcome, error: string | null = null) =>
        this.repository.recordEvent(em, { paymentId: payment.id, provider, ...audit, outcome, error });

      if (report.status === 'succeeded') {
        const outcome = await this.succeed(em, payment, report, refundIds);
        await record(outcome.outcome, outcome.error);
        return { ok: true, outcome: outcome.outcome };
      }
      if ((report.status === 'failed' || report.status === 'closed') && payment.status === PaymentStatus.Pending) {
        const status = report.status === 'failed' ? PaymentStatus.Failed : PaymentStatus.Closed;
        await this.changeStatus(em, payment, status, {});
        await record('processed');
        return { ok: true, outcome: 'processed' };
      }
      await record('no_change');
      return { ok: true, outcome: 'no_change' };
    });
    // Automatic refunds are asked for once the payment and its refund row are committed.
    for (const id of refundIds) await this.refunds.execute(id);
    return result;
  }

  private async succeed(
    em: EntityManager,
    payment: Payment,
    report: PaymentReport,
    refundIds: string[],
  ): Promise<{ outcome: SettlementOutcome; error: string | null }> {
    const transactionId = report.transactionId ?? null;
    if (transactionId && payment.providerTransactionId === transactionId) {
      // The same transaction again (a retried webhook, a query after the webhook): nothing to do.
      return { outcome: 'duplicate', error: null };
    }
    const problem = !transactionId
      ? 'the provider reported a success without a transaction id'
      : payment.providerTransactionId
        ? `a second transaction ${transactionId} for a payment already settled by ${payment.providerTransactionId}`
        : report.amount !== payment.amount
          ? `paid amount ${report.amount ?? 'unknown'} differs from the expected ${payment.amount}`
          : report.currency && report.currency !== payment.currency
            ? `paid currency ${report.currency} differs from the expected ${payment.currency}`
            : null;
    if (problem) {
      // Money may have moved, but not what we asked for: keep it on record, pay nothing, tell staff.
      if (transactionId && !payment.providerTransactionId) {
        await this.repository.update(em, payment.id, { providerTransactionId: transactionId });
      }
      await this.refunds.flag(em, payment, problem);
      return { outcome: 'needs_review', error: problem };
    }

    await this.changeStatus(em, payment, PaymentStatus.Succeeded, {
      providerTransactionId: transactionId,
      paidAt: report.paidAt ?? new Date(),
    });
    payment.status = PaymentStatus.Succeeded;
    payment.providerTransactionId = transactionId;
    try {
      await this.lifecycle.markPaid(
        em,
        payment.orderId,
        payment.amount,
        SYSTEM,
        `paid through ${payment.provider} (${transactionId})`,
      );
      return { outcome: 'processed', error: null };
    } catch (error) {
      if (error instanceof OrderTotalChangedError) {
        // Staff changed the price after this payment started: the order waits for a payment of its new total.
        const reason = `superseded payment: the order costs ${String(error.extensions.total)} now`;
        this.logger.warn(`payment ${payment.outTradeNo} paid an old price of its order; refunding it`);
        refundIds.push((await this.refunds.open(em, payment, payment.amount, reason, null)).id);
        return { outcome: 'superseded_payment_refunding', error: reason };
      }
      if (!(error instanceof IllegalOrderTransitionError)) throw error;
      // The order was cancelled (or paid by another payment) before this money arrived: give it back.
      const orderStatus = String(error.extensions.orderStatus);
      this.logger.warn(`payment ${payment.outTradeNo} arrived for an order that is ${orderStatus}; refunding it`);
      const refund = await this.refunds.open(em, payment, payment.amount, `late payment: the order was ${orderStatus}`, null);
      refundIds.push(refund.id);
      return { outcome: 'late_payment_refunding', error: `order was ${orderStatus}` };
    }
  }

  async changeStatus(em: EntityManager, payment: Payment, status: PaymentStatus, changes: Partial<Payment>): Promise<void> {
    await this.repository.update(em, payment.id, { ...changes, status });
    await this.repository.recordEvent(em, {
      paymentId: payment.id,
      provider: payment.provider,
      type: PaymentEventType.StatusChanged,
      outcome: status,
      fromStatus: payment.status,
      toStatus: status,
    });
  }
}
