import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { CatalogService } from '../../src/modules/catalog/catalog.service';
import { CatalogTestApp, createCategory, createProduct, publish, startCatalogApp, unique } from './support';

const SPECS = [
  { name: '颜色', values: ['红', '蓝'] },
  { name: '尺码', values: ['M', 'L'] },
];

describe('catalog: products and SKUs', () => {
  let t: CatalogTestApp;
  let categoryId: string;
  before(async () => {
    t = await startCatalogApp();
    categoryId = (await createCategory(t)).id;
  });
  after(() => t.close());

  it('creates a draft product with specs and SKUs (prices in fen, currency, SKU ids)', async () => {
    const brand = await t.http
      .post('/v1/admin/brands')
      .set(t.admin)
      .send({ name: unique('Brand ') })
      .expect(201);
    const codes = [unique('TEE-R-M-'), unique('TEE-B-L-')];
    const res = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({
        title: '纯棉T恤',
        subtitle: '夏季新款',
        categoryId,
        brandId: brand.body.id,
        tags: ['hot', 'new'],
        images: ['https://img.example/1.jpg', 'https://img.example/2.jpg'],
        specs: SPECS,
        skus: [
          {
            code: codes[0],
            specs: { 颜色: '红', 尺码: 'M' },
            price: 5990,
            originalPrice: 7900,
            memberPrice: 5500,
            weightGrams: 200,
            stock: 10,
            lowStockThreshold: 2,
          },
          { code: codes[1], specs: { 尺码: 'L', 颜色: '蓝' }, price: 4990 },
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      title: '纯棉T恤',
      status: 'draft',
      onShelf: false,
      categoryId,
      brandId: brand.body.id,
      tags: ['hot', 'new'],
      specs: SPECS,
      price: 4990,
      originalPrice: null,
      currency: 'CNY',
      sales: 0,
      skus: [
        {
          code: codes[0],
          specs: { 颜色: '红', 尺码: 'M' },
          price: 5990,
          originalPrice: 7900,
          memberPrice: 5500,
          currency: 'CNY',
          weightGrams: 200,
          status: 'active',
        },
        {
          code: codes[1],
          specs: { 颜色: '蓝', 尺码: 'L' },
          price: 4990,
          originalPrice: null,
          memberPrice: null,
          currency: 'CNY',
          status: 'active',
        },
      ],
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.skus[0].id).toMatch(/^[0-9a-f-]{36}$/);

    // Draft: invisible to shoppers.
    await t.http.get(`/v1/store/products/${res.body.id}`).expect(404);
    const listed = await t.http.get('/v1/store/products').query({ categoryId }).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.id);

    // Published: visible, with brand, SKUs and stock from inventory.
    await publish(t, res.body.id);
    const detail = await t.http.get(`/v1/store/products/${res.body.id}`).expect(200);
    expect(detail.body).toMatchObject({
      id: res.body.id,
      title: '纯棉T恤',
      subtitle: '夏季新款',
      brand: { id: brand.body.id, name: brand.body.name, logo: null },
      images: ['https://img.example/1.jpg', 'https://img.example/2.jpg'],
      specs: SPECS,
      price: 4990,
      currency: 'CNY',
      skus: [
        {
          id: res.body.skus[0].id,
          code: codes[0],
          price: 5990,
          originalPrice: 7900,
          memberPrice: 5500,
          currency: 'CNY',
          inStock: true,
          specs: { 颜色: '红', 尺码: 'M' },
        },
        { id: res.body.skus[1].id, code: codes[1], price: 4990, memberPrice: null, inStock: false },
      ],
    });
    const stock = await t.http.get(`/v1/admin/inventory/${res.body.skus[0].id}`).set(t.admin).expect(200);
    expect(stock.body).toMatchObject({ onHand: 10 });

    const item = (await t.http.get('/v1/store/products').query({ categoryId }).expect(200)).body.items.find(
      (i: { id: string }) => i.id === res.body.id,
    );
    expect(item).toEqual({
      id: res.body.id,
      title: '纯棉T恤',
      subtitle: '夏季新款',
      image: 'https://img.example/1.jpg',
      price: 4990,
      originalPrice: null,
      currency: 'CNY',
      tags: ['hot', 'new'],
      sales: 0,
    });
  });

  it('answers spec and SKU mistakes with problem+json errors per field', async () => {
    const res = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({
        title: 'bad',
        categoryId,
        specs: SPECS,
        skus: [
          { code: unique('A-'), specs: { 颜色: '红' }, price: 100 },
          { code: unique('B-'), specs: { 颜色: '绿', 尺码: 'M' }, price: 100 },
          { code: unique('C-'), specs: { 颜色: '红', 尺码: 'L', 材质: '棉' }, price: 100 },
          { code: unique('D-'), specs: { 颜色: '蓝', 尺码: 'M' }, price: 100, originalPrice: 99 },
          { code: unique('E-'), specs: { 尺码: 'M', 颜色: '蓝' }, price: 100 },
        ],
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = Object.fromEntries(
      (res.body.errors as { field: string; messages: string[] }[]).map((e) => [e.field, e.messages.join(' ')]),
    );
    expect(fields).toEqual({
      'skus[0].specs.尺码': expect.stringContaining('required'),
      'skus[1].specs.颜色': expect.stringContaining('"绿" is not one of the values'),
      'skus[2].specs.材质': expect.stringContaining('not a spec'),
      'skus[3].originalPrice': expect.stringContaining('not be below the price'),
      'skus[4].specs': 'repeats the spec combination of skus[3]',
    });

    const typed = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({
        title: 'bad',
        categoryId,
        skus: [
          { code: 'X', price: -1 },
          { code: 'Y', price: 1.5 },
        ],
      })
      .expect(400);
    expect(typed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['skus[0].price', 'skus[1].price']);

    const noSpecs = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({
        title: 'two without specs',
        categoryId,
        skus: [
          { code: unique('P-'), price: 1 },
          { code: unique('Q-'), price: 1 },
        ],
      })
      .expect(400);
    expect(noSpecs.body.errors).toEqual([{ field: 'skus[1].specs', messages: ['repeats the spec combination of skus[0]'] }]);

    const missingCategory = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({ title: 'x', categoryId: '00000000-0000-4000-8000-000000000000', skus: [{ code: unique('M-'), price: 1 }] })
      .expect(400);
    expect(missingCategory.body.errors).toEqual([{ field: 'categoryId', messages: ['no category has this id'] }]);
  });

  it('refuses a SKU code already used anywhere in the store with 409 SKU_CODE_TAKEN naming it', async () => {
    const code = unique('DUP-');
    await createProduct(t, { categoryId, skus: [{ code, price: 1 }] });
    const res = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({ title: 'again', categoryId, skus: [{ code, price: 1 }] })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'SKU_CODE_TAKEN', codes: [code] });
    expect(res.body.detail).toContain(code);
  });

  it('edits SKUs: adds, changes and retires; a retired SKU keeps its row but leaves the store and cannot be bought', async () => {
    const codes = [unique('K1-'), unique('K2-'), unique('K3-')];
    const product = await createProduct(t, {
      categoryId,
      specs: [{ name: 'size', values: ['S', 'M'] }],
      skus: [
        { code: codes[0], specs: { size: 'S' }, price: 1000, stock: 3 },
        { code: codes[1], specs: { size: 'M' }, price: 1200, stock: 3 },
      ],
    });
    await publish(t, product.id);
    const [s, m] = product.skus;

    const edited = await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({
        title: 'Edited Cotton Tee',
        specs: [{ name: 'size', values: ['S', 'M', 'L'] }],
        skus: [
          { id: s.id, code: `${codes[0]}-X`, specs: { size: 'S' }, price: 900, originalPrice: 1000 },
          { code: codes[2], specs: { size: 'L' }, price: 1500, stock: 7 },
        ],
      })
      .expect(200);
    expect(edited.body).toMatchObject({ title: 'Edited Cotton Tee', price: 900, originalPrice: 1000 });
    expect(edited.body.skus.map((x: { code: string; status: string }) => [x.code, x.status])).toEqual([
      [`${codes[0]}-X`, 'active'],
      [codes[2], 'active'],
      [codes[1], 'retired'],
    ]);
    const added = edited.body.skus[1];

    const detail = await t.http.get(`/v1/store/products/${product.id}`).expect(200);
    expect(detail.body.skus.map((x: { id: string; inStock: boolean }) => [x.id, x.inStock])).toEqual([
      [s.id, true],
      [added.id, true],
    ]);
    const stock = await t.http.get(`/v1/admin/inventory/${s.id}`).set(t.admin).expect(200);
    expect(stock.body.skuCode).toBe(`${codes[0]}-X`);

    const forSale = await t.app.get(CatalogService).skusForSale([s.id, m.id]);
    expect(Object.fromEntries(forSale.map((x) => [x.skuId, x.purchasable]))).toEqual({ [s.id]: true, [m.id]: false });

    // The retired code stays taken; the retired SKU comes back when named again.
    const reused = await t.http
      .post('/v1/admin/products')
      .set(t.admin)
      .send({ title: 'reuse', categoryId, skus: [{ code: codes[1], price: 1 }] })
      .expect(409);
    expect(reused.body.code).toBe('SKU_CODE_TAKEN');
    const back = await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({ skus: [{ id: m.id, code: codes[1], specs: { size: 'M' }, price: 1200 }] })
      .expect(200);
    expect(back.body.skus.filter((x: { status: string }) => x.status === 'active').map((x: { id: string }) => x.id)).toEqual([
      m.id,
    ]);
  });

  it('refuses bad PATCH input per field: foreign SKU ids, stock of existing SKUs, codes of other products', async () => {
    const other = await createProduct(t, { categoryId });
    const product = await createProduct(t, { categoryId });
    const res = await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({ skus: [{ id: other.skus[0].id, code: unique('Z-'), price: 1 }] })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'skus[0].id', messages: ['no SKU of this product has this id'] }]);
    const stock = await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({ skus: [{ id: product.skus[0].id, code: product.skus[0].code, price: 1, stock: 5 }] })
      .expect(400);
    expect(stock.body.errors[0].field).toBe('skus[0].stock');
    const taken = await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({ skus: [{ id: product.skus[0].id, code: other.skus[0].code, price: 1 }] })
      .expect(409);
    expect(taken.body).toMatchObject({ code: 'SKU_CODE_TAKEN', codes: [other.skus[0].code] });
    const window = await t.http
      .patch(`/v1/admin/products/${product.id}`)
      .set(t.admin)
      .send({ publishAt: '2031-01-02T00:00:00Z', unpublishAt: '2031-01-01T00:00:00Z' })
      .expect(400);
    expect(window.body.errors[0].field).toBe('unpublishAt');
  });

  it('lists products for staff by status, category and title words', async () => {
    const category = await createCategory(t);
    const word = unique('adm');
    const draft = await createProduct(t, { categoryId: category.id, title: `草稿 ${word}` });
    const live = await createProduct(t, { categoryId: category.id, title: `上架 ${word}` });
    await publish(t, live.id);
    const list = async (query: Record<string, string>) =>
      (
        await t.http
          .get('/v1/admin/products')
          .query({ categoryId: category.id, ...query })
          .set(t.admin)
          .expect(200)
      ).body;
    const all = await list({});
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(all.items[0]).toMatchObject({ id: live.id, status: 'on_shelf', onShelf: true, price: 1000, currency: 'CNY' });
    expect((await list({ status: 'draft' })).items.map((i: { id: string }) => i.id)).toEqual([draft.id]);
    expect((await list({ q: '草稿' })).items.map((i: { id: string }) => i.id)).toEqual([draft.id]);
  });

  it('hides unpublished products from shoppers and shows them again when published', async () => {
    const product = await createProduct(t, { categoryId });
    await publish(t, product.id);
    await t.http.get(`/v1/store/products/${product.id}`).expect(200);
    const off = await t.http.post(`/v1/admin/products/${product.id}/unpublish`).set(t.admin).expect(200);
    expect(off.body).toMatchObject({ status: 'off_shelf', onShelf: false });
    const gone = await t.http.get(`/v1/store/products/${product.id}`).expect(404);
    expect(gone.body.code).toBe('NOT_FOUND');
    const list = await t.http.get('/v1/store/products').query({ categoryId }).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(product.id);
    await publish(t, product.id);
    await t.http.get(`/v1/store/products/${product.id}`).expect(200);
  });

  it('honours publishAt and unpublishAt in store reads before any job runs', async () => {
    const soon = new Date(Date.now() + 1500);
    const product = await createProduct(t, { categoryId, publishAt: soon.toISOString() });
    const live = await createProduct(t, { categoryId, unpublishAt: new Date(Date.now() + 1500).toISOString() });
    await publish(t, live.id);
    await t.http.get(`/v1/store/products/${product.id}`).expect(404);
    await t.http.get(`/v1/store/products/${live.id}`).expect(200);

    await new Promise((r) => setTimeout(r, Math.max(0, soon.getTime() - Date.now()) + 300));
    // No worker runs in this app: the status is still what staff left, the shelf rule applies the times.
    const admin = await t.http.get(`/v1/admin/products/${product.id}`).set(t.admin).expect(200);
    expect(admin.body).toMatchObject({ status: 'draft', onShelf: true });
    await t.http.get(`/v1/store/products/${product.id}`).expect(200);
    await t.http.get(`/v1/store/products/${live.id}`).expect(404);
    const list = await t.http.get('/v1/store/products').query({ categoryId, pageSize: 100 }).expect(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(product.id);
    expect(ids).not.toContain(live.id);
  });

  it('searches Chinese and English title words, filters by brand and price, and sorts', async () => {
    const word = unique('w');
    const category = await createCategory(t);
    const brand = await t.http
      .post('/v1/admin/brands')
      .set(t.admin)
      .send({ name: unique('B ') })
      .expect(201);
    const tee = await createProduct(t, {
      categoryId: category.id,
      title: `纯棉T恤 ${word}`,
      skus: [{ code: unique('c1-'), price: 5900 }],
    });
    const cotton = await createProduct(t, {
      categoryId: category.id,
      title: `Cotton Tee ${word}`,
      brandId: brand.body.id,
      skus: [{ code: unique('c2-'), price: 2900, originalPrice: 3900 }],
    });
    const silk = await createProduct(t, {
      categoryId: category.id,
      title: `真丝衬衫 ${word}`,
      skus: [{ code: unique('c3-'), price: 19900 }],
    });
    for (const p of [tee, cotton, silk]) await publish(t, p.id);

    const q = async (query: Record<string, string | number>) => {
      const res = await t.http
        .get('/v1/store/products')
        .query({ categoryId: category.id, ...query })
        .expect(200);
      return res.body.items.map((i: { title: string }) => i.title.replace(` ${word}`, ''));
    };
    expect(await q({ q: '纯棉' })).toEqual(['纯棉T恤']);
    expect(await q({ q: '棉' })).toEqual(['纯棉T恤']);
    expect(await q({ q: 'T恤' })).toEqual(['纯棉T恤']);
    expect(await q({ q: 'cotton' })).toEqual(['Cotton Tee']);
    expect(await q({ q: 'Cott' })).toEqual(['Cotton Tee']);
    expect(await q({ q: 'COTTON tee' })).toEqual(['Cotton Tee']);
    expect(await q({ q: '衬衫' })).toEqual(['真丝衬衫']);
    expect(await q({ q: '羊毛' })).toEqual([]);
    expect(await q({ q: word, sort: 'price_asc' })).toEqual(['Cotton Tee', '纯棉T恤', '真丝衬衫']);
    expect(await q({ q: word, sort: 'price_desc' })).toEqual(['真丝衬衫', '纯棉T恤', 'Cotton Tee']);
    expect(await q({ sort: 'newest' })).toEqual(['真丝衬衫', 'Cotton Tee', '纯棉T恤']);
    expect(await q({ minPrice: 3000, maxPrice: 6000 })).toEqual(['纯棉T恤']);
    expect(await q({ brandId: brand.body.id })).toEqual(['Cotton Tee']);
    const paged = await t.http.get('/v1/store/products').query({ categoryId: category.id, page: 2, pageSize: 2 }).expect(200);
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.body.items).toHaveLength(1);
    const bad = await t.http.get('/v1/store/products').query({ sort: 'cheapest', pageSize: 500 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'sort']);
  });
});
