import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { QueueName } from '../../../common/queue/queue-names';
import { Environment } from '../../../config/environment';
import { ShelfScheduleService } from '../shelf-schedule.service';

export const APPLY_SHELF_SCHEDULE_JOB = 'catalog.apply-shelf-schedule';

/** Every CATALOG_SHELF_SCHEDULE_MS, writes due publish/unpublish times down as product statuses. Workers only. */
@Processor(QueueName.CatalogShelfSchedule)
export class ShelfScheduleProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ShelfScheduleProcessor.name);

  constructor(
    private readonly schedule: ShelfScheduleService,
    private readonly env: Environment,
    @InjectQueue(QueueName.CatalogShelfSchedule) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap() {
    // One scheduler however many workers start (upsert by id); start-up does not wait for Redis.
    this.queue
      .upsertJobScheduler(
        APPLY_SHELF_SCHEDULE_JOB,
        { every: this.env.CATALOG_SHELF_SCHEDULE_MS },
        { name: APPLY_SHELF_SCHEDULE_JOB, opts: { attempts: 1 } },
      )
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule the shelf schedule job'));
  }

  async process(job: Job): Promise<{ published: number; unpublished: number }> {
    if (job.name !== APPLY_SHELF_SCHEDULE_JOB) throw new Error(`unknown job ${job.name}`);
    return this.schedule.applyDue();
  }
}
