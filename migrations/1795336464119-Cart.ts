import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cart1795336464119 implements MigrationInterface {
  name = 'Cart1795336464119';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cart_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "customer_id" uuid NOT NULL, "sku_id" uuid NOT NULL, "quantity" integer NOT NULL, "selected" boolean NOT NULL DEFAULT true, CONSTRAINT "cart_items_customer_id_sku_id_key" UNIQUE ("customer_id", "sku_id"), CONSTRAINT "PK_6fccf5ec03c172d27a28a82928b" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "cart_items"`);
  }
}
