import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { onShelfSql } from './domain/shelf';
import { SkuStatus } from './entities/product-sku.entity';

export interface SkuForSale {
  skuId: string;
  productId: string;
  code: string;
  productTitle: string;
  image: string | null;
  specs: Record<string, string>;
  /** Fen. */
  price: number;
  memberPrice: number | null;
  currency: string;
  weightGrams: number | null;
  /** Active SKU of a product on the shelf now; a retired SKU or a hidden product cannot be bought. */
  purchasable: boolean;
}

/** The catalog's door for other modules (cart, order, promotion). */
@Injectable()
export class CatalogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The SKUs with what an order line needs; unknown ids are absent. One query. */
  async skusForSale(skuIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<SkuForSale[]> {
    if (!skuIds.length) return [];
    const rows = (await em.query(
      `SELECT s.id AS "skuId", s.product_id AS "productId", s.code, p.title AS "productTitle", p.images[1] AS image, s.specs, ` +
        `s.price, s.member_price AS "memberPrice", s.currency, s.weight_grams AS "weightGrams", ` +
        `(s.status = '${SkuStatus.Active}' AND ${onShelfSql('p')}) AS purchasable ` +
        `FROM product_skus s JOIN products p ON p.id = s.product_id WHERE s.id = ANY($1::uuid[])`,
      [[...skuIds]],
    )) as (Omit<SkuForSale, 'price' | 'memberPrice'> & { price: string; memberPrice: string | null })[];
    return rows.map((r) => ({
      ...r,
      price: Number(r.price),
      memberPrice: r.memberPrice === null ? null : Number(r.memberPrice),
    }));
  }
}
