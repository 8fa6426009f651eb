import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** Publishing and subscribing; present in every process. The relay and the consumer are in OutboxWorkerModule. */
@Global()
@Module({
  providers: [OutboxService, OutboxRepository, EventBus, OutboxCommitSubscriber, OutboxMetrics],
  exports: [OutboxService, OutboxRepository, EventBus],
})
export class OutboxModule {}
