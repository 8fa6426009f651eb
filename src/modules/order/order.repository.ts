import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, OrderStatus } from './domain/order-status';
import { OrderLine } from './entities/order-line.entity';
import { OrderShipment } from './entities/order-shipment.entity';
import { OrderStatusHistory } from './entities/order-status-history.entity';
import { ShipmentTrackingEvent } from './entities/shipment-tracking-event.entity';
import { Order } from './entities/order.entity';

/** Timestamp column each status sets when an order enters it. */
const ENTERED_AT: Partial<Record<OrderStatus, keyof Order>> = {
  [OrderStatus.Paid]: 'paidAt',
  [OrderStatus.Shipped]: 'shippedAt',
  [OrderStatus.Completed]: 'completedAt',
  [OrderStatus.Cancelled]: 'cancelledAt',
};

const COLUMN: Partial<Record<keyof Order, string>> = {
  paidAt: 'paid_at',
  shippedAt: 'shipped_at',
  completedAt: 'completed_at',
  cancelledAt: 'cancelled_at',
};

/** The order module's queries; every method takes the caller's EntityManager. */
@Injectable()
export class OrderRepository {
  /** Date (China time, where the shop trades) and an 8-digit sequence: 2026112200000042. */
  async nextNumber(em: EntityManager): Promise<string> {
    const [row] = (await em.query(
      `SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('order_number_seq')::text, 8, '0') AS number`,
    )) as { number: string }[];
    return row.number;
  }

  findById(em: EntityManager, id: string): Promise<Order | null> {
    return em.getRepository(Order).findOneBy({ id });
  }

  findForCustomer(em: EntityManager, customerId: string, id: string): Promise<Order | null> {
    return em.getRepository(Order).findOneBy({ id, customerId });
  }

  findByIdempotencyKey(em: EntityManager, customerId: string, idempotencyKey: string): Promise<Order | null> {
    return em.getRepository(Order).findOneBy({ customerId, idempotencyKey });
  }

  lines(em: EntityManager, orderIds: readonly string[]): Promise<OrderLine[]> {
    if (!orderIds.length) return Promise.resolve([]);
    return em
      .getRepository(OrderLine)
      .createQueryBuilder('l')
      .where('l.order_id = ANY(:ids)', { ids: [...orderIds] })
      .orderBy('l.created_at')
      .addOrderBy('l.id')
      .getMany();
  }

  history(em: EntityManager, orderId: string): Promise<OrderStatusHistory[]> {
    return em.getRepository(OrderStatusHistory).find({ where: { orderId }, order: { seq: 'ASC' } });
  }

  shipments(em: EntityManager, orderId: string): Promise<OrderShipment[]> {
    return em
      .getRepository(OrderShipment)
      .find({ where: { orderId }, relations: { items: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The tracking events of all the order's shipments, newest first, in one query however many shipments. */
  trackingEvents(em: EntityManager, orderId: string): Promise<ShipmentTrackingEvent[]> {
    return em
      .getRepository(ShipmentTrackingEvent)
      .createQueryBuilder('e')
      .innerJoin(OrderShipment, 's', 's.id = e.shipment_id')
      .where('s.order_id = :orderId', { orderId })
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id')
      .getMany();
  }

  /** The order, its row locked until the transaction ends: shipments of one order go one at a time. */
  findByIdForUpdate(em: EntityManager, id: string): Promise<Order | null> {
    return em.getRepository(Order).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async hasShipments(em: EntityManager, orderId: string): Promise<boolean> {
    return em.getRepository(OrderShipment).existsBy({ orderId });
  }

  /** Shipped orders whose shipping is older than `days`: the shopper never confirmed receipt. */
  async shippedBefore(em: EntityManager, days: number, limit: number): Promise<string[]> {
    const rows = (await em.query(
      `SELECT "id" FROM "orders" WHERE "status" = $1 AND "shipped_at" <= now() - make_interval(days => $2) ORDER BY "shipped_at" LIMIT $3`,
      [OrderStatus.Shipped, days, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async recordTransition(
    em: EntityManager,
    orderId: string,
    from: OrderStatus | null,
    to: OrderStatus,
    actor: Actor,
    reason: string | null,
  ): Promise<void> {
    await em
      .getRepository(OrderStatusHistory)
      .insert({ orderId, fromStatus: from, toStatus: to, actorType: actor.type, actorId: actor.id, reason });
  }

  /**
   * Moves the order from `from` to `to` only if it is still in `from`: of two concurrent actors
   * (the timeout job and the shopper), exactly one wins. With `total`, only while the order costs
   * that much (a payment of the old amount cannot pay an order whose price staff changed). Answers
   * the updated order, or null.
   */
  async moveStatus(
    em: EntityManager,
    orderId: string,
    from: OrderStatus,
    to: OrderStatus,
    extra: { cancelReason?: string | null; total?: number } = {},
  ): Promise<Order | null> {
    const entered = ENTERED_AT[to];
    const sets = [`"status" = $3`, `"updated_at" = now()`];
    const params: unknown[] = [orderId, from, to];
    if (entered) sets.push(`"${COLUMN[entered]}" = now()`);
    if (extra.cancelReason !== undefined) {
      params.push(extra.cancelReason);
      sets.push(`"cancel_reason" = $${params.length}`);
    }
    const where = [`"id" = $1`, `"status" = $2`];
    if (extra.total !== undefined) {
      params.push(extra.total);
      where.push(`"total" = $${params.length}`);
    }
    const [rows] = (await em.query(
      `UPDATE "orders" SET ${sets.join(', ')} WHERE ${where.join(' AND ')} RETURNING "id"`,
      params,
    )) as [{ id: string }[], number];
    if (!rows.length) return null;
    return this.findById(em, orderId);
  }

  /** Unpaid orders past their expiry, oldest first (their timeout job may have been lost). */
  async expiredUnpaid(em: EntityManager, limit: number): Promise<string[]> {
    const rows = (await em.query(
      `SELECT "id" FROM "orders" WHERE "status" = $1 AND "expires_at" IS NOT NULL AND "expires_at" <= now()
        ORDER BY "expires_at" LIMIT $2`,
      [OrderStatus.PendingPayment, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async countsByStatus(em: EntityManager, customerId: string): Promise<Map<OrderStatus, number>> {
    const rows = (await em.query(`SELECT "status", count(*)::int AS n FROM "orders" WHERE "customer_id" = $1 GROUP BY "status"`, [
      customerId,
    ])) as { status: OrderStatus; n: number }[];
    return new Map(rows.map((r) => [r.status, r.n]));
  }

  listForCustomer(
    em: EntityManager,
    customerId: string,
    status: OrderStatus | undefined,
    offset: number,
    limit: number,
  ): Promise<[Order[], number]> {
    return em.getRepository(Order).findAndCount({
      where: { customerId, ...(status ? { status } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: offset,
      take: limit,
    });
  }
}
