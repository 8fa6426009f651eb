import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ILike } from 'typeorm';
import { inTransaction, pgErrorCode } from '../../common/database';
import { ConflictError, NotFoundError } from '../../common/errors';
import { page, Page } from '../../common/pagination';
import { insertUnique, likePattern } from './catalog.db';
import { CatalogErrorCode, NameTakenError } from './catalog.errors';
import { BrandResponseDto, CreateBrandDto, ListBrandsQueryDto, UpdateBrandDto } from './dto/brand.dto';
import { Brand } from './entities/brand.entity';
import { ProductDetailCache } from './product-detail.cache';

const toResponse = (b: Brand): BrandResponseDto => ({
  id: b.id,
  name: b.name,
  logo: b.logo,
  description: b.description,
  sortOrder: b.sortOrder,
  createdAt: b.createdAt,
  updatedAt: b.updatedAt,
});

@Injectable()
export class BrandService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly detailCache: ProductDetailCache,
  ) {}

  async list(query: ListBrandsQueryDto): Promise<Page<BrandResponseDto>> {
    const [rows, total] = await this.dataSource.getRepository(Brand).findAndCount({
      where: query.q ? { name: ILike(likePattern(query.q)) } : {},
      order: { sortOrder: 'ASC', name: 'ASC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return page(rows.map(toResponse), total, query);
  }

  async get(id: string): Promise<BrandResponseDto> {
    const brand = await this.dataSource.getRepository(Brand).findOneBy({ id });
    if (!brand) throw new NotFoundError('Brand');
    return toResponse(brand);
  }

  async create(dto: CreateBrandDto): Promise<BrandResponseDto> {
    const name = dto.name.trim();
    const id = await insertUnique(this.dataSource, Brand, {
      name,
      logo: dto.logo ?? null,
      description: dto.description ?? null,
      sortOrder: dto.sortOrder ?? 0,
    });
    if (!id) throw new NameTakenError('brand', name);
    return this.get(id);
  }

  async update(id: string, dto: UpdateBrandDto): Promise<BrandResponseDto> {
    const change: Partial<Brand> = {};
    if (dto.name !== undefined) change.name = dto.name.trim();
    if (dto.logo !== undefined) change.logo = dto.logo;
    if (dto.description !== undefined) change.description = dto.description;
    if (dto.sortOrder !== undefined) change.sortOrder = dto.sortOrder;
    const products = await inTransaction(this.dataSource, async (em) => {
      const brand = await em.getRepository(Brand).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!brand) throw new NotFoundError('Brand');
      if (Object.keys(change).length) {
        try {
          await em.getRepository(Brand).update({ id }, change);
        } catch (error) {
          if (pgErrorCode(error) === '23505') throw new NameTakenError('brand', change.name ?? brand.name);
          throw error;
        }
      }
      const rows = (await em.query(`SELECT id FROM products WHERE brand_id = $1`, [id])) as { id: string }[];
      return rows.map((r) => r.id);
    });
    // The store's product detail shows the brand.
    await this.detailCache.invalidate(products);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      const brand = await em.getRepository(Brand).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!brand) throw new NotFoundError('Brand');
      const [{ used }] = (await em.query(`SELECT EXISTS (SELECT 1 FROM products WHERE brand_id = $1) AS used`, [id])) as {
        used: boolean;
      }[];
      if (used) throw new ConflictError('Products link to the brand; unlink them first', CatalogErrorCode.BRAND_IN_USE);
      await em.getRepository(Brand).delete({ id });
    });
  }
}
