import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { expect } from 'expect';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { startApp, TestApp } from '../support/app';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

// Polls until the answer satisfies `done`; returns the last answer (reconnect back-off is up to 2 s).
async function until(get: () => Promise<Response>, done: (res: Response) => boolean, timeoutMs = 15_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let res = await get();
  while (!done(res) && Date.now() < deadline) {
    await sleep(200);
    res = await get();
  }
  return res;
}

/** A throwaway Redis that the test can kill and bring back on the same port. */
class ThrowawayRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    this.child = child;
    let output = '';
    child.stdout!.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child.stdout!.on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
    });
    child.stdout!.resume();
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.removeAllListeners('exit');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

const health = (t: TestApp) => () => t.http.get('/health');

describe('health checks, with Redis going down and coming back', () => {
  let t: TestApp;
  let redis: ThrowawayRedis;

  before(async () => {
    redis = new ThrowawayRedis(await freePort());
    // Started while nothing listens on the port: start-up must not wait for Redis.
    t = await startApp({ REDIS_URL: `redis://127.0.0.1:${redis.port}` });
  });
  after(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('starts without Redis: alive, but not ready, naming redis', async () => {
    const live = await t.http.get('/health/live').expect(200);
    expect(live.body).toEqual({ status: 'ok' });

    const res = await health(t)().expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'Unhealthy: redis',
      health: 'error',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down' } },
    });
    expect(res.body.error.database).toBeUndefined();
  });

  it('is ready once Redis answers', async () => {
    await redis.start();
    const res = await until(health(t), (r) => r.status === 200);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
      error: {},
    });
  });

  it('answers 503 naming redis within the timeout when Redis dies', async () => {
    await redis.kill();
    const res = await until(health(t), (r) => r.status === 503);
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({ redis: expect.objectContaining({ status: 'down' }) });
    expect(res.body.info.database.status).toBe('up');

    const started = Date.now();
    await health(t)().expect(503);
    expect(Date.now() - started).toBeLessThan(1500);
    await t.http.get('/health/live').expect(200);
  });

  it('is ready again when Redis comes back on the same port', async () => {
    await redis.start();
    const res = await until(health(t), (r) => r.status === 200);
    expect(res.status).toBe(200);
    expect(res.body.info.redis.status).toBe('up');
  });
});

describe('health checks, with the database going away', () => {
  let t: TestApp;
  let admin: Client;
  const url = new URL(process.env.DATABASE_URL!);
  const name = `${url.pathname.slice(1)}_health_${randomBytes(3).toString('hex')}`;
  url.pathname = `/${name}`;

  before(async () => {
    const adminUrl = new URL(url);
    adminUrl.pathname = '/postgres';
    admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    // The app creates the scratch database and migrates it, as on a fresh install.
    t = await startApp({ DATABASE_URL: url.toString(), MIGRATIONS_RUN: 'true', DATABASE_POOL_SIZE: '2' });
  });
  after(async () => {
    await t?.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('answers 503 naming the database while it is gone, and 200 once it is back', async () => {
    await health(t)().expect(200);

    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    const down = await until(health(t), (r) => r.status === 503);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      detail: 'Unhealthy: database',
      error: { database: { status: 'down' } },
      info: { redis: { status: 'up' } },
    });
    await t.http.get('/health/live').expect(200);

    await admin.query(`CREATE DATABASE "${name}"`);
    const up = await until(health(t), (r) => r.status === 200);
    expect(up.status).toBe(200);
  });
});
