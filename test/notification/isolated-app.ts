import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase } from '../../src/common/database';
import { startApp, TestApp } from '../support/app';

/**
 * The app with workers on its own database and Redis prefix. Deliveries depend on the configuration
 * of the worker that runs them (the webhook URL and secret), so a test of them must not share its
 * outbox and queues with the other suites' apps, whose workers have no webhook configured.
 */
export async function startIsolatedApp(overrides: Record<string, string>): Promise<TestApp> {
  const id = randomBytes(4).toString('hex');
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_n${id}`;
  const databaseUrl = url.toString();
  const prefix = `${process.env.REDIS_PREFIX}_n${id}`;
  await ensureDatabase(databaseUrl);
  const migrator = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();

  const cleanUp = async () => {
    await dropDatabase(databaseUrl);
    await deleteKeys(prefix);
  };
  let t: TestApp;
  try {
    t = await startApp({ ...overrides, DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix }, { workers: true });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    ...t,
    close: async () => {
      await t.close();
      await cleanUp();
    },
  };
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
