import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/common/database';
import { NotificationService, NotifyInput } from '../../src/modules/notification/notification.service';
import { startApp, TestApp } from '../support/app';
import { loginStaff } from '../support/auth';

describe('notifications', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  before(async () => {
    t = await startApp({
      ADMIN_EMAIL: `notifications-${randomBytes(4).toString('hex')}@example.com`,
      ADMIN_PASSWORD: 'notifications-pass',
    });
    ({ auth } = await loginStaff(t));
  });
  after(() => t.close());

  const notify = (input: Partial<NotifyInput> = {}) =>
    inTransaction(t.db, (em) =>
      t.app.get(NotificationService).notify(em, {
        type: 'test.hello',
        title: 'Hello',
        body: 'A test notification',
        data: { marker: randomUUID() },
        dedupeKey: `test:${randomUUID()}`,
        ...input,
      }),
    );

  /** Every page of the list, for the ids this test made (other suites write notifications too). */
  const listAll = async (query: string): Promise<{ id: string; readAt: string | null }[]> => {
    const items: { id: string; readAt: string | null }[] = [];
    for (let p = 1; ; p++) {
      const res = await t.http.get(`/v1/admin/notifications?${query}&page=${p}&pageSize=100`).set(auth).expect(200);
      items.push(...res.body.items);
      if (p * 100 >= res.body.total) return items;
    }
  };

  it('creates one notification per dedupe key, even for concurrent replays', async () => {
    const dedupeKey = `test:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => notify({ dedupeKey })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.notification.id)).size).toBe(1);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM notifications WHERE dedupe_key = $1', [dedupeKey]);
    expect(n).toBe(1);
    await expect(notify({ dedupeKey: ' ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('rolls back with the caller’s transaction', async () => {
    const dedupeKey = `test:${randomUUID()}`;
    await expect(
      inTransaction(t.db, async (em) => {
        await t.app.get(NotificationService).notify(em, { type: 'test.hello', title: 'x', body: 'y', dedupeKey });
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM notifications WHERE dedupe_key = $1', [dedupeKey]);
    expect(n).toBe(0);
  });

  it('lists newest first, filters by unread, and marks read once', async () => {
    const older = await notify({ title: 'Older' });
    const newer = await notify({ title: 'Newer', data: { skuId: 'x', available: 3 } });

    const page = await t.http.get('/v1/admin/notifications?pageSize=100').set(auth).expect(200);
    expect(page.body).toMatchObject({ page: 1, pageSize: 100, total: expect.any(Number) });
    const ids = page.body.items.map((n: { id: string }) => n.id);
    expect(ids.indexOf(newer.notification.id)).toBeLessThan(ids.indexOf(older.notification.id));
    expect(page.body.items.find((n: { id: string }) => n.id === newer.notification.id)).toEqual({
      id: newer.notification.id,
      type: 'test.hello',
      title: 'Newer',
      body: 'A test notification',
      data: { skuId: 'x', available: 3 },
      createdAt: expect.any(String),
      readAt: null,
      deliveries: [],
    });

    const read = await t.http.post(`/v1/admin/notifications/${older.notification.id}/read`).set(auth).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await t.http.post(`/v1/admin/notifications/${older.notification.id}/read`).set(auth).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = (await listAll('unread=true')).map((n) => n.id);
    expect(unread).toContain(newer.notification.id);
    expect(unread).not.toContain(older.notification.id);
    const readOnes = (await listAll('unread=false')).map((n) => n.id);
    expect(readOnes).toContain(older.notification.id);
    expect(readOnes).not.toContain(newer.notification.id);
  });

  it('answers 404, 400 and 401 where it should', async () => {
    await t.http.post(`/v1/admin/notifications/${randomUUID()}/read`).set(auth).expect(404);
    await t.http.post('/v1/admin/notifications/nope/read').set(auth).expect(400);
    const bad = await t.http.get('/v1/admin/notifications?unread=maybe').set(auth).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http.get('/v1/admin/notifications').expect(401);
  });
});
