import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import { AdSlotService } from './ad-slot.service';
import {
  AdSlotItemResponseDto,
  AdSlotResponseDto,
  CreateAdSlotDto,
  CreateAdSlotItemDto,
  UpdateAdSlotDto,
  UpdateAdSlotItemDto,
} from './dto/ad-slot.dto';

@ApiTags('admin: catalog')
@Controller('v1/admin/slots')
export class AdminSlotsController {
  constructor(private readonly slots: AdSlotService) {}

  @Get()
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: [AdSlotResponseDto] })
  list(): Promise<AdSlotResponseDto[]> {
    return this.slots.list();
  }

  @Post()
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: AdSlotResponseDto })
  @ApiConflictResponse({ description: 'SLOT_KEY_TAKEN' })
  create(@Body() dto: CreateAdSlotDto): Promise<AdSlotResponseDto> {
    return this.slots.create(dto);
  }

  @Get(':key')
  @StaffAuth(Permission.CatalogRead)
  @ApiOkResponse({ type: AdSlotResponseDto })
  get(@Param('key') key: string): Promise<AdSlotResponseDto> {
    return this.slots.get(key);
  }

  @Patch(':key')
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: AdSlotResponseDto })
  update(@Param('key') key: string, @Body() dto: UpdateAdSlotDto): Promise<AdSlotResponseDto> {
    return this.slots.update(key, dto);
  }

  /** Deletes the slot and its items. */
  @Delete(':key')
  @HttpCode(204)
  @StaffAuth(Permission.CatalogManage)
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Param('key') key: string): Promise<void> {
    return this.slots.remove(key);
  }

  /** Adds a banner (image, link) or a product to the slot, optionally scheduled. */
  @Post(':key/items')
  @StaffAuth(Permission.CatalogManage)
  @ApiCreatedResponse({ type: AdSlotItemResponseDto })
  addItem(@Param('key') key: string, @Body() dto: CreateAdSlotItemDto): Promise<AdSlotItemResponseDto> {
    return this.slots.addItem(key, dto);
  }

  @Patch(':key/items/:itemId')
  @StaffAuth(Permission.CatalogManage)
  @ApiOkResponse({ type: AdSlotItemResponseDto })
  updateItem(
    @Param('key') key: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: UpdateAdSlotItemDto,
  ): Promise<AdSlotItemResponseDto> {
    return this.slots.updateItem(key, itemId, dto);
  }

  @Delete(':key/items/:itemId')
  @HttpCode(204)
  @StaffAuth(Permission.CatalogManage)
  @ApiNoContentResponse({ description: 'Deleted' })
  removeItem(@Param('key') key: string, @Param('itemId', ParseUUIDPipe) itemId: string): Promise<void> {
    return this.slots.removeItem(key, itemId);
  }
}
