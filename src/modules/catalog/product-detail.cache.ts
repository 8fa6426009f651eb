import { Injectable } from '@nestjs/common';
import { RedisKeys } from '../../common/redis/redis.module';
import type { StoreProductDetailRow } from './store-catalog.sql';
import { VersionedCache } from './versioned-cache';

const DETAIL_TTL_SECONDS = 300;

/**
 * Cache of the store's product detail (product, brand, active SKUs; never stock, which is read fresh on every
 * request), one version per product. Every catalog write that changes what a detail shows calls invalidate()
 * after its commit. The shelf rule is applied when the detail is read, so a cached row stays right when a
 * scheduled time passes.
 */
@Injectable()
export class ProductDetailCache {
  constructor(
    private readonly cache: VersionedCache,
    private readonly keys: RedisKeys,
  ) {}

  private dataKey(id: string) {
    return this.keys.key('catalog', 'product-detail', id);
  }

  private versionKey(id: string) {
    return this.keys.key('catalog', 'product-version', id);
  }

  async get(id: string): Promise<{ row: StoreProductDetailRow } | { version: string }> {
    const hit = await this.cache.get(this.dataKey(id), this.versionKey(id));
    return 'value' in hit ? { row: revive(JSON.parse(hit.value) as StoreProductDetailRow) } : hit;
  }

  async store(id: string, version: string, row: StoreProductDetailRow): Promise<void> {
    await this.cache.store(this.dataKey(id), this.versionKey(id), version, JSON.stringify(row), DETAIL_TTL_SECONDS);
  }

  /** Call after the commit of any change to these products (or to their brand). */
  async invalidate(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    await this.cache.bump(
      unique.map((id) => this.versionKey(id)),
      unique.map((id) => this.dataKey(id)),
    );
  }
}

function revive(row: StoreProductDetailRow): StoreProductDetailRow {
  return {
    ...row,
    publishAt: row.publishAt ? new Date(row.publishAt) : null,
    unpublishAt: row.unpublishAt ? new Date(row.unpublishAt) : null,
  };
}
