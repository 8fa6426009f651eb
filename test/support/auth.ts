import { randomInt } from 'node:crypto';
import { TestApp } from './app';

export const randomPhone = () => `13${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

export interface Session {
  auth: { Authorization: string };
  accessToken: string;
  refreshToken: string;
}

/** Registers a new shopper through the API and answers their bearer header and id. */
export async function registerCustomer(
  t: TestApp,
  phone = randomPhone(),
): Promise<Session & { customerId: string; phone: string }> {
  const res = await t.http.post('/v1/store/auth/register').send({ phone, password: 'correct-horse-42' });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  const auth = { Authorization: `Bearer ${res.body.accessToken}` };
  const me = await t.http.get('/v1/store/me').set(auth);
  return { auth, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, customerId: me.body.id, phone };
}

/** Logs in as staff (the first admin, from ADMIN_EMAIL / ADMIN_PASSWORD of the app under test). */
export async function loginStaff(t: TestApp, email = t.env.ADMIN_EMAIL!, password = t.env.ADMIN_PASSWORD!): Promise<Session> {
  const res = await t.http.post('/v1/admin/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}
