import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, PageOf, PageQueryDto } from '../../common/pagination';
import {
  AssignFreightTemplateProductsDto,
  CreateFreightTemplateDto,
  FreightTemplateProductsResponseDto,
  FreightTemplateResponseDto,
  ProductFreightTemplateResponseDto,
  UpdateFreightTemplateDto,
} from './dto/freight-template.dto';
import { FreightTemplate } from './entities/freight-template.entity';
import { FreightTemplateService } from './freight-template.service';

const toResponse = (t: FreightTemplate): FreightTemplateResponseDto => ({
  id: t.id,
  name: t.name,
  mode: t.mode,
  rules: t.rules,
  defaultRule: t.defaultRule,
  freeAbove: t.freeAbove,
  excludedProvinces: t.excludedProvinces,
  isDefault: t.isDefault,
  currency: t.currency,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

@ApiTags('admin: shipping')
@Controller('v1/admin')
export class AdminFreightTemplatesController {
  constructor(private readonly templates: FreightTemplateService) {}

  /** Freight templates, the store default first. */
  @Get('freight-templates')
  @StaffAuth(Permission.ShippingRead)
  @ApiOkResponse({ type: PageOf(FreightTemplateResponseDto) })
  async list(@Query() query: PageQueryDto): Promise<Page<FreightTemplateResponseDto>> {
    const result = await this.templates.list(query);
    return { ...result, items: result.items.map(toResponse) };
  }

  /** Making a template the default takes the default away from the previous one. */
  @Post('freight-templates')
  @StaffAuth(Permission.ShippingManage)
  async create(@Body() dto: CreateFreightTemplateDto): Promise<FreightTemplateResponseDto> {
    return toResponse(await this.templates.create(dto));
  }

  @Get('freight-templates/:id')
  @StaffAuth(Permission.ShippingRead)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<FreightTemplateResponseDto> {
    return toResponse(await this.templates.get(id));
  }

  @Patch('freight-templates/:id')
  @StaffAuth(Permission.ShippingManage)
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateFreightTemplateDto,
  ): Promise<FreightTemplateResponseDto> {
    return toResponse(await this.templates.update(id, dto));
  }

  /** Its products fall back to the store default template. */
  @Delete('freight-templates/:id')
  @StaffAuth(Permission.ShippingManage)
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.templates.remove(id);
  }

  @Get('freight-templates/:id/products')
  @StaffAuth(Permission.ShippingRead)
  async products(@Param('id', ParseUUIDPipe) id: string): Promise<FreightTemplateProductsResponseDto> {
    return { templateId: id, productIds: await this.templates.productIds(id) };
  }

  /** Replaces the template's products; a product assigned to another template moves to this one. */
  @Put('freight-templates/:id/products')
  @StaffAuth(Permission.ShippingManage)
  async assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssignFreightTemplateProductsDto,
  ): Promise<FreightTemplateProductsResponseDto> {
    return { templateId: id, productIds: await this.templates.assignProducts(id, dto.productIds) };
  }

  /** The template a product is assigned, and the one that prices it. */
  @Get('shipping/products/:productId/freight-template')
  @StaffAuth(Permission.ShippingRead)
  async forProduct(@Param('productId', ParseUUIDPipe) productId: string): Promise<ProductFreightTemplateResponseDto> {
    return { productId, ...(await this.templates.forProduct(productId)) };
  }
}
