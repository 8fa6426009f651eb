import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, PageOf } from '../../common/pagination';
import {
  CreateProductDto,
  ListProductsQueryDto,
  ProductResponseDto,
  ProductSummaryResponseDto,
  UpdateProductDto,
} from './dto/product.dto';
import { ProductService } from './product.service';

@ApiTags('admin: catalog')
@Controller('v1/admin/products')
export class AdminProductsController {
  constructor(private readonly products: ProductService) {}

  @Get()
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: PageOf(ProductSummaryResponseDto) })
  list(@Query() query: ListProductsQueryDto): Promise<Page<ProductSummaryResponseDto>> {
    return this.products.list(query);
  }

  /**
   * Creates a draft product with its SKUs and their initial stock. Every SKU names one value of every spec,
   * no two share a combination, and SKU codes are unique store-wide (409 SKU_CODE_TAKEN naming the codes).
   */
  @Post()
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: ProductResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED with `errors` per field, e.g. `skus[1].specs.颜色`' })
  @ApiConflictResponse({ description: 'SKU_CODE_TAKEN' })
  create(@Body() dto: CreateProductDto): Promise<ProductResponseDto> {
    return this.products.create(dto);
  }

  /** The product with all its SKUs, retired ones included. */
  @Get(':id')
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: ProductResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ProductResponseDto> {
    return this.products.get(id);
  }

  /**
   * Edits a product. `skus`, when given, is the full list on sale: entries with an `id` change that SKU, entries
   * without add one, and active SKUs left out are retired (kept for past orders, gone from the store).
   */
  @Patch(':id')
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: ProductResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED with `errors` per field' })
  @ApiConflictResponse({ description: 'SKU_CODE_TAKEN' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProductDto): Promise<ProductResponseDto> {
    return this.products.update(id, dto);
  }

  /** Puts the product on the shelf now. */
  @Post(':id/publish')
  @HttpCode(200)
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: ProductResponseDto })
  publish(@Param('id', ParseUUIDPipe) id: string): Promise<ProductResponseDto> {
    return this.products.publish(id);
  }

  /** Takes the product off the shelf now and cancels any scheduled publish or unpublish. */
  @Post(':id/unpublish')
  @HttpCode(200)
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: ProductResponseDto })
  unpublish(@Param('id', ParseUUIDPipe) id: string): Promise<ProductResponseDto> {
    return this.products.unpublish(id);
  }
}
