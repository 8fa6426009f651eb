import { expect } from 'expect';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { RedisThrottlerStorage } from '../../src/common/http/redis-throttler.storage';
import { TestApp } from '../support/app';
import { bearer, randomEmail, randomIp, randomPhone, startAppWithOwner } from './helpers';

describe('auth rate limits (AUTH_RATE_LIMIT=3 per minute)', () => {
  let t: TestApp;
  let ownerToken: string;
  before(async () => {
    // A prefix of its own (under the run's), so that these low limits never meet another suite's requests.
    const app = await startAppWithOwner({
      AUTH_RATE_LIMIT: '3',
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}:ratelimit-${randomBytes(3).toString('hex')}`,
    });
    t = app.t;
    ownerToken = app.owner.accessToken;
  });
  after(() => t.close());

  const login = (phone: string, ip: string) =>
    t.http.post('/v1/store/auth/login').set('x-forwarded-for', ip).send({ phone, password: 'correct-horse-42' });
  // Each from an IP of its own, so that only the phone's count matters.
  const register = async (phone = randomPhone()) => {
    const res = await t.http
      .post('/v1/store/auth/register')
      .set('x-forwarded-for', randomIp())
      .send({ phone, password: 'correct-horse-42' })
      .expect(201);
    return { phone, refreshToken: res.body.refreshToken as string };
  };

  it('allows 3 logins per phone per minute, from any IP; the 4th is 429 with Retry-After', async () => {
    const { phone } = await register();
    for (let i = 0; i < 3; i++) await login(phone, randomIp()).expect(200);
    const limited = await login(phone, randomIp()).expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another phone is not held up.
    const other = await register();
    await login(other.phone, randomIp()).expect(200);
  });

  it('allows 3 logins per IP per minute, whatever the phone', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++) await login(randomPhone(), ip).expect(401);
    const limited = await login(randomPhone(), ip).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts wrong passwords too, and limits staff login per email', async () => {
    const email = randomEmail();
    const password = 'staff-password-123';
    await t.http.post('/v1/admin/staff').set(bearer(ownerToken)).send({ email, name: 'Clerk', password }).expect(201);
    const staffLogin = (body: object) => t.http.post('/v1/admin/auth/login').set('x-forwarded-for', randomIp()).send(body);
    for (let i = 0; i < 3; i++) await staffLogin({ email, password: 'wrong-password' }).expect(401);
    // Even the right password waits now (the email in another case is the same account).
    const limited = await staffLogin({ email: email.toUpperCase(), password }).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another staff email is unaffected.
    await staffLogin({ email: randomEmail(), password: 'wrong-password' }).expect(401);
  });

  it('limits registration, SMS codes and SMS login per phone as well', async () => {
    const phone = randomPhone();
    const smsLogin = () =>
      t.http.post('/v1/store/auth/sms-login').set('x-forwarded-for', randomIp()).send({ phone, code: '000000' });
    for (let i = 0; i < 3; i++) await smsLogin().expect(401);
    await smsLogin().expect(429);

    const registerPhone = randomPhone();
    const register = () =>
      t.http
        .post('/v1/store/auth/register')
        .set('x-forwarded-for', randomIp())
        .send({ phone: registerPhone, password: 'correct-horse-42' });
    await register().expect(201);
    await register().expect(409);
    await register().expect(409);
    await register().expect(429);

    const smsPhone = randomPhone();
    const send = () =>
      t.http.post('/v1/store/auth/sms-codes').set('x-forwarded-for', randomIp()).send({ phone: smsPhone, purpose: 'login' });
    await send().expect(202);
    await send().expect(429); // the 60 s resend cooldown
    await send().expect(429);
    const limited = await send().expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });

  it('leaves other routes alone', async () => {
    let token = (await register()).refreshToken;
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post('/v1/store/auth/refresh')
        .set('x-forwarded-for', '10.0.0.1')
        .send({ refreshToken: token })
        .expect(200);
      token = res.body.refreshToken;
    }
  });
});

describe('the Redis rate-limit storage', () => {
  let redis: Redis;
  const prefix = `${process.env.REDIS_PREFIX}:throttle-unit-${randomBytes(3).toString('hex')}`;
  before(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  after(() => redis.quit());

  it('counts hits in a window and blocks past the limit for the block duration', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix);
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await storage.increment('k', 60_000, 3, 30_000, 'ip'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(hits[0].timeToExpire).toBe(60);
    expect(hits[3].timeToBlockExpire).toBe(30);
    // While blocked, hits are not counted further.
    const blocked = await storage.increment('k', 60_000, 3, 30_000, 'ip');
    expect(blocked).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(await redis.pttl(`${prefix}:{ip:k}:hits`)).toBeGreaterThan(59_000);
  });

  it('counts concurrent hits exactly', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix);
    const hits = await Promise.all(Array.from({ length: 20 }, () => storage.increment('burst', 60_000, 10, 60_000, 'ip')));
    expect(hits.filter((h) => !h.isBlocked)).toHaveLength(10);
  });

  it('fails open when Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      const storage = new RedisThrottlerStorage(dead, prefix);
      const record = await storage.increment('k', 60_000, 1, 60_000, 'ip');
      expect(record).toMatchObject({ isBlocked: false, totalHits: 0 });
    } finally {
      dead.disconnect();
    }
  });
});
