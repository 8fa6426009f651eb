import { ConflictError, DomainError, ErrorCode, NotFoundError } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one.
export enum TrackingErrorCode {
  /** A tracking webhook's signature is missing, wrong, or its timestamp too far from ours. */
  TRACKING_SIGNATURE_INVALID = 'TRACKING_SIGNATURE_INVALID',
  /** Shipments of different carriers share the pushed tracking number and the push's carrier names none of them. */
  TRACKING_NUMBER_AMBIGUOUS = 'TRACKING_NUMBER_AMBIGUOUS',
}

export class TrackingSignatureInvalidError extends DomainError {
  constructor() {
    super(TrackingErrorCode.TRACKING_SIGNATURE_INVALID, 401, 'The tracking push is not signed with our key, or is too old');
  }
}

export class TrackingNumberAmbiguousError extends ConflictError {
  constructor(trackingNumber: string, carrier: string) {
    super(
      `Several shipments of other carriers than ${carrier || 'the one pushed'} have tracking number ${trackingNumber}`,
      TrackingErrorCode.TRACKING_NUMBER_AMBIGUOUS,
      { trackingNumber, carrier },
    );
  }
}

export class ShipmentNotFoundError extends NotFoundError {
  constructor() {
    super('Shipment');
  }
}

export class TrackingBodyUnreadableError extends DomainError {
  constructor() {
    super(ErrorCode.MALFORMED_REQUEST, 400, 'The request body is not a JSON object');
  }
}
