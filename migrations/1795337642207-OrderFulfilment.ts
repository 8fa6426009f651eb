import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderFulfilment1795337642207 implements MigrationInterface {
  name = 'OrderFulfilment1795337642207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orders" ADD "pickup_store" jsonb`);
    await queryRunner.query(`ALTER TABLE "orders" ADD "pickup_code" text`);
    await queryRunner.query(`CREATE INDEX "orders_created_at_idx" ON "orders" ("created_at")`);
    await queryRunner.query(
      `CREATE TABLE "order_shipments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "order_id" uuid NOT NULL, "carrier" text NOT NULL, "tracking_number" text NOT NULL, "staff_id" uuid, CONSTRAINT "PK_5ad728999743f02e46c31e8189c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_shipments_order_id_idx" ON "order_shipments" ("order_id")`);
    await queryRunner.query(
      `ALTER TABLE "order_shipments" ADD CONSTRAINT "FK_2b9ea202e8ed0c57ae7896f6581" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_shipments"`);
    await queryRunner.query(`DROP INDEX "orders_created_at_idx"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "pickup_code"`);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "pickup_store"`);
  }
}
