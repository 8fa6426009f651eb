import { randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { createSku, setOnShelf, shopper, ShopApp, startShop } from '../order/shop';

describe('store cart', () => {
  let t: ShopApp;
  before(async () => {
    t = await startShop();
  });
  after(() => t.close());

  it('adds SKUs, adds to the quantity of a SKU already there, and shows prices, stock and selected totals', async () => {
    const { auth } = await shopper(t);
    const a = await createSku(t, { price: 1250, stock: 10 });
    const b = await createSku(t, { price: 399, stock: 3 });
    expect((await t.http.get('/v1/store/cart').set(auth).expect(200)).body).toEqual({
      items: [],
      selectedCount: 0,
      selectedQuantity: 0,
      selectedTotal: 0,
      currency: 'CNY',
    });
    await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: a.skuId, quantity: 2 }).expect(200);
    await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: b.skuId, quantity: 1 }).expect(200);
    const res = await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: a.skuId, quantity: 3 }).expect(200);
    expect(res.body.items).toHaveLength(2);
    const lineA = res.body.items.find((i: { skuId: string }) => i.skuId === a.skuId);
    expect(lineA).toEqual({
      id: expect.any(String),
      skuId: a.skuId,
      productId: a.productId,
      skuCode: a.code,
      title: a.title,
      image: 'https://img.example.com/a.jpg',
      specs: { colour: 'red' },
      unitPrice: 1250,
      quantity: 5,
      selected: true,
      lineTotal: 6250,
      available: 10,
      stockState: 'in_stock',
      offShelf: false,
    });
    expect(res.body).toMatchObject({ selectedCount: 2, selectedQuantity: 6, selectedTotal: 6250 + 399, currency: 'CNY' });
  });

  it('checks quantities against stock with a 409 problem, and lets a line shrink', async () => {
    const { auth } = await shopper(t);
    const sku = await createSku(t, { stock: 3 });
    await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: sku.skuId, quantity: 2 }).expect(200);
    const tooMany = await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: sku.skuId, quantity: 2 }).expect(409);
    expect(tooMany.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooMany.body).toMatchObject({ code: 'QUANTITY_EXCEEDS_STOCK', skuId: sku.skuId, requested: 4, available: 3 });
    const cart = await t.http.get('/v1/store/cart').set(auth).expect(200);
    const id = cart.body.items[0].id as string;
    expect(cart.body.items[0].quantity).toBe(2);
    await t.http.patch(`/v1/store/cart/items/${id}`).set(auth).send({ quantity: 4 }).expect(409);
    const grown = await t.http.patch(`/v1/store/cart/items/${id}`).set(auth).send({ quantity: 3 }).expect(200);
    expect(grown.body.items[0]).toMatchObject({ quantity: 3, stockState: 'in_stock' });
    const shrunk = await t.http.patch(`/v1/store/cart/items/${id}`).set(auth).send({ quantity: 1 }).expect(200);
    expect(shrunk.body.items[0].quantity).toBe(1);
    await t.http.patch(`/v1/store/cart/items/${id}`).set(auth).send({ quantity: 0 }).expect(400);
  });

  it('selects, deselects, selects all, clears the selection and removes selected lines', async () => {
    const { auth } = await shopper(t);
    const a = await createSku(t, { price: 100 });
    const b = await createSku(t, { price: 200 });
    await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: a.skuId, quantity: 1 }).expect(200);
    const both = await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: b.skuId, quantity: 1 }).expect(200);
    const idA = both.body.items.find((i: { skuId: string }) => i.skuId === a.skuId).id as string;
    const one = await t.http.patch(`/v1/store/cart/items/${idA}`).set(auth).send({ selected: false }).expect(200);
    expect(one.body).toMatchObject({ selectedCount: 1, selectedTotal: 200 });
    const none = await t.http.post('/v1/store/cart/selection').set(auth).send({ selected: false }).expect(200);
    expect(none.body).toMatchObject({ selectedCount: 0, selectedTotal: 0 });
    const all = await t.http.post('/v1/store/cart/selection').set(auth).send({ selected: true }).expect(200);
    expect(all.body).toMatchObject({ selectedCount: 2, selectedTotal: 300 });
    await t.http.patch(`/v1/store/cart/items/${idA}`).set(auth).send({ selected: false }).expect(200);
    const left = await t.http.delete('/v1/store/cart/items').set(auth).expect(200);
    expect(left.body.items.map((i: { skuId: string }) => i.skuId)).toEqual([a.skuId]);
    const empty = await t.http.delete(`/v1/store/cart/items/${idA}`).set(auth).expect(200);
    expect(empty.body.items).toEqual([]);
    await t.http.delete(`/v1/store/cart/items/${idA}`).set(auth).expect(404);
  });

  it('shows a line whose product went off the shelf, leaves it out of the totals, and refuses to add it', async () => {
    const { auth } = await shopper(t);
    const sku = await createSku(t, { price: 500 });
    await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: sku.skuId, quantity: 1 }).expect(200);
    await setOnShelf(t, sku.productId, false);
    const cart = await t.http.get('/v1/store/cart').set(auth).expect(200);
    expect(cart.body.items[0]).toMatchObject({ skuId: sku.skuId, offShelf: true, selected: true });
    expect(cart.body).toMatchObject({ selectedCount: 0, selectedTotal: 0 });
    const res = await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: sku.skuId, quantity: 1 }).expect(409);
    expect(res.body).toMatchObject({ code: 'SKU_NOT_PURCHASABLE', skuId: sku.skuId });
    await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: randomUUID(), quantity: 1 }).expect(404);
  });

  it('keeps one cart per customer: another customer’s line is a 404', async () => {
    const alice = await shopper(t);
    const bob = await shopper(t);
    const sku = await createSku(t);
    const res = await t.http.post('/v1/store/cart/items').set(alice.auth).send({ skuId: sku.skuId, quantity: 1 }).expect(200);
    const id = res.body.items[0].id as string;
    expect((await t.http.get('/v1/store/cart').set(bob.auth).expect(200)).body.items).toEqual([]);
    await t.http.patch(`/v1/store/cart/items/${id}`).set(bob.auth).send({ quantity: 2 }).expect(404);
    await t.http.delete(`/v1/store/cart/items/${id}`).set(bob.auth).expect(404);
    expect((await t.http.get('/v1/store/cart').set(alice.auth).expect(200)).body.items[0].quantity).toBe(1);
    await t.http.get('/v1/store/cart').expect(401);
  });

  it('holds at most 100 lines', async () => {
    const { auth, customerId } = await shopper(t);
    const sku = await createSku(t);
    // Fill the cart straight in the table: 100 products through the API would only slow the test.
    await t.db.query(
      `INSERT INTO cart_items (customer_id, sku_id, quantity) SELECT $1, gen_random_uuid(), 1 FROM generate_series(1, 100)`,
      [customerId],
    );
    const res = await t.http.post('/v1/store/cart/items').set(auth).send({ skuId: sku.skuId, quantity: 1 }).expect(409);
    expect(res.body).toMatchObject({ code: 'CART_FULL', limit: 100 });
    const cart = await t.http.get('/v1/store/cart').set(auth).expect(200);
    expect(cart.body.items).toHaveLength(100);
    expect(cart.body.items[0]).toMatchObject({ offShelf: true, stockState: 'out_of_stock' });
  });
});
