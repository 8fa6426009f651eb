import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { OutboxService } from '../../common/outbox';
import { InventoryService } from '../inventory/inventory.service';
import { Actor, ActorType, OrderAction, OrderStatus, SYSTEM, transition } from './domain/order-status';
import { OrderShipment } from './entities/order-shipment.entity';
import { Order } from './entities/order.entity';
import { IllegalOrderTransitionError, OrderNotFoundError, PickupCodeMismatchError } from './order.errors';
import { OrderEvent, OrderStatusChangedPayload } from './order.events';
import { OrderRepository } from './order.repository';

export const stockReference = (orderId: string) => `order:${orderId}`;

const EVENT_BY_STATUS: Partial<Record<OrderStatus, string>> = {
  [OrderStatus.Paid]: OrderEvent.Paid,
  [OrderStatus.Cancelled]: OrderEvent.Cancelled,
  [OrderStatus.Shipped]: OrderEvent.Shipped,
  [OrderStatus.Completed]: OrderEvent.Completed,
};

interface Move {
  action: OrderAction;
  actor: Actor;
  reason?: string | null;
  /** Only orders of this customer (a shopper's own request); others are not found. */
  customerId?: string;
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
   * Hands the order to a carrier: paid -> shipped (cash on delivery: pending_payment -> shipped), the
   * shipment recorded and the held stock taken out of stock, in one transaction.
   */
  ship(orderId: string, staffId: string, shipment: { carrier: string; trackingNumber: string }): Promise<Order> {
    return inTransaction(this.dataSource, async (em) => {
      const actor = { type: ActorType.Staff, id: staffId };
      const order = await this.apply(em, orderId, {
        action: OrderAction.Ship,
        actor,
        reason: `${shipment.carrier} ${shipment.trackingNumber}`,
      });
      await em.getRepository(OrderShipment).insert({ orderId, ...shipment, staffId });
      return order;
    });
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
   * pending_payment -> paid, in the caller's transaction (the payment module's, together with its
   * payment record). Throws ILLEGAL_ORDER_TRANSITION for an order that is not waiting for payment
   * (cancelled by its timeout, already paid): the caller refunds then.
   */
  markPaid(em: EntityManager, orderId: string, actor: Actor = SYSTEM, reason: string | null = null): Promise<Order> {
    return this.apply(em, orderId, { action: OrderAction.Pay, actor, reason });
  }

  /** Applies an action in the caller's transaction, or throws ILLEGAL_ORDER_TRANSITION / 404. */
  async apply(em: EntityManager, orderId: string, move: Move): Promise<Order> {
    const order = move.customerId
      ? await this.repository.findForCustomer(em, move.customerId, orderId)
      : await this.repository.findById(em, orderId);
    if (!order) throw new OrderNotFoundError();
    const moved = await this.tryMove(em, order, move.action, move.actor, move.reason ?? null);
    if (moved) return moved;
    // Lost a race or not allowed: answer with the status the order has now.
    const now = (await this.repository.findById(em, orderId)) ?? order;
    throw new IllegalOrderTransitionError(orderId, now.status, move.action);
  }

  private async tryMove(em: EntityManager, order: Order, action: OrderAction, actor: Actor, reason: string | null) {
    const step = transition(order.status, order.deliveryMethod, action);
    if (!step.ok) return null;
    const moved = await this.repository.moveStatus(em, order.id, step.from, step.to, {
      ...(step.to === OrderStatus.Cancelled ? { cancelReason: reason } : {}),
    });
    if (!moved) return null;
    await this.repository.recordTransition(em, order.id, step.from, step.to, actor, reason);
    // Only the winner of the conditional UPDATE gets here, so stock moves once per order.
    if (step.to === OrderStatus.Cancelled) {
      await this.inventory.release(em, stockReference(order.id), { staffId: actor.type === ActorType.Staff ? actor.id : null });
    }
    // The goods leave stock when handed to a carrier, or set aside at the store for pickup.
    if (step.to === OrderStatus.Shipped || step.to === OrderStatus.ReadyForPickup) {
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

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
