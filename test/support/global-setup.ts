import { randomBytes } from 'node:crypto';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase } from '../../src/common/database';

// One fresh database and Redis prefix per test run, so runs never see each other's rows or keys.
export default async function globalSetup() {
  const id = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/commerce');
  base.pathname = `/commerce_test_${id}`;
  process.env.DATABASE_URL = base.toString();
  process.env.REDIS_PREFIX = `commerce_test_${id}`;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.JWT_SECRET = 'test-secret-that-is-long-enough-for-production-0123456789';
  process.env.AUTH_RATE_LIMIT = process.env.AUTH_RATE_LIMIT ?? '1000';
  process.env.SEED_DEMO = 'off';

  await ensureDatabase(process.env.DATABASE_URL);
  const dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL, 2));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
