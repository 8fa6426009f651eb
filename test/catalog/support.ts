import { randomBytes } from 'node:crypto';
import { startApp, TestApp } from '../support/app';

export const ADMIN = { ADMIN_EMAIL: 'catalog-admin@example.com', ADMIN_PASSWORD: 'catalog-admin-password' };

export interface CatalogTestApp extends TestApp {
  /** Bearer header of the first admin, logged in through the real endpoint. */
  admin: { Authorization: string };
}

export async function startCatalogApp(
  overrides: Record<string, string> = {},
  options: { workers?: boolean } = {},
): Promise<CatalogTestApp> {
  const t = await startApp({ ...ADMIN, ...overrides }, options);
  const res = await t.http.post('/v1/admin/auth/login').send({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD });
  if (res.status !== 200) {
    await t.close();
    throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return Object.assign(t, { admin: { Authorization: `Bearer ${res.body.accessToken as string}` } });
}

/** A short random word, so every test's rows are its own. */
export const unique = (prefix = 'x') => `${prefix}${randomBytes(4).toString('hex')}`;

export async function createCategory(t: CatalogTestApp, body: { name?: string; parentId?: string; visible?: boolean } = {}) {
  const res = await t.http
    .post('/v1/admin/categories')
    .set(t.admin)
    .send({ name: unique('cat-'), ...body });
  if (res.status !== 201) throw new Error(`category: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; parentId: string | null; depth: number };
}

export interface ProductBody {
  title?: string;
  categoryId: string;
  brandId?: string;
  tags?: string[];
  images?: string[];
  specs?: { name: string; values: string[] }[];
  skus?: Record<string, unknown>[];
  publishAt?: string;
  unpublishAt?: string;
}

export async function createProduct(t: CatalogTestApp, body: ProductBody) {
  const res = await t.http
    .post('/v1/admin/products')
    .set(t.admin)
    .send({ title: unique('Product '), skus: [{ code: unique('SKU-'), price: 1000, stock: 5 }], ...body });
  if (res.status !== 201) throw new Error(`product: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ProductResponse;
}

export async function publish(t: CatalogTestApp, id: string) {
  const res = await t.http.post(`/v1/admin/products/${id}/publish`).set(t.admin);
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ProductResponse;
}

export interface ProductResponse {
  id: string;
  title: string;
  status: string;
  onShelf: boolean;
  price: number;
  currency: string;
  skus: { id: string; code: string; specs: Record<string, string>; price: number; status: string }[];
}

/** Counts the SQL statements the app's DataSource sends while `work` runs. */
export async function countQueries(t: TestApp, work: () => Promise<unknown>): Promise<{ count: number; queries: string[] }> {
  const logger = t.db.logger;
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (query, parameters, queryRunner) => {
    queries.push(query);
    return original(query, parameters, queryRunner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return { count: queries.length, queries };
}
