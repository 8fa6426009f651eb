import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxService } from '../../common/outbox';
import { Environment } from '../../config/environment';
import { isLowStock, lowStockTransition } from './domain/low-stock';
import { MovementReason } from './domain/movement-reason';
import { StockMovement } from './entities/stock-movement.entity';
import { INVENTORY_LOW_STOCK, LowStockPayload } from './inventory.events';
import { AppliedChange, InventoryRepository } from './inventory.repository';

export interface StockChange {
  skuId: string;
  onHandDelta: number;
  reservedDelta: number;
}

/** Who and why, written on every ledger row of one operation. */
export interface MovementContext {
  reason: MovementReason;
  reference?: string | null;
  staffId?: string | null;
  note?: string | null;
}

export type LedgerResult =
  { ok: true; applied: AppliedChange[]; movements: StockMovement[] } | { ok: false; failed: StockChange };

/**
 * The only way stock changes after a SKU is created: each change is one guarded UPDATE, then one
 * ledger row per change and a low-stock event per threshold crossing, all in the caller's transaction.
 */
@Injectable()
export class StockLedger {
  constructor(
    private readonly repository: InventoryRepository,
    private readonly outbox: OutboxService,
    private readonly env: Environment,
  ) {}

  /**
   * Applies `changes` in the order given (callers pass them in lock order). Stops at the first change
   * the guard refuses and answers it; the changes before it are then applied but unrecorded, so the
   * caller must roll back (throw) in that case.
   */
  async apply(em: EntityManager, changes: StockChange[], context: MovementContext): Promise<LedgerResult> {
    const applied: AppliedChange[] = [];
    for (const change of changes) {
      const after = await this.repository.applyChange(
        em,
        change.skuId,
        change.onHandDelta,
        change.reservedDelta,
        this.env.LOW_STOCK_DEFAULT_THRESHOLD,
      );
      if (!after) return { ok: false, failed: change };
      applied.push(after);
    }
    const movements = await this.repository.insertMovements(
      em,
      applied.map((after, i) => ({
        skuId: after.skuId,
        reason: context.reason,
        onHandDelta: changes[i].onHandDelta,
        reservedDelta: changes[i].reservedDelta,
        onHandBefore: after.onHand - changes[i].onHandDelta,
        onHandAfter: after.onHand,
        reservedBefore: after.reserved - changes[i].reservedDelta,
        reservedAfter: after.reserved,
        staffId: context.staffId ?? null,
        reference: context.reference ?? null,
        note: context.note ?? null,
      })),
    );
    for (const after of applied) await this.checkLowStock(em, after, context);
    return { ok: true, applied, movements };
  }

  // The flag remembers whether the SKU was low after its previous change, so a warning goes out once
  // per crossing and not once per order. The row is still locked by our UPDATE: a concurrent change
  // waits, then sees the flag this one set, so two transactions cannot both warn for one crossing.
  private async checkLowStock(em: EntityManager, after: AppliedChange, context: MovementContext): Promise<void> {
    const low = isLowStock(after.onHand - after.reserved, after.threshold);
    const transition = lowStockTransition(after.lowStockAlerted, low);
    if (transition === 'none') return;
    if (!(await this.repository.flipLowStockAlerted(em, after.skuId, after.lowStockAlerted, low))) {
      throw new Error(`low-stock flag of SKU ${after.skuId} changed under our row lock`);
    }
    if (transition !== 'warn') return;
    const payload: LowStockPayload = {
      skuId: after.skuId,
      productId: after.productId,
      skuCode: after.skuCode,
      onHand: after.onHand,
      reserved: after.reserved,
      available: after.onHand - after.reserved,
      threshold: after.threshold,
      reason: context.reason,
      reference: context.reference ?? null,
    };
    await this.outbox.publish(em, INVENTORY_LOW_STOCK, payload, after.skuId);
  }
}
