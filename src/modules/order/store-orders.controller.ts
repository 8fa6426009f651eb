import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCustomer, CustomerAuth, CustomerPrincipal } from '../../common/auth';
import { Idempotent } from '../../common/idempotency';
import {
  CancelOrderDto,
  CheckoutPreviewResponseDto,
  CreateOrderDto,
  ListOrdersQueryDto,
  OrderDetailResponseDto,
  OrderListResponseDto,
  OrderResponseDto,
} from './dto/order.dto';
import { OrderLifecycleService } from './order-lifecycle.service';
import { OrderService } from './order.service';

@ApiTags('store: orders')
@CustomerAuth()
@Controller('v1/store')
export class StoreOrdersController {
  constructor(
    private readonly orders: OrderService,
    private readonly lifecycle: OrderLifecycleService,
  ) {}

  /** The price breakdown of what an order would take; creates nothing. */
  @Post('checkout/preview')
  @HttpCode(200)
  preview(@CurrentCustomer() customer: CustomerPrincipal, @Body() dto: CreateOrderDto): Promise<CheckoutPreviewResponseDto> {
    return this.orders.preview(customer.id, dto);
  }

  /** Places an order (given items, or the cart's selected lines) and holds its stock until it is paid or times out. */
  @Post('orders')
  @Idempotent({ required: true })
  @ApiCreatedResponse({ type: OrderResponseDto })
  create(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') key: string,
  ): Promise<OrderResponseDto> {
    return this.orders.create(customer.id, dto, key);
  }

  /** The shopper's orders, newest first, with counts per status for the tabs. */
  @Get('orders')
  list(@CurrentCustomer() customer: CustomerPrincipal, @Query() query: ListOrdersQueryDto): Promise<OrderListResponseDto> {
    return this.orders.list(customer.id, query.status, query);
  }

  @Get('orders/:id')
  detail(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OrderDetailResponseDto> {
    return this.orders.detail(customer.id, id);
  }

  /** Cancels an unpaid order; its stock comes back at once. */
  @Post('orders/:id/cancel')
  @HttpCode(200)
  async cancel(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelOrderDto,
  ): Promise<OrderDetailResponseDto> {
    await this.lifecycle.cancelByCustomer(customer.id, id, dto.reason ?? null);
    return this.orders.detail(customer.id, id);
  }

  /** The shopper received a shipped order: it is completed. */
  @Post('orders/:id/confirm-receipt')
  @HttpCode(200)
  async confirmReceipt(
    @CurrentCustomer() customer: CustomerPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OrderDetailResponseDto> {
    await this.lifecycle.confirmReceipt(customer.id, id);
    return this.orders.detail(customer.id, id);
  }
}
