export * from './domain-event';
export * from './event-bus';
export * from './outbox.module';
export * from './outbox.service';
