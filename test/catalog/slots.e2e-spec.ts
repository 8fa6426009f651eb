import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { CatalogTestApp, countQueries, createCategory, createProduct, publish, startCatalogApp, unique } from './support';

describe('catalog: ad slots and recommendation positions', () => {
  let t: CatalogTestApp;
  before(async () => {
    t = await startCatalogApp();
  });
  after(() => t.close());

  it('answers the live items of a slot in order, with current product data, and drops products off the shelf', async () => {
    const key = unique('home_banner_');
    await t.http.post('/v1/admin/slots').set(t.admin).send({ key, name: '首页轮播' }).expect(201);
    const dup = await t.http.post('/v1/admin/slots').set(t.admin).send({ key, name: 'again' }).expect(409);
    expect(dup.body.code).toBe('SLOT_KEY_TAKEN');

    const category = await createCategory(t);
    const live = await createProduct(t, {
      categoryId: category.id,
      title: 'Live',
      images: ['https://img/live.jpg'],
      skus: [{ code: unique('L-'), price: 990 }],
    });
    await publish(t, live.id);
    const draft = await createProduct(t, { categoryId: category.id, title: 'Draft' });
    const hour = 3600_000;
    const add = (body: Record<string, unknown>) =>
      t.http.post(`/v1/admin/slots/${key}/items`).set(t.admin).send(body).expect(201);

    const banner = await add({ title: '双11', image: 'https://img/banner.jpg', link: '/pages/sale', sortOrder: 2 });
    const productItem = await add({ productId: live.id, sortOrder: 1 });
    await add({ productId: draft.id, sortOrder: 0 });
    await add({ image: 'https://img/later.jpg', startsAt: new Date(Date.now() + hour).toISOString() });
    await add({
      image: 'https://img/over.jpg',
      startsAt: new Date(Date.now() - 2 * hour).toISOString(),
      endsAt: new Date(Date.now() - hour).toISOString(),
    });
    const invalid = await t.http.post(`/v1/admin/slots/${key}/items`).set(t.admin).send({ title: 'nothing to show' }).expect(400);
    expect(invalid.body.errors[0].field).toBe('image');

    const store = await t.http.get(`/v1/store/slots/${key}`).expect(200);
    expect(store.body).toEqual({
      key,
      name: '首页轮播',
      items: [
        {
          id: productItem.body.id,
          title: 'Live',
          image: 'https://img/live.jpg',
          link: null,
          product: {
            id: live.id,
            title: 'Live',
            image: 'https://img/live.jpg',
            price: 990,
            originalPrice: null,
            currency: 'CNY',
          },
        },
        { id: banner.body.id, title: '双11', image: 'https://img/banner.jpg', link: '/pages/sale', product: null },
      ],
    });
    expect((await countQueries(t, () => t.http.get(`/v1/store/slots/${key}`).expect(200))).count).toBe(1);

    // The product item follows the product: new title and price at once, gone when unpublished.
    await t.http
      .patch(`/v1/admin/products/${live.id}`)
      .set(t.admin)
      .send({ title: 'Live 2', skus: [{ id: live.skus[0].id, code: live.skus[0].code, price: 880 }] })
      .expect(200);
    const updated = await t.http.get(`/v1/store/slots/${key}`).expect(200);
    expect(updated.body.items[0]).toMatchObject({ title: 'Live 2', product: { price: 880 } });
    await t.http.post(`/v1/admin/products/${live.id}/unpublish`).set(t.admin).expect(200);
    const without = await t.http.get(`/v1/store/slots/${key}`).expect(200);
    expect(without.body.items.map((i: { id: string }) => i.id)).toEqual([banner.body.id]);

    // Staff see every item; reordering and removal take effect.
    const admin = await t.http.get(`/v1/admin/slots/${key}`).set(t.admin).expect(200);
    expect(admin.body.items).toHaveLength(5);
    await t.http
      .patch(`/v1/admin/slots/${key}/items/${banner.body.id}`)
      .set(t.admin)
      .send({ endsAt: new Date(Date.now() - 1000).toISOString(), startsAt: null })
      .expect(200);
    expect((await t.http.get(`/v1/store/slots/${key}`).expect(200)).body.items).toEqual([]);
    await t.http.delete(`/v1/admin/slots/${key}/items/${banner.body.id}`).set(t.admin).expect(204);
    await t.http.delete(`/v1/admin/slots/${key}`).set(t.admin).expect(204);
    await t.http.get(`/v1/store/slots/${key}`).expect(404);
  });
});
