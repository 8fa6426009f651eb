import { Controller, Get, Module } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { ALL_PERMISSIONS, Permission } from '../../src/common/auth';
import { StaffAuthenticator } from '../../src/modules/identity/staff-authenticator';
import { startApp, TestApp } from '../support/app';
import { bearer, createStaff, loginStaff, randomEmail, registerCustomer, StaffLogin, startAppWithOwner } from './helpers';

// A route that forgot to declare who may call it.
@Controller('v1/test/undeclared')
class UndeclaredController {
  @Get()
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

describe('staff auth, roles and permissions', () => {
  let t: TestApp;
  let owner: StaffLogin;
  before(async () => {
    ({ t, owner } = await startAppWithOwner());
  });
  after(() => t.close());

  it('the first admin is an owner holding every permission', async () => {
    const me = await t.http.get('/v1/admin/me').set(bearer(owner.accessToken)).expect(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      email: owner.email,
      name: 'Owner',
      roles: [{ id: expect.any(String), name: 'owner' }],
      permissions: [...ALL_PERMISSIONS].sort(),
    });
    const jwt = new JwtService().decode(owner.accessToken);
    expect(jwt).toMatchObject({ typ: 'staff', sub: owner.id });
  });

  it('logs in with the email in any case, and refuses a wrong password or unknown email alike', async () => {
    await loginStaff(t, owner.email.toUpperCase(), owner.password);
    const wrong = await t.http.post('/v1/admin/auth/login').send({ email: owner.email, password: 'wrong-password' }).expect(401);
    const unknown = await t.http
      .post('/v1/admin/auth/login')
      .send({ email: randomEmail(), password: 'wrong-password' })
      .expect(401);
    for (const res of [wrong, unknown]) expect(res.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const bad = await t.http.post('/v1/admin/auth/login').send({ email: 'not-an-email', password: 'x' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
  });

  it('checks the route permission: 403 without it, 200 with it, at once when a role changes', async () => {
    const clerk = await createStaff(t, owner.accessToken, [Permission.CustomersRead]);
    await t.http.get('/v1/admin/me').set(bearer(clerk.accessToken)).expect(200);
    const denied = await t.http.get('/v1/admin/staff').set(bearer(clerk.accessToken)).expect(403);
    expect(denied.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringContaining('staff.read') });

    // The role gains staff.read: the same token now passes, with no new login.
    await t.http
      .patch(`/v1/admin/roles/${clerk.roleId}`)
      .set(bearer(owner.accessToken))
      .send({ permissions: [Permission.CustomersRead, Permission.StaffRead] })
      .expect(200);
    const list = await t.http.get('/v1/admin/staff?pageSize=100').set(bearer(clerk.accessToken)).expect(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 100, total: expect.any(Number) });
    expect(list.body.items.find((s: { id: string }) => s.id === clerk.id)).toMatchObject({
      email: clerk.email,
      active: true,
      roles: [{ id: clerk.roleId, name: expect.any(String) }],
    });
    // Reading is not managing.
    await t.http.post('/v1/admin/roles').set(bearer(clerk.accessToken)).send({ name: 'x', permissions: [] }).expect(403);

    // Roles taken away: staff.read goes at once.
    await t.http.patch(`/v1/admin/staff/${clerk.id}`).set(bearer(owner.accessToken)).send({ roleIds: [] }).expect(200);
    await t.http.get('/v1/admin/staff').set(bearer(clerk.accessToken)).expect(403);
    const me = await t.http.get('/v1/admin/me').set(bearer(clerk.accessToken)).expect(200);
    expect(me.body).toMatchObject({ roles: [], permissions: [] });
  });

  it('a staff token is 403 on customer routes', async () => {
    const res = await t.http.get('/v1/store/me').set(bearer(owner.accessToken)).expect(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('manages roles: unknown permissions are a 400 naming the field, names are unique, owner is read-only', async () => {
    const name = `packer-${Date.now()}`;
    const created = await t.http
      .post('/v1/admin/roles')
      .set(bearer(owner.accessToken))
      .send({ name, permissions: [Permission.StaffRead, Permission.StaffRead] })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name,
      permissions: ['staff.read'],
      builtIn: false,
      createdAt: expect.any(String),
    });

    const unknown = await t.http
      .post('/v1/admin/roles')
      .set(bearer(owner.accessToken))
      .send({ name: `${name}-2`, permissions: ['staff.read', 'rockets.launch'] })
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['permissions']);
    const patchUnknown = await t.http
      .patch(`/v1/admin/roles/${created.body.id}`)
      .set(bearer(owner.accessToken))
      .send({ permissions: ['nope'] })
      .expect(400);
    expect(patchUnknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['permissions']);

    const duplicate = await t.http
      .post('/v1/admin/roles')
      .set(bearer(owner.accessToken))
      .send({ name, permissions: [] })
      .expect(409);
    expect(duplicate.body).toMatchObject({ code: 'ROLE_NAME_TAKEN' });

    const roles = await t.http.get('/v1/admin/roles?pageSize=100').set(bearer(owner.accessToken)).expect(200);
    const ownerRole = roles.body.items.find((r: { name: string }) => r.name === 'owner');
    expect(ownerRole).toMatchObject({ builtIn: true, permissions: [...ALL_PERMISSIONS].sort() });
    const locked = await t.http
      .patch(`/v1/admin/roles/${ownerRole.id}`)
      .set(bearer(owner.accessToken))
      .send({ permissions: [] })
      .expect(409);
    expect(locked.body).toMatchObject({ code: 'ROLE_BUILT_IN' });

    const permissions = await t.http.get('/v1/admin/permissions').set(bearer(owner.accessToken)).expect(200);
    expect(permissions.body.items).toEqual([...ALL_PERMISSIONS].sort());
  });

  it('manages staff: duplicate email 409, unknown role 400, unknown member 404', async () => {
    const email = randomEmail();
    const body = { email, name: 'Li Lei', password: 'long-enough-password' };
    const created = await t.http.post('/v1/admin/staff').set(bearer(owner.accessToken)).send(body).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email,
      name: 'Li Lei',
      active: true,
      roles: [],
      createdAt: expect.any(String),
    });
    expect(created.body).not.toHaveProperty('passwordHash');

    const duplicate = await t.http
      .post('/v1/admin/staff')
      .set(bearer(owner.accessToken))
      .send({ ...body, email: email.toUpperCase() })
      .expect(409);
    expect(duplicate.body).toMatchObject({ code: 'EMAIL_TAKEN' });

    const unknownRole = await t.http
      .patch(`/v1/admin/staff/${created.body.id}`)
      .set(bearer(owner.accessToken))
      .send({ roleIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(400);
    expect(unknownRole.body.errors.map((e: { field: string }) => e.field)).toEqual(['roleIds']);

    await t.http
      .patch('/v1/admin/staff/00000000-0000-4000-8000-000000000000')
      .set(bearer(owner.accessToken))
      .send({ name: 'x' })
      .expect(404);
    const renamed = await t.http
      .patch(`/v1/admin/staff/${created.body.id}`)
      .set(bearer(owner.accessToken))
      .send({ name: 'Han Meimei' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'Han Meimei', active: true });
  });

  it('a deactivated member is locked out at once: access token, refresh token and login', async () => {
    const member = await createStaff(t, owner.accessToken, [Permission.StaffRead]);
    await t.http.get('/v1/admin/staff').set(bearer(member.accessToken)).expect(200);

    const off = await t.http
      .patch(`/v1/admin/staff/${member.id}`)
      .set(bearer(owner.accessToken))
      .send({ active: false })
      .expect(200);
    expect(off.body.active).toBe(false);

    const res = await t.http.get('/v1/admin/me').set(bearer(member.accessToken)).expect(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHORIZED' });
    await t.http.post('/v1/admin/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
    await t.http.post('/v1/admin/auth/login').send({ email: member.email, password: member.password }).expect(401);
    expect(await t.app.get(StaffAuthenticator).verifyAccessToken(member.accessToken)).toBeNull();

    // Reactivated, the member can log in again.
    await t.http.patch(`/v1/admin/staff/${member.id}`).set(bearer(owner.accessToken)).send({ active: true }).expect(200);
    await loginStaff(t, member.email, member.password);
  });

  it('rotates staff refresh tokens, and keeps customer and staff tokens apart', async () => {
    const member = await createStaff(t, owner.accessToken, []);
    const next = await t.http.post('/v1/admin/auth/refresh').send({ refreshToken: member.refreshToken }).expect(200);
    await t.http.get('/v1/admin/me').set(bearer(next.body.accessToken)).expect(200);
    await t.http.post('/v1/admin/auth/refresh').send({ refreshToken: member.refreshToken }).expect(401);
    await t.http.post('/v1/admin/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(401);

    const customer = await registerCustomer(t);
    await t.http.post('/v1/admin/auth/refresh').send({ refreshToken: customer.refreshToken }).expect(401);
    // Presented at the wrong door, the customer's token was not spent.
    await t.http.post('/v1/store/auth/refresh').send({ refreshToken: customer.refreshToken }).expect(200);
  });

  it('StaffAuthenticator checks tokens and passwords for Bull Board', async () => {
    const authenticator = t.app.get(StaffAuthenticator);
    const byToken = await authenticator.verifyAccessToken(owner.accessToken);
    expect(byToken).toMatchObject({ kind: 'staff', id: owner.id });
    expect(byToken!.permissions.has(Permission.QueuesManage)).toBe(true);
    const byPassword = await authenticator.verifyPassword(owner.email, owner.password);
    expect(byPassword).toMatchObject({ kind: 'staff', id: owner.id });

    expect(await authenticator.verifyPassword(owner.email, 'wrong-password')).toBeNull();
    expect(await authenticator.verifyAccessToken('garbage')).toBeNull();
    const customer = await registerCustomer(t);
    expect(await authenticator.verifyAccessToken(customer.accessToken)).toBeNull();
  });

  it('paginates and validates list queries', async () => {
    const page = await t.http.get('/v1/admin/roles?page=1&pageSize=1').set(bearer(owner.accessToken)).expect(200);
    expect(page.body.items).toHaveLength(1);
    const bad = await t.http.get('/v1/admin/staff?pageSize=1000').set(bearer(owner.accessToken)).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['pageSize']);
  });
});

describe('routes without an auth declaration', () => {
  it('refuse every caller, even a valid one', async () => {
    const { t, owner } = await startAppWithOwner({}, { extraModules: [UndeclaredModule] });
    try {
      await t.http.get('/v1/test/undeclared').expect(401);
      await t.http.get('/v1/test/undeclared').set(bearer(owner.accessToken)).expect(401);
      const customer = await registerCustomer(t);
      await t.http.get('/v1/test/undeclared').set(bearer(customer.accessToken)).expect(401);
    } finally {
      await t.close();
    }
  });
});

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  it('is created once, however many processes start, and never overwritten', async () => {
    const email = randomEmail('first');
    const env = { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'first-admin-password' };
    // Two processes starting at once, then a restart with another password.
    const [a, b] = await Promise.all([startApp(env), startApp(env)]);
    await Promise.all([a.close(), b.close()]);
    const c = await startApp({ ADMIN_EMAIL: email.toUpperCase(), ADMIN_PASSWORD: 'changed-password-later' });
    try {
      const rows = await c.db.query(
        `SELECT s.id, array_agg(r.name) AS roles FROM staff s JOIN staff_roles sr ON sr.staff_id = s.id JOIN roles r ON r.id = sr.role_id
          WHERE s.email = $1 GROUP BY s.id`,
        [email],
      );
      expect(rows).toEqual([{ id: expect.any(String), roles: ['owner'] }]);
      const owners = await c.db.query(`SELECT count(*)::int AS n FROM roles WHERE name = 'owner'`);
      expect(owners[0].n).toBe(1);
      await loginStaff(c, email, 'first-admin-password');
      await c.http.post('/v1/admin/auth/login').send({ email, password: 'changed-password-later' }).expect(401);
    } finally {
      await c.close();
    }
  });
});
