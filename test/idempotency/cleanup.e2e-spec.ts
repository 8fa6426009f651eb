import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { DELETE_EXPIRED_KEYS_JOB } from '../../src/common/idempotency/jobs/idempotency-cleanup.processor';
import { QueueName } from '../../src/common/queue/queue-names';
import { startApp, TestApp } from '../support/app';

describe('expired Idempotency-Key cleanup (workers)', () => {
  let t: TestApp;
  const expired = randomUUID();
  const live = randomUUID();

  before(async () => {
    // Rows first, workers second: the scheduler's first run is due as soon as it starts.
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    for (const [key, expiresAt] of [
      [expired, "now() - interval '1 second'"],
      [live, "now() + interval '1 hour'"],
    ]) {
      await db.query(
        `INSERT INTO idempotency_keys (scope, key, method, route, request_hash, state, response_status, response_body, expires_at)
         VALUES ('anonymous:192.0.2.2', $1, 'POST', '/x', 'h', 'completed', 201, '{}', ${expiresAt})`,
        [key],
      );
    }
    await db.end();
    t = await startApp({}, { workers: true });
  });
  after(() => t.close());

  const exists = async (key: string) =>
    Number((await t.db.query(`SELECT count(*) FROM idempotency_keys WHERE key = $1`, [key]))[0].count) === 1;

  it('schedules one hourly job that deletes expired keys and keeps live ones', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.IdempotencyCleanup));
    let scheduler = await queue.getJobScheduler(DELETE_EXPIRED_KEYS_JOB);
    for (let i = 0; !scheduler && i < 50; i++) {
      await sleep(100);
      scheduler = await queue.getJobScheduler(DELETE_EXPIRED_KEYS_JOB);
    }
    expect(scheduler).toMatchObject({ every: 3600_000 });

    for (let i = 0; (await exists(expired)) && i < 100; i++) await sleep(100);
    expect(await exists(expired)).toBe(false);
    expect(await exists(live)).toBe(true);
  });
});
