import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { QueueName } from '../../../common/queue/queue-names';
import { OrderLifecycleService } from '../order-lifecycle.service';
import {
  AUTO_COMPLETE_AFTER_DAYS,
  AUTO_COMPLETE_JOB,
  CANCEL_UNPAID_JOB,
  CancelUnpaidJob,
  SWEEP_EXPIRED_JOB,
} from '../order-timeout.scheduler';

// The sweep is the safety net for lost jobs; a minute late is fine for it.
const SWEEP_EVERY_MS = 60_000;
const AUTO_COMPLETE_EVERY_MS = 3600_000;

/**
 * Order timeouts. Payment: the delayed job of each order cancels it if still unpaid, and a repeating sweep
 * cancels unpaid orders past their expiry whose job was lost. Both re-check the status with a
 * conditional UPDATE, so the job, the sweep and the shopper can race: one cancels, stock comes back once.
 * Hourly, shipped orders not confirmed within AUTO_COMPLETE_AFTER_DAYS are completed.
 */
@Processor(QueueName.OrderTimeouts)
export class OrderTimeoutProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrderTimeoutProcessor.name);

  constructor(
    private readonly lifecycle: OrderLifecycleService,
    @InjectQueue(QueueName.OrderTimeouts) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap() {
    this.queue
      .upsertJobScheduler(SWEEP_EXPIRED_JOB, { every: SWEEP_EVERY_MS }, { name: SWEEP_EXPIRED_JOB, opts: { attempts: 1 } })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule the unpaid order sweep'));
    this.queue
      .upsertJobScheduler(
        AUTO_COMPLETE_JOB,
        { every: AUTO_COMPLETE_EVERY_MS },
        { name: AUTO_COMPLETE_JOB, opts: { attempts: 1 } },
      )
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule the auto-completion of shipped orders'));
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case CANCEL_UNPAID_JOB:
        return { cancelled: await this.lifecycle.cancelUnpaid((job.data as CancelUnpaidJob).orderId, 'payment timed out') };
      case SWEEP_EXPIRED_JOB:
        return { cancelled: await this.lifecycle.sweepExpired() };
      case AUTO_COMPLETE_JOB:
        return { completed: await this.lifecycle.autoCompleteShipped(AUTO_COMPLETE_AFTER_DAYS) };
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }
}
