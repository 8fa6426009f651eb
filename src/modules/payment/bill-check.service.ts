import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import { NotFoundError, ValidationError } from '../../common/errors';
import { chinaDate, chinaDayBounds } from '../../common/time/china-time';
import { NotificationService } from '../notification/notification.service';
import { BillCheckResponseDto, ListBillChecksQueryDto } from './dto/bill-check.dto';
import { BillCheck, BillCheckStatus } from './entities/bill-check.entity';
import { PaymentStatus } from './entities/payment.entity';
import { RefundStatus } from './entities/refund.entity';
import { BookedPayment, compareBill } from './domain/bill-check';
import { PaymentRepository } from './payment.repository';
import { PaymentReconciliationService } from './payment-reconciliation.service';
import { PaymentProvider } from './providers/payment-provider';
import { PaymentProviders } from './providers/payment-providers';

const SETTLED = new Set([PaymentStatus.Succeeded, PaymentStatus.PartiallyRefunded, PaymentStatus.Refunded]);
const OPEN_REFUND = new Set([RefundStatus.Pending, RefundStatus.Processing]);

/**
 * The daily bill check (对账): a provider's trade bill of one China-time day against our payments and
 * refunds. The bill only says where to look: a payment or refund it lists that our books still have
 * open is asked about through the provider's verified query and applied by the webhook path, so a
 * bill never changes our books by itself. What still disagrees is kept as discrepancies and notified.
 */
@Injectable()
export class BillCheckService {
  private readonly logger = new Logger(BillCheckService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PaymentRepository,
    private readonly providers: PaymentProviders,
    private readonly reconciliation: PaymentReconciliationService,
    private readonly notifications: NotificationService,
  ) {}

  /** Providers switched on that have trade bills. */
  billingProviders(): PaymentProvider[] {
    return this.providers.all().filter((p) => p.tradeBill);
  }

  /** Checks the provider's bill of `date` (yyyy-MM-dd, China time), replacing an earlier check of that day. */
  async check(providerName: string, date: string, staffId: string | null = null): Promise<BillCheckResponseDto> {
    const provider = this.providers.find(providerName);
    if (!provider?.tradeBill) {
      const names = this.billingProviders().map((p) => p.name);
      throw new ValidationError('This provider has no trade bill to check', [
        { field: 'provider', messages: [`must be one of: ${names.join(', ') || 'none'}`] },
      ]);
    }
    if (chinaDate(chinaDayBounds(date).from) !== date) {
      throw new ValidationError('No such day', [{ field: 'date', messages: ['must be a day of the calendar'] }]);
    }
    if (date >= chinaDate(new Date())) {
      throw new ValidationError('Only a day that is over has a bill', [
        { field: 'date', messages: ['must be before today (China time)'] },
      ]);
    }
    let result: Omit<BillCheck, 'id' | 'createdAt' | 'updatedAt'>;
    try {
      result = await this.compare(provider, date);
    } catch (error) {
      this.logger.warn({ err: error }, `could not check the ${provider.name} bill of ${date}`);
      result = {
        ...emptyCheck(provider.name, date),
        status: BillCheckStatus.Failed,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    const saved = await inTransaction(this.dataSource, async (em) => {
      await em
        .getRepository(BillCheck)
        .upsert({ ...result, staffId }, { conflictPaths: ['provider', 'billDate'], skipUpdateIfNoValuesChanged: false });
      const row = await em.getRepository(BillCheck).findOneByOrFail({ provider: provider.name, billDate: date });
      if (row.status === BillCheckStatus.Discrepancies) {
        await this.notifications.notify(em, {
          type: 'payment.bill-discrepancies',
          title: `The ${provider.name} bill of ${date} disagrees with our books`,
          body: `${row.discrepancies.length} of ${row.entries} lines need a look (bill check ${row.id}).`,
          data: { billCheckId: row.id, provider: provider.name, date, discrepancies: row.discrepancies.length },
          dedupeKey: `payment.bill-discrepancies:${provider.name}:${date}:${row.discrepancies.length}`,
        });
      }
      return row;
    });
    return toResponse(saved);
  }

  async list(query: ListBillChecksQueryDto) {
    const qb = this.dataSource.getRepository(BillCheck).createQueryBuilder('c');
    if (query.provider) qb.andWhere('c.provider = :provider', { provider: query.provider });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('c.bill_date', 'DESC')
      .addOrderBy('c.provider')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toResponse), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<BillCheckResponseDto> {
    const row = await this.dataSource.getRepository(BillCheck).findOneBy({ id });
    if (!row) throw new NotFoundError('Bill check');
    return toResponse(row);
  }

  private async compare(provider: PaymentProvider, date: string) {
    const entries = await provider.tradeBill!(date);
    const em = this.dataSource.manager;
    const { from, to } = chinaDayBounds(date);
    const billedTrades = new Set(entries.flatMap((e) => (e.kind === 'payment' ? [e.outTradeNo] : [])));
    const tradeNos = [...new Set(entries.map((e) => e.outTradeNo))];
    const refundNos = entries.flatMap((e) => (e.kind === 'refund' && e.outRefundNo ? [e.outRefundNo] : []));

    // What the bill lists that our books still have open: the reconciliation asks the provider and applies its
    // verified answer. Then the books are read again for the comparison.
    let settled = 0;
    for (const payment of await this.repository.billablePayments(em, provider.name, tradeNos, from, to)) {
      if (!billedTrades.has(payment.outTradeNo) || SETTLED.has(payment.status)) continue;
      try {
        if (await this.reconciliation.reconcilePayment(payment)) settled++;
      } catch (error) {
        this.logger.warn({ err: error }, `bill check could not settle ${payment.outTradeNo}`);
      }
    }
    for (const refund of await this.repository.billableRefunds(em, provider.name, refundNos, from, to)) {
      if (!refundNos.includes(refund.outRefundNo) || !OPEN_REFUND.has(refund.status)) continue;
      try {
        await this.reconciliation.reconcileRefund(refund);
      } catch (error) {
        this.logger.warn({ err: error }, `bill check could not settle refund ${refund.outRefundNo}`);
      }
    }

    const payments = await this.repository.billablePayments(em, provider.name, tradeNos, from, to);
    const booked: BookedPayment[] = payments.map((p) => ({
      id: p.id,
      outTradeNo: p.outTradeNo,
      providerTransactionId: p.providerTransactionId,
      amount: p.amount,
      settled: SETTLED.has(p.status),
      paidThatDay: !!p.paidAt && p.paidAt >= from && p.paidAt < to,
    }));
    const refunds = (await this.repository.billableRefunds(em, provider.name, refundNos, from, to)).map((r) => ({
      id: r.id,
      outRefundNo: r.outRefundNo,
      outTradeNo: r.outTradeNo,
      amount: r.amount,
      status: r.status,
      completedThatDay: !!r.completedAt && r.completedAt >= from && r.completedAt < to,
    }));
    const comparison = compareBill(entries, booked, refunds);
    return {
      ...emptyCheck(provider.name, date),
      status: comparison.discrepancies.length ? BillCheckStatus.Discrepancies : BillCheckStatus.Matched,
      entries: entries.length,
      matched: comparison.matched,
      settled,
      billPaid: comparison.billPaid,
      billRefunded: comparison.billRefunded,
      discrepancies: comparison.discrepancies,
    };
  }
}

function emptyCheck(provider: string, billDate: string) {
  return {
    provider,
    billDate,
    status: BillCheckStatus.Matched,
    entries: 0,
    matched: 0,
    settled: 0,
    billPaid: 0,
    billRefunded: 0,
    discrepancies: [],
    error: null,
    staffId: null,
  };
}

function toResponse(row: BillCheck): BillCheckResponseDto {
  const { id, provider, billDate, status, entries, matched, settled, billPaid, billRefunded, discrepancies, error } = row;
  return {
    id,
    provider,
    date: billDate,
    status,
    entries,
    matched,
    settled,
    billPaid,
    billRefunded,
    discrepancies,
    error,
    staffId: row.staffId,
    checkedAt: row.updatedAt,
  };
}
