import { onShelfSql } from './domain/shelf';
import type { StoreSort } from './dto/store-product.dto';

// The SQL of the store's hot reads, kept apart as plain strings so that the benchmark's bare Fastify + pg
// floor runs exactly the same statements as the app (bench/catalog-floor.ts).

export interface StoreListFilter {
  categoryId?: string;
  brandId?: string;
  tag?: string;
  /** From domain/search-tokens.ts queryTokens(). */
  tokens?: string[];
  minPrice?: number;
  maxPrice?: number;
  sort: StoreSort;
  limit: number;
  offset: number;
}

const ORDER: Record<StoreSort, string> = {
  newest: 'p.created_at DESC, p.id DESC',
  price_asc: 'p.price ASC, p.id ASC',
  price_desc: 'p.price DESC, p.id DESC',
  sales: 'p.sales DESC, p.id DESC',
};

function where(filter: StoreListFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const at = (value: unknown) => `$${params.push(value)}`;
  const conditions = [onShelfSql('p')];
  if (filter.categoryId) {
    // The category and its descendants: ids whose path starts with the category's path. Paths hold only
    // [0-9a-f/-], all below '~', so the prefix is the range [path, path || '~') on the C-collated index.
    conditions.push(
      `p.category_id IN (SELECT d.id FROM categories c JOIN categories d ON d.path >= c.path AND d.path < c.path || '~' WHERE c.id = ${at(filter.categoryId)})`,
    );
  }
  if (filter.brandId) conditions.push(`p.brand_id = ${at(filter.brandId)}`);
  if (filter.tag) conditions.push(`p.tags @> ARRAY[${at(filter.tag)}::text]`);
  if (filter.tokens?.length) conditions.push(`p.search_tokens @> ${at(filter.tokens)}::text[]`);
  if (filter.minPrice !== undefined) conditions.push(`p.price >= ${at(filter.minPrice)}`);
  if (filter.maxPrice !== undefined) conditions.push(`p.price <= ${at(filter.maxPrice)}`);
  return { sql: conditions.join(' AND '), params };
}

/** One page of on-shelf products, list columns only. */
export function storeProductPageQuery(filter: StoreListFilter): { sql: string; params: unknown[] } {
  const { sql, params } = where(filter);
  params.push(filter.limit, filter.offset);
  return {
    sql:
      `SELECT p.id, p.title, p.subtitle, p.images[1] AS image, p.price, p.original_price AS "originalPrice", ` +
      `p.currency, p.tags, p.sales FROM products p WHERE ${sql} ` +
      `ORDER BY ${ORDER[filter.sort]} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  };
}

/**
 * How many on-shelf products match, and the next time a scheduled publish or unpublish changes what is on the
 * shelf (until then the count holds unless a write changes it; the partial indexes on those times answer it).
 */
export function storeProductCountQuery(filter: StoreListFilter): { sql: string; params: unknown[] } {
  const { sql, params } = where(filter);
  return {
    sql:
      `SELECT count(*)::int AS total, LEAST((SELECT min(x.publish_at) FROM products x WHERE x.publish_at > now()), ` +
      `(SELECT min(x.unpublish_at) FROM products x WHERE x.unpublish_at > now())) AS "nextChange" FROM products p WHERE ${sql}`,
    params,
  };
}

/** The filter's part that decides the count (not the order or the page), as the count cache's key. */
export function countKey(filter: StoreListFilter): Omit<StoreListFilter, 'sort' | 'limit' | 'offset'> {
  return {
    categoryId: filter.categoryId,
    brandId: filter.brandId,
    tag: filter.tag,
    tokens: filter.tokens,
    minPrice: filter.minPrice,
    maxPrice: filter.maxPrice,
  };
}

/**
 * A product with its brand and active SKUs, whatever its shelf state (the caller applies domain/shelf.ts,
 * so that a cached row stays right when a scheduled time passes). Stock comes from the inventory module.
 */
export const STORE_PRODUCT_DETAIL_SQL =
  `SELECT p.id, p.title, p.subtitle, p.description, p.images, p.category_id AS "categoryId", p.tags, p.specs, ` +
  `p.price, p.original_price AS "originalPrice", p.currency, p.sales, p.status, ` +
  `p.publish_at AS "publishAt", p.unpublish_at AS "unpublishAt", ` +
  `CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'name', b.name, 'logo', b.logo) END AS brand, ` +
  `COALESCE((SELECT json_agg(json_build_object('id', s.id, 'code', s.code, 'specs', s.specs, 'price', s.price, ` +
  `'originalPrice', s.original_price, 'memberPrice', s.member_price, 'currency', s.currency) ORDER BY s.sort_order, s.id) ` +
  `FROM product_skus s WHERE s.product_id = p.id AND s.status = 'active'), '[]'::json) AS skus ` +
  `FROM products p LEFT JOIN brands b ON b.id = p.brand_id WHERE p.id = $1`;

/** A slot with its items live now; product items carry the product's current data and drop out while it is off the shelf. */
export const STORE_SLOT_SQL =
  `SELECT s.key, s.name, COALESCE((SELECT json_agg(json_build_object('id', i.id, 'title', COALESCE(i.title, p.title), ` +
  `'image', COALESCE(i.image, p.images[1]), 'link', i.link, 'product', CASE WHEN p.id IS NULL THEN NULL ELSE ` +
  `json_build_object('id', p.id, 'title', p.title, 'image', p.images[1], 'price', p.price, ` +
  `'originalPrice', p.original_price, 'currency', p.currency) END) ORDER BY i.sort_order, i.created_at, i.id) ` +
  `FROM ad_slot_items i LEFT JOIN products p ON p.id = i.product_id ` +
  `WHERE i.slot_id = s.id AND (i.starts_at IS NULL OR i.starts_at <= now()) AND (i.ends_at IS NULL OR i.ends_at > now()) ` +
  `AND (i.product_id IS NULL OR (${onShelfSql('p')}))), '[]'::json) AS items FROM ad_slots s WHERE s.key = $1`;

export interface StoreProductRow {
  id: string;
  title: string;
  subtitle: string | null;
  image: string | null;
  price: string;
  originalPrice: string | null;
  currency: string;
  tags: string[];
  sales: number;
}

export interface StoreProductDetailRow {
  id: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  images: string[];
  categoryId: string;
  tags: string[];
  specs: { name: string; values: string[] }[];
  price: string | number;
  originalPrice: string | number | null;
  currency: string;
  sales: number;
  status: string;
  publishAt: Date | null;
  unpublishAt: Date | null;
  brand: { id: string; name: string; logo: string | null } | null;
  skus: {
    id: string;
    code: string;
    specs: Record<string, string>;
    price: number;
    originalPrice: number | null;
    memberPrice: number | null;
    currency: string;
  }[];
}
