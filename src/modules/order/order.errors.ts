import { ConflictError, NotFoundError } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one.
export enum OrderErrorCode {
  /** A line names a SKU that is unknown, retired or off the shelf; names the SKU. */
  SKU_NOT_PURCHASABLE = 'SKU_NOT_PURCHASABLE',
  /** An order from the cart found no selected, orderable lines. */
  NOTHING_TO_ORDER = 'NOTHING_TO_ORDER',
  /** The order's status does not allow what was asked (pay a cancelled order, cancel a shipped one). */
  ILLEGAL_ORDER_TRANSITION = 'ILLEGAL_ORDER_TRANSITION',
  /** The pickup code shown at the store is not the order's. */
  PICKUP_CODE_MISMATCH = 'PICKUP_CODE_MISMATCH',
  /** The order's address can no longer change (shipped, completed, cancelled, or a pickup order). */
  ORDER_ADDRESS_LOCKED = 'ORDER_ADDRESS_LOCKED',
  /** A shipment asks for more units of a line than were ordered and not shipped yet; names the line. */
  SHIPMENT_EXCEEDS_ORDER = 'SHIPMENT_EXCEEDS_ORDER',
  /** The order's price can no longer change: it is not waiting for payment. */
  ORDER_PRICE_LOCKED = 'ORDER_PRICE_LOCKED',
  /** A payment was for another amount than the order costs now (staff changed the price meanwhile). */
  ORDER_TOTAL_CHANGED = 'ORDER_TOTAL_CHANGED',
}

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('Order');
  }
}

export class OrderSkuNotPurchasableError extends ConflictError {
  constructor(skuId: string, skuCode: string | null) {
    super(skuCode ? `SKU ${skuCode} cannot be bought now` : `SKU ${skuId} does not exist`, OrderErrorCode.SKU_NOT_PURCHASABLE, {
      skuId,
      skuCode,
    });
  }
}

export class NothingToOrderError extends ConflictError {
  constructor() {
    super('The cart has no selected lines to order', OrderErrorCode.NOTHING_TO_ORDER);
  }
}

export class IllegalOrderTransitionError extends ConflictError {
  constructor(orderId: string, status: string, action: string) {
    super(`An order that is ${status} cannot ${action.replace(/_/g, ' ')}`, OrderErrorCode.ILLEGAL_ORDER_TRANSITION, {
      orderId,
      orderStatus: status,
      action,
    });
  }
}

export class PickupCodeMismatchError extends ConflictError {
  constructor(orderId: string) {
    super('The pickup code does not match the order', OrderErrorCode.PICKUP_CODE_MISMATCH, { orderId });
  }
}

export class OrderAddressLockedError extends ConflictError {
  constructor(orderId: string, status: string, deliveryMethod: string) {
    super(`The address of a ${deliveryMethod} order that is ${status} cannot change`, OrderErrorCode.ORDER_ADDRESS_LOCKED, {
      orderId,
      orderStatus: status,
      deliveryMethod,
    });
  }
}

export class ShipmentExceedsOrderError extends ConflictError {
  constructor(line: { id: string; skuCode: string; quantity: number }, shipped: number, requested: number) {
    super(
      `Line ${line.skuCode} has ${line.quantity - shipped} of ${line.quantity} units left to ship, not ${requested}`,
      OrderErrorCode.SHIPMENT_EXCEEDS_ORDER,
      { orderLineId: line.id, skuCode: line.skuCode, ordered: line.quantity, shipped, requested },
    );
  }
}

export class OrderPriceLockedError extends ConflictError {
  constructor(orderId: string, status: string) {
    super(`The price of an order that is ${status} cannot change`, OrderErrorCode.ORDER_PRICE_LOCKED, {
      orderId,
      orderStatus: status,
    });
  }
}

export class OrderTotalChangedError extends ConflictError {
  constructor(orderId: string, paid: number, total: number) {
    super(`The order costs ${total} now, not ${paid}`, OrderErrorCode.ORDER_TOTAL_CHANGED, { orderId, paid, total });
  }
}
