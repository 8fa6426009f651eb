import { MigrationInterface, QueryRunner } from 'typeorm';

export class InventoryLedger1795333649516 implements MigrationInterface {
  name = 'InventoryLedger1795333649516';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stock_items" ADD "low_stock_alerted" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `CREATE TABLE "stock_movements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "sku_id" uuid NOT NULL, "reason" text NOT NULL, "on_hand_delta" integer NOT NULL, "reserved_delta" integer NOT NULL, "on_hand_before" integer NOT NULL, "on_hand_after" integer NOT NULL, "reserved_before" integer NOT NULL, "reserved_after" integer NOT NULL, "staff_id" uuid, "reference" text, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stock_movements_after_is_before_plus_delta" CHECK ("on_hand_after" = "on_hand_before" + "on_hand_delta" AND "reserved_after" = "reserved_before" + "reserved_delta"), CONSTRAINT "PK_57a26b190618550d8e65fb860e7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "stock_movements_sku_id_seq_idx" ON "stock_movements" ("sku_id", "seq")`);
    await queryRunner.query(
      `CREATE TABLE "stock_reservations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reference" text NOT NULL, "sku_id" uuid NOT NULL, "quantity" integer NOT NULL, "status" text NOT NULL DEFAULT 'reserved', CONSTRAINT "stock_reservations_reference_sku_id_key" UNIQUE ("reference", "sku_id"), CONSTRAINT "PK_46ec0f5605d70f64654ad4e7bd9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stock_restocks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "sku_id" uuid NOT NULL, "quantity" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stock_restocks_reference_sku_id_key" UNIQUE ("reference", "sku_id"), CONSTRAINT "PK_564b0bf0de29065676a7db01758" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_movements" ADD CONSTRAINT "FK_5485af6d5bb4bbda573dcdaade1" FOREIGN KEY ("sku_id") REFERENCES "stock_items"("sku_id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_reservations" ADD CONSTRAINT "FK_1036b2e2549fb82944359dcbdbe" FOREIGN KEY ("sku_id") REFERENCES "stock_items"("sku_id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_restocks" ADD CONSTRAINT "FK_fe5f4e9d918dcac02e066b81d93" FOREIGN KEY ("sku_id") REFERENCES "stock_items"("sku_id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stock_restocks"`);
    await queryRunner.query(`DROP TABLE "stock_reservations"`);
    await queryRunner.query(`DROP TABLE "stock_movements"`);
    await queryRunner.query(`ALTER TABLE "stock_items" DROP COLUMN "low_stock_alerted"`);
  }
}
