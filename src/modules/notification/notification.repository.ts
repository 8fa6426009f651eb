import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, Not } from 'typeorm';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from './entities/notification-delivery.entity';
import { Notification } from './entities/notification.entity';

export interface NewNotification {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  dedupeKey: string;
}

/** A pending delivery with what its channel sends. */
export interface DeliveryTarget {
  delivery: NotificationDelivery;
  notification: Notification;
}

const MAX_ERROR_LENGTH = 2000;

/** The notification module's SQL. Every method runs on the caller's EntityManager. */
@Injectable()
export class NotificationRepository {
  /** Inserts the notification unless its dedupe key exists; answers its id, or null when it existed. */
  async insertNotification(em: EntityManager, n: NewNotification): Promise<string | null> {
    // Stringified by hand: node-postgres would turn a top-level array into a Postgres array.
    const rows: { id: string }[] = await em.query(
      `INSERT INTO notifications (type, title, body, data, dedupe_key) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [n.type, n.title, n.body, JSON.stringify(n.data), n.dedupeKey],
    );
    return rows[0]?.id ?? null;
  }

  findByDedupeKey(em: EntityManager, dedupeKey: string): Promise<Notification | null> {
    return em.getRepository(Notification).findOneBy({ dedupeKey });
  }

  async insertDeliveries(em: EntityManager, notificationId: string, channels: DeliveryChannel[]): Promise<void> {
    if (!channels.length) return;
    await em.getRepository(NotificationDelivery).insert(channels.map((channel) => ({ notificationId, channel })));
  }

  pendingDeliveryIds(em: EntityManager, notificationId: string): Promise<NotificationDelivery[]> {
    return em.getRepository(NotificationDelivery).find({
      select: { id: true },
      where: { notificationId, status: DeliveryStatus.Pending },
    });
  }

  /** Pending deliveries nothing has touched for `minutes`: their job was lost (a Redis failover), not merely waiting for a retry. */
  async stalePendingDeliveryIds(em: EntityManager, minutes: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM notification_deliveries
        WHERE status = $1 AND updated_at < now() - make_interval(mins => $2)
        ORDER BY updated_at LIMIT $3`,
      [DeliveryStatus.Pending, minutes, limit],
    );
    return rows.map((r) => r.id);
  }

  async findPendingDelivery(em: EntityManager, deliveryId: string): Promise<DeliveryTarget | null> {
    const delivery = await em.getRepository(NotificationDelivery).findOne({
      where: { id: deliveryId, status: DeliveryStatus.Pending },
      relations: { notification: true },
    });
    if (!delivery?.notification) return null;
    const { notification, ...rest } = delivery;
    return { delivery: rest as NotificationDelivery, notification };
  }

  async markDelivered(em: EntityManager, deliveryId: string): Promise<void> {
    await em.query(
      `UPDATE notification_deliveries
          SET status = $2, attempts = attempts + 1, delivered_at = now(), last_error = NULL, updated_at = now()
        WHERE id = $1 AND status = $3`,
      [deliveryId, DeliveryStatus.Delivered, DeliveryStatus.Pending],
    );
  }

  /** Counts a failed attempt; `final` marks the delivery failed (no more retries). */
  async recordFailure(em: EntityManager, deliveryId: string, error: string, final: boolean): Promise<void> {
    await em.query(
      `UPDATE notification_deliveries
          SET status = $2, attempts = attempts + 1, last_error = $3, updated_at = now()
        WHERE id = $1 AND status = $4`,
      [
        deliveryId,
        final ? DeliveryStatus.Failed : DeliveryStatus.Pending,
        error.slice(0, MAX_ERROR_LENGTH),
        DeliveryStatus.Pending,
      ],
    );
  }

  list(em: EntityManager, unread: boolean | undefined, offset: number, limit: number): Promise<[Notification[], number]> {
    return em.getRepository(Notification).findAndCount({
      where: unread === undefined ? {} : unread ? { readAt: IsNull() } : { readAt: Not(IsNull()) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  deliveriesOf(em: EntityManager, notificationIds: string[]): Promise<NotificationDelivery[]> {
    if (!notificationIds.length) return Promise.resolve([]);
    return em
      .getRepository(NotificationDelivery)
      .find({ where: { notificationId: In(notificationIds) }, order: { channel: 'ASC' } });
  }

  /** Sets read_at once; answers the notification, or null when there is none with this id. */
  async markRead(em: EntityManager, id: string): Promise<Notification | null> {
    await em.query('UPDATE notifications SET read_at = now(), updated_at = now() WHERE id = $1 AND read_at IS NULL', [id]);
    return em.getRepository(Notification).findOneBy({ id });
  }
}
