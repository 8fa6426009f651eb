import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis } from '../../common/redis/redis.module';

const VERSION_TTL_SECONDS = 3600;
/** The version of a reader that could not reach Redis: it never stores. */
const UNAVAILABLE = '\u0000unavailable';

// Stores a value only if the version is still the one read before the database load; a missing version gets a
// fresh one. A writer that committed in between has changed the version, so a value read before its commit is
// never stored under the new version.
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
 * Redis entries that are right as long as their version key is unchanged. Writers call bump() after their commit;
 * every entry stored under an older version is then never served again, even one a concurrent reader stores
 * late. Entries also expire (a bound on staleness if Redis was unreachable at a bump). When Redis is down,
 * reads miss and writes are skipped, so callers fall back to Postgres.
 */
@Injectable()
export class VersionedCache {
  private readonly logger = new Logger(VersionedCache.name);

  constructor(@InjectRedis() private readonly redis: Redis) {}

  /** The stored value, or a miss with the version to pass to store(). */
  async get(dataKey: string, versionKey: string): Promise<{ value: string } | { version: string }> {
    let data: string | null;
    let version: string | null;
    try {
      [data, version] = await this.redis.mget(dataKey, versionKey);
    } catch {
      return { version: UNAVAILABLE };
    }
    if (data && version) {
      const at = data.indexOf('|');
      if (data.slice(0, at) === version) return { value: data.slice(at + 1) };
    }
    return { version: version ?? '' };
  }

  async store(dataKey: string, versionKey: string, version: string, value: string, ttlSeconds: number): Promise<void> {
    if (version === UNAVAILABLE || ttlSeconds < 1) return;
    try {
      await this.redis.eval(
        STORE_IF_CURRENT,
        2,
        dataKey,
        versionKey,
        version,
        randomUUID(),
        value,
        VERSION_TTL_SECONDS,
        Math.floor(ttlSeconds),
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not store a cache entry');
    }
  }

  /** Gives each version key a new version (and drops the listed data keys). Call after the commit. */
  async bump(versionKeys: readonly string[], dataKeys: readonly string[] = []): Promise<void> {
    if (!versionKeys.length) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const key of new Set(versionKeys)) pipeline.set(key, randomUUID(), 'EX', VERSION_TTL_SECONDS);
      if (dataKeys.length) pipeline.unlink(...dataKeys);
      await pipeline.exec();
    } catch (error) {
      this.logger.error(
        { err: error, keys: versionKeys.length },
        'could not invalidate cache entries; they expire within minutes',
      );
    }
  }
}
