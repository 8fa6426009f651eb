import { MigrationInterface, QueryRunner } from 'typeorm';

export class Inventory1795333403701 implements MigrationInterface {
  name = 'Inventory1795333403701';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stock_items" ("sku_id" uuid NOT NULL, "product_id" uuid NOT NULL, "sku_code" text NOT NULL, "on_hand" integer NOT NULL DEFAULT '0', "reserved" integer NOT NULL DEFAULT '0', "low_stock_threshold" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stock_items_reserved_within_on_hand" CHECK ("reserved" >= 0 AND "on_hand" >= "reserved"), CONSTRAINT "PK_98cc5043a2fd367a9652a1f7ead" PRIMARY KEY ("sku_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "stock_items_product_id_idx" ON "stock_items" ("product_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stock_items"`);
  }
}
