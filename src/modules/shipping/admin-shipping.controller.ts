import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission, StaffAuth } from '../../common/auth';
import {
  CodSettingsResponseDto,
  SameCitySettingsResponseDto,
  UpdateCodSettingsDto,
  UpdateSameCitySettingsDto,
} from './dto/shipping-settings.dto';
import { ShippingSettingsService } from './shipping-settings.service';

@ApiTags('admin: shipping')
@Controller('v1/admin/shipping')
export class AdminShippingController {
  constructor(private readonly settings: ShippingSettingsService) {}

  @Get('same-city')
  @StaffAuth(Permission.ShippingRead)
  async sameCity(): Promise<SameCitySettingsResponseDto> {
    return { ...(await this.settings.sameCity()), currency: 'CNY' };
  }

  /** Replaces the same-city delivery settings. */
  @Put('same-city')
  @StaffAuth(Permission.ShippingManage)
  async updateSameCity(@Body() dto: UpdateSameCitySettingsDto): Promise<SameCitySettingsResponseDto> {
    return { ...(await this.settings.updateSameCity(dto)), currency: 'CNY' };
  }

  @Get('cod')
  @StaffAuth(Permission.ShippingRead)
  async cod(): Promise<CodSettingsResponseDto> {
    return { ...(await this.settings.cod()), currency: 'CNY' };
  }

  /** Replaces the cash-on-delivery settings. */
  @Put('cod')
  @StaffAuth(Permission.ShippingManage)
  async updateCod(@Body() dto: UpdateCodSettingsDto): Promise<CodSettingsResponseDto> {
    return { ...(await this.settings.updateCod(dto)), currency: 'CNY' };
  }
}
