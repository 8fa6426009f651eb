import { Module } from '@nestjs/common';
import { AdminFreightTemplatesController } from './admin-freight-templates.controller';
import { AdminPickupStoresController } from './admin-pickup-stores.controller';
import { AdminShippingController } from './admin-shipping.controller';
import { FreightTemplateService } from './freight-template.service';
import { PickupStoreService } from './pickup-store.service';
import { ShippingSettingsService } from './shipping-settings.service';
import { ShippingService } from './shipping.service';
import { StoreShippingController } from './store-shipping.controller';

/** Freight templates, pickup stores, same-city delivery and cash on delivery; quotes for the pricing pipeline. */
@Module({
  controllers: [AdminFreightTemplatesController, AdminPickupStoresController, AdminShippingController, StoreShippingController],
  providers: [FreightTemplateService, PickupStoreService, ShippingSettingsService, ShippingService],
  exports: [ShippingService, PickupStoreService],
})
export class ShippingModule {}
