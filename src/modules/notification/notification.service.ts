import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../../common/errors';
import { DomainEvent, EventBus, OutboxService } from '../../common/outbox';
import { QueueName } from '../../common/queue/queue-names';
import { Environment } from '../../config/environment';
import { NotificationChannels } from './channels/notification-channels';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { Notification } from './entities/notification.entity';
import { NOTIFICATION_CREATED, NotificationCreatedPayload } from './notification.events';
import { NotificationRepository } from './notification.repository';

export interface NotifyInput {
  /** `module.event`, e.g. `inventory.low-stock`, `order.paid`. */
  type: string;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  /** Unique per real-world occurrence (e.g. the event id): a replay with the same key creates nothing. */
  dedupeKey: string;
}

export interface NotifyResult {
  notification: Notification;
  /** False when the dedupe key existed and nothing was created. */
  created: boolean;
}

export const DELIVER_JOB = 'notification.deliver';
export const deliveryJobId = (deliveryId: string) => `notification-delivery-${deliveryId}`;

export interface DeliveryJob {
  deliveryId: string;
}

/** Notifications for the merchant's staff: other modules call `notify`; staff list and read them. */
@Injectable()
export class NotificationService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationRepository,
    private readonly channels: NotificationChannels,
    private readonly outbox: OutboxService,
    private readonly bus: EventBus,
    private readonly env: Environment,
    @InjectQueue(QueueName.NotificationDeliveries) private readonly queue: Queue<DeliveryJob>,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<NotificationCreatedPayload>(NOTIFICATION_CREATED, 'notification.schedule-deliveries', (event, em) =>
      this.scheduleDeliveries(event, em),
    );
  }

  /**
   * Records a notification in the caller's transaction, with one delivery per configured channel
   * (merchant webhook, email, SMS). The deliveries are queued once the transaction commits (through
   * the outbox), and retried with backoff until they succeed or run out of attempts. Idempotent on
   * `dedupeKey`.
   */
  async notify(em: EntityManager, input: NotifyInput): Promise<NotifyResult> {
    if (!input.dedupeKey?.trim()) throw new ValidationError('A notification needs a dedupe key');
    const notification = {
      type: input.type,
      title: input.title,
      body: input.body,
      data: input.data ?? {},
      dedupeKey: input.dedupeKey,
    };
    const id = await this.repository.insertNotification(em, notification);
    if (!id) {
      const existing = await this.repository.findByDedupeKey(em, input.dedupeKey);
      if (!existing) throw new Error(`notification ${input.dedupeKey} conflicted but cannot be read`);
      return { notification: existing, created: false };
    }
    const channels = this.channels.configured();
    await this.repository.insertDeliveries(em, id, channels);
    if (channels.length) {
      await this.outbox.publish<NotificationCreatedPayload>(em, NOTIFICATION_CREATED, { notificationId: id }, id);
    }
    const created = await em.getRepository(Notification).findOneByOrFail({ id });
    return { notification: created, created: true };
  }

  /** Newest first; `unread` true lists the unread only, false the read only. */
  async list(
    unread: boolean | undefined,
    offset: number,
    limit: number,
  ): Promise<[{ notification: Notification; deliveries: NotificationDelivery[] }[], number]> {
    const em = this.dataSource.manager;
    const [items, total] = await this.repository.list(em, unread, offset, limit);
    const deliveries = await this.repository.deliveriesOf(
      em,
      items.map((n) => n.id),
    );
    return [
      items.map((notification) => ({ notification, deliveries: deliveries.filter((d) => d.notificationId === notification.id) })),
      total,
    ];
  }

  /** Marks the notification read (once: a second call keeps the first time). */
  async markRead(id: string): Promise<{ notification: Notification; deliveries: NotificationDelivery[] }> {
    const em = this.dataSource.manager;
    const notification = await this.repository.markRead(em, id);
    if (!notification) throw new NotFoundError('Notification', { id });
    return { notification, deliveries: await this.repository.deliveriesOf(em, [id]) };
  }

  /** Queues the delivery jobs; job ids are the delivery ids, so queueing one twice adds nothing while the first is kept. */
  async enqueueDeliveries(deliveryIds: string[]): Promise<void> {
    if (!deliveryIds.length) return;
    await this.queue.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: DELIVER_JOB,
        data: { deliveryId },
        opts: {
          jobId: deliveryJobId(deliveryId),
          attempts: this.env.NOTIFICATION_DELIVERY_ATTEMPTS,
          backoff: { type: 'exponential', delay: this.env.NOTIFICATION_DELIVERY_BACKOFF_MS },
        },
      })),
    );
  }

  // Runs after the notification committed; the processor re-checks each delivery's status anyway.
  private async scheduleDeliveries(event: DomainEvent<NotificationCreatedPayload>, em: EntityManager): Promise<void> {
    const pending = await this.repository.pendingDeliveryIds(em, event.payload.notificationId);
    await this.enqueueDeliveries(pending.map((d) => d.id));
  }
}
