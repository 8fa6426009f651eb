export const NOTIFICATION_CREATED = 'notification.created';

/** Published with a new notification that has deliveries to make; its subscriber queues them after commit. */
export interface NotificationCreatedPayload {
  notificationId: string;
}
