import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Permission, StaffAuth, StaffPrincipal } from '../../common/auth';
import { Page, page, PageOf, PageQueryDto } from '../../common/pagination';
import {
  AdjustStockDto,
  StockAdjustmentResponseDto,
  StockMovementResponseDto,
  StockResponseDto,
  toMovementResponse,
  toStockResponse,
} from './dto/inventory.dto';
import { InventoryAdminService } from './inventory-admin.service';

@ApiTags('admin: inventory')
@Controller('v1/admin/inventory')
export class AdminInventoryController {
  constructor(private readonly inventory: InventoryAdminService) {}

  /** SKUs whose available stock is below their low-stock threshold (or the store default), the emptiest first. */
  @Get('low-stock')
  @StaffAuth(Permission.InventoryRead)
  @ApiOkResponse({ type: PageOf(StockResponseDto) })
  async lowStock(@Query() query: PageQueryDto): Promise<Page<StockResponseDto>> {
    const [items, total] = await this.inventory.lowStock(query.offset, query.pageSize);
    return page(items.map(toStockResponse), total, query);
  }

  /** A SKU's stock: onHand, reserved, available and its low-stock threshold. */
  @Get(':skuId')
  @StaffAuth(Permission.InventoryRead)
  async get(@Param('skuId', ParseUUIDPipe) skuId: string): Promise<StockResponseDto> {
    return toStockResponse(await this.inventory.get(skuId));
  }

  /**
   * Adds to or takes from a SKU's onHand, with a reason, as one ledger row. Taking more than is on
   * hand and not reserved is a 409 problem with code INSUFFICIENT_STOCK, and changes nothing.
   */
  @Post(':skuId/adjustments')
  @StaffAuth(Permission.InventoryManage)
  async adjust(
    @Param('skuId', ParseUUIDPipe) skuId: string,
    @Body() dto: AdjustStockDto,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<StockAdjustmentResponseDto> {
    const { stock, movement } = await this.inventory.adjust(skuId, dto, staff.id);
    return { stock: toStockResponse(stock), movement: toMovementResponse(movement) };
  }

  /** The SKU's stock ledger, newest first: every change with who, why, and before and after. */
  @Get(':skuId/movements')
  @StaffAuth(Permission.InventoryRead)
  @ApiOkResponse({ type: PageOf(StockMovementResponseDto) })
  async movements(
    @Param('skuId', ParseUUIDPipe) skuId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<StockMovementResponseDto>> {
    const [items, total] = await this.inventory.movements(skuId, query.offset, query.pageSize);
    return page(items.map(toMovementResponse), total, query);
  }
}
