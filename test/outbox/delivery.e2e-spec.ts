import { WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService } from '@nestjs/core';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../src/common/database';
import { OutboxService } from '../../src/common/outbox';
import { OutboxRelay } from '../../src/common/outbox/outbox.relay';
import { startApp, TestApp } from '../support/app';
import {
  deliveryReport,
  domainEventsQueue,
  jobsOf,
  publishMany,
  recordEffect,
  startWorkerApp,
  unpublishedCount,
  waitFor,
  WorkerApp,
} from './support/helpers';
import { isolated, Isolated } from './support/isolated';

const CONSUMER = 'test.record-effect';

describe('outbox delivery', () => {
  let iso: Isolated;
  let api: TestApp;
  const workers: WorkerApp[] = [];

  before(async () => {
    iso = await isolated('outbox_delivery');
    api = await startApp({ ...iso.overrides, OUTBOX_POLL_MS: '50' });
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await api?.close();
    await iso?.drop();
  });

  const startWorker = async (subscribe: Parameters<typeof startWorkerApp>[1], overrides: Record<string, string> = {}) => {
    const worker = await startWorkerApp({ ...iso.overrides, OUTBOX_POLL_MS: '50', ...overrides }, subscribe);
    workers.push(worker);
    return worker;
  };
  const stop = async (worker: WorkerApp) => {
    workers.splice(workers.indexOf(worker), 1);
    await worker.close();
  };

  it('refuses to write an event outside a transaction', async () => {
    const outbox = api.app.get(OutboxService);
    await expect(outbox.publish(api.db.manager, 'test.outside', { n: 1 })).rejects.toThrow(/open transaction/);
  });

  it('runs no relay and no queue worker in an API-only process', async () => {
    // Looked up through discovery: app.get() of a missing provider would abort the process.
    const hosts = api.app
      .get(DiscoveryService)
      .getProviders()
      .filter((wrapper) => wrapper.instance instanceof WorkerHost || wrapper.instance instanceof OutboxRelay)
      .map((wrapper) => wrapper.name);
    expect(hosts).toEqual([]);
  });

  it('keeps events committed while no relay runs, then delivers each exactly once when a worker starts', async () => {
    const ids = await publishMany(api.app, 'test.no-relay', 20);
    // Several poll intervals of the API app pass: nothing relays in an API-only process.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await unpublishedCount(api.db, ids)).toBe(20);
    expect((await jobsOf(domainEventsQueue(api.app), ids)).filter(Boolean)).toEqual([]);

    const worker = await startWorker((bus) =>
      bus.subscribe('test.no-relay', CONSUMER, (event, em) => recordEffect(em, event, CONSUMER)),
    );
    await waitFor(
      () => deliveryReport(api.db, CONSUMER, ids),
      (r) => r.missing === 0,
      { what: 'delivery' },
    );
    await waitFor(
      async () => (await jobsOf(domainEventsQueue(api.app), ids)).filter((job) => job?.finishedOn).length,
      (n) => n === ids.length,
      { what: 'jobs to finish' },
    );
    expect(await deliveryReport(api.db, CONSUMER, ids)).toEqual({ once: 20, duplicated: [], missing: 0 });
    const rows = await api.db.query('SELECT published_at, attempts FROM outbox_events WHERE id = ANY($1::uuid[])', [ids]);
    expect(rows.every((r: { published_at: Date | null; attempts: number }) => r.published_at && r.attempts === 1)).toBe(true);
    const [{ n }] = await api.db.query(
      'SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::uuid[])',
      [CONSUMER, ids],
    );
    expect(n).toBe(20);
    await stop(worker);
  });

  it('delivers 200 events exactly once with two relays and consumers side by side, and skips a job run twice', async () => {
    const subscribe = (bus: Parameters<Parameters<typeof startWorkerApp>[1]>[0]) =>
      bus.subscribe('test.two-relays', CONSUMER, (event, em) => recordEffect(em, event, CONSUMER));
    const [first, second] = [await startWorker(subscribe), await startWorker(subscribe)];
    // Four writers at once, so that both relays find fresh rows while the others are still committing.
    const ids = (
      await Promise.all([0, 1, 2, 3].map(() => publishMany(api.app, 'test.two-relays', 50, { perTransaction: 10 })))
    ).flat();
    expect(ids).toHaveLength(200);

    await waitFor(
      () => deliveryReport(api.db, CONSUMER, ids),
      (r) => r.missing === 0,
      { what: 'delivery' },
    );
    expect(await deliveryReport(api.db, CONSUMER, ids)).toEqual({ once: 200, duplicated: [], missing: 0 });
    // SKIP LOCKED: no event was claimed by both relays, so each was queued by exactly one publish.
    const attempts = await api.db.query('SELECT DISTINCT attempts FROM outbox_events WHERE id = ANY($1::uuid[])', [ids]);
    expect(attempts).toEqual([{ attempts: 1 }]);

    // The same events again under new job ids, as after the first jobs were removed from Redis.
    const queue = domainEventsQueue(api.app);
    const originals = await jobsOf(queue, ids);
    await queue.addBulk(originals.map((job) => ({ name: job!.name, data: job!.data, opts: { jobId: `again-${job!.id}` } })));
    const again = await waitFor(
      () =>
        jobsOf(
          queue,
          ids.map((id) => `again-${id}`),
        ),
      (jobs) => jobs.every((job) => job?.finishedOn),
      { what: 'repeated jobs to finish' },
    );
    expect(again.every((job) => job!.returnvalue?.skipped?.includes(CONSUMER))).toBe(true);
    expect(await deliveryReport(api.db, CONSUMER, ids)).toEqual({ once: 200, duplicated: [], missing: 0 });
    await Promise.all([stop(first), stop(second)]);
  });

  it('retries a failing handler without running the handlers that already succeeded again', async () => {
    const failedOnce = new Set<string>();
    const worker = await startWorker((bus) => {
      bus.subscribe('test.flaky', 'test.steady-consumer', (event, em) => recordEffect(em, event, 'test.steady-consumer'));
      bus.subscribe('test.flaky', 'test.flaky-consumer', async (event, em) => {
        // Writes, then fails the first time: the write must roll back with it.
        await recordEffect(em, event, 'test.flaky-consumer');
        if (!failedOnce.has(event.id)) {
          failedOnce.add(event.id);
          throw new Error('flaky handler fails its first attempt');
        }
      });
    });
    const ids = await publishMany(worker.app, 'test.flaky', 3);
    const queue = domainEventsQueue(worker.app);
    const jobs = await waitFor(
      () => jobsOf(queue, ids),
      (all) => all.every((job) => job?.finishedOn),
      { what: 'jobs to succeed after a retry' },
    );
    expect(jobs.map((job) => job!.attemptsMade)).toEqual([2, 2, 2]);
    expect(jobs.map((job) => job!.returnvalue)).toEqual(
      ids.map(() => ({ handled: ['test.flaky-consumer'], skipped: ['test.steady-consumer'] })),
    );
    expect(await deliveryReport(worker.db, 'test.steady-consumer', ids)).toEqual({ once: 3, duplicated: [], missing: 0 });
    expect(await deliveryReport(worker.db, 'test.flaky-consumer', ids)).toEqual({ once: 3, duplicated: [], missing: 0 });
    await stop(worker);
  });

  it('reports the delivery latency from commit to handler', async (t) => {
    const ranAt = new Map<string, number>();
    const worker = await startWorker(
      (bus) =>
        bus.subscribe('test.latency', CONSUMER, async (event, em) => {
          await recordEffect(em, event, CONSUMER);
          ranAt.set(event.id, Date.now());
        }),
      { OUTBOX_POLL_MS: '250' },
    );
    const measure = async (publisher: { app: WorkerApp['app'] }) => {
      const samples: number[] = [];
      for (let i = 0; i < 15; i++) {
        const event = await inTransaction(publisher.app.get(DataSource), (em) =>
          publisher.app.get(OutboxService).publish(em, 'test.latency', { i }),
        );
        const committedAt = Date.now();
        await waitFor(async () => ranAt.get(event.id), Boolean, { intervalMs: 2, what: 'handler' });
        samples.push(ranAt.get(event.id)! - committedAt);
      }
      samples.sort((a, b) => a - b);
      return { medianMs: samples[Math.floor(samples.length / 2)], maxMs: samples[samples.length - 1] };
    };
    // Committed in the worker's own process: the relay is woken right after the commit.
    const inProcess = await measure(worker);
    // Committed in an API-only process: the relay finds it at its next poll (OUTBOX_POLL_MS=250).
    const crossProcess = await measure(api);
    t.diagnostic(`delivery latency, woken in process: ${JSON.stringify(inProcess)}`);
    t.diagnostic(`delivery latency, found by polling every 250 ms: ${JSON.stringify(crossProcess)}`);
    expect(ranAt.size).toBe(30);
    await stop(worker);
  });
});
