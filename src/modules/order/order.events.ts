import type { ActorType, DeliveryMethod } from './domain/order-status';

// Event types the order module publishes through the outbox, and their payloads.
export const OrderEvent = {
  Created: 'order.created',
  Paid: 'order.paid',
  Cancelled: 'order.cancelled',
  Shipped: 'order.shipped',
  Completed: 'order.completed',
  PriceAdjusted: 'order.price-adjusted',
} as const;

export interface OrderEventLine {
  skuId: string;
  productId: string;
  quantity: number;
  /** Fen, after the line's share of every discount. */
  lineTotal: number;
}

export interface OrderCreatedPayload {
  orderId: string;
  number: string;
  customerId: string;
  deliveryMethod: DeliveryMethod;
  subtotal: number;
  shippingTotal: number;
  discountTotal: number;
  total: number;
  currency: string;
  lines: OrderEventLine[];
}

/** order.paid, order.cancelled, order.shipped and order.completed. */
export interface OrderStatusChangedPayload {
  orderId: string;
  number: string;
  customerId: string;
  from: string;
  to: string;
  total: number;
  currency: string;
  actorType: ActorType;
  actorId: string | null;
  reason: string | null;
}

/** order.price-adjusted: staff changed what an unpaid order costs. */
export interface OrderPriceAdjustedPayload {
  orderId: string;
  number: string;
  customerId: string;
  /** Fen: what the order cost before, and what it costs now. */
  previousTotal: number;
  total: number;
  currency: string;
  staffId: string;
  reason: string;
}
