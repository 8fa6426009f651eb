import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase } from '../../../src/common/database';

export const EFFECTS_TABLE = 'test_outbox_effects';

export interface Isolated {
  databaseUrl: string;
  redisPrefix: string;
  /** Environment overrides for startApp and for spawned processes. */
  overrides: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A database and Redis prefix of this suite's own, migrated like the run's. Tests that subscribe
 * handlers need it: a relay or worker of another suite running at the same time on the shared
 * database and queue would otherwise take their events and hand them to an app without those handlers.
 * The Redis prefix sits under the run's, so the run's teardown removes its keys.
 */
export async function isolated(label: string): Promise<Isolated> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `${url.pathname}_${label}`;
  const databaseUrl = url.toString();
  const redisPrefix = `${process.env.REDIS_PREFIX}:${label}`;
  await ensureDatabase(databaseUrl);
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    // What test subscribers write: no unique key, so a handler that ran twice shows as two rows.
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${EFFECTS_TABLE} (event_id uuid NOT NULL, consumer text NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
  } finally {
    await dataSource.destroy();
  }
  return {
    databaseUrl,
    redisPrefix,
    overrides: { DATABASE_URL: databaseUrl, REDIS_PREFIX: redisPrefix, MIGRATIONS_RUN: 'false' },
    async drop() {
      if (process.env.KEEP_TEST_DATABASE) return;
      const admin = new URL(databaseUrl);
      const name = admin.pathname.slice(1);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
