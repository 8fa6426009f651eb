import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { FieldError, NotFoundError } from '../../common/errors';
import { DEFAULT_CURRENCY } from '../../common/money';
import { page, Page } from '../../common/pagination';
import { InventoryService } from '../inventory/inventory.service';
import { SkuCodeTakenError } from './catalog.errors';
import { documentTokens, queryTokens } from './domain/search-tokens';
import { isOnShelf, ProductStatus, published, unpublished } from './domain/shelf';
import { listPrice, specKey } from './domain/sku-specs';
import {
  CreateProductDto,
  ListProductsQueryDto,
  ProductResponseDto,
  ProductSummaryResponseDto,
  UpdateProductDto,
  UpdateSkuDto,
} from './dto/product.dto';
import { ProductSku, SkuStatus } from './entities/product-sku.entity';
import { Product } from './entities/product.entity';
import { ProductCountCache } from './product-count.cache';
import { ProductDetailCache } from './product-detail.cache';
import { assertValid, productErrors, ProductWriter, skuCodeTaken } from './product.writer';
import { TagService } from './tag.service';

/** Staff use cases on products: create, edit (SKUs added, changed, retired), publish, unpublish, read. */
@Injectable()
export class ProductService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: ProductWriter,
    private readonly inventory: InventoryService,
    private readonly detailCache: ProductDetailCache,
    private readonly counts: ProductCountCache,
  ) {}

  // After the commit of any product write: the product's store detail and every store list count.
  private async changed(id: string): Promise<void> {
    await Promise.all([this.detailCache.invalidate([id]), this.counts.invalidate()]);
  }

  async create(dto: CreateProductDto): Promise<ProductResponseDto> {
    const { productId } = await this.write(() =>
      inTransaction(this.dataSource, (em) =>
        this.writer.insert(em, {
          title: dto.title.trim(),
          subtitle: dto.subtitle ?? null,
          description: dto.description ?? null,
          categoryId: dto.categoryId,
          brandId: dto.brandId ?? null,
          supplierId: dto.supplierId ?? null,
          tags: dto.tags ?? [],
          images: dto.images ?? [],
          specs: (dto.specs ?? []).map((s) => ({ name: s.name.trim(), values: s.values })),
          skus: dto.skus.map((s) => ({
            code: s.code,
            specs: s.specs ?? {},
            price: s.price,
            originalPrice: s.originalPrice ?? null,
            memberPrice: s.memberPrice ?? null,
            weightGrams: s.weightGrams ?? null,
            stock: s.stock ?? 0,
            lowStockThreshold: s.lowStockThreshold ?? null,
          })),
          status: ProductStatus.Draft,
          publishAt: dto.publishAt ?? null,
          unpublishAt: dto.unpublishAt ?? null,
        }),
      ),
    );
    await this.changed(productId);
    return this.get(productId);
  }

  async update(id: string, dto: UpdateProductDto): Promise<ProductResponseDto> {
    await this.write(() => inTransaction(this.dataSource, (em) => this.applyUpdate(em, id, dto)));
    await this.changed(id);
    return this.get(id);
  }

  async publish(id: string): Promise<ProductResponseDto> {
    await inTransaction(this.dataSource, async (em) => {
      const product = await this.lock(em, id);
      await em.getRepository(Product).update({ id }, { ...published(product), publishedAt: new Date() });
    });
    await this.changed(id);
    return this.get(id);
  }

  async unpublish(id: string): Promise<ProductResponseDto> {
    await inTransaction(this.dataSource, async (em) => {
      const product = await this.lock(em, id);
      await em.getRepository(Product).update({ id }, unpublished(product));
    });
    await this.changed(id);
    return this.get(id);
  }

  async get(id: string): Promise<ProductResponseDto> {
    const product = await this.dataSource.getRepository(Product).findOneBy({ id });
    if (!product) throw new NotFoundError('Product');
    const skus = await this.dataSource
      .getRepository(ProductSku)
      .createQueryBuilder('s')
      .where('s.product_id = :id', { id })
      .orderBy(`s.status = '${SkuStatus.Active}'`, 'DESC')
      .addOrderBy('s.sort_order', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
    return {
      id: product.id,
      title: product.title,
      subtitle: product.subtitle,
      description: product.description,
      categoryId: product.categoryId,
      brandId: product.brandId,
      supplierId: product.supplierId,
      tags: product.tags,
      images: product.images,
      specs: product.specs,
      status: product.status,
      onShelf: isOnShelf(product),
      publishAt: product.publishAt,
      unpublishAt: product.unpublishAt,
      publishedAt: product.publishedAt,
      price: product.price,
      originalPrice: product.originalPrice,
      currency: product.currency,
      sales: product.sales,
      skus: skus.map((s) => ({
        id: s.id,
        code: s.code,
        specs: s.specs,
        price: s.price,
        originalPrice: s.originalPrice,
        memberPrice: s.memberPrice,
        currency: s.currency,
        weightGrams: s.weightGrams,
        status: s.status,
      })),
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
    };
  }

  async list(query: ListProductsQueryDto): Promise<Page<ProductSummaryResponseDto>> {
    const params: unknown[] = [];
    const at = (v: unknown) => `$${params.push(v)}`;
    const conditions = ['TRUE'];
    if (query.status) conditions.push(`p.status = ${at(query.status)}`);
    if (query.categoryId) {
      conditions.push(
        `p.category_id IN (SELECT d.id FROM categories c JOIN categories d ON d.path >= c.path AND d.path < c.path || '~' WHERE c.id = ${at(query.categoryId)})`,
      );
    }
    const tokens = query.q ? queryTokens(query.q) : [];
    if (tokens.length) conditions.push(`p.search_tokens @> ${at(tokens)}::text[]`);
    const where = conditions.join(' AND ');
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id, p.title, p.images[1] AS image, p.category_id AS "categoryId", p.brand_id AS "brandId", p.status, ` +
          `p.publish_at AS "publishAt", p.unpublish_at AS "unpublishAt", p.price, p.currency, p.sales, ` +
          `p.created_at AS "createdAt", p.updated_at AS "updatedAt" FROM products p WHERE ${where} ` +
          `ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.pageSize, query.offset],
      ) as Promise<(Omit<ProductSummaryResponseDto, 'price' | 'onShelf'> & { price: string })[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM products p WHERE ${where}`, params) as Promise<
        { total: number }[]
      >,
    ]);
    return page(
      rows.map((r) => ({ ...r, price: Number(r.price), onShelf: isOnShelf(r) })),
      total,
      query,
    );
  }

  private async lock(em: EntityManager, id: string): Promise<Product> {
    const product = await em.getRepository(Product).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!product) throw new NotFoundError('Product');
    return product;
  }

  // A concurrent writer may take a SKU code between our check and our insert: the unique index decides.
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw skuCodeTaken(error) ?? error;
    }
  }

  private async applyUpdate(em: EntityManager, id: string, dto: UpdateProductDto): Promise<void> {
    const product = await this.lock(em, id);
    const existing = await em.getRepository(ProductSku).find({ where: { productId: id } });
    const byId = new Map(existing.map((s) => [s.id, s]));
    const specs = dto.specs ? dto.specs.map((s) => ({ name: s.name.trim(), values: s.values })) : product.specs;
    const publishAt = dto.publishAt !== undefined ? dto.publishAt : product.publishAt;
    const unpublishAt = dto.unpublishAt !== undefined ? dto.unpublishAt : product.unpublishAt;

    // The SKUs on sale after this edit: the given list, or the current active ones (re-checked when specs change).
    const errors: FieldError[] = [];
    let final: (UpdateSkuDto & { specs: Record<string, string> })[];
    if (dto.skus) {
      const seen = new Map<string, number>();
      dto.skus.forEach((sku, i) => {
        if (!sku.id) return;
        const current = byId.get(sku.id);
        if (!current) errors.push({ field: `skus[${i}].id`, messages: ['no SKU of this product has this id'] });
        else if (seen.has(sku.id))
          errors.push({ field: `skus[${i}].id`, messages: [`repeats the SKU of skus[${seen.get(sku.id)}]`] });
        if (current && sku.stock !== undefined) {
          errors.push({
            field: `skus[${i}].stock`,
            messages: ['stock of an existing SKU changes through inventory adjustments'],
          });
        }
        seen.set(sku.id, i);
      });
      final = dto.skus.map((s) => ({ ...s, specs: s.specs ?? {} }));
    } else {
      final = existing
        .filter((s) => s.status === SkuStatus.Active)
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((s) => ({
          id: s.id,
          code: s.code,
          specs: s.specs,
          price: s.price,
          originalPrice: s.originalPrice,
          memberPrice: s.memberPrice,
          weightGrams: s.weightGrams,
        }));
    }
    errors.push(...productErrors({ specs, skus: final, publishAt, unpublishAt }));
    assertValid(errors);
    assertValid(
      await this.writer.referenceErrors(em, {
        categoryId: dto.categoryId,
        brandId: dto.brandId,
        supplierId: dto.supplierId,
      }),
    );
    const changedCodes = final.filter((s) => !s.id || byId.get(s.id)!.code !== s.code).map((s) => s.code);
    const taken = await this.writer.takenCodes(
      em,
      changedCodes,
      final.filter((s) => s.id).map((s) => s.id!),
    );
    if (taken.length) throw new SkuCodeTakenError(taken);

    const skuRepo = em.getRepository(ProductSku);
    const keep = new Set(final.filter((s) => s.id).map((s) => s.id!));
    const retire = existing.filter((s) => s.status === SkuStatus.Active && !keep.has(s.id)).map((s) => s.id);
    if (retire.length) {
      await em.query(`UPDATE product_skus SET status = $2, updated_at = now() WHERE id = ANY($1)`, [retire, SkuStatus.Retired]);
    }
    // Kept SKUs may swap codes or combinations with each other: park the changing ones on unique
    // placeholders first, since unique indexes are checked row by row.
    const changing = final.filter((s) => {
      const current = s.id ? byId.get(s.id) : undefined;
      return (
        current && (current.code !== s.code || current.specKey !== specKey(specs, s.specs) || current.status !== SkuStatus.Active)
      );
    });
    if (changing.length) {
      await em.query(`UPDATE product_skus SET code = 'moving:' || id, spec_key = 'moving:' || id WHERE id = ANY($1)`, [
        changing.map((s) => s.id),
      ]);
    }
    const added: { id: string; sku: UpdateSkuDto }[] = [];
    for (const [i, sku] of final.entries()) {
      const values = {
        code: sku.code,
        specs: sku.specs,
        specKey: specKey(specs, sku.specs),
        price: sku.price,
        originalPrice: sku.originalPrice ?? null,
        memberPrice: sku.memberPrice ?? null,
        weightGrams: sku.weightGrams ?? null,
        status: SkuStatus.Active,
        sortOrder: i,
      };
      const current = sku.id ? byId.get(sku.id) : undefined;
      if (current) {
        await skuRepo.update({ id: current.id }, values);
        await this.inventory.updateStockItem(em, current.id, {
          skuCode: current.code !== sku.code ? sku.code : undefined,
          lowStockThreshold: sku.lowStockThreshold,
        });
      } else {
        const skuId = randomUUID();
        await skuRepo.insert({ id: skuId, productId: id, currency: DEFAULT_CURRENCY, ...values });
        added.push({ id: skuId, sku });
      }
    }
    await this.inventory.createStockItems(
      em,
      added.map(({ id: skuId, sku }) => ({
        skuId,
        productId: id,
        skuCode: sku.code,
        onHand: sku.stock ?? 0,
        lowStockThreshold: sku.lowStockThreshold ?? null,
      })),
    );

    const change: Partial<Product> = { specs, publishAt, unpublishAt, ...listPrice(final)! };
    if (dto.title !== undefined) {
      change.title = dto.title.trim();
      change.searchTokens = documentTokens(change.title);
    }
    if (dto.subtitle !== undefined) change.subtitle = dto.subtitle;
    if (dto.description !== undefined) change.description = dto.description;
    if (dto.categoryId !== undefined) change.categoryId = dto.categoryId;
    if (dto.brandId !== undefined) change.brandId = dto.brandId;
    if (dto.supplierId !== undefined) change.supplierId = dto.supplierId;
    if (dto.images !== undefined) change.images = dto.images;
    if (dto.tags !== undefined) {
      change.tags = [...new Set(dto.tags)];
      await TagService.register(em, change.tags);
    }
    await em.getRepository(Product).update({ id }, change);
  }
}
