import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { loginStaff, registerCustomer } from '../support/auth';

const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

describe('Bull Board at /admin/queues', () => {
  let t: TestApp;
  const admin = { email: `ops-${randomUUID().slice(0, 8)}@example.com`, password: 'board-admin-pass' };

  before(async () => {
    t = await startApp({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
  });
  after(() => t.close());

  it('asks a browser to sign in', async () => {
    const res = await t.http.get('/admin/queues').expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="queues"/);
    expect(res.body.code).toBe('UNAUTHORIZED');
    await t.http.get('/admin/queues').set('Authorization', basic(admin.email, 'wrong-password')).expect(401);
  });

  it('shows the board to staff with queues.manage, by password or bearer token', async () => {
    const page = await t.http.get('/admin/queues').set('Authorization', basic(admin.email, admin.password)).expect(200);
    expect(page.text).toContain('<html');
    const { auth } = await loginStaff(t);
    const api = await t.http.get('/admin/queues/api/queues').set(auth).expect(200);
    const names = api.body.queues.map((q: { name: string }) => q.name);
    expect(names).toContain('domain-events');
  });

  it('refuses customers and staff without the permission', async () => {
    const customer = await registerCustomer(t);
    await t.http.get('/admin/queues/api/queues').set(customer.auth).expect(401);

    const { auth } = await loginStaff(t);
    const role = await t.http
      .post('/v1/admin/roles')
      .set(auth)
      .send({ name: `viewer-${randomUUID().slice(0, 8)}`, permissions: ['staff.read'] })
      .expect(201);
    const clerk = { email: `clerk-${randomUUID().slice(0, 8)}@example.com`, password: 'clerk-password' };
    await t.http
      .post('/v1/admin/staff')
      .set(auth)
      .send({ ...clerk, name: 'Clerk', roleIds: [role.body.id] })
      .expect(201);
    const res = await t.http.get('/admin/queues/api/queues').set('Authorization', basic(clerk.email, clerk.password)).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });
});
