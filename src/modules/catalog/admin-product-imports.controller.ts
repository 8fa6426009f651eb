import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Permission, StaffAuth, StaffPrincipal } from '../../common/auth';
import { ProductImportResponseDto } from './dto/product-import.dto';
import { ProductImportService } from './product-import.service';

const EXAMPLE = `product_key,title,category,brand,tags,sku_code,specs,price_yuan,original_price_yuan,stock
tee,纯棉T恤,服装>T恤,,hot|new,TEE-RED-M,颜色:红|尺码:M,59.90,79.00,100
tee,,,,,TEE-RED-L,颜色:红|尺码:L,59.90,79.00,80
`;

@ApiTags('admin: catalog')
@Controller('v1/admin/products/imports')
export class AdminProductImportsController {
  constructor(private readonly imports: ProductImportService) {}

  /**
   * Uploads a CSV of products and SKUs (body `text/csv`, at most 5 MB and 20,000 rows) and queues its import.
   * One row per SKU; rows sharing `product_key` form one product, whose columns come from its first row.
   * Columns: product_key*, title*, subtitle, description, category* (id or name path `服装>T恤`), brand (id or
   * name), supplier (id or name), tags (`a|b`), images (`url1|url2`), status (`draft` default or `on_shelf`),
   * sku_code*, specs (`颜色:红|尺码:M`), price_yuan* (yuan, 2 decimals), original_price_yuan, member_price_yuan,
   * weight_grams, stock, low_stock_threshold. A bad row is reported with its line and does not stop the others.
   */
  @Post()
  @HttpCode(202)
  @StaffAuth(Permission.CatalogManage)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: EXAMPLE } })
  @ApiAcceptedResponse({ type: ProductImportResponseDto })
  @ApiBadRequestResponse({ description: 'IMPORT_UNREADABLE: no usable header, unclosed quote, no rows or too many' })
  start(@Body() csv: string, @CurrentStaff() staff: StaffPrincipal | undefined): Promise<ProductImportResponseDto> {
    return this.imports.start(csv, staff?.id ?? null);
  }

  /** The import's status and the outcome of every processed row. */
  @Get(':id')
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: ProductImportResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ProductImportResponseDto> {
    return this.imports.get(id);
  }
}
