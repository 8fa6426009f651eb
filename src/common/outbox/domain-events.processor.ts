import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { inTransaction } from '../database';
import { QueueName } from '../queue/queue-names';
import { DomainEvent, DomainEventJob } from './domain-event';
import { EventBus } from './event-bus';
import { OutboxRepository } from './outbox.repository';

export interface DomainEventResult {
  /** Consumers whose handler ran and committed in this attempt. */
  handled: string[];
  /** Consumers that had already handled the event (an earlier attempt or a redelivery). */
  skipped: string[];
}

/**
 * Runs every subscribed handler for an event, each in its own transaction with its
 * `processed_events` row. A failing handler fails the job, which BullMQ retries with backoff; on
 * the retry the handlers that succeeded are skipped by their row.
 */
@Processor(QueueName.DomainEvents, {
  concurrency: 8,
  // Started in onApplicationBootstrap, once every module has subscribed in onModuleInit.
  autorun: false,
  // A crashed worker's events go back to waiting within ~20 s instead of ~60 s; handlers are short
  // database transactions, so a 10 s lock renewed every 5 s is ample.
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 3,
})
export class DomainEventsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(DomainEventsProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly repository: OutboxRepository,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.run().catch((error: unknown) => this.logger.error({ err: error }, 'domain-events worker stopped'));
  }

  async process(job: Job<DomainEventJob>): Promise<DomainEventResult> {
    const event: DomainEvent = { ...job.data, occurredAt: new Date(job.data.occurredAt) };
    const result: DomainEventResult = { handled: [], skipped: [] };
    const failed: string[] = [];
    for (const { consumer, handler } of this.bus.subscriptions(event.type)) {
      try {
        const ran = await inTransaction(this.dataSource, async (em) => {
          if (!(await this.repository.markProcessed(em, consumer, event.id))) return false;
          await handler(event, em);
          return true;
        });
        (ran ? result.handled : result.skipped).push(consumer);
      } catch (error) {
        // The other consumers still get their turn; this one retries with the job.
        failed.push(consumer);
        this.logger.warn(
          { err: error, eventId: event.id, type: event.type, consumer, attempt: job.attemptsMade + 1 },
          'event handler failed',
        );
      }
    }
    if (failed.length) throw new Error(`${event.type} ${event.id}: ${failed.join(', ')} failed`);
    return result;
  }
}
