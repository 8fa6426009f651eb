import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth';
import { StorePickupStoreResponseDto } from './dto/pickup-store.dto';
import { ShippingMethodsQueryDto, ShippingMethodsResponseDto } from './dto/shipping-methods.dto';
import { pickupStoreAddress, PickupStoreService } from './pickup-store.service';
import { ShippingService } from './shipping.service';

@ApiTags('store: shipping')
@Public()
@Controller('v1/store')
export class StoreShippingController {
  constructor(
    private readonly shipping: ShippingService,
    private readonly pickupStores: PickupStoreService,
  ) {}

  /** Every delivery method with whether it can serve the address, so that a frontend shows only what works. */
  @Get('shipping/methods')
  async methods(@Query() query: ShippingMethodsQueryDto): Promise<ShippingMethodsResponseDto> {
    return { methods: await this.shipping.methods(query), currency: 'CNY' };
  }

  /** Pickup stores open for pickup orders. */
  @Get('pickup-stores')
  async pickupStoreList(): Promise<StorePickupStoreResponseDto[]> {
    return (await this.pickupStores.listActive()).map((s) => ({
      id: s.id,
      name: s.name,
      province: s.province,
      city: s.city,
      district: s.district,
      detail: s.detail,
      address: pickupStoreAddress(s),
      phone: s.phone,
      hours: s.hours,
    }));
  }
}
