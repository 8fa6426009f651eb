import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { Notification } from './notification.entity';

export enum DeliveryChannel {
  Webhook = 'webhook',
  Email = 'email',
  Sms = 'sms',
}

export enum DeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** One notification on its way to one channel: the queue job retries it until delivered or out of attempts. */
@Entity('notification_deliveries')
@Unique('notification_deliveries_notification_id_channel_key', ['notificationId', 'channel'])
export class NotificationDelivery extends BaseEntity {
  @Column('uuid')
  notificationId: string;

  @ManyToOne(() => Notification, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @Column('text')
  channel: DeliveryChannel;

  @Column('text', { default: DeliveryStatus.Pending })
  status: DeliveryStatus;

  /** Delivery attempts made so far. */
  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}
