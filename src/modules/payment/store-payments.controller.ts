import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCustomer, CustomerAuth, CustomerPrincipal } from '../../common/auth';
import { Idempotent } from '../../common/idempotency';
import { CreatePaymentDto, PaymentResponseDto } from './dto/payment.dto';
import { PaymentService } from './payment.service';

@ApiTags('store: payments')
@CustomerAuth()
@Controller('v1/store')
export class StorePaymentsController {
  constructor(private readonly payments: PaymentService) {}

  /**
   * Starts paying one of the shopper's orders and answers the client params for the provider's SDK.
   * A pending payment of the same provider is answered again; one of another provider is closed.
   * 409 ORDER_NOT_PAYABLE for a paid, cancelled or expired order; 400 PAYMENT_PROVIDER_NOT_AVAILABLE.
   */
  @Post('orders/:id/payments')
  @Idempotent({ required: true })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  create(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Param('id', ParseUUIDPipe) orderId: string,
    @Body() dto: CreatePaymentDto,
  ): Promise<PaymentResponseDto> {
    return this.payments.create(customer.id, orderId, dto);
  }

  /** The state of one of the shopper's payments. */
  @Get('payments/:id')
  @ApiOkResponse({ type: PaymentResponseDto })
  get(@CurrentCustomer() customer: CustomerPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<PaymentResponseDto> {
    return this.payments.get(customer.id, id);
  }
}
