import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import { Environment } from '../../config/environment';
import { effectiveThreshold, isLowStock } from './domain/low-stock';
import { AdjustmentReason, MovementReason } from './domain/movement-reason';
import { StockItem } from './entities/stock-item.entity';
import { StockMovement } from './entities/stock-movement.entity';
import { InsufficientStockError, StockItemNotFoundError } from './inventory.errors';
import { InventoryRepository } from './inventory.repository';
import { StockLedger } from './stock-ledger';

/** A SKU's stock as staff see it; the threshold is the one that applies (the SKU's own or the store default). */
export interface StockView {
  skuId: string;
  productId: string;
  skuCode: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  lowStock: boolean;
}

export interface Adjustment {
  delta: number;
  reason: AdjustmentReason;
  note?: string | null;
}

/** Staff use cases: look at stock, adjust it by hand, read its ledger and the low-stock list. */
@Injectable()
export class InventoryAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: InventoryRepository,
    private readonly ledger: StockLedger,
    private readonly env: Environment,
  ) {}

  async get(skuId: string): Promise<StockView> {
    const stock = await this.repository.findStock(this.dataSource.manager, skuId);
    if (!stock) throw new StockItemNotFoundError(skuId);
    return this.view(stock);
  }

  /**
   * Changes onHand by `delta` in one guarded UPDATE with its ledger row. A change that would leave
   * onHand below zero or below what is reserved is INSUFFICIENT_STOCK (409) and writes nothing.
   */
  async adjust(skuId: string, adjustment: Adjustment, staffId: string): Promise<{ stock: StockView; movement: StockMovement }> {
    return inTransaction(this.dataSource, async (em) => {
      const result = await this.ledger.apply(em, [{ skuId, onHandDelta: adjustment.delta, reservedDelta: 0 }], {
        reason: adjustment.reason as string as MovementReason,
        staffId,
        note: adjustment.note ?? null,
      });
      if (!result.ok) {
        const stock = await this.repository.findStock(em, skuId);
        if (!stock) throw new StockItemNotFoundError(skuId);
        throw new InsufficientStockError(skuId, stock.skuCode, adjustment.delta, stock.onHand, stock.reserved);
      }
      const [after] = result.applied;
      return {
        stock: {
          skuId: after.skuId,
          productId: after.productId,
          skuCode: after.skuCode,
          onHand: after.onHand,
          reserved: after.reserved,
          available: after.onHand - after.reserved,
          lowStockThreshold: after.threshold,
          lowStock: isLowStock(after.onHand - after.reserved, after.threshold),
        },
        movement: result.movements[0],
      };
    });
  }

  /** The SKU's ledger, newest first. */
  async movements(skuId: string, offset: number, limit: number): Promise<[StockMovement[], number]> {
    const em = this.dataSource.manager;
    if (!(await this.repository.findStock(em, skuId))) throw new StockItemNotFoundError(skuId);
    return this.repository.listMovements(em, skuId, offset, limit);
  }

  /** SKUs whose available stock is below their threshold, the emptiest first. */
  async lowStock(offset: number, limit: number): Promise<[StockView[], number]> {
    const [items, total] = await this.repository.listLowStock(
      this.dataSource.manager,
      this.env.LOW_STOCK_DEFAULT_THRESHOLD,
      offset,
      limit,
    );
    return [items.map((s) => this.view(s)), total];
  }

  private view(stock: StockItem): StockView {
    const threshold = effectiveThreshold(stock.lowStockThreshold, this.env.LOW_STOCK_DEFAULT_THRESHOLD);
    const available = stock.onHand - stock.reserved;
    return {
      skuId: stock.skuId,
      productId: stock.productId,
      skuCode: stock.skuCode,
      onHand: stock.onHand,
      reserved: stock.reserved,
      available,
      lowStockThreshold: threshold,
      lowStock: isLowStock(available, threshold),
    };
  }
}
