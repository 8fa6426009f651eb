// npm run bench -- catalog
//
// Seeds a database of its own with 10,000 on-shelf products x 3 SKUs (bulk inserts, stock through the inventory
// module), starts the real app (WORKERS=off) and a bare Fastify + pg floor (bench/catalog-floor.ts, same SQL) as
// separate processes, checks that both answer the same rows, then loads each with autocannon (50 connections)
// on the store list (plain, with q, with categoryId) and the product detail, and prints requests/s, p50 and p99
// of both and the app/floor ratio against the targets (list >= 60 %, detail >= 70 %, p99 < 50 ms).
//
// Knobs: BENCH_PRODUCTS (10000), BENCH_DURATION seconds per case (10), BENCH_CONNECTIONS (50),
// KEEP_BENCH_DATABASE=1 keeps the database; DATABASE_URL / REDIS_URL say where Postgres and Redis are.
import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap';
import { loadEnvironment } from '../src/config/environment';
import { childPath, depthOf } from '../src/modules/catalog/domain/category-tree';
import { documentTokens } from '../src/modules/catalog/domain/search-tokens';
import { specKey } from '../src/modules/catalog/domain/sku-specs';
import { InventoryService } from '../src/modules/inventory/inventory.service';
import { appEnvironment, benchTarget, cleanup, freePort, log, report, startProcess, stopProcesses, waitUntilUp } from './support';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = 2;
const BATCH = 1000;

const CN_ADJ = ['纯棉', '真丝', '羊毛', '亚麻', '加厚', '修身', '宽松', '复古', '轻薄', '防水'];
const CN_NOUN = ['T恤', '衬衫', '卫衣', '外套', '长裤', '短裤', '连衣裙', '背包', '运动鞋', '帽子'];
const EN_ADJ = ['Cotton', 'Silk', 'Wool', 'Linen', 'Classic', 'Slim', 'Loose', 'Retro', 'Light', 'Rain'];
const EN_NOUN = ['Tee', 'Shirt', 'Hoodie', 'Jacket', 'Pants', 'Shorts', 'Dress', 'Backpack', 'Sneakers', 'Cap'];
const TAGS = ['hot', 'new', 'recommended', 'sale'];
const SIZES = ['S', 'M', 'L'];
const SPECS = [{ name: '尺码', values: SIZES }];

// Deterministic pseudo-random numbers, so every run seeds the same catalog.
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

async function seedCatalog(databaseUrl: string, redisPrefix: string) {
  const env = loadEnvironment({
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'true',
    SEED_DEMO: 'off',
  });
  // The app's own wiring (built as in production, never listening): migrations run at start-up, stock rows go
  // through the inventory module's service.
  const context = await createApp(env, { workers: false });
  await context.init();
  const db = context.get(DataSource);
  const inventory = context.get(InventoryService);
  const started = Date.now();

  // 10 top-level categories x 4 x 5 = 250, products in the 200 leaves.
  const categories: { id: string; name: string; parentId: string | null; path: string }[] = [];
  const add = (name: string, parent: (typeof categories)[number] | null) => {
    const id = randomUUID();
    const node = { id, name, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id) };
    categories.push(node);
    return node;
  };
  const leaves: string[] = [];
  const roots: string[] = [];
  for (let a = 0; a < 10; a++) {
    const root = add(`${CN_NOUN[a]}馆`, null);
    roots.push(root.id);
    for (let b = 0; b < 4; b++) {
      const child = add(`${CN_NOUN[a]}-${b}`, root);
      for (let c = 0; c < 5; c++) leaves.push(add(`${CN_NOUN[a]}-${b}-${c}`, child).id);
    }
  }
  await db.query(
    `INSERT INTO categories (id, name, parent_id, path, depth) SELECT id, name, parent_id, path, depth ` +
      `FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, parent_id uuid, path text, depth int)`,
    [JSON.stringify(categories.map((c) => ({ ...c, parent_id: c.parentId, depth: depthOf(c.path) })))],
  );
  const brands = Array.from({ length: 50 }, (_, i) => ({
    id: randomUUID(),
    name: `Brand ${i}`,
    logo: `https://img.example/brand/${i}.png`,
  }));
  await db.query(
    `INSERT INTO brands (id, name, logo) SELECT id, name, logo FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, logo text)`,
    [JSON.stringify(brands)],
  );

  const productIds: string[] = [];
  const now = Date.now();
  for (let start = 0; start < PRODUCTS; start += BATCH) {
    const products: Record<string, unknown>[] = [];
    const skus: { id: string; product_id: string; code: string; stock: number; [column: string]: unknown }[] = [];
    for (let i = start; i < Math.min(PRODUCTS, start + BATCH); i++) {
      const id = randomUUID();
      productIds.push(id);
      const a = rand(10);
      const n = rand(10);
      const title = `${CN_ADJ[a]}${CN_NOUN[n]} ${EN_ADJ[rand(10)]} ${EN_NOUN[n]} ${i}`;
      const base = 1000 + rand(50_000);
      const prices = SIZES.map((_, s) => base + s * 500);
      products.push({
        id,
        title,
        subtitle: `${EN_ADJ[a]} ${EN_NOUN[n]}, free shipping`,
        category_id: leaves[rand(leaves.length)],
        brand_id: brands[rand(brands.length)].id,
        tags: [TAGS[rand(4)], TAGS[rand(4)]].filter((t, k, all) => all.indexOf(t) === k),
        images: [`https://img.example/p/${i}/1.jpg`, `https://img.example/p/${i}/2.jpg`],
        description: `<p>${title}</p>`.repeat(5),
        specs: SPECS,
        price: prices[0],
        original_price: rand(2) ? prices[0] + 1000 : null,
        sales: rand(5000),
        search_tokens: documentTokens(title),
        created_at: new Date(now - i * 1000).toISOString(),
      });
      SIZES.forEach((size, s) =>
        skus.push({
          id: randomUUID(),
          product_id: id,
          code: `B-${i}-${size}`,
          specs: { [SPECS[0].name]: size },
          spec_key: specKey(SPECS, { [SPECS[0].name]: size }),
          price: prices[s],
          original_price: null,
          member_price: prices[s] - 100,
          sort_order: s,
          stock: rand(4) ? 1 + rand(100) : 0,
        }),
      );
    }
    await db.transaction(async (em) => {
      await em.query(
        `INSERT INTO products (id, title, subtitle, description, category_id, brand_id, tags, images, specs, status, published_at, ` +
          `price, original_price, sales, search_tokens, created_at, updated_at) ` +
          `SELECT id, title, subtitle, description, category_id, brand_id, tags, images, specs, 'on_shelf', created_at, ` +
          `price, original_price, sales, search_tokens, created_at, created_at FROM jsonb_to_recordset($1::jsonb) AS r(` +
          `id uuid, title text, subtitle text, description text, category_id uuid, brand_id uuid, tags text[], images text[], ` +
          `specs jsonb, price bigint, original_price bigint, sales int, search_tokens text[], created_at timestamptz)`,
        [JSON.stringify(products)],
      );
      await em.query(
        `INSERT INTO product_skus (id, product_id, code, specs, spec_key, price, original_price, member_price, sort_order) ` +
          `SELECT id, product_id, code, specs, spec_key, price, original_price, member_price, sort_order FROM jsonb_to_recordset($1::jsonb) ` +
          `AS r(id uuid, product_id uuid, code text, specs jsonb, spec_key text, price bigint, original_price bigint, member_price bigint, sort_order int)`,
        [JSON.stringify(skus)],
      );
      await inventory.createStockItems(
        em,
        skus.map((s) => ({ skuId: s.id, productId: s.product_id, skuCode: s.code, onHand: s.stock, lowStockThreshold: null })),
      );
    });
  }
  await db.query('VACUUM ANALYZE');
  await context.close();
  log(
    `seeded ${categories.length} categories, ${PRODUCTS} products, ${PRODUCTS * 3} SKUs in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { productIds, rootCategory: roots[0] };
}

interface Case {
  name: string;
  kind: 'list' | 'detail';
  paths: string[];
}

async function load(base: string, c: Case, seconds: number) {
  let next = 0;
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: c.paths[next++ % c.paths.length] }),
      },
    ],
  });
}

/** Both servers must answer the same rows, or the comparison means nothing. */
async function sameAnswers(app: string, floor: string, c: Case) {
  for (const path of c.paths.slice(0, 3)) {
    const [a, f] = await Promise.all([fetch(app + path).then((r) => r.json()), fetch(floor + path).then((r) => r.json())]);
    if (JSON.stringify(a) !== JSON.stringify(f)) {
      throw new Error(
        `app and floor differ on ${path}:\napp   ${JSON.stringify(a).slice(0, 400)}\nfloor ${JSON.stringify(f).slice(0, 400)}`,
      );
    }
  }
}

export async function main() {
  const run = benchTarget();
  const { databaseUrl, redisPrefix } = run;
  const children: ChildProcess[] = [];
  try {
    const { productIds, rootCategory } = await seedCatalog(databaseUrl, redisPrefix);
    const [appPort, floorPort] = [await freePort(), await freePort()];
    const dist = join(__dirname, '..');
    children.push(
      startProcess('app', join(dist, 'src', 'main.js'), appEnvironment(run, appPort, randomBytes(32).toString('hex'))),
      startProcess('floor', join(dist, 'bench', 'catalog-floor.js'), {
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '20',
        PORT: String(floorPort),
      }),
    );
    const app = `http://127.0.0.1:${appPort}`;
    const floor = `http://127.0.0.1:${floorPort}`;
    await Promise.all([waitUntilUp(`${app}/v1/store/products?pageSize=1`), waitUntilUp(`${floor}/v1/store/products?pageSize=1`)]);

    const details = Array.from({ length: 1000 }, () => `/v1/store/products/${productIds[rand(productIds.length)]}`);
    const cases: Case[] = [
      { name: 'list', kind: 'list', paths: ['/v1/store/products?page=1&pageSize=20'] },
      { name: 'list ?q=纯棉', kind: 'list', paths: [`/v1/store/products?q=${encodeURIComponent('纯棉')}&page=1&pageSize=20`] },
      { name: 'list ?q=cott', kind: 'list', paths: ['/v1/store/products?q=cott&page=1&pageSize=20'] },
      { name: 'list ?categoryId', kind: 'list', paths: [`/v1/store/products?categoryId=${rootCategory}&page=1&pageSize=20`] },
      { name: 'detail', kind: 'detail', paths: details },
    ];
    const rows: string[][] = [];
    for (const c of cases) {
      await sameAnswers(app, floor, c);
      const results: Record<'app' | 'floor', Awaited<ReturnType<typeof load>>> = {} as never;
      for (const [target, base] of [
        ['app', app],
        ['floor', floor],
      ] as const) {
        await load(base, c, WARMUP);
        results[target] = await load(base, c, DURATION);
        const r = results[target];
        if (r.non2xx || r.errors || r.timeouts)
          log(`${c.name} ${target}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
      }
      const ratio = results.app.requests.average / results.floor.requests.average;
      const target = c.kind === 'list' ? 0.6 : 0.7;
      rows.push([
        c.name,
        results.app.requests.average.toFixed(0),
        String(results.app.latency.p50),
        String(results.app.latency.p99),
        results.floor.requests.average.toFixed(0),
        String(results.floor.latency.p50),
        String(results.floor.latency.p99),
        `${(ratio * 100).toFixed(0)} %`,
        `${ratio >= target ? 'ok' : 'BELOW'} (>= ${target * 100} %)${results.app.latency.p99 < 50 ? '' : ', p99 >= 50 ms'}`,
      ]);
      log(`${c.name}: app ${rows.at(-1)![1]} req/s, floor ${rows.at(-1)![4]} req/s`);
    }
    const header = [
      'case',
      'app req/s',
      'app p50 ms',
      'app p99 ms',
      'floor req/s',
      'floor p50 ms',
      'floor p99 ms',
      'app/floor',
      'target',
    ];
    const title = `Catalog store reads: ${PRODUCTS} products x 3 SKUs, ${CONNECTIONS} connections, ${DURATION} s per case`;
    report('catalog', title, header, rows);
  } finally {
    await stopProcesses(children);
    await cleanup(run);
  }
}
