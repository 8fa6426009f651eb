// The order state machine: the only place that says which status may follow which.

export enum OrderStatus {
  PendingPayment = 'pending_payment',
  Paid = 'paid',
  ReadyForPickup = 'ready_for_pickup',
  Shipped = 'shipped',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export enum DeliveryMethod {
  Express = 'express',
  SameCity = 'same_city',
  Pickup = 'pickup',
  /** Cash on delivery: no online payment; the order waits for shipping and is paid to the courier. */
  Cod = 'cod',
}

export enum ActorType {
  Customer = 'customer',
  Staff = 'staff',
  System = 'system',
}

export interface Actor {
  type: ActorType;
  /** Customer or staff id; null for the system (timeout job, sweep). */
  id: string | null;
}

export const SYSTEM: Actor = { type: ActorType.System, id: null };

export enum OrderAction {
  Pay = 'pay',
  Cancel = 'cancel',
  Ship = 'ship',
  MarkReadyForPickup = 'mark_ready_for_pickup',
  Complete = 'complete',
}

interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  /** Delivery methods the transition applies to; all when absent. */
  methods?: readonly DeliveryMethod[];
}

const SHIPPED_METHODS = [DeliveryMethod.Express, DeliveryMethod.SameCity] as const;

const TRANSITIONS: Record<OrderAction, readonly Transition[]> = {
  [OrderAction.Pay]: [
    { from: OrderStatus.PendingPayment, to: OrderStatus.Paid, methods: [...SHIPPED_METHODS, DeliveryMethod.Pickup] },
  ],
  [OrderAction.Cancel]: [{ from: OrderStatus.PendingPayment, to: OrderStatus.Cancelled }],
  [OrderAction.Ship]: [
    { from: OrderStatus.Paid, to: OrderStatus.Shipped, methods: SHIPPED_METHODS },
    // Cash on delivery skips online payment: it ships from pending_payment and is paid on receipt.
    { from: OrderStatus.PendingPayment, to: OrderStatus.Shipped, methods: [DeliveryMethod.Cod] },
  ],
  [OrderAction.MarkReadyForPickup]: [
    { from: OrderStatus.Paid, to: OrderStatus.ReadyForPickup, methods: [DeliveryMethod.Pickup] },
  ],
  [OrderAction.Complete]: [
    { from: OrderStatus.Shipped, to: OrderStatus.Completed, methods: [...SHIPPED_METHODS, DeliveryMethod.Cod] },
    { from: OrderStatus.ReadyForPickup, to: OrderStatus.Completed, methods: [DeliveryMethod.Pickup] },
  ],
};

export type TransitionResult = { ok: true; from: OrderStatus; to: OrderStatus } | { ok: false };

/** Where `action` takes an order in `status` delivered by `method`, or not allowed. */
export function transition(status: OrderStatus, method: DeliveryMethod, action: OrderAction): TransitionResult {
  const found = TRANSITIONS[action].find((t) => t.from === status && (!t.methods || t.methods.includes(method)));
  return found ? { ok: true, from: found.from, to: found.to } : { ok: false };
}

/** Whether an order in this status waits for online payment (and so can time out). */
export function awaitsPayment(status: OrderStatus, method: DeliveryMethod): boolean {
  return transition(status, method, OrderAction.Pay).ok;
}

/** Cash-on-delivery orders do not wait for online payment, so they never time out. */
export function expiresUnpaid(method: DeliveryMethod): boolean {
  return method !== DeliveryMethod.Cod;
}

export const ALL_STATUSES: readonly OrderStatus[] = Object.values(OrderStatus);
