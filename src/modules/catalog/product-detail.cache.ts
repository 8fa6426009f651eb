import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis, RedisKeys } from '../../common/redis/redis.module';
import type { StoreProductDetailRow } from './store-catalog.sql';

const DATA_TTL_SECONDS = 300;
const VERSION_TTL_SECONDS = 3600;

// Stores the detail row only if the product's version is still the one read before the database load;
// a missing version gets a fresh one. A writer that committed in between has changed the version, so a
// row read before its commit is never stored under the new version.
const STORE_IF_CURRENT = `
local current = redis.call('GET', KEYS[2])
if (current or '') ~= ARGV[1] then return 0 end
if not current then
  current = ARGV[2]
  redis.call('SET', KEYS[2], current, 'EX', ARGV[4])
end
redis.call('SET', KEYS[1], current .. '|' .. ARGV[3], 'EX', ARGV[5])
return 1`;

/**
 * Redis cache of the store's product detail (product, brand, active SKUs; never stock, which is read fresh on
 * every request). Every catalog write that changes what a detail shows calls invalidate() after its commit,
 * which gives the product a new version: an entry stored under an older version is never served again, even
 * one a concurrent reader stores late. Entries also expire after five minutes, a bound on staleness if Redis
 * was unreachable at an invalidation. When Redis is down, reads go to Postgres.
 */
@Injectable()
export class ProductDetailCache {
  private readonly logger = new Logger(ProductDetailCache.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  private dataKey(id: string) {
    return this.keys.key('catalog', 'product-detail', id);
  }

  private versionKey(id: string) {
    return this.keys.key('catalog', 'product-version', id);
  }

  /** The cached row, or a miss with the version to pass to store(). */
  async get(id: string): Promise<{ row: StoreProductDetailRow } | { version: string }> {
    let data: string | null;
    let version: string | null;
    try {
      [data, version] = await this.redis.mget(this.dataKey(id), this.versionKey(id));
    } catch {
      return { version: 'unavailable' };
    }
    if (data && version) {
      const at = data.indexOf('|');
      if (data.slice(0, at) === version) return { row: revive(JSON.parse(data.slice(at + 1)) as StoreProductDetailRow) };
    }
    return { version: version ?? '' };
  }

  async store(id: string, version: string, row: StoreProductDetailRow): Promise<void> {
    if (version === 'unavailable') return;
    try {
      await this.redis.eval(
        STORE_IF_CURRENT,
        2,
        this.dataKey(id),
        this.versionKey(id),
        version,
        randomUUID(),
        JSON.stringify(row),
        VERSION_TTL_SECONDS,
        DATA_TTL_SECONDS,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not cache a product detail');
    }
  }

  /** Call after the commit of any change to these products (or to their brand). */
  async invalidate(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const id of new Set(ids)) {
        pipeline.set(this.versionKey(id), randomUUID(), 'EX', VERSION_TTL_SECONDS);
        pipeline.unlink(this.dataKey(id));
      }
      await pipeline.exec();
    } catch (error) {
      this.logger.error(
        { err: error, products: ids.length },
        'could not invalidate product details; they expire within 5 minutes',
      );
    }
  }
}

function revive(row: StoreProductDetailRow): StoreProductDetailRow {
  return {
    ...row,
    publishAt: row.publishAt ? new Date(row.publishAt) : null,
    unpublishAt: row.unpublishAt ? new Date(row.unpublishAt) : null,
  };
}
