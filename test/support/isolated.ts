import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '../../src/common/database';
import { AppStartOptions, startApp, TestApp } from './app';

export interface IsolatedStore {
  databaseUrl: string;
  redisPrefix: string;
  /** Environment overrides for startApp and for spawned processes. */
  overrides: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A database and Redis prefix of a suite's own, migrated like the run's. Suites whose workers must
 * not share the outbox and queues with the other suites' apps need one: a relay or worker of another
 * suite running at the same time would take their events or jobs without their handlers or settings.
 * The Redis prefix sits under the run's, so the run's teardown removes its keys.
 */
export async function isolatedStore(label = randomBytes(4).toString('hex')): Promise<IsolatedStore> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${label}`;
  const databaseUrl = url.toString();
  const redisPrefix = `${process.env.REDIS_PREFIX}:${label}`;
  await ensureDatabase(databaseUrl);
  const migrator = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
  try {
    await migrator.runMigrations({ transaction: 'each' });
  } finally {
    await migrator.destroy();
  }
  return {
    databaseUrl,
    redisPrefix,
    overrides: { DATABASE_URL: databaseUrl, REDIS_PREFIX: redisPrefix, MIGRATIONS_RUN: 'false' },
    drop: () => (process.env.KEEP_TEST_DATABASE ? Promise.resolve() : dropDatabase(databaseUrl)),
  };
}

/** The app on a store of its own, dropped when the app closes. */
export async function startIsolatedApp(overrides: Record<string, string> = {}, options: AppStartOptions = {}): Promise<TestApp> {
  const store = await isolatedStore();
  let t: TestApp;
  try {
    t = await startApp({ ...overrides, ...store.overrides }, options);
  } catch (error) {
    await store.drop();
    throw error;
  }
  return {
    ...t,
    close: async () => {
      await t.close();
      await store.drop();
    },
  };
}
