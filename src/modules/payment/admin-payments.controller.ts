import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Permission, StaffAuth, StaffPrincipal } from '../../common/auth';
import { Idempotent } from '../../common/idempotency';
import {
  AdminPaymentDetailResponseDto,
  AdminPaymentListResponseDto,
  CreateRefundDto,
  ListPaymentsQueryDto,
  RefundResponseDto,
} from './dto/payment.dto';
import { toRefundResponse } from './payment.mapper';
import { PaymentService } from './payment.service';
import { RefundService } from './refund.service';

@ApiTags('admin: payments')
@Controller('v1/admin/payments')
export class AdminPaymentsController {
  constructor(
    private readonly payments: PaymentService,
    private readonly refunds: RefundService,
  ) {}

  /** Payments, newest first, by order and status. */
  @Get()
  @StaffAuth(Permission.PaymentsRead)
  @ApiOkResponse({ type: AdminPaymentListResponseDto })
  list(@Query() query: ListPaymentsQueryDto): Promise<AdminPaymentListResponseDto> {
    return this.payments.list(query);
  }

  /** A payment with every provider message, status change and refund. */
  @Get(':id')
  @StaffAuth(Permission.PaymentsRead)
  @ApiOkResponse({ type: AdminPaymentDetailResponseDto })
  detail(@Param('id', ParseUUIDPipe) id: string): Promise<AdminPaymentDetailResponseDto> {
    return this.payments.detail(id);
  }

  /**
   * Gives back all or part of a payment through its provider. Never more than what is left
   * (409 REFUND_EXCEEDS_PAYMENT); the refund answers `pending` or `processing` until the provider confirms.
   */
  @Post(':id/refunds')
  @StaffAuth(Permission.PaymentsRefund)
  @Idempotent({ required: true })
  @ApiCreatedResponse({ type: RefundResponseDto })
  async refund(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateRefundDto,
  ): Promise<RefundResponseDto> {
    return toRefundResponse(await this.refunds.request(staff.id, id, dto.amount, dto.reason));
  }
}
