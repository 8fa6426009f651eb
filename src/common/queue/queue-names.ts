/** Every BullMQ queue of the app, in one place. */
export enum QueueName {
  DomainEvents = 'domain-events',
  IdempotencyCleanup = 'idempotency-cleanup',
  NotificationDeliveries = 'notification-deliveries',
  CatalogImports = 'catalog-imports',
  CatalogShelfSchedule = 'catalog-shelf-schedule',
  OrderTimeouts = 'order-timeouts',
  OrderShipmentImports = 'order-shipment-imports',
  PaymentReconcile = 'payment-reconcile',
}

export const ALL_QUEUES = Object.values(QueueName);
