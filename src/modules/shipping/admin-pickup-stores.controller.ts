import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { Page, PageOf } from '../../common/pagination';
import {
  CreatePickupStoreDto,
  ListPickupStoresQueryDto,
  PickupStoreResponseDto,
  UpdatePickupStoreDto,
} from './dto/pickup-store.dto';
import { PickupStore } from './entities/pickup-store.entity';
import { pickupStoreAddress, PickupStoreService } from './pickup-store.service';

export const toPickupStoreResponse = (s: PickupStore): PickupStoreResponseDto => ({
  id: s.id,
  name: s.name,
  province: s.province,
  city: s.city,
  district: s.district,
  detail: s.detail,
  address: pickupStoreAddress(s),
  phone: s.phone,
  hours: s.hours,
  active: s.active,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

@ApiTags('admin: shipping')
@Controller('v1/admin/pickup-stores')
export class AdminPickupStoresController {
  constructor(private readonly stores: PickupStoreService) {}

  @Get()
  @StaffAuth(Permission.ShippingRead)
  @ApiOkResponse({ type: PageOf(PickupStoreResponseDto) })
  async list(@Query() query: ListPickupStoresQueryDto): Promise<Page<PickupStoreResponseDto>> {
    const result = await this.stores.list(query);
    return { ...result, items: result.items.map(toPickupStoreResponse) };
  }

  @Post()
  @StaffAuth(Permission.ShippingManage)
  async create(@Body() dto: CreatePickupStoreDto): Promise<PickupStoreResponseDto> {
    return toPickupStoreResponse(await this.stores.create(dto));
  }

  @Get(':id')
  @StaffAuth(Permission.ShippingRead)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<PickupStoreResponseDto> {
    return toPickupStoreResponse(await this.stores.get(id));
  }

  /** Set `active: false` to stop offering a store while keeping it for past orders. */
  @Patch(':id')
  @StaffAuth(Permission.ShippingManage)
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePickupStoreDto): Promise<PickupStoreResponseDto> {
    return toPickupStoreResponse(await this.stores.update(id, dto));
  }

  @Delete(':id')
  @StaffAuth(Permission.ShippingManage)
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.stores.remove(id);
  }
}
