import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { StockItem } from './entities/stock-item.entity';

export interface NewStockItem {
  skuId: string;
  productId: string;
  skuCode: string;
  onHand: number;
  lowStockThreshold?: number | null;
}

/** The inventory module's door for other modules (catalog, order). */
@Injectable()
export class InventoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the stock rows of new SKUs, in the caller's transaction. */
  async createStockItems(em: EntityManager, items: NewStockItem[]): Promise<void> {
    if (!items.length) return;
    await em.getRepository(StockItem).insert(
      items.map((i) => ({
        skuId: i.skuId,
        productId: i.productId,
        skuCode: i.skuCode,
        onHand: i.onHand,
        reserved: 0,
        lowStockThreshold: i.lowStockThreshold ?? null,
      })),
    );
  }

  /** Keeps the SKU's code and warning threshold in step with the catalog, in the caller's transaction. */
  async updateStockItem(em: EntityManager, skuId: string, change: { skuCode?: string; lowStockThreshold?: number | null }) {
    if (change.skuCode === undefined && change.lowStockThreshold === undefined) return;
    await em.getRepository(StockItem).update({ skuId }, change);
  }

  /** Available units per SKU (onHand - reserved); SKUs without a stock row are absent. One query. */
  async availability(skuIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (!skuIds.length) return new Map();
    const rows = await em.getRepository(StockItem).find({
      select: { skuId: true, onHand: true, reserved: true },
      where: { skuId: In([...skuIds]) },
    });
    return new Map(rows.map((r) => [r.skuId, r.onHand - r.reserved]));
  }
}
