import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { ValidationError } from '../../common/errors';
import { OutboxService } from '../../common/outbox';
import { InventoryService } from '../inventory/inventory.service';
import { Actor, ActorType, OrderAction, OrderStatus, SYSTEM, transition } from './domain/order-status';
import { OrderLine } from './entities/order-line.entity';
import { OrderShipmentItem } from './entities/order-shipment-item.entity';
import { OrderShipment } from './entities/order-shipment.entity';
import { Order } from './entities/order.entity';
import {
  IllegalOrderTransitionError,
  OrderNotFoundError,
  OrderTotalChangedError,
  PickupCodeMismatchError,
  ShipmentExceedsOrderError,
} from './order.errors';
import { shippedQuantities } from './order.mapper';
import { OrderEvent, OrderStatusChangedPayload } from './order.events';
import { OrderRepository } from './order.repository';

export const stockReference = (orderId: string) => `order:${orderId}`;

const EVENT_BY_STATUS: Partial<Record<OrderStatus, string>> = {
  [OrderStatus.Paid]: OrderEvent.Paid,
  [OrderStatus.Cancelled]: OrderEvent.Cancelled,
  [OrderStatus.Shipped]: OrderEvent.Shipped,
  [OrderStatus.Completed]: OrderEvent.Completed,
};

export interface ParcelToShip {
  carrier: string;
  trackingNumber: string;
  items?: { orderLineId: string; quantity: number }[];
}

interface Move {
  action: OrderAction;
  actor: Actor;
  reason?: string | null;
  /** Only orders of this customer (a shopper's own request); others are not found. */
  customerId?: string;
  /** Only while the order costs exactly this (a payment of this amount pays it). */
  total?: number;
}

/**
 * Every status change of an order goes through `apply`: the state machine decides, a conditional
 * UPDATE makes exactly one of several concurrent actors win, the change is recorded in the history,
 * its side effects (stock released or committed) happen in the same transaction, and an event is
 * published through the outbox.
 */
@Injectable()
export class OrderLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OrderRepository,
    private readonly inventory: InventoryService,
    private readonly outbox: OutboxService,
  ) {}

  /** The shopper cancels an unpaid order: its stock comes back at once. */
  cancelByCustomer(customerId: string, orderId: string, reason: string | null): Promise<Order> {
    return inTransaction(this.dataSource, (em) =>
      this.apply(em, orderId, {
        action: OrderAction.Cancel,
        actor: { type: ActorType.Customer, id: customerId },
        customerId,
        reason: reason ?? 'cancelled by the customer',
      }),
    );
  }

  /** shipped -> completed by the shopper. */
  confirmReceipt(customerId: string, orderId: string): Promise<Order> {
    return inTransaction(this.dataSource, (em) =>
      this.apply(em, orderId, {
        action: OrderAction.Complete,
        actor: { type: ActorType.Customer, id: customerId },
        customerId,
        reason: 'receipt confirmed by the customer',
      }),
    );
  }

  /**
   * Cancels the order if it still waits for payment (the timeout job, the sweep). Answers whether
   * this call cancelled it; an order that was paid or cancelled meanwhile is left alone.
   */
  cancelUnpaid(orderId: string, reason: string): Promise<boolean> {
    return inTransaction(this.dataSource, async (em) => {
      const order = await this.repository.findById(em, orderId);
      if (!order || !transition(order.status, order.deliveryMethod, OrderAction.Cancel).ok) return false;
      if (!order.expiresAt) return false;
      const moved = await this.tryMove(em, order, OrderAction.Cancel, SYSTEM, reason);
      return moved !== null;
    });
  }

  /** Cancels unpaid orders past their expiry whose timeout job was lost. Answers how many it cancelled. */
  async sweepExpired(limit = 500): Promise<number> {
    let cancelled = 0;
    for (const id of await this.repository.expiredUnpaid(this.dataSource.manager, limit)) {
      if (await this.cancelUnpaid(id, 'payment timed out')) cancelled++;
    }
    return cancelled;
  }

  /**
   * Hands a parcel to a carrier: the given units (or everything not shipped yet) are recorded on a
   * shipment. Only the shipment that completes every line moves the order paid -> shipped (cash on
   * delivery: pending_payment -> shipped, which takes its held stock out of stock); until then the order
   * keeps its status with the shipments attached. The order row is locked so that concurrent
   * shipments of the same lines cannot ship more than was ordered.
   */
  async ship(orderId: string, staffId: string, shipment: ParcelToShip): Promise<Order> {
    return (await inTransaction(this.dataSource, (em) => this.shipIn(em, orderId, staffId, shipment))).order;
  }

  /** `ship` in the caller's transaction (the batch shipping job, with its report rows); answers the new shipment too. */
  async shipIn(
    em: EntityManager,
    orderId: string,
    staffId: string,
    shipment: ParcelToShip,
  ): Promise<{ order: Order; shipmentId: string }> {
    const order = await this.repository.findByIdForUpdate(em, orderId);
    if (!order) throw new OrderNotFoundError();
    if (!transition(order.status, order.deliveryMethod, OrderAction.Ship).ok) {
      throw new IllegalOrderTransitionError(orderId, order.status, OrderAction.Ship);
    }
    const [lines, shipments] = await Promise.all([this.repository.lines(em, [orderId]), this.repository.shipments(em, orderId)]);
    const shipped = shippedQuantities(shipments);
    const remaining = (line: OrderLine) => line.quantity - (shipped.get(line.id) ?? 0);
    const parcel = planParcel(lines, remaining, shipment.items);
    for (const [line, quantity] of parcel) {
      if (quantity > remaining(line)) throw new ShipmentExceedsOrderError(line, shipped.get(line.id) ?? 0, quantity);
    }
    if (!parcel.size) throw new IllegalOrderTransitionError(orderId, order.status, OrderAction.Ship);
    const { identifiers } = await em
      .getRepository(OrderShipment)
      .insert({ orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, staffId });
    const shipmentId = (identifiers[0] as { id: string }).id;
    await em
      .getRepository(OrderShipmentItem)
      .insert([...parcel].map(([line, quantity]) => ({ shipmentId, orderLineId: line.id, quantity })));
    if (lines.some((line) => remaining(line) > (parcel.get(line) ?? 0))) return { order, shipmentId };
    const moved = await this.apply(em, orderId, {
      action: OrderAction.Ship,
      actor: { type: ActorType.Staff, id: staffId },
      reason: `${shipment.carrier} ${shipment.trackingNumber}`,
    });
    return { order: moved, shipmentId };
  }

  /** paid -> ready_for_pickup (pickup orders): the goods wait at the store. */
  markReadyForPickup(orderId: string, staffId: string): Promise<Order> {
    return inTransaction(this.dataSource, (em) =>
      this.apply(em, orderId, { action: OrderAction.MarkReadyForPickup, actor: { type: ActorType.Staff, id: staffId } }),
    );
  }

  /** Staff cancel an unpaid order (the shopper asked by phone, the order is suspicious); stock comes back at once. */
  cancelByStaff(orderId: string, staffId: string, reason: string): Promise<Order> {
    return inTransaction(this.dataSource, (em) =>
      this.apply(em, orderId, { action: OrderAction.Cancel, actor: { type: ActorType.Staff, id: staffId }, reason }),
    );
  }

  /** The shopper collects a pickup order at the store: ready_for_pickup -> completed, if the code matches. */
  handOver(orderId: string, staffId: string, pickupCode: string): Promise<Order> {
    return inTransaction(this.dataSource, async (em) => {
      const order = await this.repository.findById(em, orderId);
      if (!order) throw new OrderNotFoundError();
      if (order.pickupCode === null || !sameCode(order.pickupCode, pickupCode)) throw new PickupCodeMismatchError(orderId);
      return this.apply(em, orderId, {
        action: OrderAction.Complete,
        actor: { type: ActorType.Staff, id: staffId },
        reason: 'collected at the pickup store',
      });
    });
  }

  /** Completes shipped orders whose receipt the shopper did not confirm within `days`. Answers how many. */
  async autoCompleteShipped(days: number, limit = 500): Promise<number> {
    let completed = 0;
    for (const id of await this.repository.shippedBefore(this.dataSource.manager, days, limit)) {
      const done = await inTransaction(this.dataSource, async (em) => {
        const order = await this.repository.findById(em, id);
        if (!order) return false;
        return (await this.tryMove(em, order, OrderAction.Complete, SYSTEM, `not confirmed within ${days} days`)) !== null;
      });
      if (done) completed++;
    }
    return completed;
  }

  /**
   * pending_payment -> paid by a payment of `total`, in the caller's transaction (the payment
   * module's, together with its payment record). Throws ILLEGAL_ORDER_TRANSITION for an order that is
   * not waiting for payment (cancelled by its timeout, already paid), and ORDER_TOTAL_CHANGED when
   * staff changed its price after the payment started: the caller refunds then.
   */
  markPaid(
    em: EntityManager,
    orderId: string,
    total: number,
    actor: Actor = SYSTEM,
    reason: string | null = null,
  ): Promise<Order> {
    return this.apply(em, orderId, { action: OrderAction.Pay, actor, reason, total });
  }

  /** Applies an action in the caller's transaction, or throws ILLEGAL_ORDER_TRANSITION / 404. */
  async apply(em: EntityManager, orderId: string, move: Move): Promise<Order> {
    const order = move.customerId
      ? await this.repository.findForCustomer(em, move.customerId, orderId)
      : await this.repository.findById(em, orderId);
    if (!order) throw new OrderNotFoundError();
    const moved = await this.tryMove(em, order, move.action, move.actor, move.reason ?? null, move.total);
    if (moved) return moved;
    // Lost a race or not allowed: answer with the status the order has now.
    const now = (await this.repository.findById(em, orderId)) ?? order;
    if (move.total !== undefined && now.total !== move.total && transition(now.status, now.deliveryMethod, move.action).ok) {
      throw new OrderTotalChangedError(orderId, move.total, now.total);
    }
    throw new IllegalOrderTransitionError(orderId, now.status, move.action);
  }

  private async tryMove(
    em: EntityManager,
    order: Order,
    action: OrderAction,
    actor: Actor,
    reason: string | null,
    total?: number,
  ) {
    const step = transition(order.status, order.deliveryMethod, action);
    if (!step.ok) return null;
    // A cash-on-delivery order waits for payment while partly shipped: goods on their way cannot be
    // cancelled. The row lock orders this check after any concurrent shipment.
    if (step.to === OrderStatus.Cancelled) {
      await this.repository.findByIdForUpdate(em, order.id);
      if (await this.repository.hasShipments(em, order.id)) return null;
    }
    const moved = await this.repository.moveStatus(em, order.id, step.from, step.to, {
      ...(step.to === OrderStatus.Cancelled ? { cancelReason: reason } : {}),
      total,
    });
    if (!moved) return null;
    await this.repository.recordTransition(em, order.id, step.from, step.to, actor, reason);
    // Only the winner of the conditional UPDATE gets here, so stock moves once per order.
    if (step.to === OrderStatus.Cancelled) {
      await this.inventory.release(em, stockReference(order.id), { staffId: actor.type === ActorType.Staff ? actor.id : null });
    }
    // Paid goods are sold: they leave stock at payment, so the timeout can never hand them back. Cash
    // on delivery is paid to the courier, so its goods leave stock when they ship. Commit acts once per
    // order, so shipping an order already paid commits nothing more.
    if (step.to === OrderStatus.Paid || step.to === OrderStatus.Shipped) {
      await this.inventory.commit(em, stockReference(order.id), { staffId: actor.type === ActorType.Staff ? actor.id : null });
    }
    const type = EVENT_BY_STATUS[step.to];
    if (type) {
      await this.outbox.publish<OrderStatusChangedPayload>(
        em,
        type,
        {
          orderId: moved.id,
          number: moved.number,
          customerId: moved.customerId,
          from: step.from,
          to: step.to,
          total: moved.total,
          currency: moved.currency,
          actorType: actor.type,
          actorId: actor.id,
          reason,
        },
        moved.id,
      );
    }
    return moved;
  }
}

/**
 * Units per line in a parcel: the requested ones (repeated lines add up; a line of another order is
 * a 400), or every unit not shipped yet.
 */
function planParcel(
  lines: readonly OrderLine[],
  remaining: (line: OrderLine) => number,
  items: readonly { orderLineId: string; quantity: number }[] | undefined,
): Map<OrderLine, number> {
  const parcel = new Map<OrderLine, number>();
  if (!items) {
    for (const line of lines) if (remaining(line) > 0) parcel.set(line, remaining(line));
    return parcel;
  }
  const unknown = items.flatMap((item, i) =>
    lines.some((l) => l.id === item.orderLineId)
      ? []
      : [{ field: `items[${i}].orderLineId`, messages: ['is not a line of this order'] }],
  );
  if (unknown.length) throw new ValidationError('The shipment names lines that are not on this order', unknown);
  for (const item of items) {
    const line = lines.find((l) => l.id === item.orderLineId)!;
    parcel.set(line, (parcel.get(line) ?? 0) + item.quantity);
  }
  return parcel;
}

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
