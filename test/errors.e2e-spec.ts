import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from './support/app';

describe('problem+json errors', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
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

  it('echoes a caller request id and replaces an unsafe one', async () => {
    const kept = await t.http.get('/nowhere').set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http.get('/nowhere').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
