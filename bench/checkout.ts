// npm run bench -- checkout
//
// Seeds a database of its own (bulk inserts; stock through the inventory module) with BENCH_PRODUCTS on-shelf
// products x 3 SKUs of large stock, one hot SKU of large stock, one sell-out SKU of BENCH_SELL_OUT_STOCK units, a
// pickup store and BENCH_BUYERS customers whose access tokens are issued by the app's own token service (the same
// JWT secret as the app under test; logging in through the API would only measure argon2 and its rate limit).
// Then it starts the real app (WORKERS=off) and loads `POST /v1/store/orders` (pickup, a fresh Idempotency-Key and
// a buyer taken in turn per request) with autocannon:
//   many SKUs  every order 1-3 random lines of 1-2 units over all SKUs (concurrent buyers, little contention);
//   hot SKU    every order 1 unit of the same SKU (row-lock contention on one stock row, never sells out);
//   sell-out   BENCH_SELL_OUT_REQUESTS orders of 1 unit for K units: exactly K must succeed and the rest answer
//              409 OUT_OF_STOCK, and afterwards the stock row must say reserved = K, available = 0.
// It prints orders/s, requests/s, p50 and p99 and the status codes of each case, checks in SQL that every stock
// row's reserved count equals the units of its order lines (no oversell, no lost reservation), and fails if any
// request answered 5xx or failed.
//
// Knobs: BENCH_PRODUCTS (1000), BENCH_BUYERS (200), BENCH_DURATION seconds per timed case (10),
// BENCH_CONNECTIONS (32), BENCH_SELL_OUT_STOCK (100), BENCH_SELL_OUT_REQUESTS (1000), KEEP_BENCH_DATABASE=1 keeps
// the database; DATABASE_URL / REDIS_URL say where Postgres and Redis are.
import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { loadEnvironment } from '../src/config/environment';
import { childPath, depthOf } from '../src/modules/catalog/domain/category-tree';
import { documentTokens } from '../src/modules/catalog/domain/search-tokens';
import { specKey } from '../src/modules/catalog/domain/sku-specs';
import { TokenService } from '../src/modules/identity/token.service';
import { InventoryService } from '../src/modules/inventory/inventory.service';
import { appEnvironment, benchTarget, cleanup, freePort, log, report, startProcess, stopProcesses, waitUntilUp } from './support';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1000);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SELL_OUT_STOCK = Number(process.env.BENCH_SELL_OUT_STOCK ?? 100);
const SELL_OUT_REQUESTS = Number(process.env.BENCH_SELL_OUT_REQUESTS ?? 1000);
const WARMUP = 2;
const LARGE_STOCK = 10_000_000;
const BATCH = 1000;
const SIZES = ['S', 'M', 'L'];
const SPECS = [{ name: '尺码', values: SIZES }];

// Deterministic pseudo-random numbers, so every run seeds and orders the same way.
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

interface Seeded {
  skuIds: string[];
  hotSkuId: string;
  sellOutSkuId: string;
  pickupStoreId: string;
  tokens: string[];
}

async function seedStore(databaseUrl: string, redisPrefix: string, jwtSecret: string): Promise<Seeded> {
  const env = loadEnvironment({
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'true',
    SEED_DEMO: 'off',
  });
  // The app's own wiring (never listening): migrations run at start-up, stock rows go through the inventory
  // module, access tokens through the token service.
  const context = await createApp(env, { workers: false });
  await context.init();
  const db = context.get(DataSource);
  const inventory = context.get(InventoryService);
  const tokenService = context.get(TokenService);
  const started = Date.now();

  const categoryId = randomUUID();
  const path = childPath(null, categoryId);
  await db.query(`INSERT INTO categories (id, name, parent_id, path, depth) VALUES ($1, 'Bench', NULL, $2, $3)`, [
    categoryId,
    path,
    depthOf(path),
  ]);

  // PRODUCTS products x 3 SKUs, then the hot product and the sell-out product (one SKU each).
  const skuIds: string[] = [];
  const specials: { hot?: string; sellOut?: string } = {};
  const total = PRODUCTS + 2;
  for (let start = 0; start < total; start += BATCH) {
    const products: Record<string, unknown>[] = [];
    const skus: { id: string; product_id: string; code: string; stock: number; [column: string]: unknown }[] = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      const id = randomUUID();
      const kind = i < PRODUCTS ? 'regular' : i === PRODUCTS ? 'hot' : 'sell-out';
      const title = kind === 'regular' ? `Bench Tee ${i}` : kind === 'hot' ? 'Bench Hot Deal' : 'Bench Limited Drop';
      const sizes = kind === 'regular' ? SIZES : SIZES.slice(0, 1);
      const base = 1000 + rand(50_000);
      products.push({
        id,
        title,
        category_id: categoryId,
        images: [`https://img.example/p/${i}/1.jpg`],
        specs: SPECS,
        price: base,
        search_tokens: documentTokens(title),
      });
      sizes.forEach((size, s) => {
        const sku = {
          id: randomUUID(),
          product_id: id,
          code: `C-${i}-${size}`,
          specs: { [SPECS[0].name]: size },
          spec_key: specKey(SPECS, { [SPECS[0].name]: size }),
          price: base + s * 500,
          sort_order: s,
          stock: kind === 'sell-out' ? SELL_OUT_STOCK : LARGE_STOCK,
        };
        skus.push(sku);
        if (kind === 'regular') skuIds.push(sku.id);
        else if (kind === 'hot') specials.hot = sku.id;
        else specials.sellOut = sku.id;
      });
    }
    await db.transaction(async (em) => {
      await em.query(
        `INSERT INTO products (id, title, category_id, images, specs, status, published_at, price, search_tokens) ` +
          `SELECT id, title, category_id, images, specs, 'on_shelf', now(), price, search_tokens FROM jsonb_to_recordset($1::jsonb) ` +
          `AS r(id uuid, title text, category_id uuid, images text[], specs jsonb, price bigint, search_tokens text[])`,
        [JSON.stringify(products)],
      );
      await em.query(
        `INSERT INTO product_skus (id, product_id, code, specs, spec_key, price, sort_order) ` +
          `SELECT id, product_id, code, specs, spec_key, price, sort_order FROM jsonb_to_recordset($1::jsonb) ` +
          `AS r(id uuid, product_id uuid, code text, specs jsonb, spec_key text, price bigint, sort_order int)`,
        [JSON.stringify(skus)],
      );
      await inventory.createStockItems(
        em,
        skus.map((s) => ({ skuId: s.id, productId: s.product_id, skuCode: s.code, onHand: s.stock, lowStockThreshold: null })),
      );
    });
  }

  const [{ id: pickupStoreId }] = (await db.query(
    `INSERT INTO pickup_stores (name, province, city, district, detail, phone, hours, active) ` +
      `VALUES ('Bench Store', '上海市', '上海市', '黄浦区', '南京东路 1 号', '02100000000', 'Mon–Sun 09:00–21:00', true) RETURNING id`,
  )) as { id: string }[];

  // Customers without a password (as after an SMS login); unique phones per run.
  const phonePrefix = `13${String(rand(100)).padStart(2, '0')}`;
  const customers = (await db.query(
    `INSERT INTO customers (phone, nickname) SELECT $1 || lpad(n::text, 7, '0'), 'buyer ' || n ` +
      `FROM generate_series(1, $2::int) AS n RETURNING id`,
    [phonePrefix, BUYERS],
  )) as { id: string }[];
  const tokens: string[] = [];
  for (const customer of customers) tokens.push((await tokenService.issue(db.manager, 'customer', customer.id)).accessToken);

  await db.query('VACUUM ANALYZE');
  await context.close();
  log(
    `seeded ${PRODUCTS} products x 3 SKUs + a hot SKU + a sell-out SKU (${SELL_OUT_STOCK} units), a pickup store and ` +
      `${BUYERS} buyers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { skuIds, hotSkuId: specials.hot!, sellOutSkuId: specials.sellOut!, pickupStoreId, tokens };
}

type LoadResult = Awaited<ReturnType<typeof autocannon>>;

interface Outcome {
  result: LoadResult;
  /** 409 answers by problem code. */
  conflicts: Map<string, number>;
  /** The first few 5xx answers, to show what broke. */
  failures: string[];
}

/** Loads the order endpoint: each request a buyer in turn, a fresh Idempotency-Key and the body `items()` gives. */
async function placeOrders(
  base: string,
  seeded: Seeded,
  items: () => { skuId: string; quantity: number }[],
  limit: { duration: number } | { amount: number },
): Promise<Outcome> {
  let next = 0;
  const conflicts = new Map<string, number>();
  const failures: string[] = [];
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    ...limit,
    requests: [
      {
        method: 'POST',
        path: '/v1/store/orders',
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${seeded.tokens[next++ % seeded.tokens.length]}`,
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({ deliveryMethod: 'pickup', pickupStoreId: seeded.pickupStoreId, items: items() }),
        }),
        onResponse: (status, body) => {
          if (status === 409) {
            let code = 'unknown';
            try {
              code = String((JSON.parse(body) as { code?: unknown }).code);
            } catch {
              // not a problem document
            }
            conflicts.set(code, (conflicts.get(code) ?? 0) + 1);
          } else if (status >= 500 && failures.length < 5) {
            failures.push(`${status} ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  });
  return { result, conflicts, failures };
}

function count(result: LoadResult, match: (status: number) => boolean) {
  return Object.entries(result.statusCodeStats)
    .filter(([status]) => match(Number(status)))
    .reduce((sum, [, { count: n }]) => sum + n, 0);
}

export async function main() {
  const run = benchTarget();
  const children: ChildProcess[] = [];
  const problems: string[] = [];
  try {
    const jwtSecret = randomBytes(32).toString('hex');
    const seeded = await seedStore(run.databaseUrl, run.redisPrefix, jwtSecret);
    const port = await freePort();
    children.push(startProcess('app', join(__dirname, '..', 'src', 'main.js'), appEnvironment(run, port, jwtSecret)));
    const app = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${app}/v1/store/products?pageSize=1`);

    const manySkus = () => {
      const lines = new Map<string, number>();
      const n = 1 + rand(3);
      while (lines.size < n) lines.set(seeded.skuIds[rand(seeded.skuIds.length)], 1 + rand(2));
      return [...lines].map(([skuId, quantity]) => ({ skuId, quantity }));
    };
    const hotSku = () => [{ skuId: seeded.hotSkuId, quantity: 1 }];
    const sellOut = () => [{ skuId: seeded.sellOutSkuId, quantity: 1 }];

    const cases: {
      name: string;
      items: () => { skuId: string; quantity: number }[];
      limit: { duration: number } | { amount: number };
    }[] = [
      { name: 'many SKUs (1-3 lines)', items: manySkus, limit: { duration: DURATION } },
      { name: 'hot SKU (1 unit)', items: hotSku, limit: { duration: DURATION } },
      { name: `sell-out (${SELL_OUT_STOCK} units)`, items: sellOut, limit: { amount: SELL_OUT_REQUESTS } },
    ];
    await placeOrders(app, seeded, manySkus, { duration: WARMUP });
    const rows: string[][] = [];
    for (const c of cases) {
      const { result, conflicts, failures } = await placeOrders(app, seeded, c.items, c.limit);
      const created = count(result, (s) => s >= 200 && s < 300);
      const outOfStock = conflicts.get('OUT_OF_STOCK') ?? 0;
      const serverErrors = count(result, (s) => s >= 500);
      const other = count(result, (s) => s < 200 || s >= 300) - outOfStock;
      rows.push([
        c.name,
        // A sell-out run is over once the stock is gone; its orders per second say nothing.
        'amount' in c.limit ? '-' : (created / result.duration).toFixed(0),
        result.requests.average.toFixed(0),
        String(result.latency.p50),
        String(result.latency.p99),
        String(created),
        String(outOfStock),
        String(other),
        String(result.errors + result.timeouts),
      ]);
      log(`${c.name}: ${rows.at(-1)![1]} orders/s, p99 ${result.latency.p99} ms`);
      if (serverErrors) problems.push(`${c.name}: ${serverErrors} answers were 5xx, e.g.\n  ${failures.join('\n  ')}`);
      if (other) {
        const codes = Object.entries(result.statusCodeStats).map(([status, { count: n }]) => `${status}: ${n}`);
        const conflictCodes = [...conflicts].map(([code, n]) => `${code}: ${n}`);
        problems.push(
          `${c.name}: ${other} unexpected answers (${codes.join(', ')}; 409 codes ${conflictCodes.join(', ') || '-'})`,
        );
      }
      if (result.errors || result.timeouts) problems.push(`${c.name}: ${result.errors} errors, ${result.timeouts} timeouts`);
      if ('amount' in c.limit && (created !== SELL_OUT_STOCK || outOfStock !== SELL_OUT_REQUESTS - SELL_OUT_STOCK)) {
        problems.push(
          `${c.name}: expected ${SELL_OUT_STOCK} orders and ${SELL_OUT_REQUESTS - SELL_OUT_STOCK} OUT_OF_STOCK, got ${created} and ${outOfStock}`,
        );
      }
      if (!('amount' in c.limit) && outOfStock) problems.push(`${c.name}: ${outOfStock} OUT_OF_STOCK with stock to spare`);
    }

    const notes = await verifyStock(run.databaseUrl, seeded, problems);
    const header = ['case', 'orders/s', 'req/s', 'p50 ms', 'p99 ms', '2xx', '409 OUT_OF_STOCK', 'other', 'errors'];
    const title =
      `Checkout (POST /v1/store/orders, pickup): ${PRODUCTS} products x 3 SKUs, ${BUYERS} buyers, ${CONNECTIONS} connections, ` +
      `${DURATION} s per timed case, sell-out ${SELL_OUT_REQUESTS} requests for ${SELL_OUT_STOCK} units`;
    report('checkout', title, header, rows, notes);
    if (problems.length) throw new Error(`checkout benchmark failed:\n- ${problems.join('\n- ')}`);
  } finally {
    await stopProcesses(children);
    await cleanup(run);
  }
}

/** No oversell and no lost reservation: checked in SQL once the app has stopped taking orders. */
async function verifyStock(databaseUrl: string, seeded: Seeded, problems: string[]): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [sellOut],
    } = await client.query<{ on_hand: number; reserved: number }>('SELECT on_hand, reserved FROM stock_items WHERE sku_id = $1', [
      seeded.sellOutSkuId,
    ]);
    if (sellOut.reserved !== SELL_OUT_STOCK || sellOut.on_hand - sellOut.reserved !== 0) {
      problems.push(`sell-out stock: reserved ${sellOut.reserved}, available ${sellOut.on_hand - sellOut.reserved}`);
    }
    const {
      rows: [{ mismatched, orders }],
    } = await client.query<{ mismatched: number; orders: number }>(
      `SELECT (SELECT count(*)::int FROM stock_items s LEFT JOIN (SELECT sku_id, sum(quantity) AS units FROM order_lines GROUP BY sku_id) l ` +
        `ON l.sku_id = s.sku_id WHERE s.reserved <> coalesce(l.units, 0) OR s.reserved > s.on_hand) AS mismatched, ` +
        `(SELECT count(*)::int FROM orders) AS orders`,
    );
    if (mismatched) problems.push(`${mismatched} stock rows whose reserved units differ from their order lines`);
    return [
      `Sell-out SKU afterwards: on hand ${sellOut.on_hand}, reserved ${sellOut.reserved}, available ${sellOut.on_hand - sellOut.reserved}.`,
      `${orders} orders in all (warm-up included); stock rows whose reserved units differ from their order lines: ${mismatched}.`,
    ];
  } finally {
    await client.end();
  }
}
