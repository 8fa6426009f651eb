import { randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { OrderLifecycleService } from '../../src/modules/order/order-lifecycle.service';
import { randomPhone } from '../support/auth';
import { createSku, idempotencyKey, shopper, Shopper, ShopApp, startShop, stockOf, markOrderPaid } from './shop';

describe('staff orders', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop();
  });
  after(() => t.close());

  const place = async (me: Shopper, skuId: string, deliveryMethod = 'express') =>
    (
      await t.http
        .post('/v1/store/orders')
        .set(me.auth)
        .set('Idempotency-Key', idempotencyKey())
        .send({ addressId: me.addressId, deliveryMethod, items: [{ skuId, quantity: 1 }] })
        .expect(201)
    ).body as { id: string; number: string };

  it('lists orders filtered by status, number, recipient phone, date range and delivery method', async () => {
    const phone = randomPhone();
    const me = await shopper(t, phone);
    const sku = await createSku(t, { stock: 10 });
    const a = await place(me, sku.skuId);
    const b = await place(me, sku.skuId);
    await t.http.post(`/v1/store/orders/${b.id}/cancel`).set(me.auth).send({}).expect(200);
    const list = (query: string) => t.http.get(`/v1/admin/orders?${query}`).set(t.admin).expect(200);

    const byPhone = await list(`phone=${phone}`);
    expect(byPhone.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(byPhone.body.items.map((o: { id: string }) => o.id)).toEqual([b.id, a.id]);
    expect(byPhone.body.items[0]).toMatchObject({ customerId: me.customerId, items: [{ skuId: sku.skuId }] });
    expect((await list(`phone=${phone}&status=cancelled`)).body.items.map((o: { id: string }) => o.id)).toEqual([b.id]);
    expect((await list(`number=${a.number}`)).body.items.map((o: { id: string }) => o.id)).toEqual([a.id]);
    expect((await list(`phone=${phone}&deliveryMethod=pickup`)).body.total).toBe(0);
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(`phone=${phone}&createdFrom=${hourAgo}&createdTo=${inAnHour}`)).body.total).toBe(2);
    expect((await list(`phone=${phone}&createdFrom=${inAnHour}`)).body.total).toBe(0);
    await t.http.get('/v1/admin/orders?status=lost').set(t.admin).expect(400);
    await t.http.get('/v1/admin/orders').expect(401);
    await t.http.get('/v1/admin/orders').set(me.auth).expect(403);
  });

  it('ships a paid order once: shipped, stock taken, shipment shown to the shopper, order.shipped published', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const order = await place(me, sku.skuId);
    const early = await t.http
      .post(`/v1/admin/orders/${order.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF100' })
      .expect(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', orderStatus: 'pending_payment' });
    await markOrderPaid(t, order.id);
    const shipped = await t.http
      .post(`/v1/admin/orders/${order.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF100' })
      .expect(201);
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      customerId: me.customerId,
      shipments: [{ carrier: 'SF', trackingNumber: 'SF100' }],
    });
    expect(shipped.body.history.at(-1)).toMatchObject({ from: 'paid', to: 'shipped', actorType: 'staff', reason: 'SF SF100' });
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 9, reserved: 0 });
    await t.http
      .post(`/v1/admin/orders/${order.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF101' })
      .expect(409);
    const mine = await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200);
    expect(mine.body.shipments).toEqual([
      {
        id: expect.any(String),
        carrier: 'SF',
        trackingNumber: 'SF100',
        shippedAt: expect.any(String),
        // No carrier has reported on it yet.
        trackingState: null,
        trackingUpdatedAt: null,
        deliveredAt: null,
        tracking: [],
        items: [{ orderLineId: mine.body.items[0].id, skuId: sku.skuId, skuCode: sku.code, title: sku.title, quantity: 1 }],
      },
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND type = 'order.shipped'`,
      [order.id],
    );
    expect(n).toBe(1);
    await t.http.post(`/v1/admin/orders/${order.id}/shipments`).set(t.admin).send({ carrier: '' }).expect(400);
    await t.http.get(`/v1/admin/orders/${randomUUID()}`).set(t.admin).expect(404);
  });

  it('lets staff cancel an unpaid order with a reason, giving its stock back', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const order = await place(me, sku.skuId);
    await t.http.post(`/v1/admin/orders/${order.id}/cancel`).set(t.admin).send({}).expect(400);
    const res = await t.http
      .post(`/v1/admin/orders/${order.id}/cancel`)
      .set(t.admin)
      .send({ reason: 'duplicate order' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'duplicate order' });
    expect(res.body.history.at(-1)).toMatchObject({ to: 'cancelled', actorType: 'staff', reason: 'duplicate order' });
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 0 });
    await t.http.post(`/v1/admin/orders/${order.id}/cancel`).set(t.admin).send({ reason: 'again' }).expect(409);
  });

  it('changes the address before shipping, keeping the change and its reason in the notes, and takes notes', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const order = await place(me, sku.skuId);
    const address = {
      name: '李四',
      phone: '13900139000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 9 号',
    };
    await t.http.patch(`/v1/admin/orders/${order.id}/address`).set(t.admin).send(address).expect(400);
    const changed = await t.http
      .patch(`/v1/admin/orders/${order.id}/address`)
      .set(t.admin)
      .send({ ...address, reason: 'customer called' })
      .expect(200);
    expect(changed.body.address).toEqual({ ...address, postalCode: null });
    expect(changed.body.notes).toEqual([
      {
        id: expect.any(String),
        kind: 'address_changed',
        body: 'customer called',
        data: { from: expect.objectContaining({ name: '张三', province: '广东省' }), to: { ...address, postalCode: null } },
        staffId: expect.any(String),
        createdAt: expect.any(String),
      },
    ]);
    expect((await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200)).body.address.name).toBe('李四');
    const noted = await t.http.post(`/v1/admin/orders/${order.id}/notes`).set(t.admin).send({ body: 'gift wrap' }).expect(201);
    expect(noted.body.notes.map((n: { kind: string; body: string }) => `${n.kind}:${n.body}`)).toEqual([
      'address_changed:customer called',
      'note:gift wrap',
    ]);
    await t.http.post(`/v1/admin/orders/${randomUUID()}/notes`).set(t.admin).send({ body: 'x' }).expect(404);
    // Once shipped, the address is fixed.
    await markOrderPaid(t, order.id);
    await t.http
      .post(`/v1/admin/orders/${order.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF9' })
      .expect(201);
    const locked = await t.http
      .patch(`/v1/admin/orders/${order.id}/address`)
      .set(t.admin)
      .send({ ...address, reason: 'too late' })
      .expect(409);
    expect(locked.body).toMatchObject({ code: 'ORDER_ADDRESS_LOCKED', orderStatus: 'shipped' });
  });

  it('completes shipped orders the shopper did not confirm within the allowed days', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const old = await place(me, sku.skuId);
    const recent = await place(me, sku.skuId);
    const lifecycle = t.app.get(OrderLifecycleService);
    for (const o of [old, recent]) {
      await markOrderPaid(t, o.id);
      await t.http
        .post(`/v1/admin/orders/${o.id}/shipments`)
        .set(t.admin)
        .send({ carrier: 'ZTO', trackingNumber: randomUUID() })
        .expect(201);
    }
    // Shipped eleven days ago, as far as the order knows.
    await t.db.query(`UPDATE orders SET shipped_at = now() - interval '11 days' WHERE id = $1`, [old.id]);
    expect(await lifecycle.autoCompleteShipped(10)).toBeGreaterThanOrEqual(1);
    const done = await t.http.get(`/v1/store/orders/${old.id}`).set(me.auth).expect(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.history.at(-1)).toMatchObject({ from: 'shipped', to: 'completed', actorType: 'system' });
    expect((await t.http.get(`/v1/store/orders/${recent.id}`).set(me.auth).expect(200)).body.status).toBe('shipped');
  });
});
