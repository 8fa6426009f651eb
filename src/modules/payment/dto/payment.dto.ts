import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { PaymentEventType } from '../entities/payment-event.entity';
import { PaymentStatus } from '../entities/payment.entity';
import { RefundStatus } from '../entities/refund.entity';

const PROVIDERS = ['mock', 'wechatpay', 'alipay'];

export class CreatePaymentDto {
  /** The provider to pay with; it must be switched on (PAYMENT_PROVIDERS). */
  @ApiProperty({ enum: PROVIDERS, example: 'wechatpay' })
  @IsIn(PROVIDERS)
  provider: string;

  /** The payer's openid, required by WeChat Pay JSAPI / mini-program payments. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  openid?: string;

  /**
   * The payer's Alipay user id (2088…) or open id, from my.getAuthCode and alipay.system.oauth.token:
   * with it an Alipay payment is a mini-program payment, created at Alipay, and `clientParams.tradeNO`
   * goes to my.tradePay; without it, an app payment whose `clientParams.orderString` goes to the app SDK.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  buyerId?: string;
}

export class PaymentResponseDto {
  id: string;
  orderId: string;
  @ApiProperty({ enum: PROVIDERS })
  provider: string;
  @ApiProperty({ enum: PaymentStatus, enumName: 'PaymentStatus' })
  status: PaymentStatus;
  /** Minor units (fen). */
  amount: number;
  /** ISO 4217 code, e.g. CNY. */
  currency: string;
  /** Our trade number, as the provider knows the payment. */
  outTradeNo: string;
  /** Exactly what the frontend hands to the provider's SDK (wx.requestPayment parameters, Alipay order string). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  clientParams: Record<string, unknown>;
  paidAt: Date | null;
  createdAt: Date;
}

export class ListPaymentsQueryDto extends PageQueryDto {
  /** Only the payments of this order. */
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiProperty({ enum: PaymentStatus, enumName: 'PaymentStatus', required: false })
  @IsOptional()
  @IsIn(Object.values(PaymentStatus))
  status?: PaymentStatus;
}

export class AdminPaymentResponseDto extends PaymentResponseDto {
  customerId: string;
  /** The provider's transaction id, once it reported one. */
  providerTransactionId: string | null;
  /** Minor units refunded so far. */
  refundedAmount: number;
  /** Something does not add up (amount, currency, a refused automatic refund): staff must look. */
  needsReview: boolean;
  reviewReason: string | null;
  updatedAt: Date;
}

export class AdminPaymentListResponseDto {
  @ApiProperty({ type: AdminPaymentResponseDto, isArray: true })
  items: AdminPaymentResponseDto[];
  total: number;
  page: number;
  pageSize: number;
}

export class RefundResponseDto {
  id: string;
  paymentId: string;
  /** Our refund number, as the provider knows the refund. */
  outRefundNo: string;
  /** Minor units. */
  amount: number;
  reason: string;
  @ApiProperty({ enum: RefundStatus, enumName: 'RefundStatus' })
  status: RefundStatus;
  providerRefundId: string | null;
  /** Who asked for it; null for an automatic refund (a payment for a cancelled order). */
  staffId: string | null;
  error: string | null;
  completedAt: Date | null;
  createdAt: Date;
}

export class PaymentEventResponseDto {
  id: string;
  refundId: string | null;
  @ApiProperty({ enum: PaymentEventType, enumName: 'PaymentEventType' })
  type: PaymentEventType;
  /** Whether the provider's signature checked out; null for our own records. */
  verified: boolean | null;
  /** What was done with it: processed, duplicate, rejected, unknown_trade, needs_review, late_payment_refunding... */
  outcome: string;
  error: string | null;
  /** The provider's message exactly as received. */
  rawBody: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true })
  headers: Record<string, string> | null;
  fromStatus: string | null;
  toStatus: string | null;
  createdAt: Date;
}

export class AdminPaymentDetailResponseDto extends AdminPaymentResponseDto {
  /** Every provider message and status change, oldest first. */
  @ApiProperty({ type: PaymentEventResponseDto, isArray: true })
  events: PaymentEventResponseDto[];
  @ApiProperty({ type: RefundResponseDto, isArray: true })
  refunds: RefundResponseDto[];
}

export class CreateRefundDto {
  /** Minor units to give back; at most what is left of the payment. */
  @IsInt()
  @Min(1)
  amount: number;

  /** Why, for the payer's statement and the audit trail. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason: string;
}

/** The mock provider's notification (development and tests), signed `X-Mock-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. */
export class MockPaymentNotificationDto {
  outTradeNo: string;
  transactionId: string;
  @ApiProperty({ enum: ['succeeded', 'failed'] })
  status: string;
  /** Minor units paid. */
  amount: number;
}
