import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { pgErrorCode } from '../../common/database';
import { ValidationError } from '../../common/errors';
import { Environment } from '../../config/environment';
import { effectiveThreshold, isLowStock } from './domain/low-stock';
import { MovementReason } from './domain/movement-reason';
import { bySkuId, normalizeLines, sameLines, StockLine } from './domain/stock-lines';
import { StockItem } from './entities/stock-item.entity';
import { ReservationStatus } from './entities/stock-reservation.entity';
import { OutOfStockError, ReservationMismatchError, StockItemNotFoundError } from './inventory.errors';
import { InventoryRepository } from './inventory.repository';
import { StockLedger } from './stock-ledger';

export type { StockLine } from './domain/stock-lines';

export interface NewStockItem {
  skuId: string;
  productId: string;
  skuCode: string;
  onHand: number;
  lowStockThreshold?: number | null;
}

/** Optional attribution of a system operation to the staff member who triggered it (a staff-cancelled order). */
export interface StockActor {
  staffId?: string | null;
  note?: string | null;
}

export interface ReserveResult {
  /** True when the reference already held this reservation and nothing changed. */
  replayed: boolean;
  lines: StockLine[];
}

const MAX_REFERENCE_LENGTH = 200;
const PG_FOREIGN_KEY_VIOLATION = '23503';

/**
 * The inventory module's door for other modules (catalog, order, after-sales). Every method runs in
 * the caller's transaction (`em`), writes ledger rows for what it changes, and is idempotent per
 * `reference`: a repeated or concurrent call with the same reference changes nothing more.
 */
@Injectable()
export class InventoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: InventoryRepository,
    private readonly ledger: StockLedger,
    private readonly env: Environment,
  ) {}

  /** Creates the stock rows of new SKUs, in the caller's transaction, with an opening ledger row for any initial stock. */
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
        // A SKU created below its threshold starts warned: it did not fall, and the merchant just set it.
        lowStockAlerted: isLowStock(i.onHand, effectiveThreshold(i.lowStockThreshold, this.env.LOW_STOCK_DEFAULT_THRESHOLD)),
      })),
    );
    await this.repository.insertMovements(
      em,
      items
        .filter((i) => i.onHand !== 0)
        .map((i) => ({
          skuId: i.skuId,
          reason: MovementReason.Initial,
          onHandDelta: i.onHand,
          reservedDelta: 0,
          onHandBefore: 0,
          onHandAfter: i.onHand,
          reservedBefore: 0,
          reservedAfter: 0,
          staffId: null,
          reference: null,
          note: null,
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

  /**
   * Refuses, with OUT_OF_STOCK naming the SKU, a line whose SKU has fewer units available right now:
   * one unlocked read that spares the many late buyers of a sell-out the work of an order that cannot
   * be held. A pass promises nothing; only `reserve` holds stock.
   */
  async checkAvailable(em: EntityManager, lines: readonly StockLine[]): Promise<void> {
    const wanted = normalizeLines(lines);
    const rows = await em.getRepository(StockItem).find({
      select: { skuId: true, skuCode: true, onHand: true, reserved: true },
      where: { skuId: In(wanted.map((l) => l.skuId)) },
    });
    for (const line of wanted) {
      const row = rows.find((r) => r.skuId === line.skuId);
      if (row && row.onHand - row.reserved < line.quantity) {
        throw new OutOfStockError(row.skuId, row.skuCode, line.quantity, row.onHand - row.reserved);
      }
    }
  }

  /**
   * Holds stock for every line of `reference` (an order), or for none: a line that cannot be held
   * throws OUT_OF_STOCK (409) naming its SKU, and everything this call did is rolled back to a
   * savepoint, so the caller's transaction stays usable. Lines of one SKU are merged; rows are locked
   * in SKU id order. Calling again with the same reference and lines changes nothing (`replayed`);
   * with other lines it throws RESERVATION_MISMATCH.
   */
  async reserve(
    em: EntityManager,
    reference: string,
    lines: readonly StockLine[],
    actor: StockActor = {},
  ): Promise<ReserveResult> {
    checkReference(reference);
    const wanted = normalizeLines(lines);
    return this.withKnownSkus(em, wanted, (sp) => this.reserveLines(sp, reference, wanted, actor));
  }

  /**
   * Gives back what `reference` holds (order cancelled or timed out). Acts once: a second or
   * concurrent call answers no lines. Answers the lines released by this call.
   */
  async release(em: EntityManager, reference: string, actor: StockActor = {}): Promise<StockLine[]> {
    checkReference(reference);
    const lines = (await this.repository.settleReservations(em, reference, ReservationStatus.Released)).sort(bySkuId);
    await this.applyOrFail(
      em,
      lines.map((l) => ({ skuId: l.skuId, onHandDelta: 0, reservedDelta: -l.quantity })),
      MovementReason.Release,
      reference,
      actor,
    );
    return lines;
  }

  /**
   * Takes what `reference` holds out of stock (the order shipped): onHand and reserved both go down.
   * Acts once, like release; a released reference commits nothing. Answers the lines committed by this call.
   */
  async commit(em: EntityManager, reference: string, actor: StockActor = {}): Promise<StockLine[]> {
    checkReference(reference);
    const lines = (await this.repository.settleReservations(em, reference, ReservationStatus.Committed)).sort(bySkuId);
    await this.applyOrFail(
      em,
      lines.map((l) => ({ skuId: l.skuId, onHandDelta: -l.quantity, reservedDelta: -l.quantity })),
      MovementReason.Commit,
      reference,
      actor,
    );
    return lines;
  }

  /**
   * Puts returned units back on hand, once per (reference, SKU): a replay adds nothing. Answers the
   * lines restocked by this call.
   */
  async restock(em: EntityManager, reference: string, lines: readonly StockLine[], actor: StockActor = {}): Promise<StockLine[]> {
    checkReference(reference);
    const wanted = normalizeLines(lines);
    return this.withKnownSkus(em, wanted, async (sp) => {
      const claimed = await this.repository.claimRestocks(sp, reference, wanted);
      const fresh = wanted.filter((l) => claimed.has(l.skuId));
      await this.applyOrFail(
        sp,
        fresh.map((l) => ({ skuId: l.skuId, onHandDelta: l.quantity, reservedDelta: 0 })),
        MovementReason.ReturnRestock,
        reference,
        actor,
      );
      return fresh;
    });
  }

  private async reserveLines(
    em: EntityManager,
    reference: string,
    wanted: StockLine[],
    actor: StockActor,
  ): Promise<ReserveResult> {
    // Claim first: a concurrent call with the same reference waits here on the unique key and, once
    // the first commits, inserts nothing and is answered as a replay.
    const claimed = await this.repository.claimReservations(em, reference, wanted);
    if (claimed.size < wanted.length) {
      if (claimed.size === 0 && sameLines(await this.repository.findReservationLines(em, reference), wanted)) {
        return { replayed: true, lines: wanted };
      }
      throw new ReservationMismatchError(reference);
    }
    const result = await this.ledger.apply(
      em,
      wanted.map((l) => ({ skuId: l.skuId, onHandDelta: 0, reservedDelta: l.quantity })),
      { reason: MovementReason.Reserve, reference, staffId: actor.staffId, note: actor.note },
    );
    if (!result.ok) {
      const stock = await this.repository.findStock(em, result.failed.skuId);
      if (!stock) throw new StockItemNotFoundError(result.failed.skuId);
      throw new OutOfStockError(stock.skuId, stock.skuCode, result.failed.reservedDelta, stock.onHand - stock.reserved);
    }
    return { replayed: false, lines: wanted };
  }

  // Runs `work` in a savepoint and turns a foreign-key violation (a line names a SKU without a stock
  // row) into a 404 naming that SKU.
  private async withKnownSkus<T>(em: EntityManager, lines: StockLine[], work: (sp: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await em.transaction(work);
    } catch (error) {
      if (pgErrorCode(error) !== PG_FOREIGN_KEY_VIOLATION) throw error;
      const known = await this.repository.existingSkuIds(
        em,
        lines.map((l) => l.skuId),
      );
      throw new StockItemNotFoundError(lines.find((l) => !known.has(l.skuId))?.skuId ?? lines[0].skuId);
    }
  }

  // Releases, commits and restocks only ever lower reserved by what was reserved, or raise onHand,
  // so the guard refusing one means the stock row and its reservations disagree: fail loudly.
  private async applyOrFail(
    em: EntityManager,
    changes: { skuId: string; onHandDelta: number; reservedDelta: number }[],
    reason: MovementReason,
    reference: string,
    actor: StockActor,
  ): Promise<void> {
    if (!changes.length) return;
    const result = await this.ledger.apply(em, changes, { reason, reference, staffId: actor.staffId, note: actor.note });
    if (!result.ok) {
      throw new Error(`Stock of SKU ${result.failed.skuId} disagrees with its reservations (${reason} ${reference})`);
    }
  }
}

function checkReference(reference: string): void {
  if (typeof reference !== 'string' || !reference.trim() || reference.length > MAX_REFERENCE_LENGTH) {
    throw new ValidationError(`A stock reference is a non-empty string of at most ${MAX_REFERENCE_LENGTH} characters`);
  }
}
