import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { FieldError, ValidationError } from '../../common/errors';
import { DEFAULT_CURRENCY } from '../../common/money';
import { InventoryService } from '../inventory/inventory.service';
import { SkuCodeTakenError } from './catalog.errors';
import { documentTokens } from './domain/search-tokens';
import { ProductStatus, scheduleError } from './domain/shelf';
import { listPrice, SpecDefinition, specKey, validateSkus, validateSpecDefinitions } from './domain/sku-specs';
import { ProductSku, SkuStatus } from './entities/product-sku.entity';
import { Product } from './entities/product.entity';
import { TagService } from './tag.service';

export interface NewSku {
  code: string;
  specs: Record<string, string>;
  price: number;
  originalPrice: number | null;
  memberPrice: number | null;
  weightGrams: number | null;
  stock: number;
  lowStockThreshold: number | null;
}

export interface NewProduct {
  title: string;
  subtitle: string | null;
  description: string | null;
  categoryId: string;
  brandId: string | null;
  supplierId: string | null;
  tags: string[];
  images: string[];
  specs: SpecDefinition[];
  skus: NewSku[];
  status: ProductStatus.Draft | ProductStatus.OnShelf;
  publishAt: Date | null;
  unpublishAt: Date | null;
}

/** Spec, SKU and schedule rules of a product as it will be, as field errors. */
export function productErrors(p: {
  specs: SpecDefinition[];
  skus: Parameters<typeof validateSkus>[1];
  publishAt: Date | null;
  unpublishAt: Date | null;
}): FieldError[] {
  const errors = [...validateSpecDefinitions(p.specs)];
  // SKUs are only checked against well-formed specs; otherwise every SKU would repeat the same complaint.
  if (!errors.length) errors.push(...validateSkus(p.specs, p.skus));
  const schedule = scheduleError(p.publishAt, p.unpublishAt);
  if (schedule) errors.push({ field: 'unpublishAt', messages: [schedule] });
  return errors;
}

export function assertValid(errors: FieldError[]): void {
  if (errors.length) {
    throw new ValidationError(`The product has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`, errors);
  }
}

/** A unique violation on the SKU code index (a concurrent writer took the code) as the domain error. */
export function skuCodeTaken(error: unknown): SkuCodeTakenError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string; detail?: string };
  if (driver.code !== '23505' || driver.constraint !== 'product_skus_code_key') return null;
  const code = /\(code\)=\((.*)\) already exists/.exec(driver.detail ?? '')?.[1];
  return new SkuCodeTakenError(code ? [code] : []);
}

/** Writes products and SKUs inside the caller's transaction; the admin API and the CSV import share it. */
@Injectable()
export class ProductWriter {
  constructor(private readonly inventory: InventoryService) {}

  /** Field errors for references that do not exist. One query. */
  async referenceErrors(
    em: EntityManager,
    refs: { categoryId?: string | null; brandId?: string | null; supplierId?: string | null },
  ): Promise<FieldError[]> {
    const [row] = (await em.query(
      `SELECT ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM categories WHERE id = $1)) AS "categoryId", ` +
        `($2::uuid IS NULL OR EXISTS (SELECT 1 FROM brands WHERE id = $2)) AS "brandId", ` +
        `($3::uuid IS NULL OR EXISTS (SELECT 1 FROM suppliers WHERE id = $3)) AS "supplierId"`,
      [refs.categoryId ?? null, refs.brandId ?? null, refs.supplierId ?? null],
    )) as Record<'categoryId' | 'brandId' | 'supplierId', boolean>[];
    const what = { categoryId: 'category', brandId: 'brand', supplierId: 'supplier' } as const;
    return (Object.keys(what) as (keyof typeof what)[])
      .filter((k) => !row[k])
      .map((k) => ({ field: k, messages: [`no ${what[k]} has this id`] }));
  }

  /** Codes among `codes` that SKUs other than `exceptSkuIds` already use (retired ones included). */
  async takenCodes(em: EntityManager, codes: readonly string[], exceptSkuIds: readonly string[] = []): Promise<string[]> {
    if (!codes.length) return [];
    const rows = (await em.query(`SELECT code FROM product_skus WHERE code = ANY($1) AND NOT (id = ANY($2::uuid[]))`, [
      [...codes],
      [...exceptSkuIds],
    ])) as { code: string }[];
    return rows.map((r) => r.code).sort();
  }

  /** Validates and inserts a product with its SKUs and their stock rows. */
  async insert(em: EntityManager, input: NewProduct): Promise<{ productId: string; skuIds: string[] }> {
    assertValid(productErrors(input));
    assertValid(await this.referenceErrors(em, input));
    const taken = await this.takenCodes(
      em,
      input.skus.map((s) => s.code),
    );
    if (taken.length) throw new SkuCodeTakenError(taken);

    await TagService.register(em, input.tags);
    const productId = randomUUID();
    const listed = listPrice(input.skus)!;
    await em.getRepository(Product).insert({
      id: productId,
      title: input.title,
      subtitle: input.subtitle,
      description: input.description,
      categoryId: input.categoryId,
      brandId: input.brandId,
      supplierId: input.supplierId,
      tags: [...new Set(input.tags)],
      images: input.images,
      specs: input.specs,
      status: input.status,
      publishAt: input.publishAt,
      unpublishAt: input.unpublishAt,
      publishedAt: input.status === ProductStatus.OnShelf ? new Date() : null,
      price: listed.price,
      originalPrice: listed.originalPrice,
      currency: DEFAULT_CURRENCY,
      searchTokens: documentTokens(input.title),
    });
    const skus = input.skus.map((sku, i) => ({ ...sku, id: randomUUID(), sortOrder: i }));
    await em.getRepository(ProductSku).insert(
      skus.map((sku) => ({
        id: sku.id,
        productId,
        code: sku.code,
        specs: sku.specs,
        specKey: specKey(input.specs, sku.specs),
        price: sku.price,
        originalPrice: sku.originalPrice,
        memberPrice: sku.memberPrice,
        currency: DEFAULT_CURRENCY,
        weightGrams: sku.weightGrams,
        status: SkuStatus.Active,
        sortOrder: sku.sortOrder,
      })),
    );
    await this.inventory.createStockItems(
      em,
      skus.map((sku) => ({
        skuId: sku.id,
        productId,
        skuCode: sku.code,
        onHand: sku.stock,
        lowStockThreshold: sku.lowStockThreshold,
      })),
    );
    return { productId, skuIds: skus.map((s) => s.id) };
  }
}
