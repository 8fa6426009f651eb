import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ShippingService } from '../../src/modules/shipping/shipping.service';
import { PickupStoreService } from '../../src/modules/shipping/pickup-store.service';
import { TestApp } from '../support/app';
import { registerCustomer, Session } from '../support/auth';
import { bearer, createStaff } from '../identity/helpers';
import { startShippingApp, unique } from './support';

describe('pickup stores', () => {
  let t: TestApp;
  let staff: Session;
  let shipping: ShippingService;
  const lines = [{ productId: randomUUID(), skuId: randomUUID(), quantity: 2, weightGrams: 500, lineTotal: 5000 }];

  before(async () => {
    ({ t, staff } = await startShippingApp());
    shipping = t.app.get(ShippingService);
  });
  after(() => t.close());

  const createStore = async (over: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/v1/admin/pickup-stores')
      .set(staff.auth)
      .send({
        name: `  ${unique('南山店')}  `,
        province: ' 广东省 ',
        city: '深圳市',
        district: '南山区',
        detail: '科技园路 1 号',
        phone: '0755-12345678',
        hours: '09:00-21:00',
        ...over,
      })
      .expect(201);
    return res.body;
  };

  it('lets staff create, read, update and delete stores, trimming text', async () => {
    const store = await createStore();
    expect(store).toMatchObject({
      province: '广东省',
      address: '广东省深圳市南山区科技园路 1 号',
      hours: '09:00-21:00',
      active: true,
    });
    expect(store.name).not.toMatch(/^\s|\s$/);

    expect((await t.http.get(`/v1/admin/pickup-stores/${store.id}`).set(staff.auth).expect(200)).body.id).toBe(store.id);
    const patched = await t.http
      .patch(`/v1/admin/pickup-stores/${store.id}`)
      .set(staff.auth)
      .send({ hours: '10:00-20:00', phone: null })
      .expect(200);
    expect(patched.body).toMatchObject({ hours: '10:00-20:00', phone: null });

    const list = await t.http.get('/v1/admin/pickup-stores').query({ pageSize: 100 }).set(staff.auth).expect(200);
    expect(list.body).toMatchObject({ page: 1, pageSize: 100 });
    expect(list.body.total).toBeGreaterThanOrEqual(1);

    await t.http.delete(`/v1/admin/pickup-stores/${store.id}`).set(staff.auth).expect(204);
    await t.http.get(`/v1/admin/pickup-stores/${store.id}`).set(staff.auth).expect(404);
  });

  it('rejects bad input with a validation problem', async () => {
    const res = await t.http
      .post('/v1/admin/pickup-stores')
      .set(staff.auth)
      .send({ name: '   ', province: '广东省', city: '深圳市', district: '南山区', detail: 'x', hours: '' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['hours', 'name']);
  });

  it('is closed to shoppers and anonymous callers', async () => {
    const customer = await registerCustomer(t);
    await t.http.get('/v1/admin/pickup-stores').expect(401);
    const res = await t.http.get('/v1/admin/pickup-stores').set(customer.auth);
    expect([401, 403]).toContain(res.status);
  });

  it('lets shipping.read look but not change anything', async () => {
    const viewer = await createStaff(t, staff.accessToken, ['shipping.read']);
    const auth = bearer(viewer.accessToken);
    await t.http.get('/v1/admin/pickup-stores').set(auth).expect(200);
    await t.http.get('/v1/admin/freight-templates').set(auth).expect(200);
    await t.http.get('/v1/admin/shipping/same-city').set(auth).expect(200);
    const denied = await t.http
      .post('/v1/admin/pickup-stores')
      .set(auth)
      .send({ name: 'x', province: 'x', city: 'x', district: 'x', detail: 'x', hours: 'x' })
      .expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    await t.http.put('/v1/admin/shipping/cod').set(auth).send({ enabled: true, allowedProvinces: [] }).expect(403);
  });

  it('lists only active stores publicly', async () => {
    const open = await createStore();
    const closed = await createStore({ active: false });
    const res = await t.http.get('/v1/store/pickup-stores').expect(200);
    const ids = res.body.map((s: { id: string }) => s.id);
    expect(ids).toContain(open.id);
    expect(ids).not.toContain(closed.id);
    expect(res.body.find((s: { id: string }) => s.id === open.id)).toEqual({
      id: open.id,
      name: open.name,
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      detail: '科技园路 1 号',
      address: '广东省深圳市南山区科技园路 1 号',
      phone: '0755-12345678',
      hours: '09:00-21:00',
    });
  });

  it('quotes pickup at zero with the store, and refuses a missing, unknown or closed store', async () => {
    const open = await createStore();
    const closed = await createStore({ active: false });
    const quote = await shipping.quote(undefined, { method: 'pickup', pickupStoreId: open.id, lines });
    expect(quote).toEqual({
      shippingTotal: 0,
      currency: 'CNY',
      method: 'pickup',
      pickupStore: { id: open.id, name: open.name, address: open.address, hours: open.hours },
      explanation: [expect.stringContaining(open.name)],
    });

    await expect(shipping.quote(undefined, { method: 'pickup', lines })).rejects.toMatchObject({
      code: 'PICKUP_STORE_REQUIRED',
      status: 400,
    });
    for (const pickupStoreId of [closed.id, randomUUID(), 'not-a-uuid']) {
      await expect(shipping.quote(undefined, { method: 'pickup', pickupStoreId, lines })).rejects.toMatchObject({
        code: 'PICKUP_STORE_UNAVAILABLE',
        status: 409,
      });
    }
  });

  it('answers any store, open or closed, to order detail', async () => {
    const closed = await createStore({ active: false });
    const store = await t.app.get(PickupStoreService).get(closed.id);
    expect(store).toMatchObject({ id: closed.id, active: false });
    await expect(t.app.get(PickupStoreService).get(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
