import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module';
import { AdminInventoryController } from './admin-inventory.controller';
import { InventoryAdminService } from './inventory-admin.service';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';
import { LowStockSubscriber } from './low-stock.subscriber';
import { StockLedger } from './stock-ledger';

@Module({
  imports: [NotificationModule],
  controllers: [AdminInventoryController],
  providers: [InventoryService, InventoryAdminService, InventoryRepository, StockLedger, LowStockSubscriber],
  exports: [InventoryService],
})
export class InventoryModule {}
