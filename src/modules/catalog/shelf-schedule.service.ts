import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import { ProductStatus } from './domain/shelf';
import { ProductCountCache } from './product-count.cache';
import { ProductDetailCache } from './product-detail.cache';

/**
 * Writes due shelf times down as statuses, the same rule as domain/shelf.ts: a due publish puts the product on
 * the shelf unless its unpublish time is due too; a due unpublish takes it off and ends the schedule. Safe to
 * run twice or concurrently: each statement only touches rows whose time is due and clears that time.
 */
@Injectable()
export class ShelfScheduleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly detailCache: ProductDetailCache,
    private readonly counts: ProductCountCache,
  ) {}

  async applyDue(): Promise<{ published: number; unpublished: number }> {
    const [published, unpublished] = await inTransaction(this.dataSource, async (em) => {
      const [on] = (await em.query(
        `UPDATE products SET status = '${ProductStatus.OnShelf}', published_at = publish_at, publish_at = NULL, updated_at = now() ` +
          `WHERE publish_at <= now() AND (unpublish_at IS NULL OR unpublish_at > now()) RETURNING id`,
      )) as [{ id: string }[], number];
      const [off] = (await em.query(
        `UPDATE products SET status = CASE WHEN status = '${ProductStatus.Draft}' AND publish_at IS NULL ` +
          `THEN '${ProductStatus.Draft}' ELSE '${ProductStatus.OffShelf}' END, ` +
          `published_at = COALESCE(publish_at, published_at), publish_at = NULL, unpublish_at = NULL, updated_at = now() ` +
          `WHERE unpublish_at <= now() RETURNING id`,
      )) as [{ id: string }[], number];
      return [on.map((r) => r.id), off.map((r) => r.id)];
    });
    if (published.length || unpublished.length) {
      await Promise.all([this.detailCache.invalidate([...published, ...unpublished]), this.counts.invalidate()]);
    }
    return { published: published.length, unpublished: unpublished.length };
  }
}
