import { expect } from 'expect';
import { randomBytes, randomInt } from 'node:crypto';
import { startApp, TestApp } from '../support/app';

export const randomPhone = () => `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
export const randomEmail = (tag = 'staff') => `${tag}-${randomBytes(6).toString('hex')}@example.com`;
export const randomIp = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface StaffLogin extends Tokens {
  id: string;
  email: string;
  password: string;
}

/** The app with a first admin of its own (a fresh email per call), logged in. */
export async function startAppWithOwner(
  overrides: Record<string, string> = {},
  options: Parameters<typeof startApp>[1] = {},
): Promise<{ t: TestApp; owner: StaffLogin }> {
  const email = randomEmail('owner');
  const password = `owner-${randomBytes(6).toString('hex')}`;
  const t = await startApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: password, ...overrides }, options);
  const tokens = await loginStaff(t, email, password);
  const me = await t.http.get('/v1/admin/me').set(bearer(tokens.accessToken)).expect(200);
  return { t, owner: { ...tokens, id: me.body.id, email, password } };
}

export async function loginStaff(t: TestApp, email: string, password: string): Promise<Tokens> {
  const res = await t.http.post('/v1/admin/auth/login').send({ email, password });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
  return res.body as Tokens;
}

/** A staff member holding one new role with exactly these permissions, created through the admin API. */
export async function createStaff(
  t: TestApp,
  ownerToken: string,
  permissions: string[],
): Promise<StaffLogin & { roleId: string }> {
  const role = await t.http
    .post('/v1/admin/roles')
    .set(bearer(ownerToken))
    .send({ name: `role-${randomBytes(6).toString('hex')}`, permissions })
    .expect(201);
  const email = randomEmail();
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const created = await t.http
    .post('/v1/admin/staff')
    .set(bearer(ownerToken))
    .send({ email, name: 'Test Staff', password, roleIds: [role.body.id] })
    .expect(201);
  const tokens = await loginStaff(t, email, password);
  return { ...tokens, id: created.body.id, email, password, roleId: role.body.id };
}

export async function registerCustomer(t: TestApp, phone = randomPhone(), password = 'correct-horse-42') {
  const res = await t.http.post('/v1/store/auth/register').send({ phone, password });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return { phone, password, ...(res.body as Tokens) };
}
