import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { queryTokens } from '../../src/modules/catalog/domain/search-tokens';
import { ProductDetailCache } from '../../src/modules/catalog/product-detail.cache';
import { storeProductCountQuery, storeProductPageQuery, StoreListFilter } from '../../src/modules/catalog/store-catalog.sql';
import { CatalogTestApp, countQueries, createCategory, createProduct, publish, startCatalogApp, unique } from './support';

describe('catalog: store reads stay cheap and fresh', () => {
  let t: CatalogTestApp;
  before(async () => {
    t = await startCatalogApp();
  });
  after(() => t.close());

  const threeSkus = () => ({
    specs: [{ name: 'size', values: ['S', 'M', 'L'] }],
    skus: ['S', 'M', 'L'].map((size, i) => ({ code: unique(`q-${size}-`), specs: { size }, price: 1000 + i, stock: 2 })),
  });

  it('answers the list and the detail with a fixed number of SQL statements, however many rows', async () => {
    const brand = await t.http
      .post('/v1/admin/brands')
      .set(t.admin)
      .send({ name: unique('QB ') })
      .expect(201);
    const root = await createCategory(t);
    const leaf = await createCategory(t, { parentId: root.id });
    const word = unique('qc');
    const create = async () => {
      const p = await createProduct(t, {
        categoryId: leaf.id,
        title: `纯棉 ${word}`,
        brandId: brand.body.id,
        tags: ['hot'],
        ...threeSkus(),
      });
      await publish(t, p.id);
      return p;
    };
    const first = await create();
    const lists = {
      plain: { pageSize: 100 },
      filtered: {
        categoryId: root.id,
        brandId: brand.body.id,
        tag: 'hot',
        q: `纯棉 ${word}`,
        minPrice: 0,
        maxPrice: 100000,
        sort: 'price_asc',
        pageSize: 100,
      },
    };
    // Cold: the page and the count; warm: the page alone (the count comes from its cache).
    const measure = async () => {
      const counts: Record<string, number[]> = {};
      for (const [name, query] of Object.entries(lists)) {
        counts[name] = [];
        for (let run = 0; run < 2; run++) {
          let items = 0;
          const { count } = await countQueries(t, async () => {
            items = (await t.http.get('/v1/store/products').query(query).expect(200)).body.items.length;
          });
          counts[name].push(count);
          expect(items).toBeGreaterThan(0);
        }
      }
      return counts;
    };
    const withOne = await measure();
    for (let i = 0; i < 6; i++) await create();
    const withSeven = await measure();
    expect(withOne).toEqual({ plain: [2, 1], filtered: [2, 1] });
    expect(withSeven).toEqual(withOne);
    const filtered = await t.http.get('/v1/store/products').query(lists.filtered).expect(200);
    expect(filtered.body.total).toBe(7);

    // Detail: product, brand and SKUs in one statement (or a cache hit), stock in one more.
    const cold = await countQueries(t, () => t.http.get(`/v1/store/products/${first.id}`).expect(200));
    const warm = await countQueries(t, () => t.http.get(`/v1/store/products/${first.id}`).expect(200));
    expect(cold.count).toBe(2);
    expect(warm.count).toBe(1);
    expect(warm.queries[0]).toContain('stock_items');

    const tree = await countQueries(t, () => t.http.get('/v1/store/categories').expect(200));
    expect(tree.count).toBe(1);
  });

  it('serves every change at once through the detail cache: edits, brand renames, unpublish and stock', async () => {
    const brand = await t.http
      .post('/v1/admin/brands')
      .set(t.admin)
      .send({ name: unique('CB ') })
      .expect(201);
    const category = await createCategory(t);
    const product = await createProduct(t, { categoryId: category.id, brandId: brand.body.id, ...threeSkus() });
    await publish(t, product.id);
    const read = async () => (await t.http.get(`/v1/store/products/${product.id}`).expect(200)).body;
    await read();
    await read();

    await t.http.patch(`/v1/admin/products/${product.id}`).set(t.admin).send({ title: 'Changed title' }).expect(200);
    expect((await read()).title).toBe('Changed title');

    await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({ skus: [{ id: product.skus[0].id, code: product.skus[0].code, specs: { size: 'S' }, price: 777 }] })
      .expect(200);
    const repriced = await read();
    expect(repriced.price).toBe(777);
    expect(repriced.skus).toHaveLength(1);

    await t.http
      .patch(`/v1/admin/brands/${brand.body.id}`)
      .set(t.admin)
      .send({ name: `${brand.body.name} new` })
      .expect(200);
    expect((await read()).brand.name).toBe(`${brand.body.name} new`);

    // Stock is never cached.
    expect((await read()).skus[0].inStock).toBe(true);
    const adjusted = await t.http
      .post(`/v1/admin/inventory/${product.skus[0].id}/adjustments`)
      .set(t.admin)
      .send({ delta: -2, reason: 'damage' });
    expect([200, 201]).toContain(adjusted.status);
    expect((await read()).skus[0].inStock).toBe(false);

    await t.http.post(`/v1/admin/products/${product.id}/unpublish`).set(t.admin).expect(200);
    await t.http.get(`/v1/store/products/${product.id}`).expect(404);
  });

  it('keeps list totals exact through the count cache: publish, unpublish, edits, moves and scheduled times', async () => {
    const root = await createCategory(t);
    const child = await createCategory(t, { parentId: root.id });
    const total = async (query: Record<string, string>) =>
      (await t.http.get('/v1/store/products').query(query).expect(200)).body.total;
    const a = await createProduct(t, { categoryId: child.id, tags: ['x'] });
    expect(await total({ categoryId: root.id })).toBe(0);
    expect(await total({ categoryId: root.id })).toBe(0);
    await publish(t, a.id);
    expect(await total({ categoryId: root.id })).toBe(1);

    // A scheduled publish shows up in the total the moment it is due, with no write in between.
    const due = new Date(Date.now() + 2500);
    await createProduct(t, { categoryId: child.id, publishAt: due.toISOString() });
    expect(await total({ categoryId: root.id })).toBe(1);
    expect(await total({ categoryId: root.id })).toBe(1);
    await new Promise((r) => setTimeout(r, due.getTime() - Date.now() + 200));
    expect(await total({ categoryId: root.id })).toBe(2);

    await t.http.patch(`/v1/admin/products/${a.id}`).set(t.admin).send({ tags: [] }).expect(200);
    expect(await total({ categoryId: root.id, tag: 'x' })).toBe(0);
    await t.http.post(`/v1/admin/products/${a.id}/unpublish`).set(t.admin).expect(200);
    expect(await total({ categoryId: root.id })).toBe(1);

    const elsewhere = await createCategory(t);
    await t.http.patch(`/v1/admin/categories/${child.id}`).set(t.admin).send({ parentId: elsewhere.id }).expect(200);
    expect(await total({ categoryId: root.id })).toBe(0);
    expect(await total({ categoryId: elsewhere.id })).toBe(1);
  });

  it('never serves a row a reader stored after a concurrent change was committed', async () => {
    const category = await createCategory(t);
    const product = await createProduct(t, { categoryId: category.id });
    await publish(t, product.id);
    const cache = t.app.get(ProductDetailCache);
    const miss = await cache.get(product.id);
    expect('version' in miss).toBe(true);
    const version = (miss as { version: string }).version;
    // A writer commits and invalidates while the reader still holds the row it read before.
    await cache.invalidate([product.id]);
    await cache.store(product.id, version, { id: product.id, title: 'stale' } as never);
    expect('row' in (await cache.get(product.id))).toBe(false);
    expect((await t.http.get(`/v1/store/products/${product.id}`).expect(200)).body.title).toBe(product.title);
  });

  it('searches through the GIN index, and filters categories through the path index', async () => {
    const category = await createCategory(t);
    const filter = (q: string): StoreListFilter => ({ tokens: queryTokens(q), sort: 'newest', limit: 20, offset: 0 });
    const plan = async (sql: string, params: unknown[], forceIndexes: boolean) =>
      t.db.transaction(async (em) => {
        if (forceIndexes) await em.query('SET LOCAL enable_seqscan = off');
        const rows = (await em.query(`EXPLAIN ${sql}`, params)) as { 'QUERY PLAN': string }[];
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });

    // With enough rows and fresh statistics the planner picks the index on its own. The filler rows are drafts
    // in a category of their own (no store read shows them) and are deleted afterwards.
    await t.db.query(
      `INSERT INTO products (title, category_id, status, price, search_tokens) ` +
        `SELECT 'Filler ' || i, $1, 'draft', i, ARRAY['filler', 'f', 'fi', 'fil', 'fill', 'fille', 'x' || i] FROM generate_series(1, 5000) i`,
      [category.id],
    );
    const title = unique('纯棉T恤');
    const latin = `${unique('Cotton Tee ')}`;
    const needles = [
      await createProduct(t, { categoryId: category.id, title }),
      await createProduct(t, { categoryId: category.id, title: latin }),
    ];
    for (const p of needles) await publish(t, p.id);
    await t.db.query('VACUUM ANALYZE products');
    try {
      for (const [q, expected] of [
        ['纯棉', title],
        ['Cott', latin],
      ]) {
        const page = storeProductPageQuery(filter(q));
        const found = ((await t.db.query(page.sql, page.params)) as { title: string }[]).map((f) => f.title);
        expect(found).toContain(expected);
        expect(found.some((f) => f.startsWith('Filler'))).toBe(false);
        for (const { sql, params } of [page, storeProductCountQuery(filter(q))]) {
          const p = await plan(sql, params, false);
          expect(p).toContain('products_search_tokens_idx');
          expect(p).not.toMatch(/Seq Scan on products/);
        }
      }
    } finally {
      await t.db.query(`DELETE FROM products WHERE category_id = $1 AND title LIKE 'Filler %'`, [category.id]);
    }

    const byCategory = storeProductCountQuery({ categoryId: category.id, sort: 'newest', limit: 20, offset: 0 });
    const categoryPlan = await plan(byCategory.sql, byCategory.params, true);
    expect(categoryPlan).toContain('categories_path_key');
  });
});
