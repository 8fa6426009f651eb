import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, PageOf } from '../../common/pagination';
import { SupplierService } from './supplier.service';
import { SupplierResponseDto, CreateSupplierDto, ListSuppliersQueryDto, UpdateSupplierDto } from './dto/supplier.dto';

@ApiTags('admin: catalog')
@Controller('v1/admin/suppliers')
export class AdminSuppliersController {
  constructor(private readonly suppliers: SupplierService) {}

  @Get()
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: PageOf(SupplierResponseDto) })
  list(@Query() query: ListSuppliersQueryDto): Promise<Page<SupplierResponseDto>> {
    return this.suppliers.list(query);
  }

  @Post()
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: SupplierResponseDto })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  create(@Body() dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    return this.suppliers.create(dto);
  }

  @Get(':id')
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: SupplierResponseDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SupplierResponseDto> {
    return this.suppliers.get(id);
  }

  @Patch(':id')
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: SupplierResponseDto })
  @ApiConflictResponse({ description: 'NAME_TAKEN' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSupplierDto): Promise<SupplierResponseDto> {
    return this.suppliers.update(id, dto);
  }

  /** Deletes a supplier no product links to (otherwise 409 SUPPLIER_IN_USE). */
  @Delete(':id')
  @HttpCode(204)
  @StaffAuth(Permission.CatalogManage)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiConflictResponse({ description: 'SUPPLIER_IN_USE' })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.suppliers.remove(id);
  }
}
