import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StockLine } from './domain/stock-lines';
import { StockItem } from './entities/stock-item.entity';
import { StockMovement } from './entities/stock-movement.entity';
import { ReservationStatus } from './entities/stock-reservation.entity';

/** A stock row as a conditional UPDATE left it; `lowStockAlerted` is the flag as it stood, untouched by the UPDATE. */
export interface AppliedChange {
  skuId: string;
  productId: string;
  skuCode: string;
  onHand: number;
  reserved: number;
  threshold: number;
  lowStockAlerted: boolean;
}

export type NewMovement = Omit<StockMovement, 'id' | 'seq' | 'createdAt' | 'stockItem'>;

/** The inventory module's SQL. Every method runs on the caller's EntityManager. */
@Injectable()
export class InventoryRepository {
  /**
   * Changes one SKU's stock in a single guarded statement: nothing changes (and null is answered)
   * when the result would put reserved below zero or onHand below reserved. Concurrent callers queue
   * on the row lock and Postgres re-checks the guard against the committed row, so stock never
   * oversells. The row stays locked until the caller's transaction ends.
   */
  async applyChange(
    em: EntityManager,
    skuId: string,
    onHandDelta: number,
    reservedDelta: number,
    defaultThreshold: number,
  ): Promise<AppliedChange | null> {
    // node-postgres answers an UPDATE through TypeORM as [rows, rowCount].
    const [rows]: [Record<string, unknown>[], number] = await em.query(
      `UPDATE stock_items
          SET on_hand = on_hand + $2, reserved = reserved + $3, updated_at = now()
        WHERE sku_id = $1
          AND reserved + $3 >= 0
          AND (on_hand + $2) - (reserved + $3) >= 0
      RETURNING sku_id, product_id, sku_code, on_hand, reserved,
                COALESCE(low_stock_threshold, $4) AS threshold, low_stock_alerted`,
      [skuId, onHandDelta, reservedDelta, defaultThreshold],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      skuId: row.sku_id as string,
      productId: row.product_id as string,
      skuCode: row.sku_code as string,
      onHand: row.on_hand as number,
      reserved: row.reserved as number,
      threshold: row.threshold as number,
      lowStockAlerted: row.low_stock_alerted as boolean,
    };
  }

  /**
   * Flips the low-stock flag from `from` to `to`; true when this call flipped it. Called right after
   * applyChange on the row that call locked, so no one else can flip it in between.
   */
  async flipLowStockAlerted(em: EntityManager, skuId: string, from: boolean, to: boolean): Promise<boolean> {
    const [, count]: [unknown[], number] = await em.query(
      'UPDATE stock_items SET low_stock_alerted = $3 WHERE sku_id = $1 AND low_stock_alerted = $2',
      [skuId, from, to],
    );
    return count === 1;
  }

  findStock(em: EntityManager, skuId: string): Promise<StockItem | null> {
    return em.getRepository(StockItem).findOneBy({ skuId });
  }

  async insertMovements(em: EntityManager, movements: NewMovement[]): Promise<StockMovement[]> {
    if (!movements.length) return [];
    const repository = em.getRepository(StockMovement);
    const entities = repository.create(movements);
    // Postgres returns the generated id, seq and created_at, which TypeORM writes back onto the entities.
    await repository.insert(entities);
    return entities;
  }

  /** Inserts the reservation rows that do not exist yet and answers the SKUs it inserted. */
  async claimReservations(em: EntityManager, reference: string, lines: StockLine[]): Promise<Set<string>> {
    const rows: { sku_id: string }[] = await em.query(
      `INSERT INTO stock_reservations (reference, sku_id, quantity)
       SELECT $1, line.sku_id, line.quantity FROM unnest($2::uuid[], $3::int[]) AS line(sku_id, quantity)
       ON CONFLICT (reference, sku_id) DO NOTHING
       RETURNING sku_id`,
      [reference, lines.map((l) => l.skuId), lines.map((l) => l.quantity)],
    );
    return new Set(rows.map((r) => r.sku_id));
  }

  async findReservationLines(em: EntityManager, reference: string): Promise<StockLine[]> {
    const rows: { sku_id: string; quantity: number }[] = await em.query(
      'SELECT sku_id, quantity FROM stock_reservations WHERE reference = $1 ORDER BY sku_id',
      [reference],
    );
    return rows.map((r) => ({ skuId: r.sku_id, quantity: r.quantity }));
  }

  /**
   * Moves a reference's live reservations to `status` and answers them. The status guard makes this
   * happen once: a second or concurrent call waits for the row locks, re-checks and finds nothing.
   */
  async settleReservations(
    em: EntityManager,
    reference: string,
    status: ReservationStatus.Released | ReservationStatus.Committed,
  ): Promise<StockLine[]> {
    const [rows]: [{ sku_id: string; quantity: number }[], number] = await em.query(
      `UPDATE stock_reservations r
          SET status = $2, updated_at = now()
         FROM (SELECT id FROM stock_reservations WHERE reference = $1 AND status = $3 ORDER BY sku_id FOR NO KEY UPDATE) live
        WHERE r.id = live.id AND r.status = $3
      RETURNING r.sku_id, r.quantity`,
      [reference, status, ReservationStatus.Reserved],
    );
    return rows.map((r) => ({ skuId: r.sku_id, quantity: r.quantity }));
  }

  /** Inserts the restock rows that do not exist yet and answers the SKUs it inserted. */
  async claimRestocks(em: EntityManager, reference: string, lines: StockLine[]): Promise<Set<string>> {
    const rows: { sku_id: string }[] = await em.query(
      `INSERT INTO stock_restocks (reference, sku_id, quantity)
       SELECT $1, line.sku_id, line.quantity FROM unnest($2::uuid[], $3::int[]) AS line(sku_id, quantity)
       ON CONFLICT (reference, sku_id) DO NOTHING
       RETURNING sku_id`,
      [reference, lines.map((l) => l.skuId), lines.map((l) => l.quantity)],
    );
    return new Set(rows.map((r) => r.sku_id));
  }

  /** The SKUs among `skuIds` that have a stock row. */
  async existingSkuIds(em: EntityManager, skuIds: string[]): Promise<Set<string>> {
    const rows: { sku_id: string }[] = await em.query('SELECT sku_id FROM stock_items WHERE sku_id = ANY($1::uuid[])', [skuIds]);
    return new Set(rows.map((r) => r.sku_id));
  }

  async listMovements(em: EntityManager, skuId: string, offset: number, limit: number): Promise<[StockMovement[], number]> {
    return em.getRepository(StockMovement).findAndCount({ where: { skuId }, order: { seq: 'DESC' }, skip: offset, take: limit });
  }

  /** SKUs whose available stock is below their threshold, the emptiest first. */
  async listLowStock(em: EntityManager, defaultThreshold: number, offset: number, limit: number): Promise<[StockItem[], number]> {
    const query = em
      .getRepository(StockItem)
      .createQueryBuilder('s')
      .where('s.on_hand - s.reserved < COALESCE(s.low_stock_threshold, :defaultThreshold)', { defaultThreshold })
      .orderBy('s.on_hand - s.reserved', 'ASC')
      .addOrderBy('s.sku_code', 'ASC')
      .offset(offset)
      .limit(limit);
    return query.getManyAndCount();
  }
}
