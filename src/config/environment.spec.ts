import { expect } from 'expect';
import { describe, it } from 'node:test';
import { loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('fills the documented defaults', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/commerce',
      REDIS_URL: 'redis://127.0.0.1:6379',
      WORKERS: 'on',
      MIGRATIONS_RUN: true,
    });
    expect(env.seedDemo).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const env = loadEnvironment({ PORT: '8080', MIGRATIONS_RUN: 'false', SEED_DEMO: 'off' });
    expect(env.PORT).toBe(8080);
    expect(env.MIGRATIONS_RUN).toBe(false);
    expect(env.seedDemo).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() => loadEnvironment({ PORT: 'eighty', REDIS_URL: 'localhost', WORKERS: 'maybe' })).toThrow(
      /PORT[\s\S]*REDIS_URL[\s\S]*WORKERS/,
    );
  });

  it('refuses a missing or weak JWT_SECRET in production', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(loadEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).seedDemo).toBe(false);
  });

  it('reads TRUST_PROXY as Fastify takes it', () => {
    expect(loadEnvironment({}).trustProxy).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(loadEnvironment({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadEnvironment({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('wants the first admin email and password together', () => {
    expect(() => loadEnvironment({ ADMIN_EMAIL: 'a@example.com' })).toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD/);
  });
});
