import { expect } from 'expect';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { IdempotencyService, requestHash } from '../../src/common/idempotency';
import { startApp, TestApp } from '../support/app';
import { probeModule } from './probe.module';

const table = `idempotency_probe_${randomBytes(4).toString('hex')}`;
const PROBES = '/test/idempotency/probes';

describe('Idempotency-Key', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp({}, { extraModules: [probeModule(table)] });
    await t.db.query(
      `CREATE TABLE ${table} (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, quantity int, grp text)`,
    );
  });
  after(async () => {
    await t.db.query(`DROP TABLE IF EXISTS ${table}`);
    await t.close();
  });

  const unique = () => `probe-${randomUUID()}`;
  const rowsNamed = async (name: string) =>
    Number((await t.db.query(`SELECT count(*) FROM ${table} WHERE name = $1`, [name]))[0].count);
  const storedKey = async (key: string) => (await t.db.query(`SELECT * FROM idempotency_keys WHERE key = $1`, [key]))[0];

  it('runs a request once and replays its answer for the same key and body', async () => {
    const key = randomUUID();
    const body = { name: unique(), quantity: 2 };
    const first = await t.http.post(PROBES).set('Idempotency-Key', key).send(body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body).toMatchObject({ name: body.name, quantity: 2 });

    // Same meaning, other key order: still the same request.
    const again = await t.http.post(PROBES).set('Idempotency-Key', key).send({ quantity: 2, name: body.name }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await rowsNamed(body.name)).toBe(1);

    expect(await storedKey(key)).toMatchObject({
      scope: expect.stringMatching(/^anonymous:/),
      method: 'POST',
      route: PROBES,
      state: 'completed',
      response_status: 201,
      response_body: first.body,
      lock_token: null,
    });
  });

  it('refuses the same key with another body or on another route (422)', async () => {
    const key = randomUUID();
    const name = unique();
    await t.http.post(PROBES).set('Idempotency-Key', key).send({ name }).expect(201);

    const otherBody = await t.http.post(PROBES).set('Idempotency-Key', key).send({ name, quantity: 1 }).expect(422);
    expect(otherBody.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(otherBody.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });

    const otherRoute = await t.http.post('/test/idempotency/groups/g1/probes').set('Idempotency-Key', key).send({ name });
    expect(otherRoute.status).toBe(422);
    expect(otherRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await rowsNamed(name)).toBe(1);
  });

  it('counts route params as part of the request', async () => {
    const key = randomUUID();
    const name = unique();
    await t.http.post('/test/idempotency/groups/g1/probes').set('Idempotency-Key', key).send({ name }).expect(201);
    const replay = await t.http.post('/test/idempotency/groups/g1/probes').set('Idempotency-Key', key).send({ name }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const otherParam = await t.http.post('/test/idempotency/groups/g2/probes').set('Idempotency-Key', key).send({ name });
    expect(otherParam.status).toBe(422);
    expect(await rowsNamed(name)).toBe(1);
  });

  it('lets exactly one of concurrent requests with one key run; the others get 409 with Retry-After', async () => {
    const key = randomUUID();
    const name = unique();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http
          .post(PROBES)
          .set('Idempotency-Key', key)
          .set('x-probe-delay-ms', '1500')
          .send({ name })
          .then((r) => r),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const conflict of responses.filter((r) => r.status === 409)) {
      expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
      expect(Number(conflict.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await rowsNamed(name)).toBe(1);

    const winner = responses.find((r) => r.status === 201)!;
    const retry = await t.http.post(PROBES).set('Idempotency-Key', key).send({ name }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(winner.body);
  });

  it('does not store a failure: the retry with the same key runs again', async () => {
    const key = randomUUID();
    const name = unique();
    const crashed = await t.http.post(PROBES).set('Idempotency-Key', key).set('x-probe-fail', '500').send({ name }).expect(500);
    expect(crashed.body.code).toBe('INTERNAL_ERROR');
    expect(await storedKey(key)).toBeUndefined();

    const refused = await t.http.post(PROBES).set('Idempotency-Key', key).set('x-probe-fail', '409').send({ name }).expect(409);
    expect(refused.body.code).toBe('PROBE_FAILED');
    expect(await storedKey(key)).toBeUndefined();

    const invalid = await t.http.post(PROBES).set('Idempotency-Key', key).send({ name, quantity: 'many' }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(await storedKey(key)).toBeUndefined();

    const retried = await t.http.post(PROBES).set('Idempotency-Key', key).send({ name }).expect(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsNamed(name)).toBe(1);
    const replay = await t.http.post(PROBES).set('Idempotency-Key', key).send({ name }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retried.body);
  });

  it('keeps keys per caller: the same key from two callers runs twice', async () => {
    const key = randomUUID();
    const name = unique();
    const fromA = await t.http
      .post(PROBES)
      .set('x-forwarded-for', '203.0.113.10')
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    const fromB = await t.http
      .post(PROBES)
      .set('x-forwarded-for', '203.0.113.11')
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    const customer = randomUUID();
    const fromCustomer = await t.http
      .post(PROBES)
      .set('x-test-customer', customer)
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    expect(new Set([fromA.body.id, fromB.body.id, fromCustomer.body.id]).size).toBe(3);
    expect(await rowsNamed(name)).toBe(3);

    const replayA = await t.http
      .post(PROBES)
      .set('x-forwarded-for', '203.0.113.10')
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    expect(replayA.body.id).toBe(fromA.body.id);
    const replayCustomer = await t.http
      .post(PROBES)
      .set('x-test-customer', customer)
      .set('Idempotency-Key', key)
      .send({ name })
      .expect(201);
    expect(replayCustomer.body.id).toBe(fromCustomer.body.id);

    const scopes = (await t.db.query(`SELECT scope FROM idempotency_keys WHERE key = $1 ORDER BY scope`, [key])).map(
      (r: { scope: string }) => r.scope,
    );
    expect(scopes).toEqual([`anonymous:203.0.113.10`, `anonymous:203.0.113.11`, `customer:${customer}`].sort());
  });

  describe('a claim left behind', () => {
    const ip = '198.51.100.7';
    const claim = async (key: string, body: object, lockedUntil: string, expiresAt = "now() + interval '1 hour'") =>
      t.db.query(
        `INSERT INTO idempotency_keys (scope, key, method, route, request_hash, state, lock_token, locked_until, expires_at)
         VALUES ($1, $2, 'POST', $3, $4, 'in_flight', gen_random_uuid(), ${lockedUntil}, ${expiresAt})`,
        [`anonymous:${ip}`, key, PROBES, requestHash(body)],
      );

    it('is taken over by a retry once its lease has run out (its process died)', async () => {
      const key = randomUUID();
      const body = { name: unique() };
      await claim(key, body, "now() - interval '1 second'");
      const res = await t.http.post(PROBES).set('x-forwarded-for', ip).set('Idempotency-Key', key).send(body).expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(await rowsNamed(body.name)).toBe(1);
      expect(await storedKey(key)).toMatchObject({ state: 'completed', response_body: res.body });
    });

    it('still blocks while its lease runs, and is never taken over by another request', async () => {
      const live = randomUUID();
      const body = { name: unique() };
      await claim(live, body, "now() + interval '1 minute'");
      const busy = await t.http.post(PROBES).set('x-forwarded-for', ip).set('Idempotency-Key', live).send(body).expect(409);
      expect(busy.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
      expect(busy.headers['retry-after']).toBeDefined();

      const stale = randomUUID();
      await claim(stale, body, "now() - interval '1 second'");
      const other = await t.http.post(PROBES).set('x-forwarded-for', ip).set('Idempotency-Key', stale).send({ name: unique() });
      expect(other.status).toBe(422);
      expect(await rowsNamed(body.name)).toBe(0);
    });

    it('is forgotten once the key has expired: the key may then serve a new request', async () => {
      const key = randomUUID();
      await claim(key, { name: unique() }, "now() - interval '1 hour'", "now() - interval '1 second'");
      const body = { name: unique() };
      await t.http.post(PROBES).set('x-forwarded-for', ip).set('Idempotency-Key', key).send(body).expect(201);
      expect(await rowsNamed(body.name)).toBe(1);
    });
  });

  describe('the header', () => {
    it('is optional unless the route requires it', async () => {
      const name = unique();
      await t.http.post(PROBES).send({ name }).expect(201);
      await t.http.post(PROBES).send({ name }).expect(201);
      expect(await rowsNamed(name)).toBe(2);

      const missing = await t.http.post('/test/idempotency/required-probes').send({ name }).expect(400);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      await t.http.post('/test/idempotency/required-probes').set('Idempotency-Key', randomUUID()).send({ name }).expect(201);
      expect(await rowsNamed(name)).toBe(3);
    });

    it('must be 1 to 255 printable ASCII characters', async () => {
      const name = unique();
      for (const bad of ['', 'x'.repeat(256), 'tab\there', 'cl\u00e9']) {
        const res = await t.http.post(PROBES).set('Idempotency-Key', bad).send({ name });
        expect({ key: bad, status: res.status, code: res.body.code }).toEqual({
          key: bad,
          status: 400,
          code: 'IDEMPOTENCY_KEY_INVALID',
        });
      }
      expect(await rowsNamed(name)).toBe(0);
      await t.http
        .post(PROBES)
        .set('Idempotency-Key', `${'k'.repeat(250)} ~!@#`)
        .send({ name })
        .expect(201);
    });

    it('is documented on the operation in the OpenAPI spec', async () => {
      const spec = await t.http.get('/docs-json').expect(200);
      const header = (path: string) =>
        (spec.body.paths[path].post.parameters as { in: string; name: string; required: boolean }[]).find(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key',
        );
      expect(header(PROBES)).toMatchObject({ required: false, schema: { type: 'string', maxLength: 255 } });
      expect(header('/test/idempotency/required-probes')).toMatchObject({ required: true });
    });
  });

  it('deletes expired keys and keeps live ones', async () => {
    const expired = randomUUID();
    const live = randomUUID();
    for (const [key, expiresAt] of [
      [expired, "now() - interval '1 second'"],
      [live, "now() + interval '1 hour'"],
    ]) {
      await t.db.query(
        `INSERT INTO idempotency_keys (scope, key, method, route, request_hash, state, response_status, response_body, expires_at)
         VALUES ('anonymous:192.0.2.1', $1, 'POST', '/x', 'h', 'completed', 201, '{}', ${expiresAt})`,
        [key],
      );
    }
    expect(await t.app.get(IdempotencyService).deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await storedKey(expired)).toBeUndefined();
    expect(await storedKey(live)).toBeDefined();
  });
});
