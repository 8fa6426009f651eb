import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { QueueName } from '../../../common/queue/queue-names';
import { NotificationChannels } from '../channels/notification-channels';
import { NotificationRepository } from '../notification.repository';
import { DELIVER_JOB, DeliveryJob, NotificationService } from '../notification.service';

export const SWEEP_JOB = 'notification.sweep-deliveries';
const SWEEP_EVERY_MS = 5 * 60_000;
// Longer than any delivery's whole retry schedule stays untouched: every failed attempt bumps updated_at.
const STALE_AFTER_MINUTES = 30;
const SWEEP_BATCH = 500;

export type DeliveryOutcome = 'delivered' | 'skipped' | { requeued: number };

/**
 * Sends one notification through one channel. A failed attempt is counted on the delivery row and
 * thrown, so BullMQ retries it with exponential backoff; the last failed attempt marks it failed.
 * A delivery that is no longer pending (delivered, failed, or gone) is skipped, so a duplicate job
 * sends nothing; the receiver can still see a repeat after a crash mid-send and dedupes on
 * X-Commerce-Delivery. Every few minutes a sweep queues again the pending deliveries whose job was lost.
 */
@Processor(QueueName.NotificationDeliveries, { concurrency: 4 })
export class NotificationDeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationDeliveryProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationRepository,
    private readonly channels: NotificationChannels,
    private readonly notifications: NotificationService,
    @InjectQueue(QueueName.NotificationDeliveries) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // One scheduler however many workers start (upsert by id). Not awaited: start-up must not wait for Redis.
    this.queue
      .upsertJobScheduler(SWEEP_JOB, { every: SWEEP_EVERY_MS }, { name: SWEEP_JOB })
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not schedule the notification delivery sweep'));
  }

  async process(job: Job): Promise<DeliveryOutcome> {
    if (job.name === SWEEP_JOB) return this.sweep();
    if (job.name !== DELIVER_JOB) throw new UnrecoverableError(`unknown job ${job.name}`);
    return this.deliver(job as Job<DeliveryJob>);
  }

  private async deliver(job: Job<DeliveryJob>): Promise<DeliveryOutcome> {
    const em = this.dataSource.manager;
    const target = await this.repository.findPendingDelivery(em, job.data.deliveryId);
    if (!target) return 'skipped';
    const { delivery, notification } = target;
    const channel = this.channels.get(delivery.channel);
    if (!channel?.isConfigured()) {
      // The configuration changed since the notification was made: retrying cannot help.
      await this.repository.recordFailure(em, delivery.id, `channel ${delivery.channel} is not configured`, true);
      throw new UnrecoverableError(`channel ${delivery.channel} is not configured`);
    }
    try {
      await channel.send({
        deliveryId: delivery.id,
        notificationId: notification.id,
        type: notification.type,
        title: notification.title,
        body: notification.body,
        data: notification.data,
        createdAt: notification.createdAt,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.repository.recordFailure(em, delivery.id, message, final);
      this.logger.warn(
        { deliveryId: delivery.id, channel: delivery.channel, attempt: job.attemptsMade + 1, final, error: message },
        'notification delivery failed',
      );
      throw error;
    }
    await this.repository.markDelivered(em, delivery.id);
    return 'delivered';
  }

  private async sweep(): Promise<DeliveryOutcome> {
    const ids = await this.repository.stalePendingDeliveryIds(this.dataSource.manager, STALE_AFTER_MINUTES, SWEEP_BATCH);
    await this.notifications.enqueueDeliveries(ids);
    if (ids.length) this.logger.warn({ count: ids.length }, 'queued stale notification deliveries again');
    return { requeued: ids.length };
  }
}
