import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Permission, StaffAuth, StaffPrincipal } from '../../common/auth';
import { ShipmentImportResponseDto } from './dto/shipment-import.dto';
import { ShipmentImportService } from './shipment-import.service';

const EXAMPLE = `order_number,carrier,tracking_number,sku_code,quantity
2026112200000042,SF,SF1400000001,,
2026112200000043,ZTO,ZTO7300000001,TEE-RED-M,2
2026112200000043,ZTO,ZTO7300000001,MUG-350,1
`;

@ApiTags('admin: orders')
@Controller('v1/admin/orders/shipments/imports')
export class AdminShipmentImportsController {
  constructor(private readonly imports: ShipmentImportService) {}

  /**
   * Uploads a CSV of parcels (body `text/csv`, at most 5 MB and 5,000 rows) and queues their shipping.
   * Columns: order_number* (订单号), carrier* (快递公司), tracking_number* (快递单号), sku_code (商品编码),
   * quantity (数量). Rows sharing order_number + carrier + tracking_number form one parcel; a row without
   * sku_code ships everything of the order not shipped yet, rows with sku_code + quantity ship those units of
   * the order's line with that SKU. Each parcel ships alone: a bad one is reported with its lines and code,
   * the others proceed.
   */
  @Post()
  @HttpCode(202)
  @StaffAuth(Permission.OrdersManage)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: EXAMPLE } })
  @ApiAcceptedResponse({ type: ShipmentImportResponseDto })
  @ApiBadRequestResponse({ description: 'SHIPMENT_IMPORT_UNREADABLE: no usable header, unclosed quote, no rows or too many' })
  start(@Body() csv: string, @CurrentStaff() staff: StaffPrincipal): Promise<ShipmentImportResponseDto> {
    return this.imports.start(csv, staff.id);
  }

  /** The batch's status, totals and the outcome of every processed row. */
  @Get(':id')
  @StaffAuth(Permission.OrdersRead)
  @ApiOkResponse({ type: ShipmentImportResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ShipmentImportResponseDto> {
    return this.imports.get(id);
  }
}
