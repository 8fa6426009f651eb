import { randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/common/database';
import { ActorType, OrderAction } from '../../src/modules/order/domain/order-status';
import { OrderLifecycleService } from '../../src/modules/order/order-lifecycle.service';
import { createSku, idempotencyKey, setOnShelf, shopper, ShopApp, startShop, stockOf, markOrderPaid } from './shop';

describe('checkout and orders', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop();
  });
  after(() => t.close());

  const eventsOf = async (orderId: string) =>
    (
      (await t.db.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY created_at, id`, [orderId])) as {
        type: string;
      }[]
    ).map((r) => r.type);

  it('goes from cart to preview to order to cancel, with stock held and given back', async () => {
    const me = await shopper(t);
    const a = await createSku(t, { price: 1250, stock: 10 });
    const b = await createSku(t, { price: 399, stock: 5 });
    const c = await createSku(t, { price: 100, stock: 5 });
    await t.http.post('/v1/store/cart/items').set(me.auth).send({ skuId: a.skuId, quantity: 2 }).expect(200);
    await t.http.post('/v1/store/cart/items').set(me.auth).send({ skuId: b.skuId, quantity: 3 }).expect(200);
    const cart = await t.http.post('/v1/store/cart/items').set(me.auth).send({ skuId: c.skuId, quantity: 1 }).expect(200);
    const lineC = cart.body.items.find((i: { skuId: string }) => i.skuId === c.skuId).id as string;
    await t.http.patch(`/v1/store/cart/items/${lineC}`).set(me.auth).send({ selected: false }).expect(200);

    const body = { addressId: me.addressId, deliveryMethod: 'express', note: 'leave at the door' };
    const preview = await t.http.post('/v1/store/checkout/preview').set(me.auth).send(body).expect(200);
    expect(preview.body).toMatchObject({
      subtotal: 2500 + 1197,
      shippingTotal: 0,
      discountTotal: 0,
      total: 3697,
      currency: 'CNY',
      adjustments: [{ step: 'shipping', amount: 0, description: expect.any(String) }],
    });
    expect(preview.body.items).toHaveLength(2);
    // The preview wrote nothing: stock untouched, cart unchanged.
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 10, reserved: 0 });
    expect((await t.http.get('/v1/store/cart').set(me.auth).expect(200)).body.items).toHaveLength(3);

    const created = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send(body)
      .expect(201);
    const order = created.body;
    expect(order).toMatchObject({
      id: expect.any(String),
      number: expect.stringMatching(/^\d{16}$/),
      status: 'pending_payment',
      deliveryMethod: 'express',
      subtotal: 3697,
      shippingTotal: 0,
      discountTotal: 0,
      total: 3697,
      currency: 'CNY',
      note: 'leave at the door',
      address: {
        name: '张三',
        phone: '13800138000',
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        detail: '科技园 1 号',
      },
    });
    expect(new Date(order.expiresAt).getTime() - Date.now()).toBeGreaterThan(1700 * 1000);
    const itemA = order.items.find((i: { skuId: string }) => i.skuId === a.skuId);
    expect(itemA).toEqual({
      id: expect.any(String),
      skuId: a.skuId,
      productId: a.productId,
      skuCode: a.code,
      title: a.title,
      image: 'https://img.example.com/a.jpg',
      specs: { colour: 'red' },
      quantity: 2,
      unitPrice: 1250,
      lineSubtotal: 2500,
      discountTotal: 0,
      lineTotal: 2500,
      adjustments: [],
    });
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 10, reserved: 2 });
    expect(await stockOf(t, b.skuId)).toEqual({ onHand: 5, reserved: 3 });
    // The ordered lines left the cart; the unselected one stayed.
    const after = await t.http.get('/v1/store/cart').set(me.auth).expect(200);
    expect(after.body.items.map((i: { skuId: string }) => i.skuId)).toEqual([c.skuId]);

    // The snapshot outlives a catalog change.
    await setOnShelf(t, a.productId, false);
    const detail = await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200);
    expect(detail.body.items.find((i: { skuId: string }) => i.skuId === a.skuId)).toMatchObject({
      title: a.title,
      unitPrice: 1250,
    });
    expect(detail.body.history).toEqual([
      {
        from: null,
        to: 'pending_payment',
        actorType: 'customer',
        actorId: me.customerId,
        reason: 'order placed',
        at: expect.any(String),
      },
    ]);

    const cancelled = await t.http
      .post(`/v1/store/orders/${order.id}/cancel`)
      .set(me.auth)
      .send({ reason: 'changed my mind' })
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'changed my mind',
      cancelledAt: expect.any(String),
    });
    expect(cancelled.body.history.map((h: { from: string; to: string }) => [h.from, h.to])).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'cancelled'],
    ]);
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 10, reserved: 0 });
    expect(await stockOf(t, b.skuId)).toEqual({ onHand: 5, reserved: 0 });
    expect(await eventsOf(order.id)).toEqual(['order.created', 'order.cancelled']);

    // Cancelling again is an illegal transition, and gives nothing back twice.
    const again = await t.http.post(`/v1/store/orders/${order.id}/cancel`).set(me.auth).send({}).expect(409);
    expect(again.body).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', status: 409, orderId: order.id });
    expect(await stockOf(t, b.skuId)).toEqual({ onHand: 5, reserved: 0 });
  });

  it('buys items now without touching the cart, merging lines of one SKU', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { price: 250, stock: 10 });
    const other = await createSku(t);
    await t.http.post('/v1/store/cart/items').set(me.auth).send({ skuId: other.skuId, quantity: 1 }).expect(200);
    const res = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({
        addressId: me.addressId,
        deliveryMethod: 'express',
        items: [
          { skuId: sku.skuId, quantity: 2 },
          { skuId: sku.skuId, quantity: 1 },
        ],
      })
      .expect(201);
    expect(res.body.items).toHaveLength(1);
    expect(res.body).toMatchObject({ subtotal: 750, total: 750, items: [{ quantity: 3, lineTotal: 750 }] });
    expect((await t.http.get('/v1/store/cart').set(me.auth).expect(200)).body.items).toHaveLength(1);
  });

  it('answers the same order for the same Idempotency-Key, with one order row, and requires the key', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const body = { addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 2 }] };
    const key = idempotencyKey();
    const first = await t.http.post('/v1/store/orders').set(me.auth).set('Idempotency-Key', key).send(body).expect(201);
    const replay = await t.http.post('/v1/store/orders').set(me.auth).set('Idempotency-Key', key).send(body).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM orders WHERE customer_id = $1`, [me.customerId]);
    expect(n).toBe(1);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 2 });
    const missing = await t.http.post('/v1/store/orders').set(me.auth).send(body).expect(400);
    expect(missing.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('keeps the (customer, key) unique behind the interceptor: a second create with the key answers the first order', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const { OrderService } = await import('../../src/modules/order/order.service');
    const orders = t.app.get(OrderService);
    const dto = { addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 1 }] } as never;
    const key = idempotencyKey();
    const [x, y] = await Promise.all([orders.create(me.customerId, dto, key), orders.create(me.customerId, dto, key)]);
    expect(x.id).toBe(y.id);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 1 });
  });

  it('refuses out-of-stock lines with a 409 naming the SKU, and writes nothing', async () => {
    const me = await shopper(t);
    const plenty = await createSku(t, { stock: 10 });
    const scarce = await createSku(t, { stock: 1 });
    await t.http.post('/v1/store/cart/items').set(me.auth).send({ skuId: plenty.skuId, quantity: 1 }).expect(200);
    const res = await t.http
      .post('/v1/store/orders')
      .set(me.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({
        addressId: me.addressId,
        deliveryMethod: 'express',
        items: [
          { skuId: plenty.skuId, quantity: 3 },
          { skuId: scarce.skuId, quantity: 2 },
        ],
      })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'OUT_OF_STOCK',
      skuId: scarce.skuId,
      skuCode: scarce.code,
      requested: 2,
      available: 1,
    });
    expect(await stockOf(t, plenty.skuId)).toEqual({ onHand: 10, reserved: 0 });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM orders WHERE customer_id = $1`, [me.customerId]);
    expect(n).toBe(0);
  });

  it('refuses unknown and off-shelf SKUs, an empty cart, and a missing address or pickup store', async () => {
    const me = await shopper(t);
    const hidden = await createSku(t, { publish: false });
    const order = (body: object) =>
      t.http.post('/v1/store/orders').set(me.auth).set('Idempotency-Key', idempotencyKey()).send(body);
    const unknown = randomUUID();
    expect(
      (await order({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: unknown, quantity: 1 }] }).expect(409))
        .body,
    ).toMatchObject({
      code: 'SKU_NOT_PURCHASABLE',
      skuId: unknown,
    });
    expect(
      (
        await order({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: hidden.skuId, quantity: 1 }] }).expect(
          409,
        )
      ).body,
    ).toMatchObject({
      code: 'SKU_NOT_PURCHASABLE',
      skuId: hidden.skuId,
      skuCode: hidden.code,
    });
    expect((await order({ addressId: me.addressId, deliveryMethod: 'express' }).expect(409)).body.code).toBe('NOTHING_TO_ORDER');
    const sku = await createSku(t);
    const items = [{ skuId: sku.skuId, quantity: 1 }];
    expect((await order({ deliveryMethod: 'express', items }).expect(400)).body.code).toBe('ADDRESS_REQUIRED');
    expect((await order({ deliveryMethod: 'pickup', items }).expect(400)).body.code).toBe('PICKUP_STORE_REQUIRED');
    expect((await order({ addressId: me.addressId, deliveryMethod: 'drone', items }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (
        await order({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 0 }] }).expect(
          400,
        )
      ).body.code,
    ).toBe('VALIDATION_FAILED');
    // Someone else's address is not found.
    const other = await shopper(t);
    await order({ addressId: other.addressId, deliveryMethod: 'express', items }).expect(404);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('answers another customer’s order with 404 everywhere', async () => {
    const alice = await shopper(t);
    const bob = await shopper(t);
    const sku = await createSku(t);
    const order = await t.http
      .post('/v1/store/orders')
      .set(alice.auth)
      .set('Idempotency-Key', idempotencyKey())
      .send({ addressId: alice.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 1 }] })
      .expect(201);
    await t.http.get(`/v1/store/orders/${order.body.id}`).set(bob.auth).expect(404);
    await t.http.post(`/v1/store/orders/${order.body.id}/cancel`).set(bob.auth).send({}).expect(404);
    await t.http.post(`/v1/store/orders/${order.body.id}/confirm-receipt`).set(bob.auth).expect(404);
    expect((await t.http.get('/v1/store/orders').set(bob.auth).expect(200)).body.total).toBe(0);
    await t.http.get(`/v1/store/orders/${randomUUID()}`).set(alice.auth).expect(404);
    expect((await t.http.get(`/v1/store/orders/${order.body.id}`).set(alice.auth).expect(200)).body.status).toBe(
      'pending_payment',
    );
  });

  it('walks paid -> shipped -> completed, refuses illegal transitions, and lists orders with counts per status', async () => {
    const me = await shopper(t);
    const sku = await createSku(t, { stock: 10 });
    const place = async () =>
      (
        await t.http
          .post('/v1/store/orders')
          .set(me.auth)
          .set('Idempotency-Key', idempotencyKey())
          .send({ addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 1 }] })
          .expect(201)
      ).body as { id: string };
    const first = await place();
    const second = await place();
    await place();
    const lifecycle = t.app.get(OrderLifecycleService);

    // Receipt of an unpaid order is illegal.
    const early = await t.http.post(`/v1/store/orders/${first.id}/confirm-receipt`).set(me.auth).expect(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', status: 409 });

    await markOrderPaid(t, first.id);
    await expect(markOrderPaid(t, first.id)).rejects.toMatchObject({
      code: 'ILLEGAL_ORDER_TRANSITION',
    });
    // A paid order can no longer be cancelled by the shopper.
    expect((await t.http.post(`/v1/store/orders/${first.id}/cancel`).set(me.auth).send({}).expect(409)).body.code).toBe(
      'ILLEGAL_ORDER_TRANSITION',
    );
    const staff = { type: ActorType.Staff, id: randomUUID() };
    await inTransaction(t.db, (em) => lifecycle.apply(em, first.id, { action: OrderAction.Ship, actor: staff, reason: 'SF123' }));
    // Shipping takes the held units out of stock.
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 9, reserved: 2 });
    const done = await t.http.post(`/v1/store/orders/${first.id}/confirm-receipt`).set(me.auth).expect(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      paidAt: expect.any(String),
      shippedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(done.body.history.map((h: { to: string; actorType: string }) => `${h.to}:${h.actorType}`)).toEqual([
      'pending_payment:customer',
      'paid:system',
      'shipped:staff',
      'completed:customer',
    ]);
    expect(await eventsOf(first.id)).toEqual(['order.created', 'order.paid', 'order.shipped', 'order.completed']);
    await t.http.post(`/v1/store/orders/${first.id}/confirm-receipt`).set(me.auth).expect(409);

    await t.http.post(`/v1/store/orders/${second.id}/cancel`).set(me.auth).send({}).expect(200);
    await expect(markOrderPaid(t, second.id)).rejects.toMatchObject({
      code: 'ILLEGAL_ORDER_TRANSITION',
    });

    const all = await t.http.get('/v1/store/orders?pageSize=2').set(me.auth).expect(200);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(all.body.items).toHaveLength(2);
    expect(all.body.counts).toEqual({ pending_payment: 1, paid: 0, ready_for_pickup: 0, shipped: 0, completed: 1, cancelled: 1 });
    const cancelledTab = await t.http.get('/v1/store/orders?status=cancelled').set(me.auth).expect(200);
    expect(cancelledTab.body.items.map((o: { id: string }) => o.id)).toEqual([second.id]);
    expect(cancelledTab.body.counts.pending_payment).toBe(1);
    await t.http.get('/v1/store/orders?status=lost').set(me.auth).expect(400);
  });
});
