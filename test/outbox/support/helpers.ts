import type { ChildProcess } from 'node:child_process';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Job, Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { createApp } from '../../../src/bootstrap';
import { inTransaction } from '../../../src/common/database';
import { DomainEvent, DomainEventJob, EventBus, OutboxService } from '../../../src/common/outbox';
import { QueueName } from '../../../src/common/queue/queue-names';
import { loadEnvironment } from '../../../src/config/environment';
import { EFFECTS_TABLE } from './isolated';

/** The effect a test subscriber has: one row, written in the handler's transaction. */
export async function recordEffect(em: EntityManager, event: DomainEvent, consumer: string): Promise<void> {
  await em.query(`INSERT INTO ${EFFECTS_TABLE} (event_id, consumer) VALUES ($1, $2)`, [event.id, consumer]);
}

/** How many times each event's effect happened for a consumer. */
export async function effectCounts(db: DataSource, consumer: string, ids: string[]): Promise<Map<string, number>> {
  const rows: { event_id: string; n: number }[] = await db.query(
    `SELECT event_id, count(*)::int AS n FROM ${EFFECTS_TABLE} WHERE consumer = $1 AND event_id = ANY($2::uuid[]) GROUP BY event_id`,
    [consumer, ids],
  );
  return new Map(rows.map((r) => [r.event_id, r.n]));
}

/** Events handled exactly once, handled more than once, not handled yet. */
export async function deliveryReport(db: DataSource, consumer: string, ids: string[]) {
  const counts = await effectCounts(db, consumer, ids);
  return {
    once: ids.filter((id) => counts.get(id) === 1).length,
    duplicated: ids.filter((id) => (counts.get(id) ?? 0) > 1),
    missing: ids.filter((id) => !counts.has(id)).length,
  };
}

export async function publishMany(
  app: INestApplicationContext,
  type: string,
  count: number,
  { perTransaction = 100 }: { perTransaction?: number } = {},
): Promise<string[]> {
  const outbox = app.get(OutboxService);
  const ids: string[] = [];
  for (let start = 0; start < count; start += perTransaction) {
    await inTransaction(app.get(DataSource), async (em) => {
      for (let n = start; n < Math.min(start + perTransaction, count); n++) {
        ids.push((await outbox.publish(em, type, { n })).id);
      }
    });
  }
  return ids;
}

export async function unpublishedCount(db: DataSource, ids: string[]): Promise<number> {
  const [row] = await db.query(
    'SELECT count(*)::int AS n FROM outbox_events WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
    [ids],
  );
  return row.n;
}

export function domainEventsQueue(app: INestApplicationContext): Queue<DomainEventJob> {
  return app.get(getQueueToken(QueueName.DomainEvents), { strict: false });
}

export async function jobsOf(queue: Queue<DomainEventJob>, ids: string[]): Promise<(Job<DomainEventJob> | undefined)[]> {
  return Promise.all(ids.map((id) => queue.getJob(id)));
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface WorkerApp {
  app: NestFastifyApplication;
  db: DataSource;
  close(): Promise<void>;
}

/**
 * The real app with workers on. Handlers are subscribed between creation and init, where a
 * module's onModuleInit would subscribe them; the consumer starts only after that.
 */
export async function startWorkerApp(overrides: Record<string, string>, subscribe: (bus: EventBus) => void): Promise<WorkerApp> {
  const env = loadEnvironment({ ...process.env, MIGRATIONS_RUN: 'false', ...overrides });
  const app = await createApp(env, { workers: true });
  subscribe(app.get(EventBus));
  await app.init();
  return { app, db: app.get(DataSource), close: () => app.close() };
}

/** A plain connection for locks and inspection, outside the app's pool. */
export async function connect(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Backends of this database waiting for a lock while running a statement that starts with `prefix`. */
export async function lockWaiters(client: Client, prefix: string): Promise<number[]> {
  // pg_stat_activity is read once per transaction unless the snapshot is cleared, and `client` may hold one open.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE $1 || '%'`,
    [prefix],
  );
  return rows.map((r: { pid: number }) => r.pid);
}

/** Throws when a spawned process has already exited, so a wait on it fails at once with the reason. */
export function assertRunning(child: ChildProcess, what: string): void {
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`${what} exited early (code ${child.exitCode}, signal ${child.signalCode}); its stderr is above`);
  }
}
