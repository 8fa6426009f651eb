import { ConflictError, DomainError, NotFoundError } from '../../common/errors';

// Codes are API: clients switch on them. Never rename one.
export enum PaymentErrorCode {
  /** The order is paid, cancelled, expired or paid on delivery: it takes no online payment. */
  ORDER_NOT_PAYABLE = 'ORDER_NOT_PAYABLE',
  /** The provider asked for is not switched on (PAYMENT_PROVIDERS). */
  PAYMENT_PROVIDER_NOT_AVAILABLE = 'PAYMENT_PROVIDER_NOT_AVAILABLE',
  /** The provider refused or failed a call (create, close, refund). */
  PAYMENT_PROVIDER_FAILED = 'PAYMENT_PROVIDER_FAILED',
  /** Only a succeeded (or partly refunded) payment can be refunded. */
  PAYMENT_NOT_REFUNDABLE = 'PAYMENT_NOT_REFUNDABLE',
  /** The refund asks for more than what is left of the payment. */
  REFUND_EXCEEDS_PAYMENT = 'REFUND_EXCEEDS_PAYMENT',
}

export class PaymentNotFoundError extends NotFoundError {
  constructor() {
    super('Payment');
  }
}

export class OrderNotPayableError extends ConflictError {
  constructor(orderId: string, reason: string) {
    super(`The order cannot be paid: ${reason}`, PaymentErrorCode.ORDER_NOT_PAYABLE, { orderId });
  }
}

export class PaymentProviderNotAvailableError extends DomainError {
  constructor(provider: string, available: string[]) {
    super(PaymentErrorCode.PAYMENT_PROVIDER_NOT_AVAILABLE, 400, `Payment provider ${provider} is not available`, {
      provider,
      available,
    });
  }
}

export class PaymentProviderFailedError extends DomainError {
  constructor(provider: string, detail: string) {
    super(PaymentErrorCode.PAYMENT_PROVIDER_FAILED, 502, `Payment provider ${provider} failed: ${detail}`, { provider });
  }
}

export class PaymentNotRefundableError extends ConflictError {
  constructor(status: string) {
    super(`A payment that is ${status} cannot be refunded`, PaymentErrorCode.PAYMENT_NOT_REFUNDABLE, { paymentStatus: status });
  }
}

export class RefundExceedsPaymentError extends ConflictError {
  constructor(requested: number, refundable: number) {
    super(
      `Only ${refundable} of the payment is left to refund, ${requested} was asked`,
      PaymentErrorCode.REFUND_EXCEEDS_PAYMENT,
      {
        requested,
        refundable,
      },
    );
  }
}
