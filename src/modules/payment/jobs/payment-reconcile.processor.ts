import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { QueueName } from '../../../common/queue/queue-names';
import { Environment } from '../../../config/environment';
import { chinaDate } from '../../../common/time/china-time';
import { BillCheckService } from '../bill-check.service';
import { PaymentReconciliationService, ReconcileResult } from '../payment-reconciliation.service';

export const RECONCILE_PAYMENTS_JOB = 'payment.reconcile-payments';
export const CHECK_BILLS_JOB = 'payment.check-bills';

/**
 * Every PAYMENT_RECONCILE_EVERY_MS, asks the providers about stale pending payments and open refunds;
 * every morning, checks yesterday's trade bills (WeChat Pay and Alipay have them by 10:00 China time). Workers only.
 */
@Processor(QueueName.PaymentReconcile)
export class PaymentReconcileProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentReconcileProcessor.name);

  constructor(
    private readonly reconciliation: PaymentReconciliationService,
    private readonly bills: BillCheckService,
    private readonly env: Environment,
    @InjectQueue(QueueName.PaymentReconcile) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap() {
    // One scheduler however many workers start (upsert by id); start-up does not wait for Redis.
    this.queue
      .upsertJobScheduler(
        RECONCILE_PAYMENTS_JOB,
        { every: this.env.PAYMENT_RECONCILE_EVERY_MS },
        { name: RECONCILE_PAYMENTS_JOB, opts: { attempts: 1 } },
      )
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule payment reconciliation'));
    this.queue
      .upsertJobScheduler(
        CHECK_BILLS_JOB,
        { pattern: '30 10 * * *', tz: 'Asia/Shanghai' },
        { name: CHECK_BILLS_JOB, opts: { attempts: 1 } },
      )
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule the daily bill check'));
  }

  async process(job: Job): Promise<ReconcileResult | Record<string, string>> {
    if (job.name === RECONCILE_PAYMENTS_JOB) return this.reconciliation.run();
    if (job.name !== CHECK_BILLS_JOB) throw new Error(`unknown job ${job.name}`);
    const yesterday = chinaDate(new Date(Date.now() - 86_400_000));
    const outcome: Record<string, string> = {};
    for (const provider of this.bills.billingProviders()) {
      outcome[provider.name] = (await this.bills.check(provider.name, yesterday)).status;
    }
    return outcome;
  }
}
