import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/environment';
import { PaymentEventType } from './entities/payment-event.entity';
import { RefundStatus } from './entities/refund.entity';
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
      const provider = this.providers.find(payment.provider);
      if (!provider) continue;
      result.paymentsChecked++;
      try {
        const report = await provider.query(payment.outTradeNo);
        if (report.outTradeNo !== payment.outTradeNo || report.status === 'pending') continue;
        const applied = await this.settlement.apply(provider.name, report, {
          type: PaymentEventType.Query,
          rawBody: JSON.stringify(report),
        });
        if (applied.outcome !== 'duplicate' && applied.outcome !== 'no_change') result.paymentsChanged++;
      } catch (error) {
        this.logger.warn({ err: error }, `could not reconcile payment ${payment.outTradeNo} with ${provider.name}`);
      }
    }

    for (const refund of await this.repository.openRefunds(em, before, BATCH)) {
      result.refundsChecked++;
      try {
        if (refund.status === RefundStatus.Pending) {
          // Never accepted (or its answer was lost): asking again is safe, providers dedupe on the refund number.
          await this.refunds.execute(refund.id);
          continue;
        }
        const payment = await this.repository.findById(em, refund.paymentId);
        const provider = payment && this.providers.find(payment.provider);
        if (!payment || !provider) continue;
        const report = await provider.queryRefund(refund.outRefundNo, payment.outTradeNo);
        if (report.status === 'processing') continue;
        await this.refunds.applyReport(provider.name, report, { type: PaymentEventType.Query, rawBody: JSON.stringify(report) });
      } catch (error) {
        this.logger.warn({ err: error }, `could not reconcile refund ${refund.outRefundNo}`);
      }
    }
    return result;
  }
}
