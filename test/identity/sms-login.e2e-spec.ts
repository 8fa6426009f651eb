import { expect } from 'expect';
import type Redis from 'ioredis';
import { after, before, describe, it } from 'node:test';
import { REDIS } from '../../src/common/redis/redis.module';
import { LoggingSmsSender, SMS_SENDER } from '../../src/modules/identity/sms/sms-sender';
import { startApp, TestApp } from '../support/app';
import { bearer, randomPhone, registerCustomer } from './helpers';

describe('SMS-code login', () => {
  let t: TestApp;
  let sms: LoggingSmsSender;
  before(async () => {
    t = await startApp();
    sms = t.app.get(SMS_SENDER);
  });
  after(() => t.close());

  const sendCode = (phone: string) => t.http.post('/v1/store/auth/sms-codes').send({ phone, purpose: 'login' });
  const smsLogin = (phone: string, code: string) => t.http.post('/v1/store/auth/sms-login').send({ phone, code });
  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('sends a code and logs a new phone in as a new customer without a password', async () => {
    const phone = randomPhone();
    const sent = await sendCode(phone).expect(202);
    expect(sent.body).toEqual({ expiresIn: 300, resendAfter: 60 });
    const code = sms.lastCodeFor(phone)!;
    expect(code).toMatch(/^\d{6}$/);

    const login = await smsLogin(phone, code).expect(200);
    expect(login.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: t.env.JWT_ACCESS_TTL_SECONDS,
    });
    const me = await t.http.get('/v1/store/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ phone, nickname: null });

    const [row] = await t.db.query('SELECT password_hash FROM customers WHERE phone = $1', [phone]);
    expect(row.password_hash).toBeNull();
    // Without a password, password login cannot get in, and the refresh token works like any other.
    await t.http.post('/v1/store/auth/login').send({ phone, password: 'anything-at-all' }).expect(401);
    await t.http.post('/v1/store/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
  });

  it('logs an existing customer into their own account, and a code works once', async () => {
    const customer = await registerCustomer(t);
    const id = (await t.http.get('/v1/store/me').set(bearer(customer.accessToken))).body.id;
    await sendCode(customer.phone).expect(202);
    const code = sms.lastCodeFor(customer.phone)!;
    const login = await smsLogin(customer.phone, code).expect(200);
    expect((await t.http.get('/v1/store/me').set(bearer(login.body.accessToken))).body.id).toBe(id);

    const again = await smsLogin(customer.phone, code).expect(401);
    expect(again.body).toMatchObject({ code: 'INVALID_SMS_CODE', attemptsLeft: 0 });
  });

  it('stores the code hashed under the run prefix, with a 5-minute TTL', async () => {
    const phone = randomPhone();
    await sendCode(phone).expect(202);
    const code = sms.lastCodeFor(phone)!;
    const redis = t.app.get<symbol, Redis>(REDIS);
    const key = `${t.env.REDIS_PREFIX}:sms:login:code:${phone}`;
    const stored = await redis.hgetall(key);
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(code);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('burns the code after 5 wrong tries', async () => {
    const phone = randomPhone();
    await sendCode(phone).expect(202);
    const code = sms.lastCodeFor(phone)!;
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await smsLogin(phone, wrongCode(code)).expect(401);
      expect(res.body.code).toBe('INVALID_SMS_CODE');
      left.push(res.body.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    // The right code no longer helps: a new one must be sent.
    await smsLogin(phone, code).expect(401);
    const [row] = await t.db.query('SELECT count(*)::int AS n FROM customers WHERE phone = $1', [phone]);
    expect(row.n).toBe(0);
  });

  it('counts parallel wrong tries exactly', async () => {
    const phone = randomPhone();
    await sendCode(phone).expect(202);
    const code = sms.lastCodeFor(phone)!;
    const results = await Promise.all(Array.from({ length: 8 }, () => smsLogin(phone, wrongCode(code))));
    expect(results.every((r) => r.status === 401)).toBe(true);
    expect(results.map((r) => r.body.attemptsLeft).sort()).toEqual([0, 0, 0, 0, 1, 2, 3, 4]);
    await smsLogin(phone, code).expect(401);
  });

  it('sends at most one code per phone per minute: 429 with Retry-After', async () => {
    const phone = randomPhone();
    await sendCode(phone).expect(202);
    const first = sms.lastCodeFor(phone);
    const again = await sendCode(phone).expect(429);
    expect(again.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const retryAfter = Number(again.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(again.body.retryAfter).toBe(retryAfter);
    expect(sms.lastCodeFor(phone)).toBe(first);
    // The first code is still good; another phone is not held up.
    await smsLogin(phone, first!).expect(200);
    await sendCode(randomPhone()).expect(202);
  });

  it('validates phone, purpose and code', async () => {
    const bad = await t.http.post('/v1/store/auth/sms-codes').send({ phone: '12345', purpose: 'signup' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['phone', 'purpose']);
    const badCode = await t.http.post('/v1/store/auth/sms-login').send({ phone: randomPhone(), code: '12ab56' }).expect(400);
    expect(badCode.body.errors.map((e: { field: string }) => e.field)).toEqual(['code']);
    // A well-formed code for a phone that was never sent one.
    await smsLogin(randomPhone(), '123456').expect(401);
  });
});
