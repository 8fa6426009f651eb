import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from '../entities/notification-delivery.entity';
import { Notification } from '../entities/notification.entity';

export class ListNotificationsQueryDto extends PageQueryDto {
  /** true: unread only; false: read only; absent: all. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDeliveryResponseDto {
  id: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** Why the last attempt failed. */
  lastError: string | null;
  deliveredAt: Date | null;
}

export class NotificationResponseDto {
  id: string;
  /** What happened, `module.event` (e.g. `inventory.low-stock`). */
  type: string;
  title: string;
  body: string;
  /** Machine-readable details, by type (e.g. skuId, available, threshold). */
  data: Record<string, unknown>;
  createdAt: Date;
  /** When a staff member marked it read; null while unread. */
  readAt: Date | null;
  /** Where it was sent (merchant webhook, email, SMS) and how that went. */
  deliveries: NotificationDeliveryResponseDto[];
}

export const toNotificationResponse = ({
  notification: n,
  deliveries,
}: {
  notification: Notification;
  deliveries: NotificationDelivery[];
}): NotificationResponseDto => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  data: n.data,
  createdAt: n.createdAt,
  readAt: n.readAt,
  deliveries: deliveries.map((d) => ({
    id: d.id,
    channel: d.channel,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt,
  })),
});
