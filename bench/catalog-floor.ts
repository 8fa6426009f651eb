// The floor of the catalog benchmark: a bare Fastify server answering the store list and detail from `pg`
// with exactly the app's SQL (imported from the catalog module), no Nest, no validation, no logging, no cache.
import Fastify from 'fastify';
import { Pool } from 'pg';
import { queryTokens } from '../src/modules/catalog/domain/search-tokens';
import { isOnShelf } from '../src/modules/catalog/domain/shelf';
import type { StoreSort } from '../src/modules/catalog/dto/store-product.dto';
import {
  STORE_PRODUCT_DETAIL_SQL,
  StoreProductDetailRow,
  storeProductCountQuery,
  storeProductPageQuery,
  StoreProductRow,
} from '../src/modules/catalog/store-catalog.sql';

// The inventory module's availability() as plain SQL.
const AVAILABILITY_SQL = 'SELECT sku_id, on_hand, reserved FROM stock_items WHERE sku_id = ANY($1)';

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
  // An idle client dropped by the server (database dropped at the end of a run) is no reason to crash.
  pool.on('error', () => undefined);
  const app = Fastify({ logger: false });

  app.get('/v1/store/products', async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 20);
    const filter = {
      categoryId: q.categoryId,
      brandId: q.brandId,
      tag: q.tag,
      tokens: q.q ? queryTokens(q.q) : [],
      sort: (q.sort ?? 'newest') as StoreSort,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    };
    const list = storeProductPageQuery(filter);
    const count = storeProductCountQuery(filter);
    const [rows, total] = await Promise.all([
      pool.query<StoreProductRow>(list.sql, list.params),
      pool.query<{ total: number }>(count.sql, count.params),
    ]);
    return {
      items: rows.rows.map((r) => ({
        id: r.id,
        title: r.title,
        subtitle: r.subtitle,
        image: r.image,
        price: Number(r.price),
        originalPrice: r.originalPrice === null ? null : Number(r.originalPrice),
        currency: r.currency,
        tags: r.tags,
        sales: r.sales,
      })),
      total: total.rows[0].total,
      page,
      pageSize,
    };
  });

  app.get('/v1/store/products/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const { rows } = await pool.query<StoreProductDetailRow>(STORE_PRODUCT_DETAIL_SQL, [id]);
    const row = rows[0];
    if (!row || !isOnShelf(row)) return reply.status(404).send({ code: 'NOT_FOUND' });
    const stock = await pool.query<{ sku_id: string; on_hand: number; reserved: number }>(AVAILABILITY_SQL, [
      row.skus.map((s) => s.id),
    ]);
    const available = new Map(stock.rows.map((s) => [s.sku_id, s.on_hand - s.reserved]));
    return {
      id: row.id,
      title: row.title,
      subtitle: row.subtitle,
      description: row.description,
      images: row.images,
      categoryId: row.categoryId,
      brand: row.brand,
      tags: row.tags,
      specs: row.specs,
      price: Number(row.price),
      originalPrice: row.originalPrice === null ? null : Number(row.originalPrice),
      currency: row.currency,
      sales: row.sales,
      skus: row.skus.map((s) => ({ ...s, inStock: (available.get(s.id) ?? 0) > 0 })),
    };
  });

  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  const stop = () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
