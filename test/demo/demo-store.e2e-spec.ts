import { expect } from 'expect';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dropDatabase } from '../../src/common/database';
import { DEMO_ADMIN, DEMO_CUSTOMER, seedDemoStore } from '../../src/demo/demo-store';
import { startApp, TestApp } from '../support/app';

// What `npm start` does on a fresh clone: a new database, migrations on start, the demo store seeded.
describe('the demo store', () => {
  let t: TestApp;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/commerce_demo_${randomBytes(4).toString('hex')}`;

  before(async () => {
    t = await startApp(
      {
        DATABASE_URL: url.toString(),
        MIGRATIONS_RUN: 'true',
        ADMIN_EMAIL: DEMO_ADMIN.email,
        ADMIN_PASSWORD: DEMO_ADMIN.password,
      },
      { workers: true },
    );
  });
  after(async () => {
    await t.close();
    await dropDatabase(url.toString());
  });

  it('seeds a browsable store once, with logins that work', async () => {
    await Promise.all([seedDemoStore(t.app), seedDemoStore(t.app)]);
    await seedDemoStore(t.app);

    const tree = await t.http.get('/v1/store/categories').expect(200);
    expect(tree.body.map((c: { name: string }) => c.name)).toEqual(['服装', '食品', '数码']);
    const products = await t.http.get('/v1/store/products?pageSize=50').expect(200);
    expect(products.body.total).toBe(8); // the draft power bank stays hidden
    const search = await t.http.get(`/v1/store/products?q=${encodeURIComponent('纯棉')}`).expect(200);
    expect(search.body.items[0].title).toContain('纯棉T恤');

    const detail = await t.http.get(`/v1/store/products/${search.body.items[0].id}`).expect(200);
    expect(detail.body.skus).toHaveLength(3);
    const banner = await t.http.get('/v1/store/slots/home_banner').expect(200);
    expect(banner.body.items).toHaveLength(2);

    await t.http.post('/v1/store/auth/login').send(DEMO_CUSTOMER).expect(200);
    await t.http.post('/v1/admin/auth/login').send(DEMO_ADMIN).expect(200);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM categories`);
    expect(count).toBe(8);
  });
});
