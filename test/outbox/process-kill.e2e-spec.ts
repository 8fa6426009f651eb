import { expect } from 'expect';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Client } from 'pg';
import { startApp, TestApp } from '../support/app';
import {
  assertRunning,
  connect,
  deliveryReport,
  domainEventsQueue,
  lockWaiters,
  publishMany,
  unpublishedCount,
  waitFor,
} from './support/helpers';
import { isolated, Isolated } from './support/isolated';

const TYPE = 'test.process-kill';
const CONSUMER = 'test.record-effect';
const EVENTS = 1000;

function spawnWorker(iso: Isolated): ChildProcess {
  const child = spawn(process.execPath, [join(__dirname, 'support', 'probe-worker.js')], {
    env: { ...process.env, ...iso.overrides, LOG_LEVEL: 'warn', PROBE_EVENT_TYPE: TYPE, PROBE_CONSUMER: CONSUMER },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

describe('outbox delivery across a killed worker process', () => {
  let iso: Isolated;
  let api: TestApp;
  let lock: Client;
  const children: ChildProcess[] = [];

  before(async () => {
    iso = await isolated('outbox_kill');
    api = await startApp(iso.overrides);
    lock = await connect(iso.databaseUrl);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await lock?.end();
    await api?.close();
    await iso?.drop();
  });

  it('delivers every event exactly once after SIGKILL between the queue add and the commit', async (t) => {
    const ids = await publishMany(api.app, TYPE, EVENTS);
    const queue = domainEventsQueue(api.app);

    // Hold the relay's published mark (see relay-crash): the process is killed with a batch queued
    // but not committed, while its consumer is busy with those jobs.
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE outbox_events IN SHARE MODE');
    const first = spawnWorker(iso);
    children.push(first);
    await waitFor(
      async () => {
        assertRunning(first, 'the first worker');
        return lockWaiters(lock, 'UPDATE outbox_events SET published_at');
      },
      (pids) => pids.length === 1,
      { what: 'the relay to wait on its published mark' },
    );
    await waitFor(
      () => deliveryReport(api.db, CONSUMER, ids),
      (r) => r.once > 0,
      { what: 'the consumer to start' },
    );

    first.kill('SIGKILL');
    await once(first, 'exit');
    expect(first.signalCode).toBe('SIGKILL');
    expect(await unpublishedCount(api.db, ids)).toBe(EVENTS);
    const counts = await queue.getJobCounts('waiting', 'active', 'completed');
    expect(counts.waiting + counts.active + counts.completed).toBeGreaterThan(0);
    t.diagnostic(`jobs when the worker was killed: ${JSON.stringify(counts)}`);

    await lock.query('COMMIT');
    const second = spawnWorker(iso);
    children.push(second);
    // Jobs the killed process held are recovered by the stalled-job check once their lock expires.
    const report = await waitFor(
      async () => {
        assertRunning(second, 'the second worker');
        return deliveryReport(api.db, CONSUMER, ids);
      },
      (r) => r.missing === 0 || r.duplicated.length > 0,
      { timeoutMs: 90_000, intervalMs: 250, what: 'every event to be delivered' },
    );
    expect(report).toEqual({ once: EVENTS, duplicated: [], missing: 0 });
    expect(await unpublishedCount(api.db, ids)).toBe(0);
    const left = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    expect(left).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });

    second.kill('SIGTERM');
    const [code] = await once(second, 'exit');
    expect(code).toBe(0);
    expect(await deliveryReport(api.db, CONSUMER, ids)).toEqual({ once: EVENTS, duplicated: [], missing: 0 });
  });
});
