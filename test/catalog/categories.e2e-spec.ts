import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { CatalogTestApp, createCategory, createProduct, publish, startCatalogApp, unique } from './support';

describe('catalog: categories, brands, suppliers, tags', () => {
  let t: CatalogTestApp;
  before(async () => {
    t = await startCatalogApp();
  });
  after(() => t.close());

  it('builds a tree of any depth and shows shoppers only the visible part', async () => {
    const root = await createCategory(t, { name: unique('服装') });
    const child = await createCategory(t, { name: unique('男装'), parentId: root.id });
    const grandchild = await createCategory(t, { name: unique('T恤'), parentId: child.id });
    const hidden = await createCategory(t, { name: unique('hidden'), parentId: root.id, visible: false });
    await createCategory(t, { name: unique('under-hidden'), parentId: hidden.id });
    expect(grandchild.depth).toBe(2);

    const store = await t.http.get('/v1/store/categories').expect(200);
    const node = (store.body as { id: string; children: unknown[] }[]).find((c) => c.id === root.id);
    expect(node).toEqual({
      id: root.id,
      name: root.name,
      icon: null,
      children: [
        {
          id: child.id,
          name: child.name,
          icon: null,
          children: [{ id: grandchild.id, name: grandchild.name, icon: null, children: [] }],
        },
      ],
    });

    const admin = await t.http.get('/v1/admin/categories').set(t.admin).expect(200);
    const adminRoot = (admin.body as { id: string; children: { id: string }[] }[]).find((c) => c.id === root.id)!;
    expect(adminRoot.children.map((c) => c.id).sort()).toEqual([child.id, hidden.id].sort());
  });

  it('filters store products by a category with all its descendants', async () => {
    const root = await createCategory(t);
    const child = await createCategory(t, { parentId: root.id });
    const grandchild = await createCategory(t, { parentId: child.id });
    const other = await createCategory(t);
    const inRoot = await createProduct(t, { categoryId: root.id });
    const inGrandchild = await createProduct(t, { categoryId: grandchild.id });
    const inOther = await createProduct(t, { categoryId: other.id });
    for (const p of [inRoot, inGrandchild, inOther]) await publish(t, p.id);

    const ids = async (categoryId: string) => {
      const res = await t.http.get('/v1/store/products').query({ categoryId }).expect(200);
      return (res.body.items as { id: string }[]).map((i) => i.id).sort();
    };
    expect(await ids(root.id)).toEqual([inRoot.id, inGrandchild.id].sort());
    expect(await ids(child.id)).toEqual([inGrandchild.id]);
    expect(await ids(other.id)).toEqual([inOther.id]);
  });

  it('moves a subtree, with its products following in filters, and refuses a move under its own descendant', async () => {
    const a = await createCategory(t);
    const b = await createCategory(t, { parentId: a.id });
    const c = await createCategory(t, { parentId: b.id });
    const target = await createCategory(t);
    const product = await createProduct(t, { categoryId: c.id });
    await publish(t, product.id);

    const refused = await t.http.patch(`/v1/admin/categories/${a.id}`).set(t.admin).send({ parentId: c.id }).expect(409);
    expect(refused.body.code).toBe('CATEGORY_MOVE_INTO_DESCENDANT');
    await t.http.patch(`/v1/admin/categories/${a.id}`).set(t.admin).send({ parentId: a.id }).expect(409);

    const moved = await t.http.patch(`/v1/admin/categories/${b.id}`).set(t.admin).send({ parentId: target.id }).expect(200);
    expect(moved.body).toMatchObject({ parentId: target.id, depth: 1 });
    const deep = await t.http.get(`/v1/admin/categories/${c.id}`).set(t.admin).expect(200);
    expect(deep.body.depth).toBe(2);

    const underTarget = await t.http.get('/v1/store/products').query({ categoryId: target.id }).expect(200);
    expect(underTarget.body.items.map((i: { id: string }) => i.id)).toEqual([product.id]);
    const underA = await t.http.get('/v1/store/products').query({ categoryId: a.id }).expect(200);
    expect(underA.body.total).toBe(0);

    const toRoot = await t.http
      .patch(`/v1/admin/categories/${b.id}`)
      .set(t.admin)
      .send({ parentId: null, name: 'renamed' })
      .expect(200);
    expect(toRoot.body).toMatchObject({ parentId: null, depth: 0, name: 'renamed' });
  });

  it('refuses to delete a category with children or products (409) and deletes an empty leaf', async () => {
    const parent = await createCategory(t);
    const child = await createCategory(t, { parentId: parent.id });
    const withChildren = await t.http.delete(`/v1/admin/categories/${parent.id}`).set(t.admin).expect(409);
    expect(withChildren.headers['content-type']).toMatch(/problem\+json/);
    expect(withChildren.body.code).toBe('CATEGORY_HAS_CHILDREN');

    await createProduct(t, { categoryId: child.id });
    const withProducts = await t.http.delete(`/v1/admin/categories/${child.id}`).set(t.admin).expect(409);
    expect(withProducts.body.code).toBe('CATEGORY_HAS_PRODUCTS');

    const leaf = await createCategory(t);
    await t.http.delete(`/v1/admin/categories/${leaf.id}`).set(t.admin).expect(204);
    await t.http.get(`/v1/admin/categories/${leaf.id}`).set(t.admin).expect(404);
  });

  it('needs a staff token with catalog permissions for admin routes', async () => {
    await t.http.get('/v1/admin/categories').expect(401);
    await t.http.post('/v1/admin/categories').send({ name: 'x' }).expect(401);
  });

  it('manages brands with paginated lists and refuses deleting one in use', async () => {
    const prefix = unique('Brand');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http
        .post('/v1/admin/brands')
        .set(t.admin)
        .send({ name: `${prefix} ${i}`, logo: 'https://x/logo.png' })
        .expect(201);
      ids.push(res.body.id);
    }
    const taken = await t.http
      .post('/v1/admin/brands')
      .set(t.admin)
      .send({ name: `${prefix} 0` })
      .expect(409);
    expect(taken.body.code).toBe('NAME_TAKEN');

    const pageTwo = await t.http.get('/v1/admin/brands').query({ q: prefix, page: 2, pageSize: 2 }).set(t.admin).expect(200);
    expect(pageTwo.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(pageTwo.body.items).toHaveLength(1);

    const renamed = await t.http
      .patch(`/v1/admin/brands/${ids[0]}`)
      .set(t.admin)
      .send({ name: `${prefix} renamed`, logo: null })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: `${prefix} renamed`, logo: null });

    const category = await createCategory(t);
    await createProduct(t, { categoryId: category.id, brandId: ids[1] });
    const inUse = await t.http.delete(`/v1/admin/brands/${ids[1]}`).set(t.admin).expect(409);
    expect(inUse.body.code).toBe('BRAND_IN_USE');
    await t.http.delete(`/v1/admin/brands/${ids[2]}`).set(t.admin).expect(204);
    await t.http.get(`/v1/admin/brands/${ids[2]}`).set(t.admin).expect(404);
  });

  it('manages suppliers', async () => {
    const name = unique('Supplier ');
    const created = await t.http
      .post('/v1/admin/suppliers')
      .set(t.admin)
      .send({ name, contactName: '王经理', phone: '13800000000', email: 'ops@supplier.example' })
      .expect(201);
    expect(created.body).toMatchObject({ name, contactName: '王经理', address: null });
    const list = await t.http.get('/v1/admin/suppliers').query({ q: name }).set(t.admin).expect(200);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ id: created.body.id }] });
    await t.http.patch(`/v1/admin/suppliers/${created.body.id}`).set(t.admin).send({ phone: null }).expect(200);
    const category = await createCategory(t);
    const product = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({ title: 'supplied', categoryId: category.id, supplierId: created.body.id, skus: [{ code: unique('S-'), price: 1 }] })
      .expect(201);
    expect(product.body.supplierId).toBe(created.body.id);
    const inUse = await t.http.delete(`/v1/admin/suppliers/${created.body.id}`).set(t.admin).expect(409);
    expect(inUse.body.code).toBe('SUPPLIER_IN_USE');
  });

  it('registers tags from products, filters by tag, and removes a deleted tag from products', async () => {
    const tag = unique('tag-');
    const category = await createCategory(t);
    const tagged = await createProduct(t, { categoryId: category.id, tags: [tag, 'hot'] });
    const untagged = await createProduct(t, { categoryId: category.id, tags: ['new'] });
    await publish(t, tagged.id);
    await publish(t, untagged.id);

    const filtered = await t.http.get('/v1/store/products').query({ tag }).expect(200);
    expect(filtered.body.items).toEqual([expect.objectContaining({ id: tagged.id, tags: [tag, 'hot'] })]);

    const tags = await t.http.get('/v1/admin/tags').query({ pageSize: 100 }).set(t.admin).expect(200);
    const registered = (tags.body.items as { id: string; name: string; products: number }[]).find((x) => x.name === tag)!;
    expect(registered.products).toBe(1);
    const dup = await t.http.post('/v1/admin/tags').set(t.admin).send({ name: tag }).expect(409);
    expect(dup.body.code).toBe('NAME_TAKEN');

    await t.http.delete(`/v1/admin/tags/${registered.id}`).set(t.admin).expect(204);
    const after = await t.http.get(`/v1/store/products/${tagged.id}`).expect(200);
    expect(after.body.tags).toEqual(['hot']);
    expect((await t.http.get('/v1/store/products').query({ tag }).expect(200)).body.total).toBe(0);
  });
});
