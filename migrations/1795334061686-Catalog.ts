import { MigrationInterface, QueryRunner } from 'typeorm';

// Catalog: category tree (materialized path), brands, suppliers, tags, products with SKUs, ad slots, CSV imports.
export class Catalog1795334061686 implements MigrationInterface {
  name = 'Catalog1795334061686';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "categories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "parent_id" uuid, "path" text COLLATE "C" NOT NULL, "depth" integer NOT NULL DEFAULT '0', "sort_order" integer NOT NULL DEFAULT '0', "icon" text, "visible" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_24dbc6126a28ff948da33e97d3b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "categories_parent_id_idx" ON "categories" ("parent_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "categories_path_key" ON "categories" ("path")`);
    await queryRunner.query(
      `CREATE TABLE "brands" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "logo" text, "description" text, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_b0c437120b624da1034a81fc561" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "brands_name_key" ON "brands" ("name")`);
    await queryRunner.query(
      `CREATE TABLE "suppliers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "contact_name" text, "phone" text, "email" text, "address" text, "note" text, CONSTRAINT "PK_b70ac51766a9e3144f778cfe81e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "suppliers_name_key" ON "suppliers" ("name")`);
    await queryRunner.query(
      `CREATE TABLE "tags" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, CONSTRAINT "PK_e7dc17249a1148a1970748eda99" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "tags_name_key" ON "tags" ("name")`);
    await queryRunner.query(
      `CREATE TABLE "products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "title" text NOT NULL, "subtitle" text, "description" text, "category_id" uuid NOT NULL, "brand_id" uuid, "supplier_id" uuid, "tags" text array NOT NULL DEFAULT '{}', "images" text array NOT NULL DEFAULT '{}', "specs" jsonb NOT NULL DEFAULT '[]', "status" text NOT NULL DEFAULT 'draft', "publish_at" TIMESTAMP WITH TIME ZONE, "unpublish_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "price" bigint NOT NULL, "original_price" bigint, "currency" text NOT NULL DEFAULT 'CNY', "sales" integer NOT NULL DEFAULT '0', "search_tokens" text array NOT NULL DEFAULT '{}', CONSTRAINT "products_status_check" CHECK ("status" IN ('draft', 'on_shelf', 'off_shelf')), CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "products_category_id_idx" ON "products" ("category_id")`);
    await queryRunner.query(`CREATE INDEX "products_brand_id_idx" ON "products" ("brand_id")`);
    await queryRunner.query(`CREATE INDEX "products_supplier_id_idx" ON "products" ("supplier_id")`);
    await queryRunner.query(`CREATE INDEX "products_tags_idx" ON "products" USING gin ("tags")`);
    await queryRunner.query(`CREATE INDEX "products_publish_at_idx" ON "products" ("publish_at") WHERE "publish_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "products_unpublish_at_idx" ON "products" ("unpublish_at") WHERE "unpublish_at" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "products_price_idx" ON "products" ("price")`);
    await queryRunner.query(`CREATE INDEX "products_sales_idx" ON "products" ("sales")`);
    await queryRunner.query(`CREATE INDEX "products_search_tokens_idx" ON "products" USING gin ("search_tokens")`);
    await queryRunner.query(`CREATE INDEX "products_created_at_idx" ON "products" ("created_at")`);
    await queryRunner.query(
      `CREATE TABLE "product_skus" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "product_id" uuid NOT NULL, "code" text NOT NULL, "specs" jsonb NOT NULL DEFAULT '{}', "spec_key" text NOT NULL, "price" bigint NOT NULL, "original_price" bigint, "member_price" bigint, "currency" text NOT NULL DEFAULT 'CNY', "weight_grams" integer, "status" text NOT NULL DEFAULT 'active', "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "product_skus_prices_check" CHECK ("price" >= 0 AND ("original_price" IS NULL OR "original_price" >= "price") AND ("member_price" IS NULL OR "member_price" >= 0)), CONSTRAINT "product_skus_status_check" CHECK ("status" IN ('active', 'retired')), CONSTRAINT "PK_2acf028b6a5492960021db0273a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "product_skus_product_id_idx" ON "product_skus" ("product_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "product_skus_code_key" ON "product_skus" ("code")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_skus_active_combination_key" ON "product_skus" ("product_id", "spec_key") WHERE "status" = 'active'`,
    );
    await queryRunner.query(
      `CREATE TABLE "ad_slots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "key" text NOT NULL, "name" text NOT NULL, "description" text, CONSTRAINT "PK_1f56f6749f52ea44918ccca90a3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ad_slots_key_key" ON "ad_slots" ("key")`);
    await queryRunner.query(
      `CREATE TABLE "ad_slot_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "slot_id" uuid NOT NULL, "title" text, "image" text, "link" text, "product_id" uuid, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "sort_order" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_0a36b4099c1599f9f39c475ca87" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ad_slot_items_product_id_idx" ON "ad_slot_items" ("product_id")`);
    await queryRunner.query(`CREATE INDEX "ad_slot_items_slot_id_sort_order_idx" ON "ad_slot_items" ("slot_id", "sort_order")`);
    await queryRunner.query(
      `CREATE TABLE "product_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL DEFAULT 'queued', "csv" text NOT NULL, "total_rows" integer NOT NULL DEFAULT '0', "error" text, "created_by" uuid, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "product_imports_status_check" CHECK ("status" IN ('queued', 'processing', 'completed', 'failed')), CONSTRAINT "PK_a02a4bd96cc40b9480f4ae9c4a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "product_import_rows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "import_id" uuid NOT NULL, "line" integer NOT NULL, "product_key" text, "sku_code" text, "status" text NOT NULL, "product_id" uuid, "sku_id" uuid, "message" text, CONSTRAINT "product_import_rows_status_check" CHECK ("status" IN ('created', 'failed')), CONSTRAINT "PK_3316255719e01eac6d8dd7e98c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "product_import_rows_import_id_line_key" ON "product_import_rows" ("import_id", "line")`,
    );
    await queryRunner.query(
      `ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "products_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "products_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "products" ADD CONSTRAINT "products_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ad_slot_items" ADD CONSTRAINT "ad_slot_items_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "ad_slots"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ad_slot_items" ADD CONSTRAINT "ad_slot_items_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_import_rows" ADD CONSTRAINT "product_import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "product_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_skus" ADD CONSTRAINT "product_skus_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "product_import_rows"`);
    await queryRunner.query(`DROP TABLE "product_imports"`);
    await queryRunner.query(`DROP TABLE "ad_slot_items"`);
    await queryRunner.query(`DROP TABLE "ad_slots"`);
    await queryRunner.query(`DROP TABLE "product_skus"`);
    await queryRunner.query(`DROP TABLE "products"`);
    await queryRunner.query(`DROP TABLE "tags"`);
    await queryRunner.query(`DROP TABLE "suppliers"`);
    await queryRunner.query(`DROP TABLE "brands"`);
    await queryRunner.query(`DROP TABLE "categories"`);
  }
}
