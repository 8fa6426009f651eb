import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { insertUnique } from './catalog.db';
import { NotFoundError } from '../../common/errors';
import { page, Page, PageQueryDto } from '../../common/pagination';
import { NameTakenError } from './catalog.errors';
import { CreateTagDto, TagResponseDto } from './dto/tag.dto';
import { Tag } from './entities/tag.entity';
import { ProductCountCache } from './product-count.cache';
import { ProductDetailCache } from './product-detail.cache';

@Injectable()
export class TagService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly detailCache: ProductDetailCache,
    private readonly counts: ProductCountCache,
  ) {}

  async list(query: PageQueryDto): Promise<Page<TagResponseDto>> {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT t.id, t.name, t.created_at AS "createdAt", ` +
          `(SELECT count(*)::int FROM products p WHERE p.tags @> ARRAY[t.name]) AS products ` +
          `FROM tags t ORDER BY t.name, t.id LIMIT $1 OFFSET $2`,
        [query.pageSize, query.offset],
      ) as Promise<TagResponseDto[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM tags`) as Promise<{ total: number }[]>,
    ]);
    return page(rows, total, query);
  }

  async create(dto: CreateTagDto): Promise<TagResponseDto> {
    const id = await insertUnique(this.dataSource, Tag, { name: dto.name });
    if (!id) throw new NameTakenError('tag', dto.name);
    const tag = await this.dataSource.getRepository(Tag).findOneByOrFail({ id });
    return { id: tag.id, name: tag.name, products: 0, createdAt: tag.createdAt };
  }

  /** Deletes the tag and takes it off every product that carries it. */
  async remove(id: string): Promise<void> {
    const products = await inTransaction(this.dataSource, async (em) => {
      const tag = await em.getRepository(Tag).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!tag) throw new NotFoundError('Tag');
      const rows = (await em.query(
        `UPDATE products SET tags = array_remove(tags, $1), updated_at = now() WHERE tags @> ARRAY[$1] RETURNING id`,
        [tag.name],
      )) as [{ id: string }[], number];
      await em.getRepository(Tag).delete({ id });
      return rows[0].map((r) => r.id);
    });
    await Promise.all([this.detailCache.invalidate(products), this.counts.invalidate()]);
  }

  /** Records the tags products use, so staff can list them; in the caller's transaction. */
  static async register(em: EntityManager, names: readonly string[]): Promise<void> {
    if (!names.length) return;
    // Sorted, so that concurrent writers take the unique-index locks in the same order.
    await em.query(`INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`, [
      [...new Set(names)].sort(),
    ]);
  }
}
