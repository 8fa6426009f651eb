import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, PageOf } from '../../common/pagination';
import { BrandService } from './brand.service';
import { BrandResponseDto, CreateBrandDto, ListBrandsQueryDto, UpdateBrandDto } from './dto/brand.dto';

@ApiTags('admin: catalog')
@Controller('v1/admin/brands')
export class AdminBrandsController {
  constructor(private readonly brands: BrandService) {}

  @Get()
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: PageOf(BrandResponseDto) })
  list(@Query() query: ListBrandsQueryDto): Promise<Page<BrandResponseDto>> {
    return this.brands.list(query);
  }

  @Post()
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: BrandResponseDto })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  create(@Body() dto: CreateBrandDto): Promise<BrandResponseDto> {
    return this.brands.create(dto);
  }

  @Get(':id')
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: BrandResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<BrandResponseDto> {
    return this.brands.get(id);
  }

  @Patch(':id')
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: BrandResponseDto })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateBrandDto): Promise<BrandResponseDto> {
    return this.brands.update(id, dto);
  }

  /** Deletes a brand no product links to (otherwise 409 BRAND_IN_USE). */
  @Delete(':id')
  @HttpCode(204)
  @StaffAuth(Permission.CatalogManage)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ description: 'BRAND_IN_USE' })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.brands.remove(id);
  }
}
