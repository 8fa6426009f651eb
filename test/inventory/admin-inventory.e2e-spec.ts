import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { startApp, TestApp } from '../support/app';
import { loginStaff } from '../support/auth';
import { createStock, ledgerOf, inventoryOps, reference, stockOf } from './stock';

describe('admin inventory API', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let staffId: string;
  before(async () => {
    t = await startApp({
      ADMIN_EMAIL: `inventory-${randomBytes(4).toString('hex')}@example.com`,
      ADMIN_PASSWORD: 'inventory-admin-pass',
    });
    ({ auth } = await loginStaff(t));
    staffId = (await t.http.get('/v1/admin/me').set(auth).expect(200)).body.id;
  });
  after(() => t.close());

  it('shows a SKU’s stock with the threshold that applies', async () => {
    const own = await createStock(t, 12, 3);
    const res = await t.http.get(`/v1/admin/inventory/${own}`).set(auth).expect(200);
    expect(res.body).toEqual({
      skuId: own,
      productId: expect.any(String),
      skuCode: expect.stringMatching(/^T-/),
      onHand: 12,
      reserved: 0,
      available: 12,
      lowStockThreshold: 3,
      lowStock: false,
    });
    const byDefault = await createStock(t, 4);
    expect((await t.http.get(`/v1/admin/inventory/${byDefault}`).set(auth).expect(200)).body).toMatchObject({
      lowStockThreshold: 10,
      lowStock: true,
    });
    await t.http.get(`/v1/admin/inventory/${randomUUID()}`).set(auth).expect(404);
    await t.http.get('/v1/admin/inventory/not-a-uuid').set(auth).expect(400);
  });

  it('adjusts stock with a ledger row that says who, why, before and after', async () => {
    const sku = await createStock(t, 10);
    const res = await t.http
      .post(`/v1/admin/inventory/${sku}/adjustments`)
      .set(auth)
      .send({ delta: 5, reason: 'restock', note: 'PO-1001' })
      .expect(201);
    expect(res.body.stock).toMatchObject({ skuId: sku, onHand: 15, reserved: 0, available: 15 });
    expect(res.body.movement).toMatchObject({
      skuId: sku,
      reason: 'restock',
      onHandDelta: 5,
      reservedDelta: 0,
      onHandBefore: 10,
      onHandAfter: 15,
      reservedBefore: 0,
      reservedAfter: 0,
      staffId,
      reference: null,
      note: 'PO-1001',
    });
    await t.http.post(`/v1/admin/inventory/${sku}/adjustments`).set(auth).send({ delta: -2, reason: 'damage' }).expect(201);
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 13 });
  });

  it('refuses an adjustment below zero or below what is reserved with 409 INSUFFICIENT_STOCK and writes nothing', async () => {
    const sku = await createStock(t, 10);
    await inventoryOps(t).reserve(reference(), [{ skuId: sku, quantity: 8 }]);
    const before = await ledgerOf(t, sku);
    for (const delta of [-11, -3]) {
      const res = await t.http
        .post(`/v1/admin/inventory/${sku}/adjustments`)
        .set(auth)
        .send({ delta, reason: 'stock_take' })
        .expect(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 409,
        code: 'INSUFFICIENT_STOCK',
        skuId: sku,
        onHand: 10,
        reserved: 8,
        available: 2,
      });
    }
    expect(await stockOf(t, sku)).toMatchObject({ onHand: 10, reserved: 8 });
    expect(await ledgerOf(t, sku)).toEqual(before);
    // Exactly what is free can go.
    await t.http.post(`/v1/admin/inventory/${sku}/adjustments`).set(auth).send({ delta: -2, reason: 'correction' }).expect(201);
    await t.http
      .post(`/v1/admin/inventory/${randomUUID()}/adjustments`)
      .set(auth)
      .send({ delta: 1, reason: 'restock' })
      .expect(404);
  });

  it('validates the adjustment', async () => {
    const sku = await createStock(t, 10);
    for (const body of [
      { delta: 0, reason: 'restock' },
      { delta: 1.5, reason: 'restock' },
      { delta: 1, reason: 'gift' },
      { reason: 'restock' },
      { delta: 1 },
    ]) {
      const res = await t.http.post(`/v1/admin/inventory/${sku}/adjustments`).set(auth).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await ledgerOf(t, sku)).toHaveLength(1);
  });

  it('lists a SKU’s movements newest first, paginated', async () => {
    const sku = await createStock(t, 10);
    const ops = inventoryOps(t);
    const ref = reference();
    await ops.reserve(ref, [{ skuId: sku, quantity: 2 }]);
    await ops.commit(ref);
    await t.http.post(`/v1/admin/inventory/${sku}/adjustments`).set(auth).send({ delta: 4, reason: 'return' }).expect(201);
    const all = await t.http.get(`/v1/admin/inventory/${sku}/movements`).set(auth).expect(200);
    expect(all.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(all.body.items.map((m: { reason: string }) => m.reason)).toEqual(['return', 'commit', 'reserve', 'initial']);
    expect(all.body.items[1]).toMatchObject({ reference: ref, staffId: null, onHandDelta: -2, reservedDelta: -2 });
    const second = await t.http.get(`/v1/admin/inventory/${sku}/movements?page=2&pageSize=3`).set(auth).expect(200);
    expect(second.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.body.items.map((m: { reason: string }) => m.reason)).toEqual(['initial']);
    await t.http.get(`/v1/admin/inventory/${randomUUID()}/movements`).set(auth).expect(404);
    await t.http.get(`/v1/admin/inventory/${sku}/movements?pageSize=101`).set(auth).expect(400);
  });

  it('lists SKUs under their threshold or the store default', async () => {
    const low = await createStock(t, 20, 25);
    const lowByDefault = await createStock(t, 9);
    const fine = await createStock(t, 10);
    const atOwn = await createStock(t, 5, 5);
    const listed = new Set<string>();
    for (let p = 1; ; p++) {
      const res = await t.http.get(`/v1/admin/inventory/low-stock?page=${p}&pageSize=100`).set(auth).expect(200);
      for (const item of res.body.items) {
        expect(item.available).toBeLessThan(item.lowStockThreshold);
        listed.add(item.skuId);
      }
      if (p * 100 >= res.body.total) break;
    }
    expect(listed.has(low)).toBe(true);
    expect(listed.has(lowByDefault)).toBe(true);
    expect(listed.has(fine)).toBe(false);
    expect(listed.has(atOwn)).toBe(false);
  });

  it('requires a staff token with the inventory permission', async () => {
    const sku = await createStock(t, 1);
    await t.http.get(`/v1/admin/inventory/${sku}`).expect(401);
    await t.http.get('/v1/admin/inventory/low-stock').expect(401);
    const role = await t.http
      .post('/v1/admin/roles')
      .set(auth)
      .send({ name: `inventory-viewer-${randomBytes(3).toString('hex')}`, permissions: ['inventory.read'] })
      .expect(201);
    const email = `viewer-${randomBytes(4).toString('hex')}@example.com`;
    await t.http
      .post('/v1/admin/staff')
      .set(auth)
      .send({ email, name: 'Viewer', password: 'viewer-password', roleIds: [role.body.id] })
      .expect(201);
    const viewer = await loginStaff(t, email, 'viewer-password');
    await t.http.get(`/v1/admin/inventory/${sku}`).set(viewer.auth).expect(200);
    const denied = await t.http
      .post(`/v1/admin/inventory/${sku}/adjustments`)
      .set(viewer.auth)
      .send({ delta: 1, reason: 'restock' })
      .expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
  });
});
