import { randomBytes, randomUUID } from 'node:crypto';
import { inTransaction } from '../../src/common/database';
import { OrderLifecycleService } from '../../src/modules/order/order-lifecycle.service';
import { startApp, TestApp } from '../support/app';
import { startIsolatedApp } from '../support/isolated';
import { loginStaff, registerCustomer, Session } from '../support/auth';

export interface ShopApp extends TestApp {
  admin: { Authorization: string };
  categoryId: string;
}

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

/**
 * The real app with a staff login and a category to put products in. `isolated` gives it a database
 * and Redis prefix of its own: for suites that run workers or change store-wide shipping settings.
 */
export async function startShop(
  overrides: Record<string, string> = {},
  { workers = false, isolated = false }: { workers?: boolean; isolated?: boolean } = {},
): Promise<ShopApp> {
  const t = await (isolated ? startIsolatedApp : startApp)(
    {
      ADMIN_EMAIL: `shop-${randomBytes(4).toString('hex')}@example.com`,
      ADMIN_PASSWORD: 'shop-admin-password',
      AUTH_RATE_LIMIT: '1000',
      ...overrides,
    },
    { workers },
  );
  const { auth } = await loginStaff(t);
  const category = await t.http
    .post('/v1/admin/categories')
    .set(auth)
    .send({ name: unique('cat-') });
  if (category.status !== 201) throw new Error(`category: ${category.status} ${JSON.stringify(category.body)}`);
  return Object.assign(t, { admin: auth, categoryId: category.body.id as string });
}

export interface TestSku {
  productId: string;
  skuId: string;
  code: string;
  title: string;
}

/** A published product with one SKU of the given price (fen) and stock. */
export async function createSku(
  t: ShopApp,
  {
    price = 1000,
    stock = 10,
    weightGrams = 500,
    publish = true,
  }: { price?: number; stock?: number; weightGrams?: number; publish?: boolean } = {},
): Promise<TestSku> {
  const code = unique('SKU-');
  const title = unique('Product ');
  const res = await t.http
    .post('/v1/admin/products')
    .set(t.admin)
    .send({
      title,
      categoryId: t.categoryId,
      images: ['https://img.example.com/a.jpg'],
      specs: [{ name: 'colour', values: ['red'] }],
      skus: [{ code, price, stock, weightGrams, specs: { colour: 'red' } }],
    });
  if (res.status !== 201) throw new Error(`product: ${res.status} ${JSON.stringify(res.body)}`);
  if (publish) await setOnShelf(t, res.body.id, true);
  return { productId: res.body.id, skuId: res.body.skus[0].id, code, title };
}

export async function setOnShelf(t: ShopApp, productId: string, onShelf: boolean) {
  const res = await t.http.post(`/v1/admin/products/${productId}/${onShelf ? 'publish' : 'unpublish'}`).set(t.admin);
  if (res.status !== 200) throw new Error(`shelf: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface Shopper extends Session {
  customerId: string;
  addressId: string;
}

/** A registered shopper with one (default) address. */
export async function shopper(t: TestApp, recipientPhone = '13800138000'): Promise<Shopper> {
  const session = await registerCustomer(t);
  const address = await t.http.post('/v1/store/addresses').set(session.auth).send({
    name: '张三',
    phone: recipientPhone,
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    detail: '科技园 1 号',
  });
  if (address.status !== 201) throw new Error(`address: ${address.status} ${JSON.stringify(address.body)}`);
  return { ...session, addressId: address.body.id as string };
}

export async function stockOf(t: TestApp, skuId: string): Promise<{ onHand: number; reserved: number }> {
  const [row] = await t.db.query('SELECT on_hand, reserved FROM stock_items WHERE sku_id = $1', [skuId]);
  return { onHand: row.on_hand as number, reserved: row.reserved as number };
}

export const idempotencyKey = () => randomUUID();

/** Pays an order as a settled payment of its current total does, without a provider. */
export async function markOrderPaid(t: TestApp, orderId: string): Promise<void> {
  const [row] = (await t.db.query('SELECT total FROM orders WHERE id = $1', [orderId])) as { total: string }[];
  await inTransaction(t.db, (em) => t.app.get(OrderLifecycleService).markPaid(em, orderId, Number(row?.total ?? 0)));
}
