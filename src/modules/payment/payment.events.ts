// Event types the payment module publishes through the outbox, and their payloads.
export const PaymentEventName = {
  /** A refund of an order's payment succeeded at the provider. */
  OrderRefunded: 'order.refunded',
} as const;

export interface OrderRefundedPayload {
  orderId: string;
  paymentId: string;
  refundId: string;
  provider: string;
  /** Minor units of this refund. */
  amount: number;
  /** Minor units refunded from the payment so far, this refund included. */
  refundedTotal: number;
  /** Minor units the payment took. */
  paymentAmount: number;
  currency: string;
  /** True when the whole payment has now been refunded. */
  full: boolean;
  reason: string;
  /** Null for an automatic refund (a payment for a cancelled order). */
  staffId: string | null;
}
