import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Permission, StaffAuth, StaffPrincipal } from '../../common/auth';
import { Page, PageOf } from '../../common/pagination';
import { AdminOrderNotesService } from './admin-order-notes.service';
import { AdminOrderPriceService } from './admin-order-price.service';
import { AdminOrdersService } from './admin-orders.service';
import {
  AdminOrderDetailResponseDto,
  AdminOrderResponseDto,
  AdjustOrderPriceDto,
  CreateOrderNoteDto,
  CreateShipmentDto,
  HandOverPickupDto,
  ListAdminOrdersQueryDto,
  OrderAddressDto,
  PackingListFormat,
  PackingListQueryDto,
  PackingListResponseDto,
  StaffCancelOrderDto,
} from './dto/order.dto';
import { renderPackingList } from './domain/packing-list';
import { OrderLifecycleService } from './order-lifecycle.service';

@ApiTags('admin: orders')
@Controller('v1/admin/orders')
export class AdminOrdersController {
  constructor(
    private readonly orders: AdminOrdersService,
    private readonly lifecycle: OrderLifecycleService,
    private readonly notes: AdminOrderNotesService,
    private readonly price: AdminOrderPriceService,
  ) {}

  /** Orders, newest first, filtered by status, number, recipient phone, date range and delivery method. */
  @Get()
  @StaffAuth(Permission.OrdersRead)
  @ApiOkResponse({ type: PageOf(AdminOrderResponseDto) })
  list(@Query() query: ListAdminOrdersQueryDto): Promise<Page<AdminOrderResponseDto>> {
    return this.orders.list(query);
  }

  @Get(':id')
  @StaffAuth(Permission.OrdersRead)
  detail(@Param('id', ParseUUIDPipe) id: string): Promise<AdminOrderDetailResponseDto> {
    return this.orders.detail(id);
  }

  /**
   * A printable packing list (HTML), or with `?format=json` the same data for label printers: order
   * number and date, recipient and address (or pickup store), each line with units ordered and
   * already shipped, and the shopper's note.
   */
  @Get(':id/packing-list')
  @StaffAuth(Permission.OrdersRead)
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({ type: PackingListResponseDto })
  async packingList(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PackingListQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PackingListResponseDto | string> {
    const list = await this.orders.packingList(id);
    if (query.format === PackingListFormat.Json) return list;
    void reply.type('text/html; charset=utf-8');
    return renderPackingList(list);
  }

  /**
   * Ships a parcel of a paid order (or a cash-on-delivery one): the given units, or everything not
   * shipped yet. The shipment that completes every line makes the order shipped and its held stock
   * leave the warehouse; before that the order stays as it is, `partiallyShipped`, with its shipments.
   */
  @Post(':id/shipments')
  @StaffAuth(Permission.OrdersManage)
  async ship(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateShipmentDto,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.lifecycle.ship(id, staff.id, dto);
    return this.orders.detail(id);
  }

  /** A paid pickup order's goods wait at the store. */
  @Post(':id/ready-for-pickup')
  @HttpCode(200)
  @StaffAuth(Permission.OrdersManage)
  async readyForPickup(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.lifecycle.markReadyForPickup(id, staff.id);
    return this.orders.detail(id);
  }

  /** Hands a pickup order over at the store, once the shopper's pickup code matches: it is completed. */
  @Post(':id/pickup')
  @HttpCode(200)
  @StaffAuth(Permission.OrdersManage)
  async handOver(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: HandOverPickupDto,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.lifecycle.handOver(id, staff.id, dto.pickupCode);
    return this.orders.detail(id);
  }

  /** Cancels an unpaid order; its stock comes back at once. */
  @Post(':id/cancel')
  @HttpCode(200)
  @StaffAuth(Permission.OrdersManage)
  async cancel(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: StaffCancelOrderDto,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.lifecycle.cancelByStaff(id, staff.id, dto.reason);
    return this.orders.detail(id);
  }

  /** Changes the delivery address before the order ships; the change and its reason are kept in the notes. */
  @Patch(':id/address')
  @StaffAuth(Permission.OrdersManage)
  async changeAddress(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: OrderAddressDto,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.notes.changeAddress(id, staff.id, dto);
    return this.orders.detail(id);
  }

  /**
   * Changes what an unpaid order costs (改价): the new `total` to pay, shipping included, and
   * optionally a new `shippingTotal`. The goods can get cheaper, never dearer than priced at checkout;
   * the difference is a staff discount apportioned to the lines. A second change replaces the first.
   * Payments started for the old amount are closed, and one that still arrives is refunded. Kept in
   * the notes with the amounts before and after. 409 ORDER_PRICE_LOCKED once the order is paid,
   * cancelled or shipped.
   */
  @Patch(':id/price')
  @StaffAuth(Permission.OrdersManage)
  async adjustPrice(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AdjustOrderPriceDto,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.price.adjust(id, staff.id, dto);
    return this.orders.detail(id);
  }

  /** Adds a staff note to the order. */
  @Post(':id/notes')
  @StaffAuth(Permission.OrdersManage)
  async addNote(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateOrderNoteDto,
  ): Promise<AdminOrderDetailResponseDto> {
    await this.notes.addNote(id, staff.id, dto.body);
    return this.orders.detail(id);
  }
}
