import { JwtService } from '@nestjs/jwt';
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { bearer, randomPhone, registerCustomer } from './helpers';

describe('customer auth', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  it('registers, logs in and answers who the token belongs to', async () => {
    const phone = randomPhone();
    const registered = await t.http
      .post('/v1/store/auth/register')
      .send({ phone, password: 'correct-horse-42', nickname: 'Xiao Ming' })
      .expect(201);
    expect(registered.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: t.env.JWT_ACCESS_TTL_SECONDS,
    });

    const login = await t.http.post('/v1/store/auth/login').send({ phone, password: 'correct-horse-42' }).expect(200);
    expect(login.body.refreshToken).not.toBe(registered.body.refreshToken);

    for (const token of [registered.body.accessToken, login.body.accessToken]) {
      const me = await t.http.get('/v1/store/me').set(bearer(token)).expect(200);
      expect(me.body).toEqual({ id: expect.any(String), phone, nickname: 'Xiao Ming', createdAt: expect.any(String) });
    }
    const jwt = new JwtService().decode(login.body.accessToken);
    expect(jwt).toMatchObject({ typ: 'customer', sub: expect.any(String) });
    expect(jwt.exp - jwt.iat).toBe(t.env.JWT_ACCESS_TTL_SECONDS);

    const [row] = await t.db.query('SELECT password_hash FROM customers WHERE phone = $1', [phone]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers 409 PHONE_TAKEN for a phone that is registered', async () => {
    const { phone } = await registerCustomer(t);
    const res = await t.http.post('/v1/store/auth/register').send({ phone, password: 'another-password' }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'PHONE_TAKEN' });
  });

  it('answers exactly one of two simultaneous registrations of one phone', async () => {
    const phone = randomPhone();
    const results = await Promise.all(
      [0, 1].map(() => t.http.post('/v1/store/auth/register').send({ phone, password: 'correct-horse-42' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('refuses a phone that is not a mainland mobile number, naming the field', async () => {
    for (const phone of ['12812345678', '1381234567', '+8613812345678', 13812345678]) {
      const res = await t.http.post('/v1/store/auth/register').send({ phone, password: 'correct-horse-42' }).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    }
  });

  it('refuses a short password and unknown fields', async () => {
    const short = await t.http.post('/v1/store/auth/register').send({ phone: randomPhone(), password: 'short' }).expect(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);

    const extra = await t.http
      .post('/v1/store/auth/register')
      .send({ phone: randomPhone(), password: 'correct-horse-42', isAdmin: true })
      .expect(400);
    expect(extra.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(extra.body.errors.map((e: { field: string }) => e.field)).toEqual(['isAdmin']);
  });

  it('answers a wrong password and an unknown phone alike: 401 INVALID_CREDENTIALS', async () => {
    const { phone } = await registerCustomer(t);
    const wrong = await t.http.post('/v1/store/auth/login').send({ phone, password: 'wrong-password' }).expect(401);
    const unknown = await t.http
      .post('/v1/store/auth/login')
      .send({ phone: randomPhone(), password: 'wrong-password' })
      .expect(401);
    for (const res of [wrong, unknown]) {
      expect(res.body).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', detail: 'The login or the password is wrong' });
    }
  });

  describe('access tokens', () => {
    let customer: Awaited<ReturnType<typeof registerCustomer>>;
    let customerId: string;
    before(async () => {
      customer = await registerCustomer(t);
      customerId = (await t.http.get('/v1/store/me').set(bearer(customer.accessToken)).expect(200)).body.id;
    });

    it('are required: no token, a malformed header or a garbage token is 401', async () => {
      for (const headers of [{}, { Authorization: 'Basic abc' }, bearer('not-a-jwt'), { Authorization: 'Bearer' }]) {
        const res = await t.http.get('/v1/store/me').set(headers).expect(401);
        expect(res.body).toMatchObject({ code: 'UNAUTHORIZED' });
      }
    });

    it('signed with another secret are 401', async () => {
      const forged = new JwtService({ secret: 'some-other-secret-of-sufficient-length-000' }).sign({
        sub: customerId,
        typ: 'customer',
      });
      const res = await t.http.get('/v1/store/me').set(bearer(forged)).expect(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('past their expiry are 401, even when signed with the real secret', async () => {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new JwtService({ secret: t.env.JWT_SECRET });
      const expired = jwt.sign({ sub: customerId, typ: 'customer', iat: now - 120, exp: now - 60 });
      await t.http.get('/v1/store/me').set(bearer(expired)).expect(401);
      // The same claims with a live expiry pass, so it is the expiry that was refused.
      await t.http
        .get('/v1/store/me')
        .set(bearer(jwt.sign({ sub: customerId, typ: 'customer' }, { expiresIn: 60 })))
        .expect(200);
    });

    it('with another algorithm, a bad subject or an unknown type are 401', async () => {
      const jwt = new JwtService({ secret: t.env.JWT_SECRET });
      for (const token of [
        jwt.sign({ sub: customerId, typ: 'customer' }, { algorithm: 'HS512' }),
        jwt.sign({ sub: 'not-a-uuid', typ: 'customer' }),
        jwt.sign({ sub: customerId, typ: 'robot' }),
        jwt.sign({ typ: 'customer' }),
      ]) {
        await t.http.get('/v1/store/me').set(bearer(token)).expect(401);
      }
    });

    it('of a customer are 403 on staff routes', async () => {
      for (const path of ['/v1/admin/me', '/v1/admin/staff', '/v1/admin/roles']) {
        const res = await t.http.get(path).set(bearer(customer.accessToken)).expect(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
      }
    });

    it('of a customer who no longer exists are 401 on /me', async () => {
      const ghost = new JwtService({ secret: t.env.JWT_SECRET }).sign({ sub: randomUUID(), typ: 'customer' }, { expiresIn: 60 });
      await t.http.get('/v1/store/me').set(bearer(ghost)).expect(401);
    });
  });

  describe('refresh tokens', () => {
    const refresh = (refreshToken: string) => t.http.post('/v1/store/auth/refresh').send({ refreshToken });

    it('rotate: the new pair works, the old refresh token is spent', async () => {
      const first = await registerCustomer(t);
      const second = await refresh(first.refreshToken).expect(200);
      expect(second.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: t.env.JWT_ACCESS_TTL_SECONDS,
      });
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      await t.http.get('/v1/store/me').set(bearer(second.body.accessToken)).expect(200);
      const third = await refresh(second.body.refreshToken).expect(200);
      await refresh(third.body.refreshToken).expect(200);

      const rows = await t.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT family_id)::int AS families, count(revoked_at)::int AS revoked
           FROM refresh_tokens WHERE subject_id = (SELECT id FROM customers WHERE phone = $1)`,
        [first.phone],
      );
      expect(rows[0]).toEqual({ n: 4, families: 1, revoked: 3 });
    });

    it('stores only the sha256 of a token', async () => {
      const { refreshToken } = await registerCustomer(t);
      const raw = await t.db.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = $1', [refreshToken]);
      expect(raw[0].n).toBe(0);
      const { createHash } = await import('node:crypto');
      const hashed = await t.db.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = $1', [
        createHash('sha256').update(refreshToken).digest('hex'),
      ]);
      expect(hashed[0].n).toBe(1);
    });

    it('reused after rotation revoke the whole family', async () => {
      const first = await registerCustomer(t);
      const second = await refresh(first.refreshToken).expect(200);

      // The first token is presented again (a thief or the owner, whoever comes second): both lose the family.
      const reuse = await refresh(first.refreshToken).expect(401);
      expect(reuse.body).toMatchObject({ code: 'INVALID_REFRESH_TOKEN' });
      await refresh(second.body.refreshToken).expect(401);

      // Another login of the same customer is a family of its own and keeps working.
      const other = await t.http.post('/v1/store/auth/login').send({ phone: first.phone, password: first.password }).expect(200);
      await refresh(other.body.refreshToken).expect(200);
    });

    it('race: of two refreshes with one token exactly one succeeds', async () => {
      for (let round = 0; round < 3; round++) {
        const { refreshToken, phone } = await registerCustomer(t);
        const results = await Promise.all([refresh(refreshToken), refresh(refreshToken), refresh(refreshToken)]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
        const issued = await t.db.query(
          `SELECT count(*)::int AS n FROM refresh_tokens WHERE subject_id = (SELECT id FROM customers WHERE phone = $1)`,
          [phone],
        );
        expect(issued[0].n).toBe(2);
      }
    });

    it('unknown refresh tokens are 401, a missing one 400', async () => {
      await refresh('no-such-token').expect(401);
      const bad = await t.http.post('/v1/store/auth/refresh').send({}).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['refreshToken']);
    });
  });
});
