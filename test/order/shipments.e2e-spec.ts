import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { createSku, idempotencyKey, shopper, Shopper, ShopApp, startShop, stockOf, markOrderPaid } from './shop';

interface Line {
  id: string;
  skuId: string;
}

async function place(t: ShopApp, me: Shopper, items: { skuId: string; quantity: number }[], extra: object = {}) {
  const res = await t.http
    .post('/v1/store/orders')
    .set(me.auth)
    .set('Idempotency-Key', idempotencyKey())
    .send({ addressId: me.addressId, deliveryMethod: 'express', items, ...extra });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: string; items: Line[] };
}

const lineOf = (order: { items: Line[] }, skuId: string) => order.items.find((l) => l.skuId === skuId)!.id;

describe('partial shipments and the packing list', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop();
  });
  after(() => t.close());

  const ship = (orderId: string, body: object) => t.http.post(`/v1/admin/orders/${orderId}/shipments`).set(t.admin).send(body);
  const pay = (orderId: string) => markOrderPaid(t, orderId);
  const shippedEvents = async (orderId: string) =>
    (
      (await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1 AND type = 'order.shipped'`, [
        orderId,
      ])) as { n: number }[]
    )[0].n;

  it('keeps the order paid through a partial shipment and ships it with the last one, committing stock once', async () => {
    const me = await shopper(t);
    const a = await createSku(t, { stock: 10 });
    const b = await createSku(t, { stock: 10 });
    const order = await place(t, me, [
      { skuId: a.skuId, quantity: 3 },
      { skuId: b.skuId, quantity: 2 },
    ]);
    const lineA = lineOf(order, a.skuId);
    const lineB = lineOf(order, b.skuId);
    await pay(order.id);

    const first = await ship(order.id, {
      carrier: 'SF',
      trackingNumber: 'SF1',
      items: [{ orderLineId: lineA, quantity: 2 }],
    }).expect(201);
    expect(first.body).toMatchObject({ status: 'paid', partiallyShipped: true, shippedAt: null });
    expect(first.body.shipments).toEqual([
      {
        id: expect.any(String),
        carrier: 'SF',
        trackingNumber: 'SF1',
        shippedAt: expect.any(String),
        // No carrier has reported on it yet.
        trackingState: null,
        trackingUpdatedAt: null,
        deliveredAt: null,
        tracking: [],
        items: [{ orderLineId: lineA, skuId: a.skuId, skuCode: a.code, title: a.title, quantity: 2 }],
      },
    ]);
    // Paid goods left stock at payment; shipping them moves no stock.
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 7, reserved: 0 });
    expect(await shippedEvents(order.id)).toBe(0);

    // More than ordered minus shipped is refused, naming the line; nothing is written.
    const over = await ship(order.id, {
      carrier: 'SF',
      trackingNumber: 'SF2',
      items: [
        { orderLineId: lineB, quantity: 1 },
        { orderLineId: lineA, quantity: 2 },
      ],
    }).expect(409);
    expect(over.body).toMatchObject({
      code: 'SHIPMENT_EXCEEDS_ORDER',
      orderLineId: lineA,
      skuCode: a.code,
      ordered: 3,
      shipped: 2,
      requested: 2,
    });
    // Repeating a line adds up.
    const repeated = await ship(order.id, {
      carrier: 'SF',
      trackingNumber: 'SF2',
      items: [
        { orderLineId: lineB, quantity: 2 },
        { orderLineId: lineB, quantity: 1 },
      ],
    }).expect(409);
    expect(repeated.body).toMatchObject({
      code: 'SHIPMENT_EXCEEDS_ORDER',
      orderLineId: lineB,
      ordered: 2,
      shipped: 0,
      requested: 3,
    });
    const unknown = await ship(order.id, {
      carrier: 'SF',
      trackingNumber: 'SF2',
      items: [{ orderLineId: randomUUID(), quantity: 1 }],
    }).expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'items[0].orderLineId', messages: [expect.any(String)] }]);
    await ship(order.id, { carrier: 'SF', trackingNumber: 'SF2', items: [{ orderLineId: lineA, quantity: 0 }] }).expect(400);
    await ship(order.id, { carrier: 'SF', trackingNumber: 'SF2', items: [] }).expect(400);
    await ship(randomUUID(), { carrier: 'SF', trackingNumber: 'SF2' }).expect(404);

    // Without items the shipment takes everything not shipped yet: the order ships.
    const last = await ship(order.id, { carrier: 'ZTO', trackingNumber: 'ZTO9' }).expect(201);
    expect(last.body).toMatchObject({ status: 'shipped', partiallyShipped: false, shippedAt: expect.any(String) });
    expect(last.body.history.at(-1)).toMatchObject({ from: 'paid', to: 'shipped', actorType: 'staff', reason: 'ZTO ZTO9' });
    expect(
      last.body.shipments[1].items.map((i: { orderLineId: string; quantity: number }) => [i.orderLineId, i.quantity]),
    ).toEqual(
      expect.arrayContaining([
        [lineA, 1],
        [lineB, 2],
      ]),
    );
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 7, reserved: 0 });
    expect(await stockOf(t, b.skuId)).toEqual({ onHand: 8, reserved: 0 });
    expect(await shippedEvents(order.id)).toBe(1);
    const again = await ship(order.id, { carrier: 'SF', trackingNumber: 'SF3' }).expect(409);
    expect(again.body).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', orderStatus: 'shipped' });

    // The shopper sees each parcel with its items, carrier and tracking number.
    const mine = await t.http.get(`/v1/store/orders/${order.id}`).set(me.auth).expect(200);
    expect(
      mine.body.shipments.map((s: { carrier: string; trackingNumber: string }) => `${s.carrier} ${s.trackingNumber}`),
    ).toEqual(['SF SF1', 'ZTO ZTO9']);
    expect(mine.body.shipments[0].items).toEqual([
      { orderLineId: lineA, skuId: a.skuId, skuCode: a.code, title: a.title, quantity: 2 },
    ]);
  });

  it('refuses a shipment on an order that cannot ship', async () => {
    const me = await shopper(t);
    const a = await createSku(t, { stock: 10 });
    const order = await place(t, me, [{ skuId: a.skuId, quantity: 2 }]);
    const early = await ship(order.id, {
      carrier: 'SF',
      trackingNumber: 'SF1',
      items: [{ orderLineId: lineOf(order, a.skuId), quantity: 1 }],
    }).expect(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', orderStatus: 'pending_payment' });
    await t.http.post(`/v1/store/orders/${order.id}/cancel`).set(me.auth).send({}).expect(200);
    await ship(order.id, { carrier: 'SF', trackingNumber: 'SF1' }).expect(409);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM order_shipments WHERE order_id = $1`, [order.id]))[0].n).toBe(0);
  });

  it('never over-ships a line under concurrent partial shipments', async () => {
    const me = await shopper(t);
    const a = await createSku(t, { stock: 10 });
    const order = await place(t, me, [{ skuId: a.skuId, quantity: 3 }]);
    const lineA = lineOf(order, a.skuId);
    await pay(order.id);
    // Six parcels of 2 out of 3 units at once: only one fits; the others see it and are refused.
    const parts = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        ship(order.id, { carrier: 'SF', trackingNumber: `SF1-${n}`, items: [{ orderLineId: lineA, quantity: 2 }] }),
      ),
    );
    expect(parts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of parts.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'SHIPMENT_EXCEEDS_ORDER', shipped: 2, requested: 2 });
    }
    await ship(order.id, { carrier: 'SF', trackingNumber: 'SF1c', items: [{ orderLineId: lineA, quantity: 1 }] }).expect(201);
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 7, reserved: 0 });
    expect(await shippedEvents(order.id)).toBe(1);
  });

  it('lets only one of two concurrent shipments of the last units through', async () => {
    const me = await shopper(t);
    const a = await createSku(t, { stock: 10 });
    const order = await place(t, me, [{ skuId: a.skuId, quantity: 3 }]);
    const lineA = lineOf(order, a.skuId);
    await pay(order.id);
    await ship(order.id, { carrier: 'SF', trackingNumber: 'SF1', items: [{ orderLineId: lineA, quantity: 1 }] }).expect(201);
    const results = await Promise.all([
      ship(order.id, { carrier: 'SF', trackingNumber: 'SF2', items: [{ orderLineId: lineA, quantity: 2 }] }),
      ship(order.id, { carrier: 'YTO', trackingNumber: 'YTO2' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ n }] = await t.db.query(
      `SELECT sum(i.quantity)::int AS n FROM order_shipment_items i JOIN order_shipments s ON s.id = i.shipment_id WHERE s.order_id = $1`,
      [order.id],
    );
    expect(n).toBe(3);
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 7, reserved: 0 });
    expect(await shippedEvents(order.id)).toBe(1);
  });

  it('prints a packing list with every value escaped, and gives it as JSON for label printers', async () => {
    const me = await shopper(t);
    const title = `<script>alert(1)</script> Tea ${randomBytes(3).toString('hex')}`;
    const code = `SKU-${randomBytes(4).toString('hex')}`;
    const product = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({
        title,
        categoryId: t.categoryId,
        images: ['https://img.example.com/a.jpg'],
        specs: [{ name: 'size', values: ['<big>'] }],
        skus: [{ code, price: 500, stock: 10, weightGrams: 100, specs: { size: '<big>' } }],
      })
      .expect(201);
    await t.http.post(`/v1/admin/products/${product.body.id}/publish`).set(t.admin).expect(200);
    const skuId = product.body.skus[0].id as string;
    const other = await createSku(t, { stock: 10 });
    const order = await place(
      t,
      me,
      [
        { skuId, quantity: 4 },
        { skuId: other.skuId, quantity: 1 },
      ],
      { note: 'ring "twice" & <wait>' },
    );
    await pay(order.id);
    await ship(order.id, {
      carrier: 'SF',
      trackingNumber: 'SF1',
      items: [{ orderLineId: lineOf(order, skuId), quantity: 1 }],
    }).expect(201);

    const html = await t.http.get(`/v1/admin/orders/${order.id}/packing-list`).set(t.admin).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain(order.number);
    expect(html.text).toContain('张三');
    expect(html.text).toContain('科技园 1 号');
    expect(html.text).toContain(code);
    expect(html.text).toContain(other.code);
    expect(html.text).toContain(`&lt;script&gt;alert(1)&lt;/script&gt; Tea`);
    expect(html.text).toContain('size: &lt;big&gt;');
    expect(html.text).toContain('<td class="n">4</td><td class="n">1</td>');
    expect(html.text).toContain('ring &quot;twice&quot; &amp; &lt;wait&gt;');
    expect(html.text).not.toContain('<script>');
    expect(html.text).not.toContain('<wait>');

    const json = await t.http.get(`/v1/admin/orders/${order.id}/packing-list?format=json`).set(t.admin).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toMatchObject({
      orderId: order.id,
      number: order.number,
      status: 'paid',
      deliveryMethod: 'express',
      orderedAt: expect.any(String),
      address: { name: '张三', detail: '科技园 1 号' },
      pickupStore: null,
      note: 'ring "twice" & <wait>',
    });
    expect(json.body.lines).toHaveLength(2);
    expect(json.body.lines).toEqual(
      expect.arrayContaining([
        { orderLineId: lineOf(order, skuId), skuCode: code, title, specs: { size: '<big>' }, quantity: 4, shippedQuantity: 1 },
        {
          orderLineId: lineOf(order, other.skuId),
          skuCode: other.code,
          title: other.title,
          specs: { colour: 'red' },
          quantity: 1,
          shippedQuantity: 0,
        },
      ]),
    );
    await t.http.get(`/v1/admin/orders/${order.id}/packing-list?format=pdf`).set(t.admin).expect(400);
    await t.http.get(`/v1/admin/orders/${randomUUID()}/packing-list`).set(t.admin).expect(404);
    await t.http.get(`/v1/admin/orders/${order.id}/packing-list`).set(me.auth).expect(403);
    await t.http.get(`/v1/admin/orders/${order.id}/packing-list`).expect(401);
  });
});

// Cash on delivery is a store-wide setting, so this suite has a database of its own.
describe('partial shipments of cash-on-delivery orders', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop({}, { isolated: true });
  });
  after(() => t.close());

  it('ships a cash-on-delivery order in parts; once a part left it can no longer be cancelled', async () => {
    await t.http
      .put('/v1/admin/shipping/cod')
      .set(t.admin)
      .send({ enabled: true, allowedProvinces: [], extraFee: 0 })
      .expect(200);
    const me = await shopper(t);
    const a = await createSku(t, { stock: 10 });
    const order = await place(t, me, [{ skuId: a.skuId, quantity: 2 }], { deliveryMethod: 'cod' });
    const lineA = lineOf(order, a.skuId);
    const part = await t.http
      .post(`/v1/admin/orders/${order.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF1', items: [{ orderLineId: lineA, quantity: 1 }] })
      .expect(201);
    expect(part.body).toMatchObject({ status: 'pending_payment', partiallyShipped: true });
    const refused = await t.http.post(`/v1/store/orders/${order.id}/cancel`).set(me.auth).send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'ILLEGAL_ORDER_TRANSITION', orderStatus: 'pending_payment' });
    await t.http.post(`/v1/admin/orders/${order.id}/cancel`).set(t.admin).send({ reason: 'changed mind' }).expect(409);
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 10, reserved: 2 });
    const rest = await t.http
      .post(`/v1/admin/orders/${order.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF2' })
      .expect(201);
    expect(rest.body).toMatchObject({ status: 'shipped', partiallyShipped: false });
    expect(await stockOf(t, a.skuId)).toEqual({ onHand: 8, reserved: 0 });
  });
});
