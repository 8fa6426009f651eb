import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/environment';
import { PaymentEventType } from './entities/payment-event.entity';
import { Payment } from './entities/payment.entity';
import { Refund, RefundStatus } from './entities/refund.entity';
import { PaymentRepository } from './payment.repository';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentProviders } from './providers/payment-providers';
import { RefundService } from './refund.service';

const BATCH = 100;

export interface ReconcileResult {
  paymentsChecked: number;
  paymentsChanged: number;
  refundsChecked: number;
}

/**
 * Asks the providers about what they should have told us by now: payments still pending and refunds
 * still open after PAYMENT_RECONCILE_AFTER_SECONDS. Their answers go through the same functions as a
 * webhook's, so a lost callback cannot lose a payment and a replayed one changes nothing.
 */
@Injectable()
export class PaymentReconciliationService {
  private readonly logger = new Logger(PaymentReconciliationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentRepository,
    private readonly providers: PaymentProviders,
    private readonly settlement: PaymentSettlementService,
    private readonly refunds: RefundService,
    private readonly env: Environment,
  ) {}

  async run(now = new Date()): Promise<ReconcileResult> {
    const before = new Date(now.getTime() - this.env.PAYMENT_RECONCILE_AFTER_SECONDS * 1000);
    const em = this.dataSource.manager;
    const result: ReconcileResult = { paymentsChecked: 0, paymentsChanged: 0, refundsChecked: 0 };

    for (const payment of await this.repository.stalePending(em, before, BATCH)) {
      if (!this.providers.find(payment.provider)) continue;
      result.paymentsChecked++;
      try {
        if (await this.reconcilePayment(payment)) result.paymentsChanged++;
      } catch (error) {
        this.logger.warn({ err: error }, `could not reconcile payment ${payment.outTradeNo} with ${payment.provider}`);
      }
    }

    for (const refund of await this.repository.openRefunds(em, before, BATCH)) {
      result.refundsChecked++;
      try {
        await this.reconcileRefund(refund);
      } catch (error) {
        this.logger.warn({ err: error }, `could not reconcile refund ${refund.outRefundNo}`);
      }
    }
    return result;
  }

  /**
   * Asks the provider about one payment and applies a final answer through the webhook's path. Answers
   * whether that changed anything; throws when the provider cannot be asked.
   */
  async reconcilePayment(payment: Payment): Promise<boolean> {
    const provider = this.providers.find(payment.provider);
    if (!provider) return false;
    const report = await provider.query(payment.outTradeNo);
    if (report.outTradeNo !== payment.outTradeNo || report.status === 'pending') return false;
    const applied = await this.settlement.apply(provider.name, report, {
      type: PaymentEventType.Query,
      rawBody: JSON.stringify(report),
    });
    return applied.outcome !== 'duplicate' && applied.outcome !== 'no_change';
  }

  /** Asks again for a refund never accepted, or asks the provider how an accepted one stands, and applies a final answer. */
  async reconcileRefund(refund: Refund): Promise<void> {
    if (refund.status === RefundStatus.Pending) {
      // Never accepted (or its answer was lost): asking again is safe, providers dedupe on the refund number.
      await this.refunds.execute(refund.id);
      return;
    }
    const payment = await this.repository.findById(this.dataSource.manager, refund.paymentId);
    const provider = payment && this.providers.find(payment.provider);
    if (!payment || !provider) return;
    const report = await provider.queryRefund(refund.outRefundNo, payment.outTradeNo);
    if (report.status === 'processing') return;
    await this.refunds.applyReport(provider.name, report, { type: PaymentEventType.Query, rawBody: JSON.stringify(report) });
  }
}
