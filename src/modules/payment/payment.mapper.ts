import {
  AdminPaymentDetailResponseDto,
  AdminPaymentResponseDto,
  PaymentEventResponseDto,
  PaymentResponseDto,
  RefundResponseDto,
} from './dto/payment.dto';
import { PaymentEvent } from './entities/payment-event.entity';
import { Payment } from './entities/payment.entity';
import { Refund } from './entities/refund.entity';

export function toPaymentResponse(p: Payment): PaymentResponseDto {
  return {
    id: p.id,
    orderId: p.orderId,
    provider: p.provider,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    outTradeNo: p.outTradeNo,
    clientParams: p.clientParams,
    paidAt: p.paidAt,
    createdAt: p.createdAt,
  };
}

export function toAdminPayment(p: Payment): AdminPaymentResponseDto {
  return {
    ...toPaymentResponse(p),
    customerId: p.customerId,
    providerTransactionId: p.providerTransactionId,
    refundedAmount: p.refundedAmount,
    needsReview: p.needsReview,
    reviewReason: p.reviewReason,
    updatedAt: p.updatedAt,
  };
}

export function toRefundResponse(r: Refund): RefundResponseDto {
  return {
    id: r.id,
    paymentId: r.paymentId,
    outRefundNo: r.outRefundNo,
    amount: r.amount,
    reason: r.reason,
    status: r.status,
    providerRefundId: r.providerRefundId,
    staffId: r.staffId,
    error: r.error,
    completedAt: r.completedAt,
    createdAt: r.createdAt,
  };
}

export function toEventResponse(e: PaymentEvent): PaymentEventResponseDto {
  return {
    id: e.id,
    refundId: e.refundId,
    type: e.type,
    verified: e.verified,
    outcome: e.outcome,
    error: e.error,
    rawBody: e.rawBody,
    headers: e.headers,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    createdAt: e.createdAt,
  };
}

export function toAdminDetail(p: Payment, events: PaymentEvent[], refunds: Refund[]): AdminPaymentDetailResponseDto {
  return { ...toAdminPayment(p), events: events.map(toEventResponse), refunds: refunds.map(toRefundResponse) };
}
