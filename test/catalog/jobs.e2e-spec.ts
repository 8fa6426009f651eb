import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { QueueName } from '../../src/common/queue/queue-names';
import { APPLY_SHELF_SCHEDULE_JOB } from '../../src/modules/catalog/jobs/shelf-schedule.processor';
import { CatalogTestApp, createCategory, createProduct, publish, startCatalogApp, unique } from './support';
import { until } from '../support/eventually';

describe('catalog: worker jobs (CSV import, shelf schedule)', () => {
  let t: CatalogTestApp;
  before(async () => {
    t = await startCatalogApp({ CATALOG_SHELF_SCHEDULE_MS: '300' }, { workers: true });
  });
  after(() => t.close());

  it('imports products and SKUs from CSV, reporting each bad row with its line while the others go in', async () => {
    const root = await createCategory(t, { name: unique('服装') });
    const leaf = await createCategory(t, { name: 'T恤', parentId: root.id });
    const brand = await t.http
      .post('/v1/admin/brands')
      .set(t.admin)
      .send({ name: unique('ImportBrand') })
      .expect(201);
    const existing = await createProduct(t, { categoryId: leaf.id });
    const taken = existing.skus[0].code;
    const k = unique('');
    const csv = [
      'product_key,title,category,brand,tags,images,status,sku_code,specs,price_yuan,original_price_yuan,stock',
      `tee,"纯棉T恤, 男款",${root.name}>T恤,${brand.body.name},hot|new,https://img/a.jpg,on_shelf,T-${k}-RM,颜色:红|尺码:M,59.90,79,10`,
      `tee,,,,,,,T-${k}-RL,颜色:红|尺码:L,59.9,,5`,
      `tee,,,,,,,T-${k}-BAD,颜色:蓝|尺码:M,abc,,5`,
      `mug,Mug ${k},${leaf.id},,,,,M-${k}-1,容量:350ml,12.5,,3`,
      `mug,,,,,,,${taken},容量:500ml,13,,3`,
      `ghost,Ghost,Nowhere>Else,,,,,G-${k}-1,,1,,1`,
      `tee,,,,,,,T-${k}-DUP,颜色:红|尺码:M,59.90,,1`,
    ].join('\r\n');
    const started = await t.http
      .post('/v1/admin/products/imports')
      .set(t.admin)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(202);
    expect(started.body).toMatchObject({ status: expect.stringMatching(/queued|processing|completed/), totalRows: 7 });

    const report = await until('the import to finish', async () => {
      const res = await t.http.get(`/v1/admin/products/imports/${started.body.id}`).set(t.admin).expect(200);
      return res.body.status === 'completed' ? res.body : undefined;
    });
    expect(report).toMatchObject({ totalRows: 7, createdProducts: 2, createdSkus: 3, failedRows: 4, error: null });
    const byLine = Object.fromEntries(
      (report.rows as { line: number; status: string; message: string | null }[]).map((r) => [r.line, [r.status, r.message]]),
    );
    expect(byLine).toEqual({
      2: ['created', null],
      3: ['created', null],
      4: ['failed', expect.stringContaining('price_yuan "abc"')],
      5: ['created', null],
      6: ['failed', `sku_code "${taken}" is already taken`],
      7: ['failed', 'category "Nowhere>Else" does not exist'],
      8: ['failed', 'specs repeats the spec combination of line 2'],
    });

    const teeId = report.rows.find((r: { line: number }) => r.line === 2).productId;
    const tee = await t.http.get(`/v1/store/products/${teeId}`).expect(200);
    expect(tee.body).toMatchObject({
      title: '纯棉T恤, 男款',
      categoryId: leaf.id,
      brand: { id: brand.body.id },
      tags: ['hot', 'new'],
      images: ['https://img/a.jpg'],
      specs: [
        { name: '颜色', values: ['红'] },
        { name: '尺码', values: ['M', 'L'] },
      ],
      price: 5990,
      originalPrice: 7900,
      skus: [
        { code: `T-${k}-RM`, specs: { 颜色: '红', 尺码: 'M' }, price: 5990, originalPrice: 7900, inStock: true },
        { code: `T-${k}-RL`, price: 5990, originalPrice: null, inStock: true },
      ],
    });
    const mugId = report.rows.find((r: { line: number }) => r.line === 5).productId;
    const mug = await t.http.get(`/v1/admin/products/${mugId}`).set(t.admin).expect(200);
    expect(mug.body).toMatchObject({ title: `Mug ${k}`, status: 'draft', price: 1250 });
    const stock = await t.http.get(`/v1/admin/inventory/${mug.body.skus[0].id}`).set(t.admin).expect(200);
    expect(stock.body.onHand).toBe(3);
  });

  it('refuses an unreadable CSV at once', async () => {
    const header = await t.http
      .post('/v1/admin/products/imports')
      .set(t.admin)
      .set('content-type', 'text/csv')
      .send('title,colour\nx,y')
      .expect(400);
    expect(header.body).toMatchObject({ code: 'IMPORT_UNREADABLE' });
    expect(header.body.detail).toContain('unknown column "colour"');
    const quote = await t.http
      .post('/v1/admin/products/imports')
      .set(t.admin)
      .set('content-type', 'text/csv')
      .send('product_key,title,category,sku_code,price_yuan\n"open,x,y,z,1')
      .expect(400);
    expect(quote.body.detail).toContain('line 2');
    await t.http.post('/v1/admin/products/imports').set(t.admin).send({ csv: 'x' }).expect(400);
  });

  it('puts scheduled products on and off the shelf by a repeating job', async () => {
    const schedulers = await t.app.get<Queue>(getQueueToken(QueueName.CatalogShelfSchedule)).getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.name)).toContain(APPLY_SHELF_SCHEDULE_JOB);

    const category = await createCategory(t);
    const coming = await createProduct(t, { categoryId: category.id, publishAt: new Date(Date.now() + 400).toISOString() });
    const going = await createProduct(t, { categoryId: category.id, unpublishAt: new Date(Date.now() + 400).toISOString() });
    await publish(t, going.id);
    const status = async (id: string) => (await t.http.get(`/v1/admin/products/${id}`).set(t.admin).expect(200)).body;

    const on = await until('the scheduled publish', async () => {
      const p = await status(coming.id);
      return p.status === 'on_shelf' ? p : undefined;
    });
    expect(on).toMatchObject({ publishAt: null, onShelf: true });
    expect(on.publishedAt).not.toBeNull();
    const off = await until('the scheduled unpublish', async () => {
      const p = await status(going.id);
      return p.status === 'off_shelf' ? p : undefined;
    });
    expect(off).toMatchObject({ unpublishAt: null, onShelf: false });
    await t.http.get(`/v1/store/products/${coming.id}`).expect(200);
    await t.http.get(`/v1/store/products/${going.id}`).expect(404);
  });
});
