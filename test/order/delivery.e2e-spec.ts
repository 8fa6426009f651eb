import { randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/common/database';
import { ActorType, OrderAction } from '../../src/modules/order/domain/order-status';
import { OrderLifecycleService } from '../../src/modules/order/order-lifecycle.service';
import { createSku, idempotencyKey, shopper, Shopper, ShopApp, startShop, stockOf, markOrderPaid } from './shop';

// Store-wide shipping settings change here, so the suite has a database of its own.
describe('delivery methods and shipping fees in checkout', () => {
  let t: ShopApp;
  let me: Shopper;
  before(async () => {
    t = await startShop({}, { isolated: true });
    me = await shopper(t);
  });
  after(() => t.close());

  const order = (body: object) =>
    t.http.post('/v1/store/orders').set(me.auth).set('Idempotency-Key', idempotencyKey()).send(body);

  async function parcelTemplate(productIds: string[]) {
    const res = await t.http
      .post('/v1/admin/freight-templates')
      .set(t.admin)
      .send({
        name: `Parcel ${randomUUID().slice(0, 8)}`,
        mode: 'by_piece',
        rules: [{ provinces: ['新疆维吾尔自治区'], first: 1, firstFee: 2000, additional: 1, additionalFee: 1500 }],
        defaultRule: { first: 1, firstFee: 1000, additional: 2, additionalFee: 500 },
      });
    if (res.status !== 201) throw new Error(`template: ${res.status} ${JSON.stringify(res.body)}`);
    await t.http.put(`/v1/admin/freight-templates/${res.body.id}/products`).set(t.admin).send({ productIds }).expect(200);
  }

  it('charges express by the product’s freight template, the same in preview and order', async () => {
    const sku = await createSku(t, { price: 2000, stock: 10 });
    await parcelTemplate([sku.productId]);
    const body = { addressId: me.addressId, deliveryMethod: 'express', items: [{ skuId: sku.skuId, quantity: 3 }] };
    const preview = await t.http.post('/v1/store/checkout/preview').set(me.auth).send(body).expect(200);
    // First piece 10.00, then 5.00 per 2 more pieces: 3 pieces cost 15.00.
    expect(preview.body).toMatchObject({ subtotal: 6000, shippingTotal: 1500, discountTotal: 0, total: 7500 });
    expect(preview.body.adjustments).toEqual([{ step: 'shipping', amount: 1500, description: expect.any(String) }]);
    const created = await order(body).expect(201);
    expect(created.body).toMatchObject({ subtotal: 6000, shippingTotal: 1500, total: 7500 });
    expect(created.body.adjustments).toEqual(preview.body.adjustments);
  });

  it('refuses a method the store does not offer with the shipping module’s problem, and reserves nothing', async () => {
    const sku = await createSku(t, { stock: 10 });
    await t.http.put('/v1/admin/shipping/same-city').set(t.admin).send({ enabled: false, districts: [], fee: 0 }).expect(200);
    const res = await order({
      addressId: me.addressId,
      deliveryMethod: 'same_city',
      items: [{ skuId: sku.skuId, quantity: 1 }],
    }).expect(409);
    expect(res.body).toMatchObject({ code: 'DELIVERY_UNAVAILABLE', method: 'same_city' });
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('takes pickup orders without an address, at an open pickup store', async () => {
    const sku = await createSku(t, { price: 800, stock: 10 });
    const store = await t.http
      .post('/v1/admin/pickup-stores')
      .set(t.admin)
      .send({
        name: 'Nanshan store',
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        detail: '海岸城 1 楼',
        hours: '10:00-22:00',
      })
      .expect(201);
    const res = await order({
      deliveryMethod: 'pickup',
      pickupStoreId: store.body.id,
      items: [{ skuId: sku.skuId, quantity: 1 }],
    }).expect(201);
    expect(res.body).toMatchObject({
      deliveryMethod: 'pickup',
      pickupStoreId: store.body.id,
      address: null,
      shippingTotal: 0,
      total: 800,
    });
    expect(res.body.pickupStore).toMatchObject({ id: store.body.id, name: 'Nanshan store', hours: '10:00-22:00' });
    expect(res.body.pickupCode).toMatch(/^\d{8}$/);
    // Only the shopper has the code: staff check it at the hand-over but never see it.
    const staffView = await t.http.get(`/v1/admin/orders/${res.body.id}`).set(t.admin).expect(200);
    expect(staffView.body).toMatchObject({ id: res.body.id, deliveryMethod: 'pickup' });
    expect(staffView.body).not.toHaveProperty('pickupCode');
    const staffList = await t.http.get('/v1/admin/orders').query({ number: res.body.number }).set(t.admin).expect(200);
    expect(staffList.body.items).toHaveLength(1);
    expect(staffList.body.items[0]).not.toHaveProperty('pickupCode');
    // Paid, then the goods wait at the store; carriers do not ship pickup orders.
    await markOrderPaid(t, res.body.id);
    // Paid goods are sold: they leave stock at payment.
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 9, reserved: 0 });
    const shipped = await t.http
      .post(`/v1/admin/orders/${res.body.id}/shipments`)
      .set(t.admin)
      .send({ carrier: 'SF', trackingNumber: 'SF1' })
      .expect(409);
    expect(shipped.body.code).toBe('ILLEGAL_ORDER_TRANSITION');
    const ready = await t.http.post(`/v1/admin/orders/${res.body.id}/ready-for-pickup`).set(t.admin).expect(200);
    expect(ready.body.status).toBe('ready_for_pickup');
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 9, reserved: 0 });
    const wrong = await t.http
      .post(`/v1/admin/orders/${res.body.id}/pickup`)
      .set(t.admin)
      .send({ pickupCode: res.body.pickupCode === '00000000' ? '11111111' : '00000000' })
      .expect(409);
    expect(wrong.body.code).toBe('PICKUP_CODE_MISMATCH');
    const collected = await t.http
      .post(`/v1/admin/orders/${res.body.id}/pickup`)
      .set(t.admin)
      .send({ pickupCode: res.body.pickupCode })
      .expect(200);
    expect(collected.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    const unknown = await order({
      deliveryMethod: 'pickup',
      pickupStoreId: randomUUID(),
      items: [{ skuId: sku.skuId, quantity: 1 }],
    }).expect(409);
    expect(unknown.body.code).toBe('PICKUP_STORE_UNAVAILABLE');
  });

  it('ships cash-on-delivery orders without online payment; they never time out', async () => {
    const sku = await createSku(t, { price: 1000, stock: 10 });
    await t.http
      .put('/v1/admin/shipping/cod')
      .set(t.admin)
      .send({ enabled: true, allowedProvinces: [], extraFee: 300 })
      .expect(200);
    const res = await order({
      addressId: me.addressId,
      deliveryMethod: 'cod',
      items: [{ skuId: sku.skuId, quantity: 1 }],
    }).expect(201);
    expect(res.body).toMatchObject({
      status: 'pending_payment',
      deliveryMethod: 'cod',
      expiresAt: null,
      shippingTotal: 300,
      total: 1300,
    });
    const lifecycle = t.app.get(OrderLifecycleService);
    await expect(markOrderPaid(t, res.body.id)).rejects.toMatchObject({
      code: 'ILLEGAL_ORDER_TRANSITION',
    });
    await inTransaction(t.db, (em) =>
      lifecycle.apply(em, res.body.id, { action: OrderAction.Ship, actor: { type: ActorType.Staff, id: randomUUID() } }),
    );
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 9, reserved: 0 });
    const done = await t.http.post(`/v1/store/orders/${res.body.id}/confirm-receipt`).set(me.auth).expect(200);
    expect(done.body.status).toBe('completed');
    expect(await lifecycle.sweepExpired()).toBe(0);
  });
});
