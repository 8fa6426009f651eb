import { Controller, Get, Module } from '@nestjs/common';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { Public } from '../src/common/auth';
import { startApp, TestApp } from './support/app';

// A route that fails the way a bug does: an error whose message holds SQL and a secret.
@Controller('test/errors')
class FailingController {
  @Public()
  @Get('crash')
  crash(): never {
    throw new Error('duplicate key in SELECT * FROM staff WHERE password_hash = $1 -- secret');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

describe('problem+json errors', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp({ CORS_ORIGINS: 'https://shop.example.com' }, { extraModules: [FailingModule] });
  });
  after(() => t.close());

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.http.get('/v1/store/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:commerce:problem:not-found',
      title: 'Not Found',
      status: 404,
      code: 'NOT_FOUND',
      instance: '/v1/store/no-such-thing',
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON with a 400 problem before any handler runs', async () => {
    const res = await t.http
      .post('/v1/store/auth/login')
      .set('content-type', 'application/json')
      .send('{"phone": "13800138000", "password": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const res = await t.http
      .post('/v1/store/auth/login')
      .send({ phone: '13800138000', password: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers unknown and invalid fields with a 400 listing each field', async () => {
    const res = await t.http.post('/v1/store/auth/login').send({ phone: '123', password: 'x', isAdmin: true }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['phone', 'isAdmin']));
    expect(res.body.errors.find((e: { field: string }) => e.field === 'isAdmin').messages[0]).toMatch(/should not exist/);
  });

  it('never shows a client the stack, the SQL or the message of an unexpected error', async () => {
    const res = await t.http.get('/test/errors/crash').expect(500);
    expect(res.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred' });
    expect(res.text).not.toMatch(/SELECT|password_hash|secret|at .*\.js/);
  });

  it('echoes a caller request id and replaces an unsafe one', async () => {
    const kept = await t.http.get('/nowhere').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http.get('/nowhere').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and answers CORS only for configured origins', async () => {
    const res = await t.http.get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    const allowed = await t.http
      .options('/v1/store/products')
      .set('origin', 'https://shop.example.com')
      .set('access-control-request-method', 'GET')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const refused = await t.http
      .options('/v1/store/products')
      .set('origin', 'https://evil.example.com')
      .set('access-control-request-method', 'GET');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });
});
