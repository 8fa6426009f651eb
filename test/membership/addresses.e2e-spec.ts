import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { registerCustomer } from '../support/auth';

const address = (over: Record<string, unknown> = {}) => ({
  name: '张三',
  phone: '13800138000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园 1 号楼 101',
  ...over,
});

describe('store addresses', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  it('makes the first address the default and keeps exactly one default', async () => {
    const { auth } = await registerCustomer(t);
    const first = await t.http.post('/v1/store/addresses').set(auth).send(address()).expect(201);
    expect(first.body).toMatchObject({ isDefault: true, province: '广东省' });
    expect(first.body.customerId).toBeUndefined();

    const second = await t.http
      .post('/v1/store/addresses')
      .set(auth)
      .send(address({ name: '李四' }))
      .expect(201);
    expect(second.body.isDefault).toBe(false);

    await t.http.patch(`/v1/store/addresses/${second.body.id}`).set(auth).send({ isDefault: true }).expect(200);
    const list = await t.http.get('/v1/store/addresses').set(auth).expect(200);
    expect(list.body.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [second.body.id, true],
      [first.body.id, false],
    ]);

    await t.http.delete(`/v1/store/addresses/${second.body.id}`).set(auth).expect(204);
    const after = await t.http.get('/v1/store/addresses').set(auth).expect(200);
    expect(after.body).toHaveLength(1);
    expect(after.body[0]).toMatchObject({ id: first.body.id, isDefault: true });
  });

  it('keeps one default when many defaults are created at once', async () => {
    const { auth, customerId } = await registerCustomer(t);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .post('/v1/store/addresses')
          .set(auth)
          .send(address({ detail: `room ${i}`, isDefault: true })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const [{ defaults }] = await t.db.query(
      `SELECT count(*)::int AS defaults FROM addresses WHERE customer_id = $1 AND is_default`,
      [customerId],
    );
    expect(defaults).toBe(1);
  });

  it("answers another customer's address with 404 and changes nothing", async () => {
    const owner = await registerCustomer(t);
    const other = await registerCustomer(t);
    const created = await t.http.post('/v1/store/addresses').set(owner.auth).send(address()).expect(201);
    const url = `/v1/store/addresses/${created.body.id}`;
    await t.http.get(url).set(other.auth).expect(404);
    await t.http.patch(url).set(other.auth).send({ name: 'x' }).expect(404);
    await t.http.delete(url).set(other.auth).expect(404);
    const still = await t.http.get(url).set(owner.auth).expect(200);
    expect(still.body.name).toBe('张三');
  });

  it('rejects bad input with field errors, and anonymous callers with 401', async () => {
    const { auth } = await registerCustomer(t);
    const res = await t.http
      .post('/v1/store/addresses')
      .set(auth)
      .send(address({ phone: '12345', customerId: '00000000-0000-0000-0000-000000000000' }))
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['customerId', 'phone']);
    await t.http.get('/v1/store/addresses').expect(401);
    await t.http.get('/v1/store/addresses/not-a-uuid').set(auth).expect(400);
  });

  it('caps the number of addresses per customer', async () => {
    const { auth } = await registerCustomer(t);
    for (let i = 0; i < 20; i++)
      await t.http
        .post('/v1/store/addresses')
        .set(auth)
        .send(address({ detail: `room ${i}` }))
        .expect(201);
    const res = await t.http.post('/v1/store/addresses').set(auth).send(address()).expect(409);
    expect(res.body.code).toBe('ADDRESS_LIMIT_REACHED');
  });
});
