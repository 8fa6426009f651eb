import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { QueueName } from '../../../common/queue/queue-names';
import { Environment } from '../../../config/environment';
import { PaymentReconciliationService, ReconcileResult } from '../payment-reconciliation.service';

export const RECONCILE_PAYMENTS_JOB = 'payment.reconcile-payments';

/** Every PAYMENT_RECONCILE_EVERY_MS, asks the providers about stale pending payments and open refunds. Workers only. */
@Processor(QueueName.PaymentReconcile)
export class PaymentReconcileProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentReconcileProcessor.name);

  constructor(
    private readonly reconciliation: PaymentReconciliationService,
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
  }

  async process(job: Job): Promise<ReconcileResult> {
    if (job.name !== RECONCILE_PAYMENTS_JOB) throw new Error(`unknown job ${job.name}`);
    return this.reconciliation.run();
  }
}
