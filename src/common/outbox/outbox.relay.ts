import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/environment';
import { inTransaction } from '../database';
import { QueueName } from '../queue/queue-names';
import { DomainEventJob } from './domain-event';
import { OutboxRepository, OutboxRow } from './outbox.repository';
import { OutboxService } from './outbox.service';

export const RELAY_BATCH_SIZE = 100;
const MAX_BACKOFF_MS = 30_000;

/**
 * Moves committed outbox rows to the `domain-events` queue. Runs in every worker process.
 *
 * A batch is claimed, queued and marked published in one transaction. A crash after the queue add
 * and before the commit leaves the rows unpublished, so they are queued again: the job id is the
 * event id (BullMQ ignores the second add while the first job is kept) and consumers dedupe on
 * `processed_events` when it is not. Delivery is at least once from here, exactly once in effect.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private loop?: Promise<void>;
  private stopping = false;
  private woken = false;
  private wakeUp?: () => void;
  private unsubscribe?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: OutboxRepository,
    @InjectQueue(QueueName.DomainEvents) private readonly queue: Queue<DomainEventJob>,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.outbox.onWake(() => this.wake());
    this.loop = this.run();
  }

  // Before the HTTP server and the connections close: the batch in hand is finished, not abandoned.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.unsubscribe?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.woken = false;
      let relayed = 0;
      try {
        relayed = await this.relayBatch();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error({ err: error, failures }, 'outbox relay failed; retrying');
      }
      if (this.stopping) break;
      // A full batch means more are probably waiting: go again at once.
      if (relayed === RELAY_BATCH_SIZE) continue;
      await this.idle(failures ? Math.min(this.env.OUTBOX_POLL_MS * 2 ** failures, MAX_BACKOFF_MS) : this.env.OUTBOX_POLL_MS);
    }
  }

  private async relayBatch(): Promise<number> {
    let claimed: string[] = [];
    try {
      return await inTransaction(this.dataSource, async (em) => {
        const rows = await this.repository.claimUnpublished(em, RELAY_BATCH_SIZE);
        claimed = rows.map((row) => row.id);
        if (!rows.length) return 0;
        await this.queue.addBulk(rows.map((row) => ({ name: row.type, data: toJob(row), opts: { jobId: row.id } })));
        await this.repository.markPublished(em, claimed);
        return rows.length;
      });
    } catch (error) {
      if (claimed.length) await this.recordFailure(claimed, error);
      throw error;
    }
  }

  // Bookkeeping for operators (attempts, last_error); best effort, and never allowed to wait long on a lock.
  private async recordFailure(ids: string[], error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await inTransaction(this.dataSource, async (em) => {
      await em.query(`SET LOCAL lock_timeout = '2s'`);
      await this.repository.recordFailure(em, ids, message.slice(0, 2000));
    }).catch((bookkeeping: unknown) => this.logger.warn({ err: bookkeeping }, 'could not record the relay failure'));
  }

  private idle(ms: number): Promise<void> {
    if (this.woken || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }
}

function toJob(row: OutboxRow): DomainEventJob {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.created_at.toISOString(),
    aggregateId: row.aggregate_id,
    payload: row.payload,
  };
}
