import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { QueueName } from '../../queue/queue-names';
import { IdempotencyService } from '../idempotency.service';

export const DELETE_EXPIRED_KEYS_JOB = 'idempotency.delete-expired-keys';
const EVERY_MS = 3600_000;

/**
 * Deletes expired idempotency keys every hour, in worker processes only. The claim path never depends
 * on it (an expired key is taken over as if absent), so the request path stays one statement and
 * the table stays small even while the cleanup lags.
 */
@Processor(QueueName.IdempotencyCleanup)
export class IdempotencyCleanupProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(IdempotencyCleanupProcessor.name);

  constructor(
    private readonly idempotency: IdempotencyService,
    @InjectQueue(QueueName.IdempotencyCleanup) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap() {
    // One scheduler however many workers start (upsert by id). Not awaited: start-up must not wait for Redis.
    this.queue
      .upsertJobScheduler(DELETE_EXPIRED_KEYS_JOB, { every: EVERY_MS }, { name: DELETE_EXPIRED_KEYS_JOB })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule the idempotency key cleanup'));
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== DELETE_EXPIRED_KEYS_JOB) throw new Error(`unknown job ${job.name}`);
    return { deleted: await this.idempotency.deleteExpired() };
  }
}
