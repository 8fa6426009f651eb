import { Module } from '@nestjs/common';
import { CsvBodyModule } from '../../common/csv';
import { InventoryModule } from '../inventory/inventory.module';
import { AdSlotService } from './ad-slot.service';
import { AdminBrandsController } from './admin-brands.controller';
import { AdminCategoriesController } from './admin-categories.controller';
import { AdminProductImportsController } from './admin-product-imports.controller';
import { AdminProductsController } from './admin-products.controller';
import { AdminSlotsController } from './admin-slots.controller';
import { AdminSuppliersController } from './admin-suppliers.controller';
import { AdminTagsController } from './admin-tags.controller';
import { BrandService } from './brand.service';
import { CatalogService } from './catalog.service';
import { CategoryService } from './category.service';
import { ProductImportProcessor } from './jobs/product-import.processor';
import { ShelfScheduleProcessor } from './jobs/shelf-schedule.processor';
import { ProductCountCache } from './product-count.cache';
import { ProductDetailCache } from './product-detail.cache';
import { ProductImportService } from './product-import.service';
import { ProductService } from './product.service';
import { ProductWriter } from './product.writer';
import { ShelfScheduleService } from './shelf-schedule.service';
import { StoreCatalogController } from './store-catalog.controller';
import { StoreCatalogService } from './store-catalog.service';
import { SupplierService } from './supplier.service';
import { TagService } from './tag.service';
import { VersionedCache } from './versioned-cache';

/** Categories, brands, suppliers, tags, products with specs and SKUs, ad slots, CSV import. */
@Module({
  imports: [InventoryModule, CsvBodyModule],
  controllers: [
    StoreCatalogController,
    AdminCategoriesController,
    AdminBrandsController,
    AdminSuppliersController,
    AdminTagsController,
    AdminProductImportsController,
    AdminProductsController,
    AdminSlotsController,
  ],
  providers: [
    AdSlotService,
    BrandService,
    CatalogService,
    CategoryService,
    ProductCountCache,
    ProductDetailCache,
    ProductImportService,
    ProductService,
    ProductWriter,
    ShelfScheduleService,
    StoreCatalogService,
    SupplierService,
    TagService,
    VersionedCache,
  ],
  exports: [CatalogService, ShelfScheduleService, ProductImportService],
})
export class CatalogModule {}

/** The catalog's queue processors (CSV import, shelf schedule); imported only where workers run. */
@Module({
  imports: [CatalogModule],
  providers: [ProductImportProcessor, ShelfScheduleProcessor],
})
export class CatalogJobsModule {}
