import { DomainError } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one; add new ones.
export enum ShippingErrorCode {
  ADDRESS_REQUIRED = 'ADDRESS_REQUIRED',
  PICKUP_STORE_REQUIRED = 'PICKUP_STORE_REQUIRED',
  PICKUP_STORE_UNAVAILABLE = 'PICKUP_STORE_UNAVAILABLE',
  DELIVERY_UNAVAILABLE = 'DELIVERY_UNAVAILABLE',
}

/** Why a delivery method cannot serve an address; sent as `reason` beside the code. */
export type DeliveryUnavailableReason =
  'method_disabled' | 'excluded_region' | 'outside_area' | 'province_not_allowed' | 'below_minimum_order';

export class AddressRequiredError extends DomainError {
  constructor(method: string) {
    super(ShippingErrorCode.ADDRESS_REQUIRED, 400, `Delivery method ${method} needs a delivery address`, { method });
  }
}

export class PickupStoreRequiredError extends DomainError {
  constructor() {
    super(ShippingErrorCode.PICKUP_STORE_REQUIRED, 400, 'Pickup needs a pickup store (pickupStoreId)');
  }
}

export class PickupStoreUnavailableError extends DomainError {
  constructor(pickupStoreId: string) {
    super(ShippingErrorCode.PICKUP_STORE_UNAVAILABLE, 409, 'The pickup store does not exist or is closed for pickup', {
      pickupStoreId,
    });
  }
}

export class DeliveryUnavailableError extends DomainError {
  constructor(method: string, reason: DeliveryUnavailableReason, detail: string, extensions: Record<string, unknown> = {}) {
    super(ShippingErrorCode.DELIVERY_UNAVAILABLE, 409, detail, { method, reason, ...extensions });
  }
}
