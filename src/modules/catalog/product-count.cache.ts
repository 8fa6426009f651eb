import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RedisKeys } from '../../common/redis/redis.module';
import { VersionedCache } from './versioned-cache';

const COUNT_TTL_SECONDS = 300;

/**
 * Cache of the store list's `total` per filter. Counting every matching row is the one part of a list request
 * whose cost grows with the catalog (the page itself stops at its LIMIT), so it is kept under a single catalog
 * version that every write able to change a list (products, categories, tags, the shelf schedule) bumps after
 * its commit. Time alone also changes lists, when a publishAt or unpublishAt passes: an entry never outlives the
 * next such time, which the count query returns beside the count.
 */
@Injectable()
export class ProductCountCache {
  constructor(
    private readonly cache: VersionedCache,
    private readonly keys: RedisKeys,
  ) {}

  private versionKey() {
    return this.keys.key('catalog', 'list-version');
  }

  private dataKey(filter: unknown) {
    return this.keys.key('catalog', 'list-count', createHash('sha1').update(JSON.stringify(filter)).digest('base64url'));
  }

  async get(filter: unknown): Promise<{ total: number } | { version: string }> {
    const hit = await this.cache.get(this.dataKey(filter), this.versionKey());
    return 'value' in hit ? { total: Number(hit.value) } : hit;
  }

  async store(filter: unknown, version: string, total: number, nextChange: Date | null): Promise<void> {
    const untilChange = nextChange ? (nextChange.getTime() - Date.now()) / 1000 : Infinity;
    await this.cache.store(
      this.dataKey(filter),
      this.versionKey(),
      version,
      String(total),
      Math.min(COUNT_TTL_SECONDS, untilChange),
    );
  }

  /** Call after the commit of any write that can change which products a list holds. */
  async invalidate(): Promise<void> {
    await this.cache.bump([this.versionKey()]);
  }
}
