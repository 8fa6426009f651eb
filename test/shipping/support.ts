import { randomBytes } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { loginStaff, Session } from '../support/auth';
import { startIsolatedApp } from '../support/isolated';

/** Runs `work` and answers the SQL statements the app's data source ran meanwhile. */
export async function countQueries<T>(t: TestApp, work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  const logger = t.db.logger;
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (query, parameters, queryRunner) => {
    queries.push(query);
    return original(query, parameters, queryRunner);
  };
  try {
    return { result: await work(), queries };
  } finally {
    logger.logQuery = original;
  }
}

export const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

export const guangdong = { province: '广东省', city: '深圳市', district: '南山区' };

/**
 * The app with a first admin of its own, and that admin's session. `isolated` gives it a database of
 * its own: suites that change store-wide settings (the default freight template, same-city and
 * cash-on-delivery settings) must not change the shipping that other suites' orders see.
 */
export async function startShippingApp({ isolated = false } = {}): Promise<{ t: TestApp; staff: Session }> {
  const email = `shipping-${randomBytes(4).toString('hex')}@example.com`;
  const password = 'shipping-admin-password';
  const overrides = { ADMIN_EMAIL: email, ADMIN_PASSWORD: password };
  const t = isolated ? await startIsolatedApp(overrides) : await startApp(overrides);
  return { t, staff: await loginStaff(t, email, password) };
}
