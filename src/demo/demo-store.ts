import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';

export const DEMO_ADMIN = { email: 'admin@demo.local', password: 'demo-admin-123' };
export const DEMO_CUSTOMER = { phone: '13800000000', password: 'demo-customer-123' };

const CATEGORIES: [string, string[]][] = [
  ['服装', ['男装', '女装']],
  ['食品', ['零食', '茶饮']],
  ['数码', ['手机配件']],
];

const BRANDS = ['山川', 'Nordic Basics', '茶语', 'Voltix'];

const img = (seed: string) => `https://picsum.photos/seed/${seed}/600/600`;

// One row per SKU, in the bulk-import CSV format (see src/modules/catalog/domain/product-import.ts).
const PRODUCTS_CSV = [
  'product_key,title,subtitle,category,brand,tags,images,status,sku_code,specs,price_yuan,original_price_yuan,member_price_yuan,weight_grams,stock,low_stock_threshold',
  `tee,纯棉T恤 Cotton Tee,柔软亲肤 240g 重磅棉,服装>男装,山川,hot|new,${img('tee')},on_shelf,DEMO-TEE-W-M,颜色:白|尺码:M,59.00,89.00,55.00,260,120,10`,
  `tee,,,,,,,,DEMO-TEE-W-L,颜色:白|尺码:L,59.00,89.00,55.00,270,80,10`,
  `tee,,,,,,,,DEMO-TEE-B-M,颜色:黑|尺码:M,59.00,89.00,55.00,260,6,10`,
  `hoodie,连帽卫衣 Fleece Hoodie,加绒保暖,服装>男装,Nordic Basics,recommended,${img('hoodie')},on_shelf,DEMO-HOOD-G-L,颜色:灰|尺码:L,199.00,259.00,189.00,650,40,5`,
  `hoodie,,,,,,,,DEMO-HOOD-G-XL,颜色:灰|尺码:XL,199.00,259.00,189.00,680,25,5`,
  `dress,碎花连衣裙 Floral Dress,夏季新款,服装>女装,山川,new,${img('dress')},on_shelf,DEMO-DRESS-S,尺码:S,239.00,329.00,,300,30,5`,
  `dress,,,,,,,,DEMO-DRESS-M,尺码:M,239.00,329.00,,310,30,5`,
  `nuts,每日坚果 Daily Nuts,30 袋装,食品>零食,,hot|recommended,${img('nuts')},on_shelf,DEMO-NUTS-30,规格:30袋,129.00,169.00,119.00,750,500,50`,
  `nuts,,,,,,,,DEMO-NUTS-7,规格:7袋,35.00,,,180,800,50`,
  `chips,薯片 Potato Chips,原味 / 番茄味,食品>零食,,,${img('chips')},on_shelf,DEMO-CHIPS-O,口味:原味,8.50,,,80,1000,100`,
  `chips,,,,,,,,DEMO-CHIPS-T,口味:番茄,8.50,,,80,3,100`,
  `tea,西湖龙井 Longjing Green Tea,明前特级 250g,食品>茶饮,茶语,recommended,${img('tea')},on_shelf,DEMO-TEA-250,规格:250g,368.00,428.00,348.00,300,60,10`,
  `cable,快充数据线 USB-C Cable,100W 1.5m,数码>手机配件,Voltix,hot,${img('cable')},on_shelf,DEMO-CABLE-1M,长度:1m,29.90,39.90,,60,300,20`,
  `cable,,,,,,,,DEMO-CABLE-2M,长度:2m,39.90,49.90,,80,200,20`,
  `charger,氮化镓充电器 GaN Charger,65W 三口,数码>手机配件,Voltix,new,${img('charger')},on_shelf,DEMO-GAN-65,功率:65W,149.00,199.00,139.00,120,150,10`,
  `powerbank,移动电源 Power Bank,10000mAh,数码>手机配件,Voltix,,${img('powerbank')},draft,DEMO-PB-10K,容量:10000mAh,99.00,,,220,0,10`,
].join('\n');

/**
 * Seeds a small demo store through the app's own API (so it passes the same validation a merchant's
 * requests do): a demo admin, a demo shopper, a category tree, brands, products with SKUs and stock
 * via the CSV import, and home-page slots. Runs only on an empty catalog, once across processes.
 */
export async function seedDemoStore(app: NestFastifyApplication): Promise<void> {
  const logger = new Logger('DemoStore');
  const dataSource = app.get(DataSource);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtextextended('demo-store-seed', 0))`);
    const [{ products }] = await runner.query(`SELECT count(*)::int AS products FROM products`);
    const [{ categories }] = await runner.query(`SELECT count(*)::int AS categories FROM categories`);
    if (products > 0 || categories > 0) return;
    await seed(app, logger);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtextextended('demo-store-seed', 0))`).catch(() => undefined);
    await runner.release();
  }
}

async function seed(app: NestFastifyApplication, logger: Logger) {
  const call: Call = async (method, url, body, token, contentType = 'application/json') => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = contentType;
    const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
    const res = await app.inject({ method, url, headers, payload });
    if (res.statusCode >= 300) throw new Error(`demo seed: ${method} ${url} answered ${res.statusCode} ${res.body}`);
    return res.json();
  };

  const { accessToken } = await call<{ accessToken: string }>('POST', '/v1/admin/auth/login', DEMO_ADMIN);
  for (const [index, [root, children]] of CATEGORIES.entries()) {
    const parent = await call<{ id: string }>('POST', '/v1/admin/categories', { name: root, sortOrder: index * 10 }, accessToken);
    for (const name of children) await call('POST', '/v1/admin/categories', { name, parentId: parent.id }, accessToken);
  }
  for (const name of BRANDS) await call('POST', '/v1/admin/brands', { name }, accessToken);

  const started = await call<{ id: string }>('POST', '/v1/admin/products/imports', PRODUCTS_CSV, accessToken, 'text/csv');
  const report = await waitForImport(call, started.id, accessToken);

  await call('POST', '/v1/store/auth/register', DEMO_CUSTOMER);

  const listed = await call<{ items: { id: string; title: string }[] }>('GET', '/v1/store/products?pageSize=20&sort=sales');
  const byTitle = (prefix: string) => listed.items.find((p) => p.title.startsWith(prefix))?.id;
  await call('POST', '/v1/admin/slots', { key: 'home_banner', name: '首页轮播' }, accessToken);
  await call('POST', '/v1/admin/slots', { key: 'home_recommend', name: '首页推荐' }, accessToken);
  for (const [title, image] of [
    ['纯棉T恤', img('banner-tee')],
    ['西湖龙井', img('banner-tea')],
  ]) {
    const productId = byTitle(title);
    if (productId) await call('POST', '/v1/admin/slots/home_banner/items', { productId, image }, accessToken);
  }
  for (const title of ['每日坚果', '连帽卫衣', '氮化镓充电器']) {
    const productId = byTitle(title);
    if (productId) await call('POST', '/v1/admin/slots/home_recommend/items', { productId }, accessToken);
  }
  logger.log(
    `Seeded a demo store (${report}). Staff: ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}; shopper: ${DEMO_CUSTOMER.phone} / ${DEMO_CUSTOMER.password}`,
  );
}

type Call = <T = unknown>(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  token?: string,
  contentType?: string,
) => Promise<T>;

// The import runs as a job on the workers; without workers in this process it finishes when one starts.
async function waitForImport(call: Call, id: string, token: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const state = await call<{ status: string; createdProducts: number; createdSkus: number; failedRows: number }>(
      'GET',
      `/v1/admin/products/imports/${id}`,
      undefined,
      token,
    );
    if (state.status === 'completed' || state.status === 'failed') {
      return `${state.createdProducts} products, ${state.createdSkus} SKUs, ${state.failedRows} rows refused`;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 'import still queued; it completes when a worker runs';
}
