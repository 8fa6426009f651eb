import { DeliveryChannel } from '../entities/notification-delivery.entity';

/** A notification on its way out through one channel. */
export interface OutgoingNotification {
  deliveryId: string;
  notificationId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** A way to reach the merchant. `send` throws when the delivery failed and should be retried. */
export interface NotificationChannel {
  readonly name: DeliveryChannel;
  /** Whether the configuration names a recipient for this channel; unconfigured channels get no deliveries. */
  isConfigured(): boolean;
  send(notification: OutgoingNotification): Promise<void>;
}
