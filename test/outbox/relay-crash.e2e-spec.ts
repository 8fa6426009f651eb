import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { startApp, TestApp } from '../support/app';
import {
  connect,
  deliveryReport,
  domainEventsQueue,
  jobsOf,
  lockWaiters,
  publishMany,
  recordEffect,
  startWorkerApp,
  unpublishedCount,
  waitFor,
  WorkerApp,
} from './support/helpers';
import { isolated, Isolated } from './support/isolated';

const CONSUMER = 'test.record-effect';
const TYPE = 'test.relay-crash';
const subscribe = (bus: Parameters<Parameters<typeof startWorkerApp>[1]>[0]) =>
  bus.subscribe(TYPE, CONSUMER, (event, em) => recordEffect(em, event, CONSUMER));

describe('outbox relay crash between queue add and commit', () => {
  let iso: Isolated;
  let api: TestApp;
  let lock: Client;
  const open: WorkerApp[] = [];

  before(async () => {
    iso = await isolated('outbox_crash');
    api = await startApp(iso.overrides);
    lock = await connect(iso.databaseUrl);
  });
  after(async () => {
    await lock?.end();
    await Promise.all(open.map((w) => w.close()));
    await api?.close();
    await iso?.drop();
  });

  it('delivers each event exactly once after the relay transaction dies and a new worker takes over', async () => {
    const ids = await publishMany(api.app, TYPE, 50);
    const queue = domainEventsQueue(api.app);

    // A SHARE lock lets the relay claim rows (FOR UPDATE) and queue them, but holds its UPDATE of
    // published_at: the relay is stopped exactly between the queue add and its commit.
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE outbox_events IN SHARE MODE');
    // A long poll interval keeps this relay from retrying before the test stops it; the first batch runs at start.
    const first = await startWorkerApp({ ...iso.overrides, OUTBOX_POLL_MS: '60000' }, subscribe);
    open.push(first);
    const [relayPid] = await waitFor(
      () => lockWaiters(lock, 'UPDATE outbox_events SET published_at'),
      (pids) => pids.length === 1,
      { what: 'the relay to wait on its published mark' },
    );
    // Meanwhile the queued events are consumed.
    await waitFor(
      () => deliveryReport(api.db, CONSUMER, ids),
      (r) => r.missing === 0,
      { what: 'first delivery' },
    );
    expect(await unpublishedCount(api.db, ids)).toBe(50);

    // The relay's database connection dies mid-transaction: its claim and published mark roll back.
    await lock.query('SELECT pg_terminate_backend($1)', [relayPid]);
    await waitFor(
      () => lockWaiters(lock, 'UPDATE outbox_events SET published_at'),
      (pids) => pids.length === 0,
      { what: 'the relay transaction to end' },
    );
    open.splice(open.indexOf(first), 1);
    await first.close();
    expect(await unpublishedCount(api.db, ids)).toBe(50);

    // Half of the first jobs have left Redis (as removeOnComplete does with age), so re-adding them
    // creates new jobs that the consumer must recognise; the other half BullMQ dedupes by job id.
    const removed = ids.slice(0, 25);
    await Promise.all(removed.map((id) => queue.remove(id)));
    await lock.query('COMMIT');

    const second = await startWorkerApp(iso.overrides, subscribe);
    open.push(second);
    await waitFor(
      () => unpublishedCount(api.db, ids),
      (n) => n === 0,
      { what: 'the second relay to publish' },
    );
    const redelivered = await waitFor(
      () => jobsOf(queue, removed),
      (jobs) => jobs.every((job) => job?.finishedOn),
      { what: 're-added jobs to finish' },
    );
    expect(redelivered.every((job) => job!.returnvalue?.skipped?.includes(CONSUMER))).toBe(true);
    expect(await deliveryReport(api.db, CONSUMER, ids)).toEqual({ once: 50, duplicated: [], missing: 0 });
  });
});
