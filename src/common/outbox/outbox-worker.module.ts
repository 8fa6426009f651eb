import { Module } from '@nestjs/common';
import { DomainEventsProcessor } from './domain-events.processor';
import { OutboxRelay } from './outbox.relay';

/** The relay and the `domain-events` consumer; imported only by processes that run workers. */
@Module({
  providers: [OutboxRelay, DomainEventsProcessor],
})
export class OutboxWorkerModule {}
