import { Module } from '@nestjs/common';
import { CsvBodyModule } from '../../common/csv';
import { WebhookRawBody } from '../../common/http/webhook-raw-body';
import { CartModule } from '../cart/cart.module';
import { CatalogModule } from '../catalog/catalog.module';
import { InventoryModule } from '../inventory/inventory.module';
import { MembershipModule } from '../membership/membership.module';
import { NotificationModule } from '../notification/notification.module';
import { ShippingModule } from '../shipping/shipping.module';
import { AdminOrderNotesService } from './admin-order-notes.service';
import { AdminOrderPriceService } from './admin-order-price.service';
import { AdminOrdersController } from './admin-orders.controller';
import { AdminOrdersService } from './admin-orders.service';
import { AdminShipmentImportsController } from './admin-shipment-imports.controller';
import { OrderTimeoutProcessor } from './jobs/order-timeout.processor';
import { ShipmentImportProcessor } from './jobs/shipment-import.processor';
import { Kuaidi100Client } from './kuaidi100.client';
import { LogisticsWebhookService } from './logistics-webhook.service';
import { LogisticsWebhooksController } from './logistics-webhooks.controller';
import { OrderLifecycleService } from './order-lifecycle.service';
import { OrderTimeoutScheduler } from './order-timeout.scheduler';
import { OrderRepository } from './order.repository';
import { OrderService } from './order.service';
import { PaidOrderSubscriber } from './paid-order.subscriber';
import { PricingService } from './pricing.service';
import { ShipmentImportService } from './shipment-import.service';
import { ShipmentTrackingRepository } from './shipment-tracking.repository';
import { ShipmentTrackingService } from './shipment-tracking.service';
import { StoreOrdersController } from './store-orders.controller';
import { TrackingSubscriptionSubscriber } from './tracking-subscription.subscriber';

/** Checkout pricing, orders, the order state machine, payment timeouts and shipment tracking. */
@Module({
  imports: [CatalogModule, InventoryModule, CartModule, MembershipModule, ShippingModule, NotificationModule, CsvBodyModule],
  controllers: [StoreOrdersController, AdminOrdersController, AdminShipmentImportsController, LogisticsWebhooksController],
  providers: [
    OrderService,
    AdminOrdersService,
    AdminOrderNotesService,
    AdminOrderPriceService,
    OrderLifecycleService,
    OrderRepository,
    PricingService,
    OrderTimeoutScheduler,
    PaidOrderSubscriber,
    ShipmentImportService,
    ShipmentTrackingRepository,
    ShipmentTrackingService,
    LogisticsWebhookService,
    WebhookRawBody,
    Kuaidi100Client,
    TrackingSubscriptionSubscriber,
  ],
  exports: [OrderService, OrderLifecycleService, PricingService, ShipmentImportService],
})
export class OrderModule {}

/** The order module's queue processors (payment timeouts, batch shipping); imported only where workers run. */
@Module({
  imports: [OrderModule],
  providers: [OrderTimeoutProcessor, ShipmentImportProcessor],
})
export class OrderJobsModule {}
