import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import { page, Page } from '../../common/pagination';
import { InventoryService } from '../inventory/inventory.service';
import { queryTokens } from './domain/search-tokens';
import { isOnShelf, ProductStatus } from './domain/shelf';
import { StoreSlotResponseDto } from './dto/ad-slot.dto';
import { ListStoreProductsQueryDto, StoreProductListItemResponseDto, StoreProductResponseDto } from './dto/store-product.dto';
import { ProductCountCache } from './product-count.cache';
import { ProductDetailCache } from './product-detail.cache';
import {
  countKey,
  STORE_PRODUCT_DETAIL_SQL,
  StoreListFilter,
  STORE_SLOT_SQL,
  StoreProductDetailRow,
  storeProductCountQuery,
  storeProductPageQuery,
  StoreProductRow,
} from './store-catalog.sql';

/**
 * What shoppers read. A fixed number of statements per request, whatever the page holds: the list is one
 * page query plus one count (or a Redis hit), the detail one query (or a Redis hit) plus one stock query, a slot
 * one query.
 */
@Injectable()
export class StoreCatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inventory: InventoryService,
    private readonly detailCache: ProductDetailCache,
    private readonly counts: ProductCountCache,
  ) {}

  async list(query: ListStoreProductsQueryDto): Promise<Page<StoreProductListItemResponseDto>> {
    const tokens = query.q ? queryTokens(query.q) : [];
    const filter: StoreListFilter = {
      categoryId: query.categoryId,
      brandId: query.brandId,
      tag: query.tag,
      tokens,
      minPrice: query.minPrice,
      maxPrice: query.maxPrice,
      sort: query.sort ?? 'newest',
      limit: query.pageSize,
      offset: query.offset,
    };
    const pageQuery = storeProductPageQuery(filter);
    // The page (it stops at its LIMIT) and the cached count at once; the count is only run on a cache miss.
    const [rows, total] = await Promise.all([
      this.dataSource.query(pageQuery.sql, pageQuery.params) as Promise<StoreProductRow[]>,
      this.total(filter),
    ]);
    return page(
      rows.map((r) => ({
        id: r.id,
        title: r.title,
        subtitle: r.subtitle,
        image: r.image,
        price: Number(r.price),
        originalPrice: r.originalPrice === null ? null : Number(r.originalPrice),
        currency: r.currency,
        tags: r.tags,
        sales: r.sales,
      })),
      total,
      query,
    );
  }

  async product(id: string): Promise<StoreProductResponseDto> {
    const row = await this.detailRow(id);
    if (!row || !isOnShelf({ status: row.status as ProductStatus, publishAt: row.publishAt, unpublishAt: row.unpublishAt })) {
      throw new NotFoundError('Product');
    }
    const available = await this.inventory.availability(row.skus.map((s) => s.id));
    return {
      id: row.id,
      title: row.title,
      subtitle: row.subtitle,
      description: row.description,
      images: row.images,
      categoryId: row.categoryId,
      brand: row.brand,
      tags: row.tags,
      specs: row.specs,
      price: Number(row.price),
      originalPrice: row.originalPrice === null ? null : Number(row.originalPrice),
      currency: row.currency,
      sales: row.sales,
      skus: row.skus.map((s) => ({
        id: s.id,
        code: s.code,
        specs: s.specs,
        price: s.price,
        originalPrice: s.originalPrice,
        memberPrice: s.memberPrice,
        currency: s.currency,
        inStock: (available.get(s.id) ?? 0) > 0,
      })),
    };
  }

  async slot(key: string): Promise<StoreSlotResponseDto> {
    const [slot] = (await this.dataSource.query(STORE_SLOT_SQL, [key])) as StoreSlotResponseDto[];
    if (!slot) throw new NotFoundError('Slot');
    return slot;
  }

  private async total(filter: StoreListFilter): Promise<number> {
    const key = countKey(filter);
    const cached = await this.counts.get(key);
    if ('total' in cached) return cached.total;
    const { sql, params } = storeProductCountQuery(filter);
    const [{ total, nextChange }] = (await this.dataSource.query(sql, params)) as { total: number; nextChange: Date | null }[];
    await this.counts.store(key, cached.version, total, nextChange);
    return total;
  }

  private async detailRow(id: string): Promise<StoreProductDetailRow | undefined> {
    const cached = await this.detailCache.get(id);
    if ('row' in cached) return cached.row;
    const [row] = (await this.dataSource.query(STORE_PRODUCT_DETAIL_SQL, [id])) as StoreProductDetailRow[];
    if (row) await this.detailCache.store(id, cached.version, row);
    return row;
  }
}
