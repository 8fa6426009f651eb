import { expect } from 'expect';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net, { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { startApp, TestApp } from '../support/app';
import {
  assertRunning,
  connect,
  deliveryReport,
  domainEventsQueue,
  lockWaiters,
  publishMany,
  waitFor,
} from '../outbox/support/helpers';
import { EFFECTS_TABLE, isolated, Isolated } from '../outbox/support/isolated';

const dist = join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

interface Answer {
  status: number;
  body: string;
  contentLength: number;
}

function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // One connection per request, as separate clients would have.
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, contentLength: Number(res.headers['content-length']) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Collects a child's JSON log lines (pino) so a test can wait for one. */
function logLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  return lines;
}

describe('graceful shutdown on SIGTERM', () => {
  let iso: Isolated;
  let api: TestApp;
  let lock: Client;
  const children: ChildProcess[] = [];

  before(async () => {
    iso = await isolated('ops_shutdown');
    api = await startApp(iso.overrides);
    lock = await connect(iso.databaseUrl);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await lock?.end();
    await api?.close();
    await iso?.drop();
  });

  it('answers every in-flight request completely, then exits 0', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [join(dist, 'src', 'main.js')], {
      env: { ...process.env, ...iso.overrides, PORT: String(port), WORKERS: 'off', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(server);
    await waitFor(
      async () => {
        assertRunning(server, 'the server');
        return get(port, '/metrics').then(
          (a) => a.status,
          () => 0,
        );
      },
      (status) => status === 200,
      { what: 'the server to answer' },
    );

    // Each scrape counts unpublished outbox events; an exclusive lock on that table holds every
    // request inside its handler for as long as the test wants, without any timing.
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE outbox_events IN ACCESS EXCLUSIVE MODE');
    const settled = new Set<number>();
    const requests = Array.from({ length: 8 }, (_, i) => get(port, '/metrics').finally(() => settled.add(i)));
    await waitFor(
      () => lockWaiters(lock, 'SELECT count(*)::int AS n FROM outbox_events'),
      (pids) => pids.length === 8,
      { what: 'all requests to be in flight' },
    );

    server.kill('SIGTERM');
    const exited = once(server, 'exit');
    // The listener is closed: the server is shutting down while the eight requests are still open.
    await waitFor(() => refusesConnections(port), Boolean, { what: 'the listener to close' });
    expect(settled.size).toBe(0);
    expect(server.exitCode).toBeNull();

    await lock.query('COMMIT');
    const answers = await Promise.all(requests);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(Buffer.byteLength(answer.body)).toBe(answer.contentLength);
      expect(answer.body).toMatch(/^outbox_unpublished_events \d+$/m);
    }
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('lets a worker finish its running job before it exits 0', async () => {
    await lock.query('BEGIN');
    // Holds the test handler's insert: the job is running, and stays so until the COMMIT below.
    await lock.query(`LOCK TABLE ${EFFECTS_TABLE} IN SHARE MODE`);
    const worker = spawn(process.execPath, [join(dist, 'test', 'outbox', 'support', 'probe-worker.js')], {
      env: { ...process.env, ...iso.overrides, LOG_LEVEL: 'info', PROBE_EVENT_TYPE: 'test.shutdown-drain' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(worker);
    const logs = logLines(worker);
    const [id] = await publishMany(api.app, 'test.shutdown-drain', 1);
    await waitFor(
      async () => {
        assertRunning(worker, 'the worker');
        return lockWaiters(lock, `INSERT INTO ${EFFECTS_TABLE}`);
      },
      (pids) => pids.length === 1,
      { what: 'the handler to run' },
    );

    worker.kill('SIGTERM');
    const exited = once(worker, 'exit');
    await waitFor(async () => logs.some((line) => line.includes('running jobs finish first')), Boolean, {
      what: 'the worker to start draining',
    });
    expect(worker.exitCode).toBeNull();

    await lock.query('COMMIT');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(await deliveryReport(api.db, 'test.record-effect', [id])).toEqual({ once: 1, duplicated: [], missing: 0 });
    const job = await domainEventsQueue(api.app).getJob(id);
    expect(job?.finishedOn).toBeDefined();
    expect(job?.returnvalue).toEqual({ handled: ['test.record-effect'], skipped: [] });
  });
});
